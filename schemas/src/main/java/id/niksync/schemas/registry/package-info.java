/**
 * The HTTP contract between registry-service and partner-sync-service: the routes
 * partner-sync calls and the payloads they carry, as plain records (Jackson maps them
 * without annotations). registry-service's controllers produce and consume these types,
 * partner-sync's registry client reads and sends them, and the example documents in this
 * module's test jar ({@code contract/registry/*.json}) are what each side's contract test
 * checks against, as {@code NikChanged}'s schemas are for the events.
 *
 * <p>
 * Both services leave {@code null} fields out of their JSON
 * ({@code spring.jackson.default-property-inclusion: non_null}); a field documented as
 * "absent when …" is such a {@code null}.
 */
package id.niksync.schemas.registry;
