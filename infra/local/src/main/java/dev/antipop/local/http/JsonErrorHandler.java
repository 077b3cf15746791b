package dev.antipop.local.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as API Gateway answers them: {@code {"message":"<reason phrase>"}} with {@code content-type:
 * application/json}, never Jetty's HTML page. It covers what Jetty answers before any handler runs (a request line or
 * URI it cannot parse, an ambiguous path, headers too large: {@link #badMessageError}) and errors raised while
 * handling ({@link #generateResponse}). Jetty's own detail text is not echoed: it may quote the client's input.
 */
public final class JsonErrorHandler extends ErrorHandler {

    /** The body for a status: {@code {"message":"Bad Request"}}. */
    public static byte[] body(int status) {
        // API Gateway's words where they differ from Jetty's reason phrases.
        String reason = switch (status) {
            case 413 -> "Request Entity Too Large";
            case 500 -> "Internal Server Error";
            default -> HttpStatus.getMessage(status);
        };
        return ("{\"message\":\"" + (reason == null ? "Error" : reason) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every method gets the JSON body. Jetty writes an error page for GET, POST and HEAD only and leaves a PUT, DELETE
     * or PATCH with an empty 400; API Gateway answers {@code {"message":...}} whatever the method.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status));
    }
}
