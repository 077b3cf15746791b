package dev.antipop.local.testfunctions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;

/**
 * Test functions for the WebSocket API emulator: a functional start class
 * ({@code ApplicationContextInitializer<GenericApplicationContext>}, started by {@code FunctionalSpringApplication}).
 * Reference them with {@code MAIN_CLASS=dev.antipop.local.testfunctions.WebSocketTestFunctions} and
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION=<name>}:
 *
 * <ul>
 *   <li>{@code wsConnect} ({@code $connect}): 200 when the query has {@code token=good}, else 401.
 *   <li>{@code wsDefault} ({@code $default}): 200, body {@code {"echo":<body>,"connectionId":..,"routeKey":..,
 *       "greeting":<GREETING env>}}.
 *   <li>{@code wsSend} (custom route key {@code send}, e.g. on {@code {"action":"send",...}}): 200, body
 *       {@code {"sent":<body>,"routeKey":"send"}}.
 *   <li>{@code wsDisconnect} ({@code $disconnect}): records {@code connectionId}, {@code disconnectStatusCode} and
 *       {@code disconnectReason} in {@link #DISCONNECTS}; 200.
 * </ul>
 */
public class WebSocketTestFunctions implements ApplicationContextInitializer<GenericApplicationContext> {

    /** One map per {@code $disconnect} seen: connectionId, disconnectStatusCode, disconnectReason. */
    public static final BlockingQueue<Map<String, Object>> DISCONNECTS = new LinkedBlockingQueue<>();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void initialize(GenericApplicationContext context) {
        String greeting = context.getEnvironment().getProperty("GREETING", "");
        register(context, "wsConnect", APIGatewayV2WebSocketEvent.class, event -> {
            Map<String, String> query = event.getQueryStringParameters();
            boolean good = query != null && "good".equals(query.get("token"));
            return response(good ? 200 : 401, null);
        });
        register(context, "wsDefault", APIGatewayV2WebSocketEvent.class, event -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("echo", event.getBody());
            body.put("connectionId", event.getRequestContext().getConnectionId());
            body.put("routeKey", event.getRequestContext().getRouteKey());
            body.put("greeting", greeting);
            return response(200, body);
        });
        register(context, "wsSend", APIGatewayV2WebSocketEvent.class, event -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sent", event.getBody());
            body.put("routeKey", event.getRequestContext().getRouteKey());
            return response(200, body);
        });
        // A Map, not APIGatewayV2WebSocketEvent: that type has no disconnectStatusCode/disconnectReason fields.
        register(context, "wsDisconnect", Map.class, event -> {
            Map<?, ?> requestContext = (Map<?, ?>) event.get("requestContext");
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("connectionId", requestContext.get("connectionId"));
            seen.put("eventType", requestContext.get("eventType"));
            seen.put("disconnectStatusCode", requestContext.get("disconnectStatusCode"));
            seen.put("disconnectReason", requestContext.get("disconnectReason"));
            DISCONNECTS.add(seen);
            return response(200, null);
        });
    }

    private static <I> void register(
            GenericApplicationContext context,
            String name,
            Class<I> input,
            Function<I, APIGatewayV2WebSocketResponse> function) {
        context.registerBean(
                name,
                FunctionRegistration.class,
                () -> new FunctionRegistration<>(function, name)
                        .type(ResolvableType.forClassWithGenerics(
                                        Function.class, input, APIGatewayV2WebSocketResponse.class)
                                .getType()));
    }

    private static APIGatewayV2WebSocketResponse response(int status, Object body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(status);
        if (body != null) {
            try {
                response.setBody(JSON.writeValueAsString(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return response;
    }
}
