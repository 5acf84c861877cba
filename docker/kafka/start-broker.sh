#!/usr/bin/env bash
# docker-compose.yml's broker (apache/kafka image, user appuser): docker/kafka/server.properties plus
# the store passwords from the environment, in a configuration readable by this user only; the log
# directory readable by its owner only (0700, and a umask of 077 for every segment file); the storage
# formatted on the first start; then the broker in place of this script.
set -euo pipefail
umask 077

data=/var/lib/kafka/data
# The volume starts as the image's directory (appuser, group-writable): citizens' records go there.
chmod 700 "$data" || { echo "cannot make $data readable by its owner only" >&2; exit 1; }

# Also read by the healthcheck: the broker's own certificate as a client.
private=/tmp/niksync-kafka
mkdir -p "$private"
chmod 700 "$private"
config=$private/server.properties
cp /etc/niksync/kafka/server.properties "$config"
cat >> "$config" <<PROPERTIES
ssl.keystore.password=${KAFKA_BROKER_KEYSTORE_PASSWORD:?set KAFKA_BROKER_KEYSTORE_PASSWORD}
ssl.truststore.password=${KAFKA_TRUSTSTORE_PASSWORD:?set KAFKA_TRUSTSTORE_PASSWORD}
PROPERTIES
# One node of several (docker-compose.replicated.yml): its id, the quorum, its listeners and the
# replication settings, as key=value lines; a key given again here wins over server.properties.
if [ -n "${KAFKA_OVERRIDES:-}" ]; then
  printf '%s\n' "$KAFKA_OVERRIDES" >> "$config"
fi
cat > "$private/client.properties" <<PROPERTIES
security.protocol=SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=/etc/niksync/kafka/keystore.p12
ssl.keystore.password=$KAFKA_BROKER_KEYSTORE_PASSWORD
ssl.truststore.type=PKCS12
ssl.truststore.location=/etc/niksync/kafka/truststore.p12
ssl.truststore.password=$KAFKA_TRUSTSTORE_PASSWORD
PROPERTIES

# Formats only an empty volume; a restart with a different id would refuse to load the log dirs.
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "${CLUSTER_ID:?set CLUSTER_ID}" \
  --config "$config"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
