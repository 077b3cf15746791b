package dev.antipop.realtime.feeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.auth.JwtKeys;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.json.StrictJson;
import dev.antipop.dynamodb.TopicLog;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Feed positions (long-poll {@code cursor}, SSE {@code id:} / {@code Last-Event-ID}): opaque and tamper-evident,
 * {@code <base64url(JSON)>.<base64url(HMAC-SHA256(key, userId "\n" JSON body))>} with JSON {@code
 * {"t":<issued, epoch s>,"p":{"<partition>":<seq>,…}}}: per topic-log partition, the last sequence number the
 * holder has been given. Bound to the user it was issued to. A cursor this deployment did not issue is {@code 400
 * validation_failed} on {@code cursor}; one issued longer ago than the log keeps entries ({@link
 * TopicLog#RETENTION}) is {@code 410 position_unavailable}: events after it may be gone.
 */
public final class FeedCursors {

    /** Longest accepted cursor, in characters (20 partitions with long names fit). */
    public static final int MAX_LENGTH = 4096;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A decoded position. */
    public record Position(Instant issuedAt, Map<String, Long> seqs) {
        public Position {
            seqs = Map.copyOf(seqs);
        }
    }

    private final SecretKeySpec key;

    /** @param key the HMAC key, at least 32 bytes (RFC 2104 §3) */
    public FeedCursors(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 32) {
            throw new IllegalArgumentException("A cursor key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /**
     * The key from {@code CURSOR_KEY} (base64url) or, without it, HMAC-SHA256(active JWT secret, "antipop/feed/v1").
     */
    public static FeedCursors fromEnvironment(String cursorKey, String jwtKeys, String activeKid) {
        return new FeedCursors(JwtKeys.cursorKey(cursorKey, jwtKeys, activeKid, "antipop/feed/v1"));
    }

    /** The cursor of {@code position} for {@code userId}. */
    public String encode(String userId, Position position) {
        ObjectNode json = EnvelopeJson.mapper().createObjectNode();
        json.put("t", position.issuedAt().getEpochSecond());
        ObjectNode seqs = json.putObject("p");
        position.seqs().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> seqs.put(e.getKey(), e.getValue()));
        String body = ENCODER.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(mac(userId, body));
    }

    /**
     * @throws CommandException {@code validation_failed} for a cursor not issued to {@code userId}; {@code
     *     position_unavailable} for one older than the log's retention
     */
    public Position decode(String userId, String cursor, Instant now) {
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > MAX_LENGTH) {
            throw forged();
        }
        String body = cursor.substring(0, dot);
        byte[] given;
        try {
            given = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw forged();
        }
        if (!MessageDigest.isEqual(given, mac(userId, body))) {
            throw forged();
        }
        JsonNode json;
        try {
            json = StrictJson.parse(DECODER.decode(body));
        } catch (IllegalArgumentException e) {
            throw forged();
        }
        Instant issued = Instant.ofEpochSecond(json.path("t").asLong());
        if (issued.plus(TopicLog.RETENTION).isBefore(now)) {
            throw new CommandException(
                    ErrorCode.POSITION_UNAVAILABLE,
                    "The cursor is older than the topic log keeps events (" + TopicLog.RETENTION.toHours()
                            + " h); reload the state and start again without a cursor",
                    Map.of());
        }
        Map<String, Long> seqs = new LinkedHashMap<>();
        json.path("p")
                .properties()
                .forEach(e -> seqs.put(e.getKey(), e.getValue().asLong()));
        return new Position(issued, seqs);
    }

    private byte[] mac(String userId, String body) {
        return hmac(key.getEncoded(), (userId + "\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }

    private static CommandException forged() {
        return CommandException.validation(Map.of("cursor", "is not a cursor this API issued to you"));
    }
}
