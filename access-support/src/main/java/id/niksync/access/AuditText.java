package id.niksync.access;

/**
 * Whether an operator's free text (a reason) can be read by the next operator who opens
 * the audit: it must show at least one letter, digit, punctuation mark or symbol, and may
 * hold no control character other than tab and line breaks and no invisible format
 * character (zero-width spaces, direction overrides that make a text read differently
 * from what it holds). A reason of only {@code \u200B} or {@code \u0007} used to be
 * stored as if it said something. Combining marks (variation selectors included) show
 * nothing without a character to sit on, and a few letters and symbols are drawn as
 * nothing at all (the Hangul fillers, the blank Braille pattern): they may stand in a
 * reason, but do not make it readable (an attack run stored reasons of only those).
 */
public final class AuditText {

	/** Letters and symbols that are drawn as blank space. */
	private static final String BLANKS = "\u115F\u1160\u3164\uFFA0\u2800";

	private static final int VISIBLE = 1;

	private static final int BLANK = 0;

	private static final int NOT_ASCII = -1;

	/**
	 * The most characters of an operator's reason: what the audit shows at a glance, and
	 * its columns' {@code VARCHAR(500)}.
	 */
	public static final int MAX_REASON_LENGTH = 500;

	private AuditText() {
	}

	/**
	 * Printable ASCII, what most names, places and reasons are, is judged without
	 * Unicode's tables: a code point's type for each character was about 6 % of the
	 * registry's request threads' samples in a batch registration (JFR, issue 16). Such a
	 * text is readable, and a readable line, when it holds a character other than a
	 * space. {@code AuditTextTests} hold both ways to agree on every ASCII character.
	 * @return {@link #VISIBLE}, {@link #BLANK} (spaces only, or nothing), or
	 * {@link #NOT_ASCII} (another character: the tables decide)
	 */
	private static int printableAscii(String text) {
		boolean visible = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < ' ' || c > '~') {
				return NOT_ASCII;
			}
			visible |= c != ' ';
		}
		return visible ? VISIBLE : BLANK;
	}

	/**
	 * @return its characters (code points, as PostgreSQL's {@code VARCHAR} counts them),
	 * not its UTF-16 units: an emoji is one
	 */
	public static int characters(String text) {
		return text.codePointCount(0, text.length());
	}

	/**
	 * Whether a trimmed text is a reason: 1 to {@value #MAX_REASON_LENGTH} characters,
	 * {@link #readable}.
	 */
	public static boolean isReason(String trimmed) {
		return !trimmed.isEmpty() && characters(trimmed) <= MAX_REASON_LENGTH && readable(trimmed);
	}

	/**
	 * {@link #readable}, on one line, and drawn as it is held: no control character at
	 * all (tab and line breaks included), no line or paragraph separator, and none of the
	 * letters and symbols drawn as blank space. For stored text a person reads as one
	 * value: a name, a place, an address.
	 */
	public static boolean readableLine(String text) {
		int ascii = printableAscii(text);
		return (ascii != NOT_ASCII) ? ascii == VISIBLE : readableLineByTables(text);
	}

	/** {@link #readableLine} by Unicode's tables, for any text. */
	static boolean readableLineByTables(String text) {
		if (!readableByTables(text)) {
			return false;
		}
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			i += Character.charCount(codePoint);
			int type = Character.getType(codePoint);
			if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
					|| BLANKS.indexOf(codePoint) >= 0 || invisibleMark(codePoint)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Marks Unicode tells to ignore when drawing (Default_Ignorable_Code_Point, not
	 * format characters): the combining grapheme joiner, variation selectors, the
	 * invisible Khmer vowels, the Mongolian free variation selectors. Between letters
	 * they make a name that looks like another and is not.
	 */
	private static boolean invisibleMark(int codePoint) {
		return codePoint == 0x034F || codePoint == 0x17B4 || codePoint == 0x17B5
				|| (codePoint >= 0x180B && codePoint <= 0x180F) || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)
				|| (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
	}

	public static boolean readable(String text) {
		int ascii = printableAscii(text);
		return (ascii != NOT_ASCII) ? ascii == VISIBLE : readableByTables(text);
	}

	/** {@link #readable} by Unicode's tables, for any text. */
	static boolean readableByTables(String text) {
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
			else if (!Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)
					&& type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK
					&& type != Character.COMBINING_SPACING_MARK && BLANKS.indexOf(codePoint) < 0) {
				visible = true;
			}
		}
		return visible;
	}

}
