package dev.antipop.runtime.context;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.Validation;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a command's payload against its {@link CommandSpec#payload() declared fields} before the action runs, so
 * every command refuses the same mistakes with the same words ({@code 400 validation_failed}, one message per field):
 *
 * <ul>
 *   <li>{@code is required}; {@code is not a field of this command} (a strict API: a misspelt optional field must not
 *       be silently ignored);
 *   <li>per type: {@code must be a string} (control characters other than newline and tab refused, lengths in code
 *       points, see {@link Validation}), {@code must be an id} (1–20 digits: a Snowflake), {@code must be an integer}
 *       (within the bounds), {@code must be true or false}, {@code must be one of …}, {@code must be an object},
 *       {@code must be an array} (of at most {@code max} elements), and for money {@code amount} a non-negative
 *       integer of minor units below 10^15 and {@code currency} three upper-case letters (ISO 4217 alphabetic code).
 * </ul>
 *
 * <p>Rules that need state (ownership, stock, uniqueness) are the decider's.
 */
public final class PayloadSchema {

    private static final Pattern ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** Largest money amount in minor units: well inside a double's exact range for JavaScript clients. */
    public static final long MAX_AMOUNT = 999_999_999_999_999L;

    private PayloadSchema() {}

    /**
     * @throws CommandException {@code validation_failed} with a message per failing field
     */
    public static void check(CommandSpec command, JsonNode payload) {
        Map<String, String> problems = problems(command.payload(), payload);
        if (!problems.isEmpty()) {
            throw CommandException.validation(problems);
        }
    }

    /** The problems of {@code payload} against {@code fields}, in field order; empty when it is valid. */
    public static Map<String, String> problems(List<FieldSpec> fields, JsonNode payload) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (payload == null || !payload.isObject()) {
            problems.put("payload", "must be a JSON object");
            return problems;
        }
        LinkedHashSet<String> declared = new LinkedHashSet<>();
        for (FieldSpec field : fields) {
            declared.add(field.name());
            JsonNode value = payload.get(field.name());
            if (value == null || value.isNull()) {
                if (field.required()) {
                    problems.put(field.name(), "is required");
                }
                continue;
            }
            String problem = problem(field, value);
            if (problem != null) {
                problems.put(field.name(), problem);
            }
        }
        for (Iterator<String> names = payload.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!declared.contains(name)) {
                problems.put(abbreviate(name), "is not a field of this command");
            }
        }
        return problems;
    }

    private static String problem(FieldSpec field, JsonNode value) {
        return switch (field.type()) {
            case STRING -> string(field, value);
            case ID -> value.isTextual() && ID.matcher(value.textValue()).matches() ? null : "must be an id";
            case EMAIL -> email(field, value);
            case INTEGER -> integer(field, value);
            case BOOLEAN -> value.isBoolean() ? null : "must be true or false";
            case ENUM ->
                value.isTextual() && field.values().contains(value.textValue())
                        ? null
                        : "must be one of " + String.join(", ", field.values());
            case MONEY -> money(value);
            case OBJECT -> value.isObject() ? null : "must be an object";
            case ARRAY -> array(field, value);
            case ANY -> null;
        };
    }

    private static String string(FieldSpec field, JsonNode value) {
        Validation v = Validation.of(wrap(field.name(), value));
        int min = field.min() == null ? 0 : field.min().intValue();
        int max = field.max() == null ? Integer.MAX_VALUE : field.max().intValue();
        if (min > 0) {
            v.requiredString(field.name(), min, max);
        } else {
            v.optionalString(field.name(), max);
        }
        return v.errors().get(field.name());
    }

    private static String email(FieldSpec field, JsonNode value) {
        Validation v = Validation.of(wrap(field.name(), value));
        v.requiredEmail(field.name());
        return v.errors().get(field.name());
    }

    private static String integer(FieldSpec field, JsonNode value) {
        long min = field.min() == null ? Long.MIN_VALUE : field.min();
        long max = field.max() == null ? Long.MAX_VALUE : field.max();
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return "must be an integer";
        }
        long n = value.longValue();
        if (n < min) {
            return "must be at least " + min;
        }
        return n > max ? "must be at most " + max : null;
    }

    private static String money(JsonNode value) {
        if (!value.isObject() || value.size() != 2) {
            return "must be {\"amount\":<integer minor units>,\"currency\":\"<ISO 4217 code>\"}";
        }
        JsonNode amount = value.get("amount");
        JsonNode currency = value.get("currency");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong()) {
            return "amount must be an integer of minor units";
        }
        if (amount.longValue() < 0 || amount.longValue() > MAX_AMOUNT) {
            return "amount must be between 0 and " + MAX_AMOUNT;
        }
        if (currency == null
                || !currency.isTextual()
                || !CURRENCY.matcher(currency.textValue()).matches()) {
            return "currency must be an ISO 4217 code of three upper-case letters";
        }
        return null;
    }

    private static String array(FieldSpec field, JsonNode value) {
        if (!value.isArray()) {
            return "must be an array";
        }
        return field.max() != null && value.size() > field.max()
                ? "must have at most " + field.max() + " elements"
                : null;
    }

    private static JsonNode wrap(String name, JsonNode value) {
        return dev.antipop.core.event.EnvelopeJson.mapper().createObjectNode().set(name, value);
    }

    private static String abbreviate(String name) {
        return name.length() <= 64 ? name : name.substring(0, 64) + "…";
    }
}
