package dev.antipop.core.auth;

/**
 * An access token was rejected; answered as 401 {@code unauthorized}. The message says why (expired, bad signature,
 * unknown kid, algorithm not allowed, wrong issuer, wrong audience, malformed, missing exp) and never contains the
 * token or a key. Stack trace not captured: rejections are expected.
 */
public class InvalidTokenException extends RuntimeException {

    /** Why a token was rejected. */
    public enum Reason {
        /** Not a compact JWS / JWT, or claims of the wrong type. */
        MALFORMED,
        /** A header {@code alg} other than HS256 (including {@code none}, RS256 and other HMAC sizes). */
        ALGORITHM_NOT_ALLOWED,
        /** No {@code kid} header, or one that names no configured key. */
        UNKNOWN_KID,
        /** The HMAC does not verify. */
        BAD_SIGNATURE,
        /** No {@code exp} claim. */
        MISSING_EXP,
        /** {@code exp} has passed, or {@code nbf} is still ahead. */
        EXPIRED,
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER,
        /** {@code aud} does not contain the configured audience. */
        WRONG_AUDIENCE
    }

    private final Reason reason;

    /**
     * @param reason why the token was rejected
     * @param message details safe to log (no token, no key)
     */
    public InvalidTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Why the token was rejected. */
    public Reason reason() {
        return reason;
    }
}
