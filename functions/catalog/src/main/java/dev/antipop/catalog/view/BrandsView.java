package dev.antipop.catalog.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.catalog.brand.BrandEvent;
import dev.antipop.catalog.brand.BrandEvents;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.ViewStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The brands read model ({@code BRANDS_TABLE}, key {@code brandId}): {@code ownerId}, {@code name}, {@code
 * description}, {@code moderators} (list of user ids), {@code createdAt}, {@code updatedAt}, {@code deleted} (a
 * tombstone: kept so a late event cannot bring the brand back, never answered) and the brand stream's {@code version}
 * it reflects. Pending invites are not in it: they are the owner's and the invitee's business (their events and
 * notifications).
 */
public final class BrandsView {

    private final DynamoDbClient dynamoDb;
    private final ViewStore views;
    private final String table;

    /** @param table the brands table */
    public BrandsView(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.views = new ViewStore(dynamoDb);
        this.table = table;
    }

    /**
     * Applies one brand event (version-conditional: a duplicate or stale event changes nothing).
     *
     * @return whether the view changed
     */
    public boolean project(EventEnvelope envelope) {
        BrandEvent event = BrandEvents.CODEC.fromEnvelope(envelope);
        Map<String, AttributeValue> key = Map.of("brandId", AttributeValue.fromS(event.brandId()));
        String at = envelope.timestamp().toString();
        return views.apply(table, key, envelope.version(), current -> {
            Map<String, AttributeValue> item = new HashMap<>(current);
            item.put("updatedAt", AttributeValue.fromS(at));
            TreeSet<String> moderators = new TreeSet<>(strings(item, "moderators"));
            switch (event) {
                case BrandEvent.BrandCreated created -> {
                    item.put("ownerId", AttributeValue.fromS(created.ownerId()));
                    item.put("name", AttributeValue.fromS(created.name()));
                    putText(item, "description", created.description());
                    item.put("createdAt", AttributeValue.fromS(at));
                }
                case BrandEvent.BrandUpdated updated -> {
                    item.put("name", AttributeValue.fromS(updated.name()));
                    putText(item, "description", updated.description());
                }
                case BrandEvent.BrandDeleted deleted -> item.put("deleted", AttributeValue.fromBool(true));
                case BrandEvent.ModeratorInviteAccepted accepted -> moderators.add(accepted.userId());
                case BrandEvent.ModeratorRemoved removed -> moderators.remove(removed.userId());
                case BrandEvent.ModeratorInvited invited -> {}
                case BrandEvent.ModeratorInviteDeclined declined -> {}
                case BrandEvent.ModeratorInviteRevoked revoked -> {}
            }
            item.put(
                    "moderators",
                    AttributeValue.fromL(
                            moderators.stream().map(AttributeValue::fromS).toList()));
            return item;
        });
    }

    /** The brand as JSON; empty when unknown or deleted. */
    public Optional<ObjectNode> find(String brandId) {
        return views.get(table, Map.of("brandId", AttributeValue.fromS(brandId)))
                .filter(BrandsView::live)
                .map(BrandsView::json);
    }

    /**
     * A page of live brands (a Scan: brands are listed in the table's order). A page may hold fewer than {@code limit}
     * brands, even none, and still have a next one: DynamoDB applies the tombstone filter after the limit.
     *
     * @param start where to start ({@code ExclusiveStartKey}); null for the first page
     */
    public Page page(int limit, Map<String, AttributeValue> start) {
        ScanRequest.Builder request = ScanRequest.builder().tableName(table).limit(limit);
        if (start != null && !start.isEmpty()) {
            request.exclusiveStartKey(start);
        }
        ScanResponse response = dynamoDb.scan(request.build());
        List<ObjectNode> items = new ArrayList<>();
        response.items().stream().filter(BrandsView::live).map(BrandsView::json).forEach(items::add);
        return new Page(items, response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
    }

    private static boolean live(Map<String, AttributeValue> item) {
        AttributeValue deleted = item.get("deleted");
        return item.containsKey("name") && (deleted == null || !Boolean.TRUE.equals(deleted.bool()));
    }

    private static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("brandId", item.get("brandId").s());
        node.put("ownerId", text(item, "ownerId"));
        node.put("name", text(item, "name"));
        node.put("description", text(item, "description"));
        ArrayNode moderators = node.putArray("moderators");
        strings(item, "moderators").forEach(moderators::add);
        node.put("createdAt", text(item, "createdAt"));
        node.put("updatedAt", text(item, "updatedAt"));
        node.put("version", Long.parseLong(item.get(ViewStore.VERSION).n()));
        return node;
    }

    private static void putText(Map<String, AttributeValue> item, String name, String value) {
        if (value == null) {
            item.remove(name);
        } else {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL()
                ? List.of()
                : value.l().stream().map(AttributeValue::s).toList();
    }
}
