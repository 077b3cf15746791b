package dev.antipop.core.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Collects per-field validation messages over a JSON command payload, then throws them all at once:
 *
 * <pre>{@code
 * Validation v = Validation.of(payload);
 * String email = v.requiredEmail("email");
 * String password = v.requiredString("password", 8, 128);
 * v.throwIfInvalid(); // CommandException validation_failed {"email":"…","password":"…"}
 * }</pre>
 *
 * <p>The first message per field wins. A reader that records a message returns a placeholder ({@code null}, the
 * minimum, the default), so call {@link #throwIfInvalid()} before using the values. Lengths count Unicode code
 * points, not UTF-16 units, so an emoji is one character. If the payload itself is not a JSON object, that is the only
 * message (on field {@code payload}) and every reader returns its placeholder.
 *
 * <p>Every string reader refuses control characters (Unicode general category Cc) other than line feed and tab
 * ({@code must not contain control characters}): a NUL or an escape sequence in a name is never meant, and breaks
 * logs, terminals and C-string consumers. Format characters (Cf: zero-width joiner, bidi overrides) stay allowed in
 * free text, where emoji sequences and right-to-left names need them, but not in an email address.
 */
public final class Validation {

    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets, so an address at most 254. */
    public static final int MAX_EMAIL_LENGTH = 254;

    /** RFC 5321 §4.5.3.1.1: the local part is at most 64 octets. */
    public static final int MAX_EMAIL_LOCAL_PART_LENGTH = 64;

    /**
     * A pragmatic address check, not RFC 5322: one {@code @}, no whitespace, a local part, and a domain of dot-separated
     * labels of letters, digits and hyphens (not starting or ending with a hyphen) with at least one dot.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "^[^@\\s]+@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?$");

    private final JsonNode payload;
    private final boolean payloadValid;
    private final Map<String, String> errors = new LinkedHashMap<>();

    private Validation(JsonNode payload) {
        this.payload = payload;
        this.payloadValid = payload != null && payload.isObject();
        if (!payloadValid) {
            errors.put("payload", "must be a JSON object");
        }
    }

    /** Starts validating {@code payload}; a null, missing or non-object payload is a failure on field {@code payload}. */
    public static Validation of(JsonNode payload) {
        return new Validation(payload);
    }

    /**
     * A required string, trimmed. Messages: {@code is required} (absent, null or blank), {@code must be a string},
     * {@code must be at least N characters}, {@code must be at most N characters}.
     *
     * @return the trimmed value, or {@code null} after a failure
     */
    public String requiredString(String field, int minLength, int maxLength) {
        String value = text(field, true);
        if (value == null) {
            return null;
        }
        return lengthChecked(field, value, minLength, maxLength);
    }

    /**
     * An optional string, trimmed; absent, null or blank gives {@code null}. Messages: {@code must be a string},
     * {@code must be at most N characters}.
     */
    public String optionalString(String field, int maxLength) {
        String value = text(field, false);
        if (value == null) {
            return null;
        }
        return lengthChecked(field, value, 0, maxLength);
    }

    /**
     * A required email address, normalised: trimmed, Unicode NFC (so a composed {@code é} and {@code e} + combining
     * acute are one address, as RFC 6530 §10.1 advises for internationalised addresses), and lower-cased (Locale.ROOT).
     * The normalised form is what callers store and claim as unique, so two spellings of one address cannot register
     * twice. Control and format characters (Unicode general categories Cc and Cf: NUL, zero-width space and joiner,
     * bidi overrides) are refused: they make addresses that look identical but compare different. At most 254
     * characters (RFC 5321), local part at most 64, pragmatic syntax check. Messages as {@link #requiredString} plus
     * {@code must not contain control or invisible format characters} and {@code must be a valid email address}.
     */
    public String requiredEmail(String field) {
        String raw = text(field, true);
        if (raw == null) {
            return null;
        }
        if (raw.codePoints().anyMatch(Validation::isControlOrFormat)) {
            fail(field, "must not contain control or invisible format characters");
            return null;
        }
        String value = lengthChecked(field, Normalizer.normalize(raw, Normalizer.Form.NFC), 1, MAX_EMAIL_LENGTH);
        if (value == null) {
            return null;
        }
        // Lower-casing can leave a string that is no longer NFC (rarely): normalise again so the form is canonical.
        String email = Normalizer.normalize(value.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        int at = email.indexOf('@');
        boolean ok = EMAIL.matcher(email).matches()
                && at <= MAX_EMAIL_LOCAL_PART_LENGTH
                && !email.startsWith(".")
                && !email.contains("..");
        if (!ok) {
            fail(field, "must be a valid email address");
            return null;
        }
        return email;
    }

    /**
     * A required string (trimmed) from a fixed set. Message {@code must be one of a, b, c} (sorted).
     *
     * @return the value, or {@code null} after a failure
     */
    public String requiredOneOf(String field, Set<String> allowed) {
        String value = text(field, true);
        if (value == null) {
            return null;
        }
        if (!allowed.contains(value)) {
            fail(field, "must be one of " + String.join(", ", new TreeSet<>(allowed)));
            return null;
        }
        return value;
    }

    /**
     * A required integer (a JSON integer number, not a string or a fraction) in {@code [min, max]}. Messages:
     * {@code is required}, {@code must be an integer}, {@code must be at least N}, {@code must be at most N}.
     *
     * @return the value, or {@code min} after a failure
     */
    public long requiredLong(String field, long min, long max) {
        JsonNode node = field(field);
        if (!payloadValid) {
            return min;
        }
        if (node == null) {
            fail(field, "is required");
            return min;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            fail(field, "must be an integer");
            return min;
        }
        long value = node.longValue();
        if (value < min) {
            fail(field, "must be at least " + min);
            return min;
        }
        if (value > max) {
            fail(field, "must be at most " + max);
            return min;
        }
        return value;
    }

    /**
     * An optional boolean; absent or null gives {@code dflt}. Message {@code must be a boolean} (the strings
     * {@code "true"}/{@code "false"} are not booleans).
     */
    public boolean optionalBoolean(String field, boolean dflt) {
        JsonNode node = field(field);
        if (node == null) {
            return dflt;
        }
        if (!node.isBoolean()) {
            fail(field, "must be a boolean");
            return dflt;
        }
        return node.booleanValue();
    }

    /** Records {@code message} on {@code field} unless {@code ok}: for rules that span fields or need the domain. */
    public void check(boolean ok, String field, String message) {
        if (!ok) {
            fail(field, message);
        }
    }

    /** Whether no message has been recorded. */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The messages so far, field → message in the order recorded; unmodifiable copy. */
    public Map<String, String> errors() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    /**
     * @throws CommandException {@link ErrorCode#VALIDATION_FAILED}, message "Validation failed", with every field
     *     message, if any was recorded
     */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw CommandException.validation(errors);
        }
    }

    /** The field's node, or null when absent or JSON null (or when the payload is not an object). */
    private JsonNode field(String field) {
        if (!payloadValid) {
            return null;
        }
        JsonNode node = payload.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** The trimmed text of a string field; null (after recording a message if required) when absent or invalid. */
    private String text(String field, boolean required) {
        if (!payloadValid) {
            return null;
        }
        JsonNode node = field(field);
        if (node == null) {
            if (required) {
                fail(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            fail(field, "must be a string");
            return null;
        }
        // Checked before trimming: strip() removes U+001C..U+001F and CR as whitespace, which would let "A\u001f"
        // through as "A" (found by BadInputFuzzIT).
        if (node.textValue().codePoints().anyMatch(Validation::isForbiddenControl)) {
            fail(field, "must not contain control characters (other than newline and tab)");
            return null;
        }
        String value = node.textValue().strip();
        if (value.isEmpty()) {
            if (required) {
                fail(field, "is required");
            }
            return null;
        }
        return value;
    }

    /** Category Cc except line feed and tab, which free text may hold. */
    private static boolean isForbiddenControl(int codePoint) {
        return Character.getType(codePoint) == Character.CONTROL && codePoint != '\n' && codePoint != '\t';
    }

    /** Categories Cc and Cf. */
    private static boolean isControlOrFormat(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    private String lengthChecked(String field, String value, int minLength, int maxLength) {
        int length = value.codePointCount(0, value.length());
        if (length < minLength) {
            fail(field, "must be at least " + minLength + (minLength == 1 ? " character" : " characters"));
            return null;
        }
        if (length > maxLength) {
            fail(field, "must be at most " + maxLength + (maxLength == 1 ? " character" : " characters"));
            return null;
        }
        return value;
    }

    private void fail(String field, String message) {
        errors.putIfAbsent(field, message);
    }
}
