package id.niksync.registry.republish;

import id.niksync.registry.system.Caller;
import id.niksync.registry.system.Reasons;

/**
 * Who asked for a re-online or republish, as authentication established it, and why (a
 * reason is required).
 */
record Requester(Caller caller, String reason) {

	static Requester of(Caller caller, String reason) {
		return new Requester(caller, Reasons.required(reason));
	}

	String operator() {
		return this.caller.name();
	}

}
