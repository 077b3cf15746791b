package dev.antipop.local.fuzz;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Access tokens that must not verify: forged (another key, {@code alg:none}, another algorithm), expired or not yet
 * valid, for another issuer or audience, malformed in their claims, or a real token with characters changed. Several
 * are signed with the template's own development key, so only the claim checks stand between them and a session.
 */
final class Tokens {

    /** A bad token and what is wrong with it. */
    record Token(String label, String token) {
        /** Over 8 KiB: a server may refuse the request line or header as too long (414, 431) before reading it. */
        boolean oversized() {
            return token.length() > 8_192;
        }
    }

    /** The template's development key ({@code JwtSigningKeys} default in template.yaml). */
    static final String KID = "local-2026-11";

    private static final byte[] KEY =
            Base64.getUrlDecoder().decode("bG9jYWwtb25seS1zaWduaW5nLWtleS1kby1ub3QtZGVwbG95LTIwMjY");

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    /** Bad tokens naming {@code userId} (an admin: a token that slipped through would be worth the most). */
    static Arbitrary<Token> forged(String userId) {
        return Arbitraries.oneOf(signedBadClaims(userId), unsigned(userId), otherKeyOrAlg(userId), garbage());
    }

    /** A real token changed by one edit: it must fail (strict base64url, or the signature no longer matches). */
    static Arbitrary<Token> mutated(String realToken) {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, realToken.length() - 1);
        Arbitrary<String> inserted = Arbitraries.of("é", "~", "%", "=", " ", "A", "-", "_", ".", "+", "/", "\t");
        return Combinators.combine(position, inserted, Arbitraries.integers().between(0, 5))
                .as((at, text, how) -> {
                    String token = switch (how) {
                        case 0 -> realToken.substring(0, at) + text + realToken.substring(at);
                        case 1 -> realToken + text;
                        case 2 -> realToken.substring(0, at) + realToken.substring(at + 1);
                        case 3 ->
                            realToken.substring(0, at)
                                    + (realToken.charAt(at) == 'A' ? 'B' : 'A')
                                    + realToken.substring(at + 1);
                        case 4 -> realToken + "." + B64.encodeToString("x".getBytes(StandardCharsets.UTF_8));
                        default -> realToken.replace('-', '+').replace('_', '/') + "==";
                    };
                    return new Token("real token edited (" + how + ")", token);
                })
                // HTTP trims whitespace around a header value (RFC 9110 §5.5): a token with a space or tab at either
                // end is the real token, not an edit.
                .filter(t -> !t.token().strip().equals(realToken));
    }

    private static Arbitrary<Token> signedBadClaims(String userId) {
        long now = Instant.now().getEpochSecond();
        String roles = "\"roles\":[\"admin\"]";
        String iss = "\"iss\":\"antipop\",\"aud\":\"antipop\"";
        String sub = "\"sub\":\"" + userId + "\"";
        List<Token> tokens = List.of(
                signed("expired", sub + "," + roles + "," + iss + ",\"exp\":" + (now - 3_600)),
                signed("expired long ago", sub + "," + roles + "," + iss + ",\"exp\":1"),
                signed(
                        "not yet valid",
                        sub + "," + roles + "," + iss + ",\"exp\":" + (now + 900) + ",\"nbf\":" + (now + 86_400)),
                signed("no exp", sub + "," + roles + "," + iss),
                signed("exp as string", sub + "," + roles + "," + iss + ",\"exp\":\"" + (now + 900) + "\""),
                signed("exp 1e400", sub + "," + roles + "," + iss + ",\"exp\":1e400"),
                signed("exp 25 digits", sub + "," + roles + "," + iss + ",\"exp\":9999999999999999999999999"),
                signed("exp negative", sub + "," + roles + "," + iss + ",\"exp\":-9223372036854775808"),
                signed(
                        "wrong issuer",
                        sub + "," + roles + ",\"iss\":\"evil\",\"aud\":\"antipop\",\"exp\":" + (now + 900)),
                signed(
                        "wrong audience",
                        sub + "," + roles + ",\"iss\":\"antipop\",\"aud\":\"evil\",\"exp\":" + (now + 900)),
                signed("no sub", roles + "," + iss + ",\"exp\":" + (now + 900)),
                signed("empty sub", "\"sub\":\"\"," + roles + "," + iss + ",\"exp\":" + (now + 900)),
                signed("sub as number", "\"sub\":42," + roles + "," + iss + ",\"exp\":" + (now + 900)),
                signed("roles as string", sub + ",\"roles\":\"admin\"," + iss + ",\"exp\":" + (now + 900)),
                signed("roles with null", sub + ",\"roles\":[null]," + iss + ",\"exp\":" + (now + 900)),
                signed("roles nested", sub + ",\"roles\":[[\"admin\"]]," + iss + ",\"exp\":" + (now + 900)),
                signed("claims an array", null),
                signed(
                        "claims nested deep",
                        sub + "," + roles + "," + iss + ",\"exp\":" + (now - 10) + ",\"x\":" + "[".repeat(2_000)
                                + "]".repeat(2_000)),
                signed("claims not JSON", "garbage"));
        return Arbitraries.of(tokens);
    }

    private static Arbitrary<Token> unsigned(String userId) {
        long exp = Instant.now().getEpochSecond() + 900;
        String claims = "{\"sub\":\"" + userId
                + "\",\"roles\":[\"admin\"],\"iss\":\"antipop\",\"aud\":\"antipop\",\"exp\":" + exp + "}";
        return Arbitraries.of("none", "None", "NONE", "nOnE")
                .flatMap(alg -> Arbitraries.of("", "AAAA", "x")
                        .map(sig -> new Token(
                                "alg " + alg + " signature '" + sig + "'",
                                b64("{\"alg\":\"" + alg + "\",\"kid\":\"" + KID + "\",\"typ\":\"JWT\"}") + "."
                                        + b64(claims) + "." + sig)));
    }

    private static Arbitrary<Token> otherKeyOrAlg(String userId) {
        long exp = Instant.now().getEpochSecond() + 900;
        String claims = "{\"sub\":\"" + userId
                + "\",\"roles\":[\"admin\"],\"iss\":\"antipop\",\"aud\":\"antipop\",\"exp\":" + exp + "}";
        Function<String, Token> withHeader = header -> {
            String input = b64(header) + "." + b64(claims);
            return new Token("header " + abbreviate(header), input + "." + B64.encodeToString(hmac(KEY, input)));
        };
        return Arbitraries.oneOf(
                Arbitraries.of(
                                "{\"alg\":\"HS512\",\"kid\":\"" + KID + "\"}",
                                "{\"alg\":\"RS256\",\"kid\":\"" + KID + "\"}",
                                "{\"alg\":\"HS256\"}",
                                "{\"alg\":\"HS256\",\"kid\":\"rogue\"}",
                                "{\"alg\":\"HS256\",\"kid\":\"../../" + KID + "\"}",
                                "{\"alg\":\"HS256\",\"kid\":\"" + "k".repeat(3_000) + "\"}",
                                "{\"alg\":\"HS256\",\"kid\":42}",
                                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"crit\":[\"exp\"]}",
                                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"b64\":false,\"crit\":[\"b64\"]}",
                                "{\"alg\":[\"HS256\"],\"kid\":\"" + KID + "\"}",
                                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"alg\":\"none\"}",
                                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"x\":" + "[".repeat(2_000)
                                        + "]".repeat(2_000) + "}",
                                "{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"x\":" + "9".repeat(3_000) + "}",
                                "{\"alg\":\"HS256\",\"kid\":\"\\udc00\"}",
                                "[]",
                                "\"HS256\"",
                                "{")
                        .map(withHeader),
                Arbitraries.bytes().array(byte[].class).ofSize(32).map(otherKey -> {
                    String input =
                            b64("{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"JWT\"}") + "." + b64(claims);
                    return new Token(
                            "signed with another key", input + "." + B64.encodeToString(hmac(otherKey, input)));
                }));
    }

    private static Arbitrary<Token> garbage() {
        Arbitrary<String> base64url = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('-', '_')
                .ofMinLength(0)
                .ofMaxLength(60);
        return Arbitraries.oneOf(
                Combinators.combine(base64url, base64url, base64url)
                        .as((a, b, c) -> new Token("random parts", a + "." + b + "." + c)),
                Arbitraries.strings()
                        .withCharRange('!', '~')
                        .withChars('é', 'ü', ' ')
                        .ofMinLength(0)
                        .ofMaxLength(200)
                        .map(s -> new Token("printable garbage", s)),
                Arbitraries.integers()
                        .between(8_193, 20_000)
                        .map(n -> new Token("over 8192 characters", "A".repeat(n))),
                Arbitraries.of("", ".", "..", "...", "a.b", "a.b.c.d.e", "null", "undefined")
                        .map(s -> new Token("shape '" + s + "'", s)));
    }

    /** A compact JWS over the given claims text (a JSON object's members, or raw text), signed with the real key. */
    private static Token signed(String label, String members) {
        String header = b64("{\"alg\":\"HS256\",\"kid\":\"" + KID + "\",\"typ\":\"JWT\"}");
        String claims;
        if (members == null) {
            claims = "[1,2]";
        } else if (members.equals("garbage")) {
            claims = "not json";
        } else {
            claims = "{" + members + "}";
        }
        String input = header + "." + b64(claims);
        return new Token("real key, " + label, input + "." + B64.encodeToString(hmac(KEY, input)));
    }

    /** A token the real key signs for {@code userId} with the given lifetime (a valid one, to build edits on). */
    static String valid(String userId, long ttlSeconds) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KID).build(),
                    new JWTClaimsSet.Builder()
                            .subject(userId)
                            .claim("roles", List.of("admin"))
                            .issuer("antipop")
                            .audience("antipop")
                            .expirationTime(Date.from(Instant.now().plusSeconds(ttlSeconds)))
                            .build());
            jwt.sign(new MACSigner(KEY));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
