#!/bin/sh
# Starts the whole NIK Sync system locally, in its production shape: a KRaft Kafka broker on
# 127.0.0.1:9092, a PostgreSQL server for each service, registry-service on :8081 and
# partner-sync-service on :8082 each in a JVM of its own (from their executable jars, with
# their application.yml), demo credentials and demo residents of Bondowoso. Data and logs
# persist in .local-stack/ at the repository root. Ctrl-C (or kill <pid>) stops everything,
# services first, then Kafka, then PostgreSQL.
#
#   local-stack/run.sh                          build (when a file changed since the last build), then start
#   LOCALSTACK_SEED=10000 local-stack/run.sh    seed more demo residents (default 1000)
#   LOCALSTACK_SKIP_BUILD=true local-stack/run.sh    start what was built last time, whatever changed
#
# Other settings: LOCALSTACK_DIR, LOCALSTACK_KAFKA_PORT, LOCALSTACK_CONTROLLER_PORT,
# LOCALSTACK_REGISTRY_PORT, LOCALSTACK_SYNC_PORT, LOCALSTACK_REGISTRY_PG_PORT,
# LOCALSTACK_SYNC_PG_PORT; the launcher's JVM options in JAVA_OPTS.
set -eu

# The repository root, wherever this is called from: .local-stack/ lives there.
cd "$(dirname "$0")/.."

# Build unless nothing changed since the last build here (no file newer than its stamp).
stamp=local-stack/target/run.stamp
changed=$(find . \( -name target -o -name .git -o -name .local-stack -o -name work -o -name node_modules \) -prune \
  -o -type f -newer "$stamp" -print 2>/dev/null | head -1)
if [ "${LOCALSTACK_SKIP_BUILD:-false}" != "true" ] && { [ ! -f "$stamp" ] || [ -n "$changed" ]; }; then
  echo "Building the services and the launcher (the first build downloads dependencies)..."
  # Formatting is checked by the normal build (./mvnw verify), not when you only want to run it.
  ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true -pl local-stack -am package
  touch "$stamp"
fi

# exec: the launcher's JVM takes over this process, so Ctrl-C and kill reach it directly.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "local-stack/target/classes:$(cat local-stack/target/classpath.txt)" \
  id.niksync.localstack.LocalStack "$@"
