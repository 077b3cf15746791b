package dev.antipop.notebooks.view;

import dev.antipop.core.auth.JwtKeys;
import dev.antipop.core.command.CommandException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident cursors of {@code GET /api/notebooks}: {@code <notebook id>.<base64url(HMAC-SHA256(key,
 * userId "\n" notebook id))>}; a cursor continues only the listing of the user it was issued to, and anything this
 * deployment did not issue is {@code 400 validation_failed} on {@code cursor}. The MAC is compared in constant time.
 * The key: {@code CURSOR_KEY} (base64url), or HMAC-SHA256(active JWT secret, "antipop/notebooks/cursor/v1").
 */
public final class NotebookCursors {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    /** @param key at least 32 bytes (RFC 2104 §3: as long as the hash output) */
    public NotebookCursors(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("A cursor key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** From {@code CURSOR_KEY}, or derived from the active entry of {@code JWT_KEYS}. */
    public static NotebookCursors fromEnvironment(String cursorKey, String jwtKeys, String activeKid) {
        return new NotebookCursors(JwtKeys.cursorKey(cursorKey, jwtKeys, activeKid, "antipop/notebooks/cursor/v1"));
    }

    /** The cursor continuing {@code userId}'s list after {@code notebookId}. */
    public String encode(String userId, String notebookId) {
        return notebookId + "." + ENCODER.encodeToString(mac(userId, notebookId));
    }

    /**
     * The notebook id a cursor continues after.
     *
     * @throws CommandException {@code validation_failed} for a cursor not issued to {@code userId}
     */
    public String decode(String userId, String cursor) {
        int dot = cursor.indexOf('.');
        if (dot > 0 && ID.matcher(cursor.substring(0, dot)).matches()) {
            String id = cursor.substring(0, dot);
            byte[] expected = ENCODER.encodeToString(mac(userId, id)).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, cursor.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
                return id;
            }
        }
        throw CommandException.validation(Map.of("cursor", "is not a cursor this listing issued"));
    }

    private byte[] mac(String userId, String notebookId) {
        return hmac(key.getEncoded(), (userId + "\n" + notebookId).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
