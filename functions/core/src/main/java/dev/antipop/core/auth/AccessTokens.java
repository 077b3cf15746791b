package dev.antipop.core.auth;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.antipop.core.auth.InvalidTokenException.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues and verifies short-lived access tokens: compact JWS (RFC 7515) JWTs (RFC 7519) signed with HS256.
 *
 * <p>Issued tokens carry header {@code alg=HS256}, {@code typ=JWT}, {@code kid} = the active key id, and claims
 * {@code sub} (user id), {@code roles} (array of strings, sorted), {@code iat}, {@code exp}, {@code iss}, {@code aud},
 * {@code jti} (random UUID). Times are whole seconds (NumericDate, RFC 7519 §2).
 *
 * <p>{@link #verify} follows RFC 8725 (JWT Best Current Practices): it accepts exactly one algorithm, HS256, chosen
 * by the server and never by the token — {@code none}, RS256 (the HS/RS confusion attack) and other HMAC sizes are
 * rejected before any key is used; the {@code kid} must name a configured key; {@code exp} is required (RFC 7519
 * §4.1.4: the token is rejected at or after {@code exp}); {@code nbf}, if present, is honoured; {@code iss} must equal
 * and {@code aud} must contain the configured values. Clock skew leeway is 0 s by default (issuer and verifier run on
 * the same clock source in one deployment); another can be configured.
 */
public final class AccessTokens {

    /** Tokens longer than this are rejected as malformed before parsing (a JWT here is a few hundred bytes). */
    public static final int MAX_TOKEN_LENGTH = 8192;

    private static final String ROLES = "roles";

    private static final String[] PART_NAMES = {"header", "payload", "signature"};

    /**
     * An issued token.
     *
     * @param accessToken the compact JWS
     * @param expiresInSeconds its lifetime, for the OAuth-style {@code expires_in} (RFC 6749 §5.1)
     */
    public record IssuedToken(String accessToken, long expiresInSeconds) {}

    private final JwtKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final Duration leeway;

    /** Tokens with no clock-skew leeway. */
    public AccessTokens(JwtKeys keys, String issuer, String audience, Duration ttl, Clock clock) {
        this(keys, issuer, audience, ttl, clock, Duration.ZERO);
    }

    /**
     * @param keys signing and verification keys
     * @param issuer the {@code iss} issued and required
     * @param audience the {@code aud} issued and required
     * @param ttl token lifetime, at least one second
     * @param clock time source for {@code iat}/{@code exp} and for verification
     * @param leeway tolerated clock skew when checking {@code exp} and {@code nbf}, zero or positive
     * @throws IllegalArgumentException for a ttl under one second or a negative leeway
     */
    public AccessTokens(JwtKeys keys, String issuer, String audience, Duration ttl, Clock clock, Duration leeway) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
        if (ttl.getSeconds() < 1) {
            throw new IllegalArgumentException("Access token ttl must be at least 1 s");
        }
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("Clock skew leeway must not be negative");
        }
    }

    /** Issues a token for {@code userId} with {@code roles}, signed with the active key. */
    public IssuedToken issue(String userId, Set<String> roles) {
        Objects.requireNonNull(userId, "userId");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim(ROLES, List.copyOf(new TreeSet<>(roles == null ? Set.of() : roles)))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(ttl.getSeconds())))
                .issuer(issuer)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(keys.activeKid())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new MACSigner(keys.secret(keys.activeKid()).orElseThrow()));
        } catch (JOSEException e) {
            // JwtKeys guarantees HS256-sized keys, so signing cannot fail on input: this is a bug.
            throw new IllegalStateException("Cannot sign access token", e);
        }
        return new IssuedToken(jwt.serialize(), ttl.getSeconds());
    }

    /**
     * Verifies a token and returns its principal.
     *
     * @throws InvalidTokenException with the {@link Reason} and a message saying why
     */
    public Principal verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed: no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed: token longer than " + MAX_TOKEN_LENGTH);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException(
                    Reason.MALFORMED, "malformed: expected a compact JWS of 3 parts, got " + parts.length);
        }
        for (int i = 0; i < parts.length; i++) {
            // An empty signature is well-formed (an unsecured JWS, RFC 7515 §A.5): the algorithm check refuses it.
            if (!(i == 2 && parts[i].isEmpty()) && !isBase64Url(parts[i])) {
                throw new InvalidTokenException(
                        Reason.MALFORMED, "malformed: " + PART_NAMES[i] + " is not unpadded base64url (RFC 7515 §2)");
            }
        }
        Header header;
        try {
            header = Header.parse(new Base64URL(parts[0]));
        } catch (ParseException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed: header is not a JOSE header");
        }
        String alg =
                header.getAlgorithm() == null ? null : header.getAlgorithm().getName();
        if (!JWSAlgorithm.HS256.getName().equals(alg)) {
            throw new InvalidTokenException(Reason.ALGORITHM_NOT_ALLOWED, "algorithm not allowed: " + alg);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed: not a signed JWT");
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null) {
            throw new InvalidTokenException(Reason.UNKNOWN_KID, "unknown kid: header has no kid");
        }
        byte[] secret = keys.secret(kid)
                .orElseThrow(() -> new InvalidTokenException(Reason.UNKNOWN_KID, "unknown kid: " + kid));
        boolean valid;
        try {
            valid = jwt.verify(new MACVerifier(secret));
        } catch (JOSEException e) {
            // e.g. a critical header parameter the verifier does not understand (RFC 7515 §4.1.11)
            throw new InvalidTokenException(Reason.MALFORMED, "malformed: " + e.getMessage());
        }
        if (!valid) {
            throw new InvalidTokenException(Reason.BAD_SIGNATURE, "bad signature");
        }
        return principal(jwt);
    }

    /**
     * Whether {@code part} is non-empty, canonical, unpadded base64url: only {@code A-Z a-z 0-9 - _} (RFC 7515 §2,
     * "Base64url Encoding": "with all trailing '=' characters omitted ... and without the inclusion of any line breaks,
     * whitespace, or other additional characters"), and exactly what encoding its bytes gives back (so the unused low
     * bits of the last character are zero and one token has one spelling). Nimbus's decoder skips characters outside
     * the alphabet, so a token with {@code é}, {@code ~}, {@code %} or {@code =} inserted would otherwise decode to the
     * same bytes and verify.
     */
    static boolean isBase64Url(String part) {
        if (part.isEmpty()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part);
        } catch (IllegalArgumentException notBase64) {
            return false; // a length of 4n+1 characters
        }
    }

    private Principal principal(SignedJWT jwt) {
        JWTClaimsSet claims;
        List<String> roles;
        try {
            claims = jwt.getJWTClaimsSet();
            roles = claims.getStringListClaim(ROLES);
        } catch (ParseException e) {
            throw new InvalidTokenException(
                    Reason.MALFORMED, "malformed: claims are not valid JSON of the right types");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException(Reason.MISSING_EXP, "missing exp");
        }
        if (!now.minus(leeway).isBefore(exp.toInstant())) {
            throw new InvalidTokenException(Reason.EXPIRED, "expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(leeway).isBefore(nbf.toInstant())) {
            throw new InvalidTokenException(Reason.EXPIRED, "not valid before " + nbf.toInstant());
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException(Reason.WRONG_ISSUER, "wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
            throw new InvalidTokenException(Reason.WRONG_AUDIENCE, "wrong audience");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed: missing sub");
        }
        // Nimbus turns a numeric sub into its decimal text; RFC 7519 §4.1.2 makes sub a string, and our tokens always
        // carry one (found by BadInputFuzzIT: {"sub":42} signed with a valid key opened a WebSocket as user "42").
        if (!(jwt.getPayload().toJSONObject().get(JWTClaimNames.SUBJECT) instanceof String)) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed: sub must be a string");
        }
        if (roles != null && roles.contains(null)) {
            throw new InvalidTokenException(Reason.MALFORMED, "malformed: roles must be strings");
        }
        return new Principal(subject, roles == null ? Set.of() : Set.copyOf(roles));
    }
}
