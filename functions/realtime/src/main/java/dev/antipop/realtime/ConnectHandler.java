package dev.antipop.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.runtime.auth.Authenticator;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $connect} route of the WebSocket API (DESIGN.md section 5).
 *
 * <p>The client passes its access token as {@code ?token=<jwt>}, because browsers cannot set headers on a WebSocket
 * handshake. A valid token → the connection (with the token's roles, from which its capabilities are computed until a
 * role event changes them) and its implicit {@code user.<userId>.>} subscription are stored and the answer is 200. A
 * missing or invalid token → 401 and nothing is stored; API Gateway then refuses the handshake with that status. The
 * body is the HTTP API's error shape, {@code {"ok":false,"error":{"code":"unauthorized",...}}}.
 */
public final class ConnectHandler implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    /** The query string parameter that carries the access token. */
    public static final String TOKEN_PARAMETER = "token";

    private static final Logger log = LoggerFactory.getLogger(ConnectHandler.class);

    private final Authenticator authenticator;
    private final ConnectionRegistry registry;
    private final Clock clock;

    /**
     * @param authenticator verifies access tokens
     * @param registry stores the connection and its implicit subscription
     * @param clock the fallback connection time when the event lacks {@code connectedAt}
     */
    public ConnectHandler(Authenticator authenticator, ConnectionRegistry registry, Clock clock) {
        this.authenticator = authenticator;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2WebSocketResponse apply(APIGatewayV2WebSocketEvent event) {
        var context = event == null ? null : event.getRequestContext();
        String connectionId = context == null ? null : context.getConnectionId();
        if (connectionId == null || connectionId.isEmpty()) {
            // Only a hand-made event lacks it; API Gateway always sets it.
            return WebSocketResponses.error(
                    ErrorCode.VALIDATION_FAILED, "requestContext.connectionId is missing from the $connect event");
        }
        Map<String, String> query = event.getQueryStringParameters();
        String token = query == null ? null : query.get(TOKEN_PARAMETER);
        if (token == null || token.isBlank()) {
            return WebSocketResponses.error(
                    ErrorCode.UNAUTHORIZED, "An access token is required as the '" + TOKEN_PARAMETER + "' parameter");
        }
        Principal principal;
        try {
            principal = authenticator.verify(token);
        } catch (CommandException e) {
            return WebSocketResponses.error(e.code(), e.getMessage());
        }
        try {
            ConnectionRegistry.userSubjects(principal.userId());
        } catch (IllegalArgumentException e) {
            // Our own tokens never carry such a subject; refuse rather than store a widened implicit subscription.
            return WebSocketResponses.error(ErrorCode.FORBIDDEN, "The token's subject cannot own a connection");
        }
        Instant now = clock.instant();
        Instant connectedAt = context.getConnectedAt() > 0 ? Instant.ofEpochMilli(context.getConnectedAt()) : now;
        try {
            registry.register(
                    new Connection(
                            connectionId,
                            principal.userId(),
                            connectedAt,
                            connectedAt.plus(ConnectionRegistry.CONNECTION_LIFETIME),
                            context.getDomainName(),
                            context.getStage(),
                            principal.roles(),
                            0),
                    now);
        } catch (RuntimeException e) {
            log.error("$connect of {} failed to store the connection (request {})", connectionId, requestId(event), e);
            return WebSocketResponses.internalError(requestId(event));
        }
        log.info("Connected {} for user {}", connectionId, principal.userId());
        return WebSocketResponses.ok();
    }

    private static String requestId(APIGatewayV2WebSocketEvent event) {
        String id = event.getRequestContext().getRequestId();
        return id == null ? "-" : id;
    }
}
