package id.niksync.registry.resident;

/**
 * The religions recorded on the Indonesian identity card, and BELIEF for penghayat
 * kepercayaan.
 */
public enum Religion {

	ISLAM, PROTESTANT, CATHOLIC, HINDU, BUDDHIST, CONFUCIAN, BELIEF

}
