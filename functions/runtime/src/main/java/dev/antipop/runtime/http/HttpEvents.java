package dev.antipop.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;

/**
 * Decodes the API Gateway payload format 2.0 event from the bytes Lambda delivers, with the serializer the Lambda
 * Java runtime itself uses for typed handlers.
 *
 * <p>Why HTTP functions take {@code byte[]} rather than {@code APIGatewayV2HTTPEvent}: Spring Cloud Function's AWS
 * adapter (5.0.1) treats an API Gateway request whose body is a JSON array, or which carries a client header named
 * {@code payload}, as a collection and invokes a typed function once per element — a client could turn any route
 * into a 500. With a {@code byte[]} input the adapter passes the event through untouched.
 */
public final class HttpEvents {

    private static final PojoSerializer<APIGatewayV2HTTPEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, HttpEvents.class.getClassLoader());

    private HttpEvents() {}

    /**
     * @param event the Lambda event JSON
     * @throws IllegalArgumentException when the bytes are not an API Gateway event (a wiring fault, not client input)
     */
    public static APIGatewayV2HTTPEvent decode(byte[] event) {
        try {
            return SERIALIZER.fromJson(new ByteArrayInputStream(event));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not an API Gateway HTTP API (payload 2.0) event", e);
        }
    }
}
