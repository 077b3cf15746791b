package dev.antipop.local.websocket;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of one stage by connection id: registered when the handshake is accepted (before the 101 goes out,
 * so a post racing the server-side open waits instead of seeing 410), removed when the connection closes.
 */
final class ConnectionRegistry {

    private final Map<String, WebSocketConnection> connections = new ConcurrentHashMap<>();

    void put(String connectionId, WebSocketConnection connection) {
        connections.put(connectionId, connection);
    }

    /** The connection, or null when unknown or gone. */
    WebSocketConnection get(String connectionId) {
        return connections.get(connectionId);
    }

    /** Removes whatever is registered under the id; the removed connection, or null. */
    WebSocketConnection remove(String connectionId) {
        return connections.remove(connectionId);
    }

    /** Removes the id only while it still maps to this connection. */
    boolean remove(String connectionId, WebSocketConnection connection) {
        return connections.remove(connectionId, connection);
    }

    /** A snapshot of the registered ids. */
    Set<String> ids() {
        return Set.copyOf(connections.keySet());
    }

    /** How many connections are registered. */
    int size() {
        return connections.size();
    }
}
