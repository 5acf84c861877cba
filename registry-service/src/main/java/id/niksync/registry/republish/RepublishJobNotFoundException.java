package id.niksync.registry.republish;

public class RepublishJobNotFoundException extends RuntimeException {

	RepublishJobNotFoundException() {
		super("No republish job with this id");
	}

}
