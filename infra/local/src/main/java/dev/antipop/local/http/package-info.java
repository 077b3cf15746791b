/**
 * Emulation of an API Gateway HTTP API with Lambda proxy integrations, payload format 2.0:
 * {@link dev.antipop.local.http.HttpApiEmulator} (Jetty 12) selects a {@link dev.antipop.local.http.HttpRoute} as API
 * Gateway does, builds the {@code APIGatewayV2HTTPEvent} JSON, invokes the route's function and maps its output back
 * to HTTP, with API Gateway's errors (404, 413, 500, 503).
 */
package dev.antipop.local.http;
