package dev.antipop.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque, tamper-evident pagination cursors: {@code base64url(key JSON) "." base64url(HMAC-SHA256(scope "\n" key
 * JSON))}, where the key is DynamoDB's {@code LastEvaluatedKey} (string attributes only)
 * and the scope names the query it continues ({@code products?brand=42&drafts=false}), so a cursor cannot be moved to
 * another query (such as one that shows drafts). A cursor that does not verify is {@code 400 validation_failed} on
 * {@code cursor}; the MAC is compared in constant time ({@link MessageDigest#isEqual}).
 *
 * <p>HMAC-SHA256 (RFC 2104, FIPS 198-1) with a key of at least 256 bits.
 */
public final class Cursors {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Longest cursor accepted (a key of two ids is far below). */
    public static final int MAX_LENGTH = 1024;

    private final SecretKeySpec key;

    /**
     * @param secret the HMAC key, at least 32 bytes
     * @throws IllegalArgumentException for a shorter key
     */
    public Cursors(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("A cursor key needs at least 256 bits");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** The cursor continuing {@code scope} after {@code lastEvaluatedKey}. */
    public String encode(String scope, Map<String, AttributeValue> lastEvaluatedKey) {
        ObjectNode json = EnvelopeJson.mapper().createObjectNode();
        lastEvaluatedKey.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> json.put(e.getKey(), e.getValue().s()));
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(scope, body));
    }

    /**
     * The {@code ExclusiveStartKey} a cursor of {@code scope} names.
     *
     * @throws CommandException {@code validation_failed} on {@code cursor} when it is malformed, forged, or from
     *     another query
     */
    public Map<String, AttributeValue> decode(String scope, String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        int dot = cursor.indexOf('.');
        if (dot < 1 || dot != cursor.lastIndexOf('.')) {
            throw invalid();
        }
        byte[] body;
        byte[] signature;
        try {
            body = DECODER.decode(cursor.substring(0, dot));
            signature = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(signature, mac(scope, body))) {
            throw invalid();
        }
        try {
            JsonNode json = EnvelopeJson.mapper().readTree(body);
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                key.put(field.getKey(), AttributeValue.fromS(field.getValue().textValue()));
            }
            return key;
        } catch (IOException | RuntimeException e) {
            // Signed by us, so unreachable unless the key leaked; still a client error, not a fault.
            throw invalid();
        }
    }

    private byte[] mac(String scope, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static CommandException invalid() {
        return CommandException.validation(Map.of("cursor", "is not a cursor this query gave out"));
    }
}
