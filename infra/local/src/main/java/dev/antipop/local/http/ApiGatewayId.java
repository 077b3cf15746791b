package dev.antipop.local.http;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers shaped like API Gateway's request ids and WebSocket connection ids ({@code L0SM9cOFvHcCIhw=}): 16
 * characters, the base64 of 11 random bytes with its one {@code =} of padding. The URL-safe alphabet ({@code -} and
 * {@code _} for {@code +} and {@code /}) keeps a connection id usable as a path segment of
 * {@code /@connections/{id}}; clients still percent-encode the {@code =}.
 */
public final class ApiGatewayId {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder();

    private ApiGatewayId() {}

    /** A new random id, 16 characters ending in {@code =}. Not cryptographically strong; ids are not secrets. */
    public static String next() {
        byte[] bytes = new byte[11];
        ThreadLocalRandom.current().nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
