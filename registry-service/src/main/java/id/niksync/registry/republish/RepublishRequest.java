package id.niksync.registry.republish;

import java.util.List;

/** A republish job as an operator asks for it: a region prefix or a list of NIKs. */
record RepublishRequest(String regionPrefix, List<String> niks, String reason) {

}
