package dev.antipop.runtime.command;

import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.dynamodb.RateLimiter;
import dev.antipop.runtime.http.HttpRequest;
import java.util.Optional;
import java.util.Set;

/**
 * What a request must pass before its command runs: the caller's rate limit ({@code 429 rate_limited} with {@code
 * Retry-After}) and the roles the command's descriptor asks for ({@code 403 forbidden}, {@link
 * dev.antipop.runtime.context.CommandSpec#allowsRoles}). This is the one role check of a command; rules about
 * ownership and membership are the decider's, which gets the resolved caller as input.
 *
 * <p>Callers are counted by user id, anonymous ones by the source IP API Gateway reports ({@code
 * requestContext.http.sourceIp}); the auth endpoints count by source IP too, which bounds password guessing per
 * address (OWASP Authentication Cheat Sheet, "Protect against automated attacks").
 */
public final class CommandGate {

    private final RateLimiter commands;
    private final RateLimiter auth;

    /**
     * @param commands the per-caller command counter; null disables it
     * @param auth the per-IP counter of the auth endpoints (tighter: each login costs an argon2id hash); null
     *     disables it
     */
    public CommandGate(RateLimiter commands, RateLimiter auth) {
        this.commands = commands;
        this.auth = auth;
    }

    /**
     * Admits {@code command} from {@code principal} (null: anonymous).
     *
     * @throws CommandException {@code rate_limited} or {@code forbidden}
     */
    public void admit(HttpRequest request, CommandDefinition command, Principal principal) {
        count(commands, principal == null ? "ip#" + sourceIp(request) : "user#" + principal.userId());
        if (principal != null && !command.spec().allowsRoles(principal.roles())) {
            throw CommandException.forbidden("Your roles do not allow " + command.name());
        }
    }

    /**
     * Checks that {@code principal} holds one of {@code roles} or is an admin (request/response endpoints such as
     * {@code POST /auth/invites}).
     *
     * @throws CommandException {@code forbidden}
     */
    public void authorize(Principal principal, String name, Set<String> roles) {
        if (!principal.hasRole("admin") && roles.stream().noneMatch(principal::hasRole)) {
            throw CommandException.forbidden("Your roles do not allow " + name);
        }
    }

    /**
     * Admits an anonymous request to an auth endpoint, counted per source IP and endpoint.
     *
     * @throws CommandException {@code rate_limited}
     */
    public void admitAnonymous(HttpRequest request, String endpoint) {
        count(auth, endpoint + "#ip#" + sourceIp(request));
    }

    private static void count(RateLimiter limiter, String key) {
        if (limiter == null) {
            return;
        }
        RateLimiter.Decision decision = limiter.acquire(key);
        if (!decision.allowed()) {
            throw CommandException.rateLimited(decision.retryAfterSeconds());
        }
    }

    private static String sourceIp(HttpRequest request) {
        return Optional.ofNullable(request.event().getRequestContext())
                .map(context -> context.getHttp())
                .map(http -> http.getSourceIp())
                .orElse("unknown");
    }
}
