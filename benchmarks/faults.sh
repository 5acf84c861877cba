#!/bin/sh
# The fault suite: the benchmark's production-shaped stack (a standalone Kafka broker, KRaft;
# PostgreSQL 15 per service; registry-service and partner-sync-service from their executable
# jars, each in its own process), then one fault after another under a steady change load:
# kill -9 of each service, the broker killed and back, each database stopped (immediate) and
# back, two partner-sync instances with one killed, a wiped replica. Every (NIK, version) of
# the registry and the replica is compared after each. Prints one row per scenario, writes
# benchmarks/work/fault-results/faults-<date>.md and .json, and exits non-zero when a
# scenario lost or regressed a change or did not converge. Stack data and logs:
# benchmarks/work/faults/.
#
#   benchmarks/faults.sh                                     every scenario, 3,000 residents each
#   benchmarks/faults.sh -Dfaults.scenarios=sync-kill,replica-db-down -Dfaults.residents=500
#   BENCH_SKIP_BUILD=true benchmarks/faults.sh               run what was built last time
#
# Every setting: benchmarks/README.md, "Fault suite".
set -eu
cd "$(dirname "$0")/.."

if [ "${BENCH_SKIP_BUILD:-false}" != "true" ]; then
  echo "Building the services and the benchmark (the first build downloads dependencies)..."
  ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true -pl benchmarks -am package
fi

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx2g} -Dfaults.command="benchmarks/faults.sh $*" "$@" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/benchmark.classpath)" id.niksync.bench.faults.FaultSuite
