package dev.cmk.api;

/**
 * Bad input, refused before any call to Azure.
 *
 * <p>The message always names the offending part, the rule it broke, the (possibly shortened) value and an example
 * of a valid value. Control and non-ASCII characters are escaped and the rendered value is shortened to at most
 * 120 characters, so the message is short and safe to log. The same value that was refused is never half-used:
 * nothing has been sent anywhere.
 */
public class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The part of this error (serialized form). */
    private final String part;
    /** The rule of this error (serialized form). */
    private final String rule;

    /**
     * Creates a refusal.
     *
     * @param part the part of the input that is wrong (for example {@code "vault host"})
     * @param rule the rule it broke, in words
     * @param value the offending value (shortened and escaped in the message); may be null
     * @param example an example of a valid value
     */
    public InvalidInputException(String part, String rule, String value, String example) {
        super(part + " " + describe(value) + " is refused: " + rule + ". Example of a valid value: " + example);
        this.part = part;
        this.rule = rule;
    }

    /**
     * The stable code of this error, the same for every refusal of input.
     *
     * @return {@link ErrorCode#INVALID_INPUT}
     */
    public ErrorCode code() {
        return ErrorCode.INVALID_INPUT;
    }

    /**
     * The part of the input that was refused.
     *
     * @return for example {@code "key version"}
     */
    public String part() {
        return part;
    }

    /**
     * The rule that was broken, in words.
     *
     * @return for example {@code "a key version is 32 hexadecimal characters"}
     */
    public String rule() {
        return rule;
    }

    /**
     * Renders a value for an error message: quoted, control characters escaped, at most 120 characters.
     *
     * @param value the value; may be null
     * @return a printable, bounded rendering
     */
    static String describe(String value) {
        if (value == null) {
            return "(null)";
        }
        StringBuilder sb = new StringBuilder("'");
        // The bound is on the rendering, not the input: an escape takes six characters.
        int i = 0;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            String rendered = c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
            if (sb.length() - 1 + rendered.length() > 120) {
                break;
            }
            sb.append(rendered);
        }
        if (i < value.length()) {
            sb.append("...(").append(value.length()).append(" chars)");
        }
        return sb.append('\'').toString();
    }
}
