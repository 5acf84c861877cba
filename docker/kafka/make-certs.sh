#!/usr/bin/env bash
# One-shot: the TLS material docker-compose.yml's Kafka needs (README, "Kafka security").
#
#   docker/kafka/make-certs.sh [dir]          (default: docker/kafka/certs, git-ignored)
#
# Makes a private CA and, signed by it, one key pair and certificate per Kafka principal:
#   kafka                 the broker (and controller); its certificate names kafka, localhost, 127.0.0.1
#   kafka-admin           operators' tools and the ACL init step (a super user)
#   registry-service      may write nik-changes
#   partner-sync-service  may read nik-changes, read and write nik-changes-dlt and nik-changes-replays,
#                         use its groups
# The broker maps a certificate's subject CN=<name>,OU=niksync to the principal User:<name>.
#
# Writes <name>.p12 (PKCS12 keystore: the key, its certificate and the CA's), truststore.p12 (the CA's
# certificate only), ca.p12 (the CA's key: keep it offline, it signs more certificates) and
# kafka-passwords.env: the store passwords, as the variables docker-compose.yml reads (append it to .env).
# A password already set in the environment is used instead of a random one. No private key ever goes
# into git (the directory is git- and docker-ignored); the directory is readable by its owner only.
# Refuses to overwrite an existing set: delete the directory to make a new one (then restart everything).
# Needs only a JDK's keytool (KEYTOOL=/path/to/keytool to choose one).
set -euo pipefail

dir=${1:-"$(cd "$(dirname "$0")" && pwd)/certs"}
keytool=${KEYTOOL:-keytool}
days=${KAFKA_CERT_DAYS:-825}
umask 077

if [ -e "$dir/truststore.p12" ]; then
  echo "$dir already holds certificates; delete it first to make new ones" >&2
  exit 1
fi
mkdir -p "$dir"
chmod 700 "$dir"
cd "$dir"

random() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
# keytool, quiet unless it fails
kt() {
  if ! "$keytool" "$@" >keytool.out 2>&1; then
    cat keytool.out >&2
    exit 1
  fi
}

# Passed to keytool through the environment, never on a command line other users can list.
export CA_PASSWORD TRUSTSTORE_PASSWORD STORE_PASSWORD
CA_PASSWORD=$(random)
TRUSTSTORE_PASSWORD=${KAFKA_TRUSTSTORE_PASSWORD:-$(random)}

kt -genkeypair -noprompt -storetype PKCS12 -keystore ca.p12 -storepass:env CA_PASSWORD -alias ca \
  -dname "CN=niksync-kafka-ca,OU=niksync" -keyalg EC -groupname secp256r1 -validity "$days" \
  -ext bc:c -ext ku:c=keyCertSign,cRLSign
kt -exportcert -rfc -keystore ca.p12 -storepass:env CA_PASSWORD -alias ca -file ca.crt
kt -importcert -noprompt -storetype PKCS12 -keystore truststore.p12 -storepass:env TRUSTSTORE_PASSWORD \
  -alias ca -file ca.crt
printf '%s\n' "$CA_PASSWORD" > ca.password
rm -f keytool.out

{
  echo "# Kafka TLS store passwords for docker-compose.yml, made by docker/kafka/make-certs.sh"
  echo "KAFKA_TRUSTSTORE_PASSWORD=$TRUSTSTORE_PASSWORD"
} > kafka-passwords.env

# <principal> <password variable> [subjectAlternativeName]
issue() {
  local name=$1 variable=$2 san=${3:-}
  STORE_PASSWORD=${!variable:-$(random)}
  kt -genkeypair -noprompt -storetype PKCS12 -keystore "$name.p12" -storepass:env STORE_PASSWORD -alias "$name" \
    -dname "CN=$name,OU=niksync" -keyalg EC -groupname secp256r1 -validity "$days"
  kt -certreq -keystore "$name.p12" -storepass:env STORE_PASSWORD -alias "$name" -file "$name.csr"
  kt -gencert -rfc -keystore ca.p12 -storepass:env CA_PASSWORD -alias ca -infile "$name.csr" \
    -outfile "$name.crt" -validity "$days" -ext ku:c=digitalSignature -ext eku=serverAuth,clientAuth \
    ${san:+-ext "san=$san"}
  # the issuer first, so that the signed certificate is accepted as a reply to the request
  kt -importcert -noprompt -keystore "$name.p12" -storepass:env STORE_PASSWORD -alias ca -file ca.crt
  kt -importcert -noprompt -keystore "$name.p12" -storepass:env STORE_PASSWORD -alias "$name" -file "$name.crt"
  rm -f "$name.csr" keytool.out
  echo "$variable=$STORE_PASSWORD" >> kafka-passwords.env
}

# The brokers share one certificate (User:kafka): kafka-2 and kafka-3 are docker-compose.replicated.yml's.
issue kafka KAFKA_BROKER_KEYSTORE_PASSWORD "dns:kafka,dns:kafka-2,dns:kafka-3,dns:localhost,ip:127.0.0.1"
issue kafka-admin KAFKA_ADMIN_KEYSTORE_PASSWORD
issue registry-service KAFKA_REGISTRY_KEYSTORE_PASSWORD
issue partner-sync-service KAFKA_SYNC_KEYSTORE_PASSWORD

# The directory stays 0700. The stores are bind-mounted one file at a time into containers whose users
# (the broker image's appuser, the services' niksync) are not this host user, so they are readable
# inside (password-protected PKCS12); the CA's key and the passwords are for this user only.
chmod 644 ./*.p12 ./*.crt
chmod 600 ca.p12 ca.password kafka-passwords.env
echo "Kafka certificates in $dir; append $dir/kafka-passwords.env to .env (README, \"Kafka security\")"
