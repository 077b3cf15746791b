package dev.antipop.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The one strict JSON reader for what clients send (HTTP bodies, WebSocket messages). Where Jackson's defaults are
 * lenient, this refuses:
 *
 * <ul>
 *   <li>bytes that are not well-formed UTF-8 (RFC 8259 §8.1), including overlong forms and encoded surrogates, which
 *       Jackson's byte parser lets through in member names or decodes leniently (an overlong NUL becomes U+0000), and
 *       other encodings Jackson would detect from the first bytes (UTF-16, UTF-32); a leading byte order mark is
 *       ignored, as RFC 8259 allows;
 *   <li>anything after the one JSON value ({@code {"a":1}}} is not JSON, RFC 8259 §2);
 *   <li>a repeated member name (RFC 8259 §4 leaves it to the parser; I-JSON, RFC 7493 §2.3, forbids it: which value
 *       wins would differ between readers);
 *   <li>nesting deeper than {@value #MAX_NESTING_DEPTH} levels: DynamoDB stores documents at most 32 levels deep
 *       ("Nested attribute depth", DynamoDB developer guide, service quotas), so nothing deeper can be kept anyway;
 *   <li>a number of more than {@value #MAX_NUMBER_LENGTH} digits, those of its integer, fraction and exponent parts
 *       together (signs, point and {@code e} not counted: Jackson's {@code maxNumberLength} counts so): a DynamoDB
 *       number has at most 38 significant digits, and a number that long is a denial-of-service probe (BigInteger
 *       parsing is quadratic), not data;
 *   <li>a member name longer than {@value #MAX_NAME_LENGTH} characters (names are field names we define);
 *   <li>with {@link #requireWellFormedUnicode}: a string or name holding an unpaired UTF-16 surrogate ({@code
 *       "\ud800"}), which I-JSON forbids (RFC 7493 §2.1) because it has no UTF-8 form: DynamoDB, the AWS CLI and other
 *       readers then fail or substitute {@code ?}.
 * </ul>
 *
 * Every refusal is an {@link InvalidJsonException} whose message completes a sentence about the input ("Body " +
 * message); it never carries a stack trace to a client.
 */
public final class StrictJson {

    /** Deepest nesting of objects and arrays accepted (the outermost object is level 1). */
    public static final int MAX_NESTING_DEPTH = 32;

    /**
     * Most digits a number may have, integer, fraction and exponent digits together (signs, point and {@code e} not
     * counted: {@code -} and 64 nines is accepted, 65 nines is not).
     */
    public static final int MAX_NUMBER_LENGTH = 64;

    /** Longest member name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 256;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxNameLength(MAX_NAME_LENGTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {}

    /**
     * Parses one JSON value (any type; the caller checks for an object).
     *
     * @throws InvalidJsonException when the text breaks a rule above (unpaired surrogates excepted: see {@link
     *     #requireWellFormedUnicode})
     */
    public static JsonNode parse(byte[] json) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidJsonException("is not valid UTF-8 (RFC 8259 §8.1)");
        }
        return parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** As {@link #parse(byte[])} for text already decoded (a WebSocket text message). */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw refusal(e);
        }
    }

    /**
     * Refuses a tree holding an unpaired UTF-16 surrogate in any string value or member name (I-JSON, RFC 7493 §2.1).
     *
     * @throws InvalidJsonException naming the member where it was found
     */
    public static void requireWellFormedUnicode(JsonNode node) {
        String where = firstIllFormed(node, "");
        if (where != null) {
            throw new InvalidJsonException("holds an unpaired UTF-16 surrogate"
                    + (where.isEmpty() ? "" : " at " + where) + "; text must be valid Unicode (RFC 7493 §2.1)");
        }
    }

    /** Whether {@code text} holds a high surrogate not followed by a low one, or a low one not after a high one. */
    public static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The JSON-pointer-like path of the first ill-formed string, or null; {@code ""} for the root itself. */
    private static String firstIllFormed(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return hasUnpairedSurrogate(node.textValue()) ? path : null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (hasUnpairedSurrogate(field.getKey())) {
                    return path.isEmpty() ? "a member name" : "a member name in " + path;
                }
                String found = firstIllFormed(field.getValue(), path + "/" + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstIllFormed(node.get(i), path + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static InvalidJsonException refusal(IOException e) {
        if (e instanceof StreamConstraintsException limit) {
            return new InvalidJsonException(limitReason(limit.getOriginalMessage()));
        }
        String message =
                e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
        String at = e instanceof JsonProcessingException processing ? at(processing.getLocation()) : "";
        if (e instanceof MismatchedInputException && message != null && message.startsWith("Trailing token")) {
            return new InvalidJsonException("has content after the JSON value" + at);
        }
        if (message != null && message.startsWith("Duplicate field")) {
            // Jackson's own text quotes the name: "Duplicate field 'a'".
            return new InvalidJsonException("repeats a member name: "
                    + message.substring("Duplicate field".length()).trim() + at);
        }
        return new InvalidJsonException("is not valid JSON" + at);
    }

    /** A clear sentence for a Jackson stream constraint (its own text names Jackson's classes). */
    private static String limitReason(String message) {
        String text = message == null ? "" : message;
        if (text.startsWith("Document nesting depth")) {
            return "nests deeper than " + MAX_NESTING_DEPTH + " levels";
        }
        if (text.startsWith("Number value length")) {
            return "has a number of more than " + MAX_NUMBER_LENGTH + " digits";
        }
        if (text.startsWith("Name length")) {
            return "has a member name longer than " + MAX_NAME_LENGTH + " characters";
        }
        return "exceeds a JSON size limit";
    }

    /** " (line L, column C)", or "" when Jackson has no location (constraint violations have none). */
    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
