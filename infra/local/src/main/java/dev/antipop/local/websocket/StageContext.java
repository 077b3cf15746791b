package dev.antipop.local.websocket;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the handshake, every connection and the management API of one stage share.
 *
 * @param spec the API
 * @param routeSelection the parsed route selection expression
 * @param connections the open (and just-accepted) connections
 * @param timers idle and maximum-duration timers
 * @param disconnects where {@code $disconnect} invocations run (one virtual thread each)
 */
record StageContext(
        WebSocketApiSpec spec,
        RouteSelectionExpression routeSelection,
        ConnectionRegistry connections,
        ScheduledExecutorService timers,
        ExecutorService disconnects) {}
