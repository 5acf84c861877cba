#!/usr/bin/env bash
# Grants each service's Kafka principal what it needs and nothing more (README, "Kafka security").
# The broker denies everything else (allow.everyone.if.no.acl.found=false); only the super users
# User:kafka (the broker itself) and User:kafka-admin (this script, operators' tools) bypass ACLs.
# Adding an ACL that exists already changes nothing, so this runs at every `docker-compose up`
# (service kafka-acls) before the services start. local-stack's KafkaTlsIntegrationTests runs this
# same script against a broker with the same settings and proves what it allows and denies.
#
# Environment: KAFKA_BOOTSTRAP (kafka:9092), KAFKA_BIN (/opt/kafka/bin), and either KAFKA_ADMIN_CONFIG
# (client properties of a super user) or KAFKA_ADMIN_KEYSTORE_PASSWORD and KAFKA_TRUSTSTORE_PASSWORD
# for the stores mounted at /etc/niksync/kafka/. Topic names as the services' niksync.topic.*.
set -euo pipefail
umask 077

bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
bin=${KAFKA_BIN:-/opt/kafka/bin}
topic=${NIKSYNC_TOPIC_NAME:-nik-changes}
dead_letters=${NIKSYNC_TOPIC_DEAD_LETTER_NAME:-nik-changes-dlt}
replays=${NIKSYNC_TOPIC_REPLAY_NAME:-nik-changes-replays}
relay_transactions=${NIKSYNC_OUTBOX_TRANSACTIONAL_ID:-niksync-registry-relay}
registry=User:${KAFKA_REGISTRY_PRINCIPAL:-registry-service}
sync=User:${KAFKA_SYNC_PRINCIPAL:-partner-sync-service}

config=${KAFKA_ADMIN_CONFIG:-}
if [ -z "$config" ]; then
  config=$(mktemp)
  trap 'rm -f "$config"' EXIT
  cat > "$config" <<PROPERTIES
security.protocol=SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=/etc/niksync/kafka/keystore.p12
ssl.keystore.password=${KAFKA_ADMIN_KEYSTORE_PASSWORD:?set KAFKA_ADMIN_KEYSTORE_PASSWORD}
ssl.truststore.type=PKCS12
ssl.truststore.location=/etc/niksync/kafka/truststore.p12
ssl.truststore.password=${KAFKA_TRUSTSTORE_PASSWORD:?set KAFKA_TRUSTSTORE_PASSWORD}
PROPERTIES
fi

acl() {
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --add "$@" >/dev/null
}

# registry-service: publishes nik-changes in Kafka transactions under one transactional id shared by
# its instances (niksync.outbox.transactional-id: a new relay leader fences the previous one), reads
# the topic's end when it takes over (what the previous leader published is not sent twice), and
# declares the topic (a NewTopic bean: DESCRIBE, and CREATE while it does not exist). It joins no group.
acl --allow-principal "$registry" --operation Write --operation Read --operation Describe --operation Create \
  --topic "$topic"
acl --allow-principal "$registry" --operation Write --operation Describe --transactional-id "$relay_transactions"

# partner-sync-service: consumes nik-changes, never writes it. It declares it too (the same compacted
# NewTopic as the registry's), because it may start first: CREATE makes the topic only while it does
# not exist, and allows no write, no config change and no delete.
acl --allow-principal "$sync" --operation Read --operation Describe --operation Create --topic "$topic"
# Until replays had a topic of their own, this script let partner-sync write nik-changes: take that
# back on a broker set up then (removing an ACL that does not exist changes nothing).
"$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$config" --remove --force \
  --allow-principal "$sync" --operation Write --topic "$topic" >/dev/null
# Its own topics, which it declares, writes and consumes: the dead-letter topic, and the replay topic
# dead-letter replays go to (ingestion consumes it with nik-changes; a replay is the registry's record
# with its signature for nik-changes, and anything else written there is dead-lettered unapplied).
acl --allow-principal "$sync" --operation Read --operation Write --operation Describe --operation Create \
  --topic "$dead_letters"
acl --allow-principal "$sync" --operation Read --operation Write --operation Describe --operation Create \
  --topic "$replays"
# Its consumer groups: partner-sync (ingest, spring.kafka.consumer.group-id) and partner-sync-dlt-store
# (the dead-letter store), hence a prefix; the lag reader joins none. nik-changes-ingest, the ingest
# group before the rename, is only read once by the upgrade step (PreviousGroupOffsets).
acl --allow-principal "$sync" --operation Read --operation Describe --group partner-sync \
  --resource-pattern-type prefixed
acl --allow-principal "$sync" --operation Describe --group nik-changes-ingest

echo "Kafka ACLs in place for $registry and $sync on $topic, $dead_letters, $replays"
