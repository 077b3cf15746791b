package dev.antipop.realtime;

import dev.antipop.core.event.SensitiveFields;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the {@code SENSITIVE_FIELDS} environment variable, which declares per event type the {@code data} fields that
 * must never leave the server (DESIGN.md section 3), into {@link SensitiveFields}.
 *
 * <p>Syntax: entries separated by {@code ;}, each {@code <event type>:<field>[,<field>…]}:
 *
 * <pre>{@code
 * identity.user_created:passwordHash;identity.password_changed:passwordHash;commerce.card_added:card.number,card.cvc
 * }</pre>
 *
 * <ul>
 *   <li>An event type is {@code <context>.<fact>}: letters, digits, {@code _}, {@code -} and {@code .}.
 *   <li>A field is a path of object keys joined by {@code .} ({@code card.number}); see {@link SensitiveFields} for how
 *       paths meet arrays. Keys are letters, digits, {@code _}, {@code -} and {@code $}.
 *   <li>Whitespace around types, fields and separators is ignored; empty entries ({@code ;;}, a trailing {@code ;})
 *       are ignored; a type named twice gets the union of its fields. An unset or blank variable declares none.
 * </ul>
 *
 * <p>A malformed value is a deployment error, not client input: parsing fails with an {@link IllegalArgumentException}
 * naming the entry, so the function fails at cold start instead of pushing a field that was meant to be redacted.
 */
public final class SensitiveFieldsSpec {

    /** The environment variable that holds the spec. */
    public static final String VARIABLE = "SENSITIVE_FIELDS";

    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z0-9_\\-$]+(\\.[A-Za-z0-9_\\-$]+)*");

    private SensitiveFieldsSpec() {}

    /**
     * Parses a spec (see the class comment for the syntax).
     *
     * @param spec the variable's value; {@code null} or blank gives {@link SensitiveFields#none()}
     * @throws IllegalArgumentException for an entry without {@code :}, an invalid event type, an entry without fields
     *     or an invalid field path; the message quotes the entry
     */
    public static SensitiveFields parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return SensitiveFields.none();
        }
        Map<String, Set<String>> fieldsByType = new LinkedHashMap<>();
        for (String rawEntry : spec.split(";", -1)) {
            String entry = rawEntry.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw invalid(entry, "expected <event type>:<field>[,<field>…]");
            }
            String type = entry.substring(0, colon).strip();
            if (!EVENT_TYPE.matcher(type).matches()) {
                throw invalid(entry, "invalid event type '" + type + "'");
            }
            Set<String> fields = fieldsByType.computeIfAbsent(type, t -> new LinkedHashSet<>());
            int named = 0;
            for (String rawField : entry.substring(colon + 1).split(",", -1)) {
                String field = rawField.strip();
                if (field.isEmpty()) {
                    continue;
                }
                if (!FIELD_PATH.matcher(field).matches()) {
                    throw invalid(entry, "invalid field path '" + field + "'");
                }
                fields.add(field);
                named++;
            }
            if (named == 0) {
                throw invalid(entry, "no fields given for " + type);
            }
        }
        return SensitiveFields.of(fieldsByType);
    }

    private static IllegalArgumentException invalid(String entry, String problem) {
        return new IllegalArgumentException(VARIABLE + " entry '" + entry + "': " + problem);
    }
}
