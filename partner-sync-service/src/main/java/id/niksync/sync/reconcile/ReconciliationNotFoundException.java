package id.niksync.sync.reconcile;

import id.niksync.sync.system.CodedProblemException;

import org.springframework.http.HttpStatus;

/** No reconciliation with this id, or none at all yet. */
class ReconciliationNotFoundException extends CodedProblemException {

	ReconciliationNotFoundException() {
		super(HttpStatus.NOT_FOUND, "RECONCILIATION_NOT_FOUND", "No such reconciliation");
	}

}
