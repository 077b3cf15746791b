package dev.antipop.notifications.view;

import dev.antipop.core.auth.JwtKeys;
import dev.antipop.core.command.CommandException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident page cursors of {@code GET /notifications}: {@code <base64url(last key)>.<base64url(HMAC-
 * SHA256(key, userId "\n" last key))>}. The last key is the DynamoDB LastEvaluatedKey's sort key (a notification
 * id); binding the user id into the MAC means a cursor only continues the listing of the user it was issued to. A
 * cursor that was not issued by this deployment (edited, truncated, another user's, or signed with a retired key) is
 * {@code 400 validation_failed} on {@code cursor}, never a 500. The MAC is compared in constant time (OWASP
 * Cryptographic Storage Cheat Sheet: HMAC for integrity).
 */
public final class NotificationCursors {

    /** Least key size: RFC 2104 §3 recommends a key at least as long as the hash output (32 bytes for SHA-256). */
    public static final int MIN_KEY_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** @param key the HMAC key, at least {@value #MIN_KEY_BYTES} bytes */
    public NotificationCursors(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("A cursor key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /**
     * The cursor key from the environment: {@code CURSOR_KEY} (base64url) when set; otherwise derived from the active
     * JWT secret ({@code JWT_KEYS} entry {@code JWT_ACTIVE_KID}) as HMAC-SHA256(secret, "antipop/cursor/v1"), so the
     * token key itself never signs anything but tokens. Rotating the active JWT kid invalidates cursors in flight
     * (their next page is a 400; the client starts again from the first page).
     *
     * @throws IllegalArgumentException when neither yields a key of {@value #MIN_KEY_BYTES} bytes
     */
    public static NotificationCursors fromEnvironment(String cursorKey, String jwtKeys, String activeKid) {
        return new NotificationCursors(JwtKeys.cursorKey(cursorKey, jwtKeys, activeKid, "antipop/cursor/v1"));
    }

    /** The cursor continuing {@code userId}'s listing after notification {@code lastNotificationId}. */
    public String encode(String userId, String lastNotificationId) {
        String body = ENCODER.encodeToString(lastNotificationId.getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(mac(userId, body));
    }

    /**
     * The notification id a cursor continues after.
     *
     * @throws CommandException {@code validation_failed} on {@code cursor} for anything this class did not issue to
     *     {@code userId}
     */
    public String decode(String userId, String cursor) {
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > 200) {
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
        String id;
        try {
            id = new String(DECODER.decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw forged();
        }
        if (!ID.matcher(id).matches()) {
            throw forged();
        }
        return id;
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
        return CommandException.validation(Map.of("cursor", "is not a cursor this API issued"));
    }
}
