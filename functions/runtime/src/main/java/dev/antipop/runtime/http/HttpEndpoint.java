package dev.antipop.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.antipop.core.command.CommandException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP API function whose client errors are answered, not thrown: a {@link CommandException} becomes the error
 * body of its code, and anything else is a fault of ours, logged with the request id and answered {@code 500
 * internal_error} without details (no stack trace reaches a client).
 */
public final class HttpEndpoint implements Function<byte[], APIGatewayV2HTTPResponse> {

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

    private final String name;
    private final Function<HttpRequest, APIGatewayV2HTTPResponse> handler;

    /**
     * @param name used in log lines
     * @param handler answers a request, throwing {@link CommandException} for what the client got wrong
     */
    public HttpEndpoint(String name, Function<HttpRequest, APIGatewayV2HTTPResponse> handler) {
        this.name = name;
        this.handler = handler;
    }

    /** Answers the event bytes Lambda delivers (see {@link HttpEvents} for why bytes). */
    @Override
    public APIGatewayV2HTTPResponse apply(byte[] event) {
        return apply(HttpEvents.decode(event));
    }

    /** Answers a decoded event. */
    public APIGatewayV2HTTPResponse apply(APIGatewayV2HTTPEvent event) {
        HttpRequest request = new HttpRequest(event);
        try {
            return handler.apply(request);
        } catch (CommandException e) {
            return ApiResponses.error(e);
        } catch (RuntimeException e) {
            log.error("{} failed unexpectedly (request {})", name, request.requestId(), e);
            return ApiResponses.internalError(request.requestId());
        }
    }
}
