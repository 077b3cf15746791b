package dev.antipop.runtime.context;

import java.util.List;
import java.util.Objects;

/**
 * One field of a command's payload, as its context's descriptor declares it. {@link PayloadSchema} checks a payload
 * against these before the command's action runs, and the local cloud's console builds its forms from them.
 *
 * @param name the JSON field name ({@code brandId})
 * @param type its JSON shape
 * @param required whether the payload must carry it (DESIGN.md section 10 marks optional fields with {@code ?})
 * @param min for strings: least length in characters; for integers: least value; null for none
 * @param max for strings: greatest length in characters; for integers: greatest value; for arrays: most elements;
 *     null for none
 * @param values for {@link Type#ENUM}: the allowed values; empty otherwise
 */
public record FieldSpec(String name, Type type, boolean required, Long min, Long max, List<String> values) {

    /** JSON shapes of payload fields. */
    public enum Type {
        /** A string; {@code min}/{@code max} bound its length in characters. */
        STRING,
        /** A Snowflake id: 1–20 decimal digits, as a string. */
        ID,
        /** An email address (RFC 5321 length limit, 254). */
        EMAIL,
        /** A JSON integer; {@code min}/{@code max} bound its value. */
        INTEGER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** One of {@code values}. */
        ENUM,
        /** Money: {@code {"amount":<integer minor units>,"currency":"<ISO 4217 code>"}} (DESIGN.md section 10). */
        MONEY,
        /** A JSON object; its content is checked by the action. */
        OBJECT,
        /** A JSON array; {@code max} bounds its length; its elements are checked by the action. */
        ARRAY,
        /** Any JSON value (checked by the action; for example a cell's execution result). */
        ANY
    }

    /** Validates the declaration. */
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        values = values == null ? List.of() : List.copyOf(values);
        if (type == Type.ENUM && values.isEmpty()) {
            throw new IllegalArgumentException("Enum field " + name + " needs its values");
        }
    }

    /** A required field of {@code type} without bounds. */
    public static FieldSpec required(String name, Type type) {
        return new FieldSpec(name, type, true, null, null, List.of());
    }

    /** An optional field of {@code type} without bounds. */
    public static FieldSpec optional(String name, Type type) {
        return new FieldSpec(name, type, false, null, null, List.of());
    }

    /** A string of {@code min}–{@code max} characters. */
    public static FieldSpec string(String name, boolean required, long min, long max) {
        return new FieldSpec(name, Type.STRING, required, min, max, List.of());
    }

    /** An integer within {@code min}–{@code max}. */
    public static FieldSpec integer(String name, boolean required, long min, long max) {
        return new FieldSpec(name, Type.INTEGER, required, min, max, List.of());
    }

    /** One of {@code values}. */
    public static FieldSpec oneOf(String name, boolean required, String... values) {
        return new FieldSpec(name, Type.ENUM, required, null, null, List.of(values));
    }

    /** An array of at most {@code max} elements. */
    public static FieldSpec array(String name, boolean required, long max) {
        return new FieldSpec(name, Type.ARRAY, required, null, max, List.of());
    }
}
