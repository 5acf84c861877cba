package id.niksync.registry.republish;

/** Why a supervisor sends a FAILED republish job on (required, for the audit). */
record ResumeRequest(String reason) {
}
