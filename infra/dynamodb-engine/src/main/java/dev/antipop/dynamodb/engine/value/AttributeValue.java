package dev.antipop.dynamodb.engine.value;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;

/**
 * One DynamoDB attribute value: the ten data types of the DynamoDB API reference ({@code AttributeValue}: S, N, B,
 * BOOL, NULL, M, L, SS, NS, BS). Values are immutable; collections are unmodifiable copies.
 *
 * <p>Numbers are held as {@link BigDecimal} normalised by {@link Numbers#parse(String)} (38 significant digits,
 * magnitude 1E-130 to 9.99…E+125, as the API reference's "Number" type states), so two numbers that DynamoDB considers
 * equal are {@code equals} here. Sets keep their members in a canonical order (numbers numerically, strings and
 * binaries by unsigned bytes) so that equal sets are {@code equals}; DynamoDB does not promise any order for sets.
 */
public sealed interface AttributeValue {

    /** The wire type descriptor: {@code S}, {@code N}, {@code B}, {@code BOOL}, {@code NULL}, {@code M}, … */
    String type();

    /** A string (UTF-8 on the wire; may be empty outside keys). */
    record S(String value) implements AttributeValue {
        public S {
            Objects.requireNonNull(value);
        }

        @Override
        public String type() {
            return "S";
        }
    }

    /** A number, normalised (see {@link Numbers}). */
    record N(BigDecimal value) implements AttributeValue {
        public N {
            Objects.requireNonNull(value);
        }

        /** The canonical text DynamoDB returns for this number (plain notation, no trailing zeros). */
        public String text() {
            return Numbers.format(value);
        }

        @Override
        public String type() {
            return "N";
        }
    }

    /** A binary value (base64 on the wire). The array is never mutated or exposed for mutation. */
    record B(Bytes value) implements AttributeValue {
        public B {
            Objects.requireNonNull(value);
        }

        @Override
        public String type() {
            return "B";
        }
    }

    /** A boolean. */
    record Bool(boolean value) implements AttributeValue {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        @Override
        public String type() {
            return "BOOL";
        }
    }

    /** The NULL type ({@code {"NULL":true}}). */
    record Null() implements AttributeValue {
        public static final Null INSTANCE = new Null();

        @Override
        public String type() {
            return "NULL";
        }
    }

    /** A map of attribute name to value (insertion order kept, as the wire carries it). */
    record M(Map<String, AttributeValue> value) implements AttributeValue {
        public M {
            value = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(value));
        }

        @Override
        public String type() {
            return "M";
        }
    }

    /** A list of values. */
    record L(List<AttributeValue> value) implements AttributeValue {
        public L {
            value = List.copyOf(value);
        }

        @Override
        public String type() {
            return "L";
        }
    }

    /** A non-empty set of strings. */
    record SS(SortedSet<String> value) implements AttributeValue {
        public SS {
            value = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(value));
        }

        @Override
        public String type() {
            return "SS";
        }
    }

    /** A non-empty set of numbers (normalised, ordered numerically). */
    record NS(SortedSet<BigDecimal> value) implements AttributeValue {
        public NS {
            java.util.TreeSet<BigDecimal> copy = new java.util.TreeSet<>(BigDecimal::compareTo);
            copy.addAll(value);
            value = java.util.Collections.unmodifiableSortedSet(copy);
        }

        @Override
        public String type() {
            return "NS";
        }
    }

    /** A non-empty set of binaries (ordered by unsigned bytes). */
    record BS(SortedSet<Bytes> value) implements AttributeValue {
        public BS {
            value = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(value));
        }

        @Override
        public String type() {
            return "BS";
        }
    }

    /** Immutable bytes, compared as unsigned bytes (DynamoDB's order for B and BS). */
    record Bytes(byte[] bytes) implements Comparable<Bytes> {
        public Bytes {
            bytes = bytes.clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The length in bytes. */
        public int length() {
            return bytes.length;
        }

        /** Whether these bytes start with {@code prefix}. */
        public boolean startsWith(Bytes prefix) {
            return bytes.length >= prefix.bytes.length
                    && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
        }

        /** Whether {@code part} occurs in these bytes. */
        public boolean contains(Bytes part) {
            outer:
            for (int i = 0; i + part.bytes.length <= bytes.length; i++) {
                for (int j = 0; j < part.bytes.length; j++) {
                    if (bytes[i + j] != part.bytes[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        @Override
        public int compareTo(Bytes other) {
            return Arrays.compareUnsigned(bytes, other.bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return java.util.Base64.getEncoder().encodeToString(bytes);
        }
    }

    /** {@code S} of {@code value}. */
    static S s(String value) {
        return new S(value);
    }

    /** {@code N} of a decimal string, validated and normalised ({@link Numbers#parse(String)}). */
    static N n(String value) {
        return new N(Numbers.parse(value));
    }

    /** {@code N} of a long. */
    static N n(long value) {
        return new N(Numbers.normalize(BigDecimal.valueOf(value)));
    }

    /** {@code B} of bytes. */
    static B b(byte[] value) {
        return new B(new Bytes(value));
    }
}
