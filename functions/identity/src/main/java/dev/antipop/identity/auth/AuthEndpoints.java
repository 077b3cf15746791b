package dev.antipop.identity.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.auth.AccessTokens;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.CommandMeta;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.command.Validation;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.identity.IdentityCommands;
import dev.antipop.identity.user.UserState;
import dev.antipop.identity.users.UsersView;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.command.CommandGate;
import dev.antipop.runtime.command.CommandRequest;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpEndpoint;
import dev.antipop.runtime.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The request/response auth endpoints (they return tokens, so they are not fire-and-forget commands):
 *
 * <ul>
 *   <li>{@code POST /auth/register} {@code {"email","password","displayName"}} → 201 {@code
 *       {"ok":true,"userId","accessToken","tokenType":"Bearer","expiresIn"}}; 409 {@code conflict} for a taken email
 *   <li>{@code POST /auth/invites} (admin) → 201 {@code {"code","expiresAt"}}; with {@code INVITE_ONLY=true},
 *       register requires {@code "inviteCode"} (403 {@code invite_required} / {@code invite_invalid})
 *   <li>{@code POST /auth/login} {@code {"email","password"}} → 200 tokens; 401 {@code unauthorized} for an unknown
 *       email or a wrong password alike, in the same time (a decoy argon2id verification)
 *   <li>{@code POST /auth/refresh} {@code {"refreshToken"}} → 200 a new pair; 401 for an unknown, expired or reused
 *       token (reuse revokes the family)
 *   <li>{@code POST /auth/logout} (bearer) → 200; every refresh token of the caller stops working
 *   <li>{@code GET /auth/me} → 200 {@code {"userId","email","displayName","roles","version"}} from the users view
 * </ul>
 *
 * <p>Token answers are {@code {"ok","userId","accessToken","tokenType":"Bearer","expiresIn","refreshToken",
 * "refreshExpiresIn","roles"}}. {@code expiresIn} is in seconds (RFC 6749 §5.1). No response carries a password hash.
 */
public final class AuthEndpoints {

    private final IdentityCommands commands;
    private final UserDirectory directory;
    private final UsersView users;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final Authenticator authenticator;
    private final RefreshTokens refreshTokens;
    private final CommandGate gate;
    private final Invites invites;
    private final boolean inviteOnly;
    private final Supplier<String> ids;

    /** Wires the endpoints; every collaborator is built once per execution environment. */
    public AuthEndpoints(
            IdentityCommands commands,
            UserDirectory directory,
            UsersView users,
            PasswordHasher hasher,
            AccessTokens tokens,
            Authenticator authenticator,
            RefreshTokens refreshTokens,
            CommandGate gate,
            Invites invites,
            boolean inviteOnly,
            Supplier<String> ids) {
        this.commands = commands;
        this.directory = directory;
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.refreshTokens = refreshTokens;
        this.gate = gate;
        this.invites = invites;
        this.inviteOnly = inviteOnly;
        this.ids = ids;
    }

    /** {@code POST /auth/register}. */
    public Function<byte[], APIGatewayV2HTTPResponse> register() {
        return guarded(request -> {
            gate.admitAnonymous(request, "register");
            JsonNode body = request.jsonObjectBody(HttpRequest.MAX_BODY_BYTES);
            String correlationId = request.header("x-correlation-id")
                    .orElseGet(() -> UUID.randomUUID().toString());
            CommandMeta meta = new CommandMeta(ids.get(), null, correlationId, null, null);
            String invite = inviteOnly ? requiredInvite(body) : null;
            if (invite != null) {
                invites.redeem(invite, meta.commandId());
            }
            IdentityCommands.CreatedUser created;
            try {
                created = commands.createUser(new CommandRequest(null, body, meta));
            } catch (RuntimeException failed) {
                if (invite != null) {
                    invites.release(invite, meta.commandId());
                }
                throw failed;
            }
            APIGatewayV2HTTPResponse answer =
                    tokenResponse(201, created.userId(), created.roles(), refreshTokens.issue(created.userId()));
            return withPosition(
                    answer, created.result().stream(), created.result().lastVersion());
        });
    }

    /**
     * {@code POST /auth/invites} (bearer; {@code CREATE_INVITE} capability, admins) {@code {"ttlHours":72}} → 201
     * {@code {"ok":true,"code","expiresAt"}}: the only time the code is shown.
     */
    public Function<byte[], APIGatewayV2HTTPResponse> createInvite() {
        return guarded(request -> {
            Principal principal = authenticator.require(request);
            gate.authorize(principal, "CREATE_INVITE", Set.of("admin"));
            JsonNode body = request.bodyBytes().length == 0
                    ? EnvelopeJson.mapper().createObjectNode()
                    : request.jsonObjectBody(HttpRequest.MAX_BODY_BYTES);
            Validation v = Validation.of(body);
            long hours = body.has("ttlHours") ? v.requiredLong("ttlHours", 1, 24L * 30) : Invites.DEFAULT_TTL.toHours();
            v.throwIfInvalid();
            Invites.Invite invite = invites.create(principal.userId(), java.time.Duration.ofHours(hours));
            ObjectNode answer = EnvelopeJson.mapper().createObjectNode();
            answer.put("ok", true);
            answer.put("code", invite.code());
            answer.put("expiresAt", invite.expiresAt().toString());
            return ApiResponses.json(201, answer);
        });
    }

    private static String requiredInvite(JsonNode body) {
        JsonNode code = body.get("inviteCode");
        if (code == null || code.isNull() || code.asText().isBlank()) {
            throw new CommandException(
                    ErrorCode.INVITE_REQUIRED, "Registration requires an invite code", java.util.Map.of());
        }
        if (!code.isTextual() || code.asText().length() > 64) {
            throw new CommandException(
                    ErrorCode.INVITE_INVALID, "The invite code is unknown, expired or used", java.util.Map.of());
        }
        return code.asText();
    }

    /** {@code POST /auth/login}. */
    public Function<byte[], APIGatewayV2HTTPResponse> login() {
        return guarded(request -> {
            gate.admitAnonymous(request, "login");
            JsonNode body = request.jsonObjectBody(HttpRequest.MAX_BODY_BYTES);
            Validation v = Validation.of(body);
            String email = v.requiredEmail("email");
            String password = v.requiredString("password", 1, 128);
            v.throwIfInvalid();
            Optional<UserState> user = directory.findByEmail(email);
            boolean ok = user.isPresent()
                    ? hasher.verify(user.get().passwordHash(), password.toCharArray())
                    : hasher.verifyDecoy(password.toCharArray());
            if (!ok) {
                throw CommandException.unauthorized("Invalid email or password");
            }
            return tokenResponse(
                    200,
                    user.get().userId(),
                    user.get().roles(),
                    refreshTokens.issue(user.get().userId()));
        });
    }

    /** {@code POST /auth/refresh} {@code {"refreshToken"}}: rotates the token (see {@link RefreshTokens}). */
    public Function<byte[], APIGatewayV2HTTPResponse> refresh() {
        return guarded(request -> {
            gate.admitAnonymous(request, "refresh");
            JsonNode body = request.jsonObjectBody(HttpRequest.MAX_BODY_BYTES);
            Validation v = Validation.of(body);
            String presented = v.requiredString("refreshToken", 1, 128);
            v.throwIfInvalid();
            RefreshTokens.Rotation rotation = refreshTokens.rotate(presented);
            if (!rotation.ok()) {
                throw CommandException.unauthorized(
                        rotation.refusal() == RefreshTokens.Refusal.REUSED
                                ? "Refresh token was already used; every session of its family is revoked"
                                : "Refresh token is unknown or expired");
            }
            UserState user = directory
                    .findById(rotation.userId())
                    .orElseThrow(() -> CommandException.unauthorized("The token's user does not exist"));
            return tokenResponse(200, user.userId(), user.roles(), rotation.refreshToken());
        });
    }

    /** {@code POST /auth/logout} (bearer): revokes every refresh token family of the caller. */
    public Function<byte[], APIGatewayV2HTTPResponse> logout() {
        return guarded(request -> {
            Principal principal = authenticator.require(request);
            ObjectNode body = EnvelopeJson.mapper().createObjectNode();
            body.put("ok", true);
            body.put("revoked", refreshTokens.revokeUser(principal.userId()));
            return ApiResponses.json(200, body);
        });
    }

    /**
     * {@code GET /auth/me}. The token proves the user exists, so a profile the users view has not projected yet (right
     * after register) is waited for, at most {@link UsersView#MAX_WAIT}; then {@code 503} with {@code Retry-After}.
     */
    public Function<byte[], APIGatewayV2HTTPResponse> me() {
        return guarded(request -> {
            Principal principal = authenticator.require(request);
            Optional<ObjectNode> found = users.await(principal.userId(), UsersView.MAX_WAIT);
            if (found.isEmpty()) {
                APIGatewayV2HTTPResponse unavailable = ApiResponses.json(
                        503,
                        ApiResponses.errorBody(
                                ErrorCode.UNAVAILABLE,
                                "The profile of user " + principal.userId() + " is not projected yet; retry",
                                java.util.Map.of()));
                unavailable.getHeaders().put("retry-after", "1");
                return unavailable;
            }
            ObjectNode body = found.get();
            body.put("ok", true);
            return ApiResponses.json(200, body);
        });
    }

    /** Adds {@code "position":{"stream","version"}} (read-your-writes) to a JSON answer. */
    private static APIGatewayV2HTTPResponse withPosition(APIGatewayV2HTTPResponse answer, String stream, long version) {
        try {
            ObjectNode body = (ObjectNode) EnvelopeJson.mapper().readTree(answer.getBody());
            ObjectNode position = body.putObject("position");
            position.put("stream", stream);
            position.put("version", version);
            return ApiResponses.json(answer.getStatusCode(), body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Our own answer is not JSON", e);
        }
    }

    private APIGatewayV2HTTPResponse tokenResponse(int status, String userId, Set<String> roles, String refreshToken) {
        AccessTokens.IssuedToken token = tokens.issue(userId, roles);
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        body.put("userId", userId);
        body.put("accessToken", token.accessToken());
        body.put("tokenType", "Bearer");
        body.put("expiresIn", token.expiresInSeconds());
        body.put("refreshToken", refreshToken);
        body.put("refreshExpiresIn", refreshTokens.ttlSeconds());
        body.putPOJO("roles", List.copyOf(roles));
        return ApiResponses.json(status, body);
    }

    private static Function<byte[], APIGatewayV2HTTPResponse> guarded(
            Function<HttpRequest, APIGatewayV2HTTPResponse> endpoint) {
        return new HttpEndpoint("auth", endpoint);
    }
}
