package id.niksync.access;

/**
 * Whether an operator's free text (a reason) can be read by the next operator who opens
 * the audit: it must show at least one letter, digit, punctuation mark or symbol, and may
 * hold no control character other than tab and line breaks and no invisible format
 * character (zero-width spaces, direction overrides that make a text read differently
 * from what it holds). A reason of only {@code \u200B} or {@code \u0007} used to be
 * stored as if it said something.
 */
public final class AuditText {

	private AuditText() {
	}

	public static boolean readable(String text) {
		boolean visible = false;
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			i += Character.charCount(codePoint);
			int type = Character.getType(codePoint);
			if (type == Character.CONTROL) {
				if (codePoint != '\t' && codePoint != '\n' && codePoint != '\r') {
					return false;
				}
			}
			else if (type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.SURROGATE
					|| type == Character.PRIVATE_USE) {
				return false;
			}
			else if (!Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)) {
				visible = true;
			}
		}
		return visible;
	}

}
