package dev.antipop.local.http;

import java.util.List;
import java.util.Map;

/**
 * What the HTTP API emulator read from one client request, before API Gateway turns it into an event.
 *
 * @param method the request method, upper case
 * @param path the decoded path, stage prefix included when the stage is not {@code $default} (API Gateway's
 *     {@code rawPath})
 * @param rawQueryString the query string as sent, without {@code ?}; empty when none
 * @param headers the request headers in arrival order, names as sent
 * @param body the request body; empty when none
 * @param protocol {@code HTTP/1.1} or {@code HTTP/2.0}
 * @param sourceIp the client's IP address
 */
record HttpApiRequest(
        String method,
        String path,
        String rawQueryString,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        String protocol,
        String sourceIp) {}
