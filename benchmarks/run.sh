#!/bin/sh
# The benchmark: a standalone Kafka broker (kafka_2.13, KRaft) and PostgreSQL 15 per service in
# their own processes, registry-service and partner-sync-service from their executable jars in
# their own JVMs, then throughput, freshness, regency re-online, partner reads, partner re-online
# requests, recovery and the raw ceilings of this machine, measured in one run. Prints the table and writes it to
# benchmarks/results/benchmark-<date>.md and .json. Data and logs of the run: benchmarks/work/.
#
#   benchmarks/run.sh                                  default sizes (1,000,000 residents)
#   benchmarks/run.sh -Dbench.residents=100000 -Dbench.regencyResidents=78000
#   BENCH_SKIP_BUILD=true benchmarks/run.sh            run what was built last time
#   benchmarks/run.sh -Dbench.phases=reonline -Dbench.residents=10000 -Dbench.regencyResidents=7800
#                                                      the load, then partner re-online requests only
#   benchmarks/run.sh -Dbench.profile=true             also a JFR recording per service (benchmarks/work/jfr/)
#
# Every setting: benchmarks/README.md.
set -eu
cd "$(dirname "$0")/.."

if [ "${BENCH_SKIP_BUILD:-false}" != "true" ]; then
  echo "Building the services and the benchmark (the first build downloads dependencies)..."
  ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true -pl benchmarks -am package
fi

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx4g} -Dbench.command="benchmarks/run.sh $*" "$@" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" id.niksync.bench.Benchmarks
