package dev.antipop.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.runtime.config.FunctionJsonConfiguration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * No-op functions for {@code run-local bench}: {@code httpNoop} (200 {@code {}}), {@code wsConnect} (accepts every
 * client), {@code wsWhoAmI} (answers {@code {"connectionId":..}} on a two-way route), {@code wsDisconnect}, and
 * {@code streamNoop}, which notes when it saw each item (by its {@code id} key) in {@link #STREAM_ARRIVALS} so the
 * benchmark can time put → invoke.
 *
 * <p>A {@code @SpringBootConfiguration} start class, not functional registration: with an
 * {@code ApplicationContextInitializer} start class Spring Cloud Function 5.0.1 does not apply
 * {@code AWSCompanionAutoConfiguration}, so a {@code DynamodbEvent} input is bound by plain Jackson and its
 * {@code Records} (capitalised in Lambda's JSON) come out {@code null}.
 */
@SpringBootConfiguration
@Import(FunctionJsonConfiguration.class)
@EnableAutoConfiguration
public class BenchFunctions {

    /** {@code System.nanoTime()} at which {@code streamNoop} saw each item id. */
    public static final Map<String, Long> STREAM_ARRIVALS = new ConcurrentHashMap<>();

    /** 200 {@code {}}. */
    @Bean
    public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> httpNoop() {
        return event -> {
            APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
            response.setStatusCode(200);
            response.setHeaders(Map.of("content-type", "application/json"));
            response.setBody("{}");
            return response;
        };
    }

    /** Accepts every connection. */
    @Bean
    public Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> wsConnect() {
        return event -> webSocketResponse(null);
    }

    /** Answers the caller's connection id. */
    @Bean
    public Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> wsWhoAmI() {
        return event -> webSocketResponse(
                "{\"connectionId\":\"" + event.getRequestContext().getConnectionId() + "\"}");
    }

    /** Does nothing. */
    @Bean
    public Function<Map<String, Object>, APIGatewayV2WebSocketResponse> wsDisconnect() {
        return event -> webSocketResponse(null);
    }

    /** Notes the arrival time of each record's {@code id}. */
    @Bean
    public Function<DynamodbEvent, StreamsEventResponse> streamNoop() {
        return event -> {
            long now = System.nanoTime();
            event.getRecords()
                    .forEach(r -> STREAM_ARRIVALS.put(
                            r.getDynamodb().getKeys().get("id").getS(), now));
            return new StreamsEventResponse();
        };
    }

    private static APIGatewayV2WebSocketResponse webSocketResponse(String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        response.setBody(body);
        return response;
    }
}
