package dev.antipop.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.antipop.core.auth.AccessTokens.IssuedToken;
import dev.antipop.core.auth.InvalidTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final String K1 = "k1:" + JwtKeysTest.secret(32, 1);
    private static final String K2 = "k2:" + JwtKeysTest.secret(48, 2);

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final JwtKeys keys = JwtKeys.parse(K1, "k1");
    private final AccessTokens tokens = tokens(keys, "antipop", "antipop-api", Duration.ZERO);

    private AccessTokens tokens(JwtKeys jwtKeys, String issuer, String audience, Duration leeway) {
        return new AccessTokens(jwtKeys, issuer, audience, TTL, clock, leeway);
    }

    private static void assertRejected(AccessTokens verifier, String token, Reason reason, String messagePart) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidTokenException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private static String hmacToken(JWSAlgorithm alg, String kid, byte[] secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder()
                .subject("u-1")
                .issuer("antipop")
                .audience("antipop-api")
                .issueTime(Date.from(T0))
                .expirationTime(Date.from(T0.plus(TTL)));
    }

    @Test
    void issuesAndVerifiesATokenRoundTrip() throws Exception {
        IssuedToken issued = tokens.issue("u-1", Set.of("member", "admin"));

        assertThat(issued.expiresInSeconds()).isEqualTo(900);
        assertThat(tokens.verify(issued.accessToken())).isEqualTo(new Principal("u-1", Set.of("admin", "member")));

        SignedJWT jwt = SignedJWT.parse(issued.accessToken());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("u-1");
        assertThat(claims.getStringListClaim("roles")).containsExactly("admin", "member");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(T0);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(T0.plus(TTL));
        assertThat(claims.getIssuer()).isEqualTo("antipop");
        assertThat(claims.getAudience()).containsExactly("antipop-api");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(SignedJWT.parse(tokens.issue("u-1", Set.of()).accessToken())
                        .getJWTClaimsSet()
                        .getJWTID())
                .isNotEqualTo(claims.getJWTID());
    }

    @Test
    void expiresExactlyAtExpWithoutLeeway() {
        String token = tokens.issue("u-1", Set.of()).accessToken();

        now.set(T0.plus(TTL).minusMillis(1));
        assertThat(tokens.verify(token).userId()).isEqualTo("u-1");

        now.set(T0.plus(TTL));
        assertRejected(tokens, token, Reason.EXPIRED, "expired");
    }

    @Test
    void aConfiguredLeewayToleratesSkew() {
        String token = tokens.issue("u-1", Set.of()).accessToken();
        AccessTokens lenient = tokens(keys, "antipop", "antipop-api", Duration.ofSeconds(30));

        now.set(T0.plus(TTL).plusSeconds(10));
        assertThat(lenient.verify(token).userId()).isEqualTo("u-1");
        now.set(T0.plus(TTL).plusSeconds(30));
        assertRejected(lenient, token, Reason.EXPIRED, "expired");
    }

    @Test
    void rejectsAlgNone() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"k1\"}");
        String payload = b64("{\"sub\":\"u-1\",\"roles\":[\"admin\"],\"iss\":\"antipop\",\"aud\":\"antipop-api\","
                + "\"exp\":" + T0.plus(TTL).getEpochSecond() + "}");

        assertRejected(tokens, header + "." + payload + ".", Reason.ALGORITHM_NOT_ALLOWED, "none");
        assertRejected(tokens, header + "." + payload, Reason.MALFORMED, "3 parts");
    }

    @Test
    void rejectsRs256EvenWithAConfiguredKid() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                validClaims().build());
        jwt.sign(new RSASSASigner(rsa));

        assertRejected(tokens, jwt.serialize(), Reason.ALGORITHM_NOT_ALLOWED, "RS256");
    }

    @Test
    void rejectsOtherHmacSizesWithTheRightKey() throws Exception {
        byte[] secret = keys.secret("k1").orElseThrow();
        byte[] longSecret = new byte[64];
        System.arraycopy(secret, 0, longSecret, 0, 32);

        assertRejected(
                tokens,
                hmacToken(JWSAlgorithm.HS512, "k1", longSecret, validClaims().build()),
                Reason.ALGORITHM_NOT_ALLOWED,
                "HS512");
    }

    @Test
    void rejectsATamperedPayload() {
        String[] parts = tokens.issue("u-1", Set.of("member")).accessToken().split("\\.");
        String forged = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"member\"", "\"admin\"");

        assertRejected(tokens, parts[0] + "." + b64(forged) + "." + parts[2], Reason.BAD_SIGNATURE, "bad signature");
    }

    @Test
    void rejectsAWrongSecretUnderAKnownKid() throws Exception {
        byte[] other = new byte[32];
        java.util.Arrays.fill(other, (byte) 9);

        assertRejected(
                tokens,
                hmacToken(JWSAlgorithm.HS256, "k1", other, validClaims().build()),
                Reason.BAD_SIGNATURE,
                "bad signature");
    }

    @Test
    void rejectsUnknownAndMissingKids() throws Exception {
        AccessTokens foreign =
                tokens(JwtKeys.parse("k9:" + JwtKeysTest.secret(32, 1), "k9"), "antipop", "antipop-api", Duration.ZERO);
        byte[] secret = keys.secret("k1").orElseThrow();

        assertRejected(tokens, foreign.issue("u-1", Set.of()).accessToken(), Reason.UNKNOWN_KID, "k9");
        assertRejected(
                tokens,
                hmacToken(JWSAlgorithm.HS256, null, secret, validClaims().build()),
                Reason.UNKNOWN_KID,
                "no kid");
    }

    @Test
    void rejectsWrongIssuerAndAudience() {
        AccessTokens otherIssuer = tokens(keys, "someone-else", "antipop-api", Duration.ZERO);
        AccessTokens otherAudience = tokens(keys, "antipop", "another-api", Duration.ZERO);

        assertRejected(tokens, otherIssuer.issue("u-1", Set.of()).accessToken(), Reason.WRONG_ISSUER, "issuer");
        assertRejected(tokens, otherAudience.issue("u-1", Set.of()).accessToken(), Reason.WRONG_AUDIENCE, "audience");
    }

    @Test
    void rejectsAMissingExp() throws Exception {
        byte[] secret = keys.secret("k1").orElseThrow();
        JWTClaimsSet noExp = validClaims().expirationTime(null).build();

        assertRejected(tokens, hmacToken(JWSAlgorithm.HS256, "k1", secret, noExp), Reason.MISSING_EXP, "missing exp");
    }

    @Test
    void rejectsANotYetValidToken() throws Exception {
        byte[] secret = keys.secret("k1").orElseThrow();
        JWTClaimsSet future =
                validClaims().notBeforeTime(Date.from(T0.plusSeconds(60))).build();

        assertRejected(tokens, hmacToken(JWSAlgorithm.HS256, "k1", secret, future), Reason.EXPIRED, "not valid before");
    }

    @Test
    void rejectsMalformedTokens() throws Exception {
        byte[] secret = keys.secret("k1").orElseThrow();
        for (String token : List.of("", "abc", "a.b", "a.b.c", "a.b.c.d.e", "x".repeat(9000))) {
            assertRejected(tokens, token, Reason.MALFORMED, "malformed");
        }
        assertRejected(tokens, null, Reason.MALFORMED, "malformed");
        String header = b64("{\"alg\":\"HS256\",\"kid\":\"k1\"}");
        assertRejected(tokens, header + "." + b64("not json") + ".c2ln", Reason.BAD_SIGNATURE, "bad signature");
        JWSObject notJson = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), new Payload("not json"));
        notJson.sign(new MACSigner(secret));
        assertRejected(tokens, notJson.serialize(), Reason.MALFORMED, "malformed");
        JWTClaimsSet badRoles = validClaims().claim("roles", "admin").build();
        assertRejected(tokens, hmacToken(JWSAlgorithm.HS256, "k1", secret, badRoles), Reason.MALFORMED, "malformed");
        JWTClaimsSet noSub = validClaims().subject(null).build();
        assertRejected(tokens, hmacToken(JWSAlgorithm.HS256, "k1", secret, noSub), Reason.MALFORMED, "sub");
    }

    @Test
    void tokensSignedWithAnOlderConfiguredKidStillVerifyAfterRotation() {
        String old = tokens.issue("u-1", Set.of("member")).accessToken();
        AccessTokens rotated = tokens(JwtKeys.parse(K1 + "," + K2, "k2"), "antipop", "antipop-api", Duration.ZERO);

        String fresh = rotated.issue("u-1", Set.of("member")).accessToken();

        assertThat(rotated.verify(old).roles()).containsExactly("member");
        assertThat(rotated.verify(fresh).userId()).isEqualTo("u-1");
        assertRejected(tokens, fresh, Reason.UNKNOWN_KID, "k2");
        AccessTokens retired = tokens(JwtKeys.parse(K2, "k2"), "antipop", "antipop-api", Duration.ZERO);
        assertRejected(retired, old, Reason.UNKNOWN_KID, "k1");
    }

    @Test
    void aTokenWithAnyCharacterAddedOrChangedOutsideBase64UrlIsMalformed() {
        String token = tokens.issue("u1", Set.of()).accessToken();
        assertThat(tokens.verify(token).userId()).isEqualTo("u1");
        int firstDot = token.indexOf('.');
        int secondDot = token.indexOf('.', firstDot + 1);
        for (String extra : List.of("é", "~", "%", "=", "==", " ", "+", "/", "\n")) {
            for (int at : new int[] {firstDot, secondDot, token.length(), 5, secondDot + 3}) {
                String forged = token.substring(0, at) + extra + token.substring(at);
                assertRejected(tokens, forged, Reason.MALFORMED, "not unpadded base64url (RFC 7515 §2)");
            }
        }
    }

    @Test
    void aSignatureSpelledWithNonZeroUnusedBitsIsMalformed() {
        String token = tokens.issue("u1", Set.of()).accessToken();
        // HS256 signatures are 32 bytes = 43 characters: the last one carries 2 unused bits, so 4 spellings decode
        // alike; only the canonical one (unused bits zero) is base64url.
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String forged = token.substring(0, token.length() - 1) + sibling;
        assertRejected(tokens, forged, Reason.MALFORMED, "signature is not unpadded base64url");
    }

    @Test
    void emptyPartsAreMalformed() {
        String token = tokens.issue("u1", Set.of()).accessToken();
        String noHeader = token.substring(token.indexOf('.'));
        assertRejected(tokens, noHeader, Reason.MALFORMED, "header is not unpadded base64url");
        String unsigned = token.substring(0, token.lastIndexOf('.') + 1);
        assertThatThrownBy(() -> tokens.verify(unsigned)).isInstanceOf(InvalidTokenException.class);
    }

    /** Found by BadInputFuzzIT: nimbus reads {@code "sub":42} as "42"; a subject must be a string (RFC 7519). */
    @Test
    void aNumericSubjectIsMalformedEvenWhenSigned() throws Exception {
        JWTClaimsSet claims = JWTClaimsSet.parse("{\"sub\":42,\"iss\":\"antipop\",\"aud\":\"antipop-api\",\"exp\":"
                + T0.plus(TTL).getEpochSecond() + "}");
        String token = hmacToken(JWSAlgorithm.HS256, "k1", keys.secret("k1").orElseThrow(), claims);
        // The claims as signed: the payload keeps the number (the builder above would write "42").
        String[] parts = token.split("\\.");
        String payload = b64("{\"sub\":42,\"iss\":\"antipop\",\"aud\":\"antipop-api\",\"exp\":"
                + T0.plus(TTL).getEpochSecond() + "}");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(keys.secret("k1").orElseThrow(), "HmacSHA256"));
        String input = parts[0] + "." + payload;
        String numeric = input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertRejected(tokens, numeric, Reason.MALFORMED, "sub must be a string");
        assertThat(tokens.verify(tokens.issue("42", Set.of()).accessToken()).userId())
                .isEqualTo("42");
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
