package dev.antipop.identity.users;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.Polling;
import dev.antipop.dynamodb.ViewStore;
import dev.antipop.identity.user.UserEvent;
import dev.antipop.identity.user.UserEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The users read model (table {@code USERS_TABLE}, key {@code userId}): one item per user with {@code email},
 * {@code displayName}, {@code roles} (list), {@code createdAt} and the stream {@code version} it reflects. It never
 * holds the password hash; login reads credentials from the event store.
 *
 * <p>Writes go through {@link ViewStore}, conditional on the version, so an event applied twice or late changes
 * nothing.
 */
public final class UsersView {

    private final ViewStore views;
    private final String table;

    /**
     * @param views version-conditional writer
     * @param table the users table name
     */
    public UsersView(ViewStore views, String table) {
        this.views = views;
        this.table = table;
    }

    /**
     * Applies one identity event (the projection).
     *
     * @return whether the view changed (false for a duplicate or stale event, or one this view ignores)
     */
    public boolean project(EventEnvelope envelope) {
        UserEvent event = UserEvents.CODEC.fromEnvelope(envelope);
        Map<String, AttributeValue> key = Map.of("userId", AttributeValue.fromS(event.userId()));
        if (event instanceof UserEvent.UserProfileUpdated updated) {
            // Independent of the rest of the item: one conditional UpdateItem, no read.
            return views.set(
                    table, key, envelope.version(), Map.of("displayName", AttributeValue.fromS(updated.displayName())));
        }
        return views.apply(table, key, envelope.version(), current -> {
            Map<String, AttributeValue> item = new HashMap<>(current);
            item.putAll(key);
            switch (event) {
                case UserEvent.UserCreated created -> {
                    item.put("email", AttributeValue.fromS(created.email()));
                    item.put("displayName", AttributeValue.fromS(created.displayName()));
                    item.put("roles", roles(created.roles()));
                    item.put(
                            "createdAt",
                            AttributeValue.fromS(envelope.timestamp().toString()));
                }
                case UserEvent.UserRoleAdded added -> {
                    List<String> roles = new ArrayList<>(roles(item));
                    if (!roles.contains(added.role())) {
                        roles.add(added.role());
                    }
                    item.put("roles", roles(roles));
                }
                case UserEvent.UserRoleRemoved removed -> {
                    List<String> roles = new ArrayList<>(roles(item));
                    roles.remove(removed.role());
                    item.put("roles", roles(roles));
                }
                case UserEvent.UserProfileUpdated updated ->
                    item.put("displayName", AttributeValue.fromS(updated.displayName()));
            }
            return item;
        });
    }

    /** Longest wait for a profile not projected yet (DESIGN.md section 2: at most 5 s). */
    public static final java.time.Duration MAX_WAIT = java.time.Duration.ofSeconds(5);

    /**
     * The user as JSON, waiting up to {@code timeout} for the projection to create it ({@link Polling}).
     *
     * @return the user, or empty when it did not appear in time (or the thread was interrupted)
     */
    public Optional<ObjectNode> await(String userId, java.time.Duration timeout) {
        return Polling.until(() -> find(userId), timeout);
    }

    /** The user as JSON ({@code userId, email, displayName, roles, createdAt, version}); empty if not projected. */
    public Optional<ObjectNode> find(String userId) {
        return views.get(table, Map.of("userId", AttributeValue.fromS(userId))).map(item -> {
            ObjectNode node = EnvelopeJson.mapper().createObjectNode();
            node.put("userId", item.get("userId").s());
            node.put("email", text(item, "email"));
            node.put("displayName", text(item, "displayName"));
            ArrayNode roles = node.putArray("roles");
            roles(item).forEach(roles::add);
            node.put("createdAt", text(item, "createdAt"));
            node.put("version", Long.parseLong(item.get("version").n()));
            return node;
        });
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static List<String> roles(Map<String, AttributeValue> item) {
        AttributeValue roles = item.get("roles");
        return roles == null || !roles.hasL()
                ? List.of()
                : roles.l().stream().map(AttributeValue::s).toList();
    }

    private static AttributeValue roles(List<String> roles) {
        return AttributeValue.fromL(roles.stream().map(AttributeValue::fromS).toList());
    }
}
