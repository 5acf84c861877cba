package id.niksync.registry.resident;

/** One reason a request was refused: the field, a stable code and a human message. */
public record FieldViolation(String field, String code, String message) {

}
