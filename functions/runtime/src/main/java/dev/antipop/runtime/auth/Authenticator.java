package dev.antipop.runtime.auth;

import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.InvalidTokenException;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.runtime.http.HttpRequest;
import java.util.Optional;

/**
 * Authenticates HTTP requests by their {@code Authorization: Bearer} access token (RFC 6750), verified by
 * {@link AccessTokens}. Errors are {@code 401 unauthorized}; the reason is given to the client because it names a
 * property of the token the client sent (expired, unknown key, ...), never a secret.
 */
public final class Authenticator {

    private final AccessTokens tokens;

    /** @param tokens the verifier configured with every accepted signing key */
    public Authenticator(AccessTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * The caller, who must present a valid token.
     *
     * @throws CommandException {@code unauthorized} when the token is missing or invalid
     */
    public Principal require(HttpRequest request) {
        return optional(request).orElseThrow(() -> CommandException.unauthorized("A bearer access token is required"));
    }

    /**
     * The caller if a token is presented. A token that is presented but invalid is still an error: silently
     * treating it as anonymous would hide an expired session from the client.
     *
     * @throws CommandException {@code unauthorized} when a token is present but invalid
     */
    public Optional<Principal> optional(HttpRequest request) {
        Optional<String> token = request.bearerToken();
        if (token.isEmpty()) {
            if (request.header("authorization").isPresent()) {
                throw CommandException.unauthorized("Authorization header must be 'Bearer <token>'");
            }
            return Optional.empty();
        }
        return Optional.of(verify(token.get()));
    }

    /**
     * Verifies a raw token (for example from a WebSocket {@code ?token=}).
     *
     * @throws CommandException {@code unauthorized} with the reason
     */
    public Principal verify(String token) {
        try {
            return tokens.verify(token);
        } catch (InvalidTokenException e) {
            throw CommandException.unauthorized("Invalid access token: " + e.getMessage());
        }
    }
}
