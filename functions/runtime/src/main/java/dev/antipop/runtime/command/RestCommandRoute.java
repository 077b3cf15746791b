package dev.antipop.runtime.command;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A REST write route that is a command in another form ({@code PUT /kv/{bucket}/{key}}, {@code POST /api/articles}):
 * it turns the request into the command's payload ({@code toPayload}: path parameters, the JSON body, headers such as
 * {@code If-Match}) and hands it to the command's {@link HttpCommandFunction}, so authentication, rate limits, roles,
 * the payload schema, idempotency ({@code Idempotency-Key}), correlation ({@code X-Correlation-Id}) and the {@code 202}
 * answer with its read-your-writes position are exactly those of {@code POST /commands/<name>}. The route is declared
 * in its context's descriptor as a {@code QuerySpec} with the method ({@code QuerySpec.route}), so the template test
 * checks it.
 */
public final class RestCommandRoute implements Function<HttpRequest, APIGatewayV2HTTPResponse> {

    private final HttpCommandFunction command;
    private final Function<HttpRequest, ObjectNode> toPayload;

    /**
     * @param command the command's function
     * @param toPayload builds the payload; throws {@code CommandException} for what the client got wrong
     */
    public RestCommandRoute(HttpCommandFunction command, Function<HttpRequest, ObjectNode> toPayload) {
        this.command = command;
        this.toPayload = toPayload;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(HttpRequest request) {
        ObjectNode payload = toPayload.apply(request);
        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.set("payload", payload);
        APIGatewayV2HTTPEvent original = request.event();
        Map<String, String> headers = new HashMap<>();
        if (original.getHeaders() != null) {
            original.getHeaders().forEach((name, value) -> {
                if (name != null && !name.equalsIgnoreCase("content-type")) {
                    headers.put(name, value);
                }
            });
        }
        headers.put("content-type", "application/json");
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion(original.getVersion())
                .withRouteKey(original.getRouteKey())
                .withRawPath(original.getRawPath())
                .withRawQueryString(original.getRawQueryString())
                .withHeaders(headers)
                .withQueryStringParameters(original.getQueryStringParameters())
                .withPathParameters(original.getPathParameters())
                .withRequestContext(original.getRequestContext())
                .withBody(body.toString())
                .withIsBase64Encoded(false)
                .build();
        return command.apply(event);
    }

    /** The request's JSON object body, or an empty object when it has none. */
    public static ObjectNode bodyOrEmpty(HttpRequest request) {
        if (request.bodyBytes().length == 0) {
            return EnvelopeJson.mapper().createObjectNode();
        }
        return (ObjectNode) request.jsonObjectBody(HttpRequest.MAX_BODY_BYTES);
    }
}
