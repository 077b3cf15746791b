package dev.antipop.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC keys access tokens are signed with, by key id ({@code kid}). New tokens are signed with the active key;
 * tokens signed with any configured key verify, so keys rotate by adding a new kid, making it active, and removing
 * the old one after the longest token lifetime has passed.
 *
 * <p>Secrets must be at least 32 bytes: RFC 7518 §3.2 requires an HS256 key of at least the hash output size (256
 * bits). {@link #toString()} shows the kids only.
 */
public final class JwtKeys {

    /** RFC 7518 §3.2: a key of the same size as the hash output (256 bits for HS256) or larger. */
    public static final int MIN_SECRET_BYTES = 32;

    private final Map<String, byte[]> secrets;
    private final String activeKid;

    private JwtKeys(Map<String, byte[]> secrets, String activeKid) {
        this.secrets = secrets;
        this.activeKid = activeKid;
    }

    /**
     * Parses {@code kid1:<base64url secret>,kid2:<base64url secret>} (base64url per RFC 4648 §5, padding optional;
     * spaces around entries ignored).
     *
     * @param activeKid the kid new tokens are signed with; must be in the spec
     * @throws IllegalArgumentException for an empty spec, an entry without {@code :}, an empty or duplicate kid, a
     *     secret that is not base64url or shorter than 32 bytes, or an unknown active kid (messages never contain
     *     secrets)
     */
    public static JwtKeys parse(String spec, String activeKid) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("JWT key spec is empty; expected kid:<base64url secret>[,…]");
        }
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.strip();
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("JWT key entry lacks ':' (expected kid:<base64url secret>)");
            }
            String kid = trimmed.substring(0, colon).strip();
            if (kid.isEmpty()) {
                throw new IllegalArgumentException("JWT key entry has an empty kid");
            }
            byte[] secret;
            try {
                secret = Base64.getUrlDecoder()
                        .decode(trimmed.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("JWT key '" + kid + "' is not base64url");
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("JWT key '" + kid + "' has " + secret.length
                        + " bytes; HS256 needs at least " + MIN_SECRET_BYTES + " (RFC 7518 §3.2)");
            }
            if (secrets.putIfAbsent(kid, secret) != null) {
                throw new IllegalArgumentException("JWT key '" + kid + "' is given twice");
            }
        }
        if (activeKid == null || !secrets.containsKey(activeKid)) {
            throw new IllegalArgumentException("Active JWT kid '" + activeKid + "' is not among " + secrets.keySet());
        }
        return new JwtKeys(Map.copyOf(secrets), activeKid);
    }

    /** The kid new tokens are signed with. */
    public String activeKid() {
        return activeKid;
    }

    /** Every configured kid. */
    public Set<String> kids() {
        return secrets.keySet();
    }

    /** The secret for {@code kid}, a copy. */
    Optional<byte[]> secret(String kid) {
        byte[] secret = secrets.get(kid);
        return secret == null ? Optional.empty() : Optional.of(secret.clone());
    }

    /**
     * A key of its own for another purpose (signing pagination cursors), derived from the active secret as
     * HMAC-SHA256(secret, purpose) (NIST SP 800-108 style derivation): the token secret itself signs nothing but tokens,
     * and rotating the active kid rotates the derived key too.
     *
     * @param purpose a label naming the use ({@code antipop/cursor/v1})
     * @return 32 bytes
     */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secrets.get(activeKid), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }

    /**
     * The key of paginated reads' cursors: {@code CURSOR_KEY} (base64url) when set, else {@link #derive derived} from
     * the active JWT secret for {@code purpose}.
     *
     * @param cursorKey the {@code CURSOR_KEY} value, or null
     * @param jwtKeys the {@code JWT_KEYS} value
     * @param activeKid the {@code JWT_ACTIVE_KID} value
     * @throws IllegalArgumentException when neither gives a key (a deployment error: the function fails at cold start)
     */
    public static byte[] cursorKey(String cursorKey, String jwtKeys, String activeKid, String purpose) {
        if (cursorKey != null && !cursorKey.isBlank()) {
            return Base64.getUrlDecoder().decode(cursorKey.strip());
        }
        return parse(jwtKeys, activeKid).derive(purpose);
    }

    @Override
    public String toString() {
        return "JwtKeys[kids=" + secrets.keySet() + ", active=" + activeKid + "]";
    }
}
