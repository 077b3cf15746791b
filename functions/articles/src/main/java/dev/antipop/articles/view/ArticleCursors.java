package dev.antipop.articles.view;

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
 * Page cursors of {@code GET /api/articles}: {@code <base64url(last articleId)>.<base64url(HMAC-SHA256(key, body))>}
 * (the LastEvaluatedKey's sort key; the partition is fixed). Opaque and tamper-evident: anything this deployment did
 * not issue is {@code 400 validation_failed} on {@code cursor}. Key: {@code CURSOR_KEY} (base64url) or
 * HMAC-SHA256(active JWT secret, "antipop/cursor/articles/v1").
 */
public final class ArticleCursors {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;

    /** @param key at least 32 bytes (RFC 2104 §3) */
    public ArticleCursors(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("A cursor key needs at least 32 bytes");
        }
        this.key = key.clone();
    }

    /** From {@code CURSOR_KEY}, or derived from the active JWT secret. */
    public static ArticleCursors fromEnvironment(String cursorKey, String jwtKeys, String activeKid) {
        return new ArticleCursors(JwtKeys.cursorKey(cursorKey, jwtKeys, activeKid, "antipop/cursor/articles/v1"));
    }

    /** The cursor continuing after {@code articleId}. */
    public String encode(String articleId) {
        String body = ENCODER.encodeToString(articleId.getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(hmac(key, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** @throws CommandException {@code validation_failed} for a cursor this class did not issue */
    public String decode(String cursor) {
        int dot = cursor.indexOf('.');
        if (dot <= 0 || cursor.length() > 200) {
            throw forged();
        }
        String body = cursor.substring(0, dot);
        try {
            if (!MessageDigest.isEqual(
                    DECODER.decode(cursor.substring(dot + 1)), hmac(key, body.getBytes(StandardCharsets.UTF_8)))) {
                throw forged();
            }
            String id = new String(DECODER.decode(body), StandardCharsets.UTF_8);
            if (!ID.matcher(id).matches()) {
                throw forged();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw forged();
        }
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
