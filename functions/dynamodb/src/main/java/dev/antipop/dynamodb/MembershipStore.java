package dev.antipop.dynamodb;

import dev.antipop.core.auth.Membership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The memberships read model ({@code MEMBERSHIPS_TABLE}): PK {@code userId} (S), SK {@code scope} (S,
 * {@code <scope>#<id>}, e.g. {@code brand#42}), attributes {@code role} (S), {@code version} (N, of the scope's stream
 * event it reflects) and {@code active} (BOOL). GSI {@code byScope}: PK {@code scope}, SK {@code userId}, projecting
 * all, for "who is on this brand's team".
 *
 * <p>Written only by context processors, through {@link ViewStore}: a withdrawal keeps the item as a tombstone
 * ({@code active = false}) so a late, older grant cannot bring it back. Readers ignore tombstones.
 */
public final class MembershipStore {

    /** The GSI from a scope instance to its members. */
    public static final String BY_SCOPE = "byScope";

    private final DynamoDbClient client;
    private final ViewStore views;
    private final String table;

    /**
     * @param client a shared client
     * @param table the memberships table name
     */
    public MembershipStore(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.views = new ViewStore(client);
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Records that {@code userId} holds {@code membership}, as of version {@code version} of the scope's stream.
     *
     * @return whether the item changed (false for a duplicate or stale event)
     */
    public boolean grant(String userId, Membership membership, long version) {
        return views.apply(table, key(userId, membership.scopeKey()), version, current -> {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("role", AttributeValue.fromS(membership.role()));
            item.put("active", AttributeValue.fromBool(true));
            return item;
        });
    }

    /**
     * Records that {@code userId} no longer belongs to {@code scope} {@code id}, as of version {@code version}.
     *
     * @return whether the item changed
     */
    public boolean withdraw(String userId, String scope, String id, long version) {
        return views.apply(table, key(userId, scope + "#" + id), version, current -> {
            Map<String, AttributeValue> item = new HashMap<>(current);
            item.put("active", AttributeValue.fromBool(false));
            return item;
        });
    }

    /** Every active membership of {@code userId} (one Query, all pages). */
    public List<Membership> ofUser(String userId) {
        List<Membership> memberships = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("userId = :u")
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = client.query(request.build());
            page.items().stream()
                    .map(MembershipStore::membership)
                    .flatMap(Optional::stream)
                    .forEach(memberships::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return memberships;
    }

    /** {@code userId}'s active membership of {@code scope} {@code id}, if any (one consistent GetItem). */
    public Optional<Membership> find(String userId, String scope, String id) {
        Map<String, AttributeValue> item = client.getItem(r ->
                        r.tableName(table).key(key(userId, scope + "#" + id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : membership(item);
    }

    /** The active members of {@code scope} {@code id}, as user id → role (the {@code byScope} index; eventually consistent). */
    public Map<String, String> members(String scope, String id) {
        Map<String, String> members = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(table)
                    .indexName(BY_SCOPE)
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", "scope"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(scope + "#" + id)));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = client.query(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                membership(item).ifPresent(m -> members.put(item.get("userId").s(), m.role()));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return members;
    }

    private static Optional<Membership> membership(Map<String, AttributeValue> item) {
        AttributeValue active = item.get("active");
        if (active == null || !Boolean.TRUE.equals(active.bool()) || !item.containsKey("role")) {
            return Optional.empty();
        }
        String scopeKey = item.get("scope").s();
        int hash = scopeKey.indexOf('#');
        return Optional.of(new Membership(
                scopeKey.substring(0, hash),
                scopeKey.substring(hash + 1),
                item.get("role").s()));
    }

    private static Map<String, AttributeValue> key(String userId, String scopeKey) {
        return Map.of("userId", AttributeValue.fromS(userId), "scope", AttributeValue.fromS(scopeKey));
    }
}
