package dev.antipop.local.template;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/** Checks and conversions of template values shared by the evaluator and the resource readers. */
final class Values {

    /** {@code AWS::NoValue}: removes the map entry or list element holding it. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private Values() {}

    static Object required(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            throw new TemplateException(where + "." + key + ": required property missing");
        }
        return value;
    }

    static List<?> list(Object value, String where) {
        if (!(value instanceof List<?> list)) {
            throw new TemplateException(where + ": must be a list, found " + value);
        }
        return list;
    }

    static int integer(Object value, String where, int min, int max) {
        int n;
        try {
            n = value instanceof Number number
                    ? number.intValue()
                    : Integer.parseInt(text(value).trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(where + ": " + value + " is not an integer");
        }
        if (n < min || n > max) {
            throw new TemplateException(where + ": " + n + " is outside " + min + ".." + max);
        }
        return n;
    }

    static String text(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new TemplateException("expected a string, found " + value);
        }
        return value == NO_VALUE ? "" : String.valueOf(value);
    }

    static boolean truth(Object value, String where) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new TemplateException(where + ": expected a condition (true/false), found " + value);
    }

    /** Whether a map is one long-form intrinsic function ({@code Ref}, {@code Condition}, {@code Fn::*}). */
    static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::");
    }

    /** A stable id of lowercase alphanumerics derived from a logical id (base 36 of its SHA-256). */
    static String stableId(String logicalId, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(logicalId.getBytes(StandardCharsets.UTF_8));
            String base36 = new BigInteger(1, digest).toString(36);
            return base36.substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
