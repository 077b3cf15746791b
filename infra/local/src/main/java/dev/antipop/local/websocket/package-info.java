/**
 * Emulation of an API Gateway WebSocket API and its {@code @connections} management API on one Jetty 12 port
 * ({@link dev.antipop.local.websocket.WebSocketApiEmulator}): {@code $connect} decides the handshake, messages are
 * routed by the route selection expression, {@code $disconnect} follows every close, API Gateway's frame, message,
 * idle and duration limits apply, and the AWS SDK's {@code ApiGatewayManagementApiClient} works against it unchanged.
 */
package dev.antipop.local.websocket;
