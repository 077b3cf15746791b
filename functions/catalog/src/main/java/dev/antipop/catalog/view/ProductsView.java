package dev.antipop.catalog.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.catalog.product.ProductDecider;
import dev.antipop.catalog.product.ProductEvents;
import dev.antipop.catalog.product.ProductState;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.ViewStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The products read model ({@code PRODUCTS_TABLE}, key {@code productId}; GSI {@value #BY_BRAND}: {@code brandId},
 * {@code productId}): {@code brandId}, {@code status} ({@code draft} or {@code published}), {@code product} (the
 * product's details as JSON: name, description, variants with sku, price, options and stock), {@code createdAt},
 * {@code updatedAt} and the product stream's {@code version} it reflects.
 *
 * <p>The projection folds each event with the aggregate's own {@code evolve} ({@link ProductDecider}), so the view
 * cannot disagree with what commands decide on.
 */
public final class ProductsView {

    /** The index from a brand to its products. */
    public static final String BY_BRAND = "byBrand";

    /** {@code status} of a published product. */
    public static final String PUBLISHED = "published";

    /** {@code status} of a draft. */
    public static final String DRAFT = "draft";

    private final DynamoDbClient dynamoDb;
    private final ViewStore views;
    private final String table;
    private final ProductDecider decider = new ProductDecider();

    /** @param table the products table */
    public ProductsView(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.views = new ViewStore(dynamoDb);
        this.table = table;
    }

    /**
     * Applies one product event (version-conditional).
     *
     * @return whether the view changed
     */
    public boolean project(EventEnvelope envelope) {
        var event = ProductEvents.CODEC.fromEnvelope(envelope);
        Map<String, AttributeValue> key = Map.of("productId", AttributeValue.fromS(event.productId()));
        String at = envelope.timestamp().toString();
        return views.apply(table, key, envelope.version(), current -> {
            ProductState next = decider.evolve(state(current), event);
            Map<String, AttributeValue> item = new HashMap<>(current);
            item.put("updatedAt", AttributeValue.fromS(at));
            item.putIfAbsent("createdAt", AttributeValue.fromS(at));
            switch (next) {
                case ProductState.None none -> {}
                case ProductState.Draft(ProductState.Details details) -> write(item, DRAFT, details);
                case ProductState.Published(ProductState.Details details) -> write(item, PUBLISHED, details);
            }
            return item;
        });
    }

    /** The product as JSON with its {@code status}; empty when unknown. Who may see a draft is the caller's rule. */
    public Optional<ObjectNode> find(String productId) {
        return views.get(table, Map.of("productId", AttributeValue.fromS(productId)))
                .filter(item -> item.containsKey("product"))
                .map(ProductsView::json);
    }

    /**
     * A page of {@code brandId}'s products (the {@value #BY_BRAND} index, in product id order, which is creation
     * order for Snowflake ids of one length).
     *
     * @param drafts whether drafts are included (the brand's team) or only published products
     * @param start {@code ExclusiveStartKey}, null for the first page
     */
    public Page pageOfBrand(String brandId, boolean drafts, int limit, Map<String, AttributeValue> start) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(table)
                .indexName(BY_BRAND)
                .keyConditionExpression("brandId = :b")
                .limit(limit);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":b", AttributeValue.fromS(brandId)));
        if (!drafts) {
            request.filterExpression("#st = :published").expressionAttributeNames(Map.of("#st", "status"));
            values.put(":published", AttributeValue.fromS(PUBLISHED));
        }
        request.expressionAttributeValues(values);
        if (start != null && !start.isEmpty()) {
            request.exclusiveStartKey(start);
        }
        QueryResponse response = dynamoDb.query(request.build());
        return new Page(
                response.items().stream().map(ProductsView::json).toList(),
                response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
    }

    /** A page of every brand's published products (a Scan in table order). */
    public Page pageOfPublished(int limit, Map<String, AttributeValue> start) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(table)
                .limit(limit)
                .filterExpression("#st = :published")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":published", AttributeValue.fromS(PUBLISHED)));
        if (start != null && !start.isEmpty()) {
            request.exclusiveStartKey(start);
        }
        ScanResponse response = dynamoDb.scan(request.build());
        return new Page(
                response.items().stream().map(ProductsView::json).toList(),
                response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
    }

    private static ProductState state(Map<String, AttributeValue> item) {
        AttributeValue product = item.get("product");
        if (product == null) {
            return new ProductState.None();
        }
        ProductState.Details details;
        try {
            details = EnvelopeJson.mapper().readValue(product.s(), ProductState.Details.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Products view item " + item.get("productId") + " is not readable", e);
        }
        return PUBLISHED.equals(item.get("status").s())
                ? new ProductState.Published(details)
                : new ProductState.Draft(details);
    }

    private static void write(Map<String, AttributeValue> item, String status, ProductState.Details details) {
        item.put("brandId", AttributeValue.fromS(details.brandId()));
        item.put("status", AttributeValue.fromS(status));
        try {
            // Reservations name orders and only matter to the aggregate: the view keeps the stock they leave.
            item.put(
                    "product",
                    AttributeValue.fromS(EnvelopeJson.mapper().writeValueAsString(details.withoutReservations())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Product details do not serialise", e);
        }
    }

    private static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode details;
        try {
            details = (ObjectNode)
                    EnvelopeJson.mapper().readTree(item.get("product").s());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Products view item " + item.get("productId") + " is not readable", e);
        }
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("productId", item.get("productId").s());
        node.put("brandId", item.get("brandId").s());
        node.put("status", item.get("status").s());
        node.set("name", details.get("name"));
        node.set("description", details.get("description"));
        List<ObjectNode> variants = new ArrayList<>();
        details.path("variants").forEach(v -> variants.add((ObjectNode) v));
        node.putArray("variants").addAll(variants);
        node.put("createdAt", item.get("createdAt").s());
        node.put("updatedAt", item.get("updatedAt").s());
        node.put("version", Long.parseLong(item.get(ViewStore.VERSION).n()));
        return node;
    }
}
