package dev.antipop.commerce.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.commerce.order.OrderDecider;
import dev.antipop.commerce.order.OrderEvents;
import dev.antipop.commerce.order.OrderLine;
import dev.antipop.commerce.order.OrderState;
import dev.antipop.commerce.order.OrderState.Order;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.ViewStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The orders read models, written by the commerce processor only (version-conditional, {@link ViewStore}):
 *
 * <ul>
 *   <li>{@code ORDERS_TABLE}, key {@code orderId}, GSI {@value #BY_BUYER} ({@code buyerId}, {@code orderId}): the
 *       order folded with the aggregate's own {@code evolve} ({@link OrderDecider}), as JSON in {@code order}.
 *   <li>{@code BRAND_ORDERS_TABLE}, key {@code brandId}, {@code orderId}: each brand's part of the orders it has
 *       been confirmed in: status (its own {@code shipped}), its lines and subtotal, the buyer.
 * </ul>
 *
 * <p>Pages are newest first (Snowflake order ids of one length sort by time).
 */
public final class OrdersView {

    /** The index from a buyer to their orders. */
    public static final String BY_BUYER = "byBuyer";

    private final DynamoDbClient dynamoDb;
    private final ViewStore views;
    private final String orders;
    private final String brandOrders;
    private final OrderDecider decider = new OrderDecider();

    public OrdersView(DynamoDbClient dynamoDb, String orders, String brandOrders) {
        this.dynamoDb = dynamoDb;
        this.views = new ViewStore(dynamoDb);
        this.orders = orders;
        this.brandOrders = brandOrders;
    }

    /** Applies one order event to both views. */
    public void project(EventEnvelope envelope) {
        var event = OrderEvents.CODEC.fromEnvelope(envelope);
        String at = envelope.timestamp().toString();
        Order[] after = new Order[1];
        views.apply(orders, Map.of("orderId", AttributeValue.fromS(event.orderId())), envelope.version(), current -> {
            OrderState next = decider.evolve(state(current), event);
            Map<String, AttributeValue> item = new HashMap<>(current);
            item.put("updatedAt", AttributeValue.fromS(at));
            item.putIfAbsent("createdAt", AttributeValue.fromS(at));
            if (next instanceof Order order) {
                after[0] = order;
                item.put("buyerId", AttributeValue.fromS(order.buyerId()));
                item.put("order", AttributeValue.fromS(write(order)));
            }
            return item;
        });
        Order order = after[0] != null ? after[0] : find(event.orderId()).orElse(null);
        if (order == null || !order.everConfirmed()) {
            return;
        }
        for (String brandId : order.brandIds()) {
            Map<String, AttributeValue> key =
                    Map.of("brandId", AttributeValue.fromS(brandId), "orderId", AttributeValue.fromS(order.orderId()));
            views.apply(brandOrders, key, envelope.version(), current -> {
                Map<String, AttributeValue> item = new HashMap<>(current);
                item.put("updatedAt", AttributeValue.fromS(at));
                item.putIfAbsent("createdAt", AttributeValue.fromS(at));
                item.put("buyerId", AttributeValue.fromS(order.buyerId()));
                item.put("part", AttributeValue.fromS(brandPart(order, brandId).toString()));
                return item;
            });
        }
    }

    /** The order's state, if projected. */
    public Optional<Order> find(String orderId) {
        return views.get(orders, Map.of("orderId", AttributeValue.fromS(orderId)))
                .map(OrdersView::state)
                .filter(Order.class::isInstance)
                .map(Order.class::cast);
    }

    /** The order as its JSON answer, if projected. */
    public Optional<ObjectNode> json(String orderId) {
        return views.get(orders, Map.of("orderId", AttributeValue.fromS(orderId)))
                .filter(item -> item.containsKey("order"))
                .map(OrdersView::json);
    }

    /** A page of {@code buyerId}'s orders, newest first. */
    public Page pageOfBuyer(String buyerId, int limit, Map<String, AttributeValue> start) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(orders)
                .indexName(BY_BUYER)
                .keyConditionExpression("buyerId = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(buyerId)))
                .scanIndexForward(false)
                .limit(limit);
        if (start != null && !start.isEmpty()) {
            request.exclusiveStartKey(start);
        }
        QueryResponse response = dynamoDb.query(request.build());
        return new Page(
                response.items().stream().map(OrdersView::json).toList(),
                response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
    }

    /** A page of {@code brandId}'s part of its confirmed orders, newest first. */
    public Page pageOfBrand(String brandId, int limit, Map<String, AttributeValue> start) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(brandOrders)
                .keyConditionExpression("brandId = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(brandId)))
                .scanIndexForward(false)
                .limit(limit);
        if (start != null && !start.isEmpty()) {
            request.exclusiveStartKey(start);
        }
        QueryResponse response = dynamoDb.query(request.build());
        return new Page(
                response.items().stream().map(OrdersView::brandJson).toList(),
                response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
    }

    private static OrderState state(Map<String, AttributeValue> item) {
        AttributeValue order = item.get("order");
        if (order == null) {
            return new OrderState.None();
        }
        try {
            return EnvelopeJson.mapper().readValue(order.s(), Order.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Orders view item " + item.get("orderId") + " is not readable", e);
        }
    }

    private static String write(Order order) {
        try {
            return EnvelopeJson.mapper().writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An order does not serialise", e);
        }
    }

    /** The answer of {@code GET /orders/{id}} and of each item of {@code GET /orders}. */
    static ObjectNode json(Map<String, AttributeValue> item) {
        Order order = (Order) state(item);
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("orderId", order.orderId());
        node.put("buyerId", order.buyerId());
        node.put("status", order.status().wire());
        ArrayNode lines = node.putArray("lines");
        for (OrderLine line : order.lines()) {
            ObjectNode l = lines.addObject();
            l.setAll((ObjectNode) EnvelopeJson.mapper().valueToTree(line));
            l.put("reservation", reservation(order, line.line()));
        }
        node.set("total", EnvelopeJson.mapper().valueToTree(order.total()));
        node.putPOJO("brandIds", order.brandIds());
        node.put("paid", order.paid());
        node.putPOJO("shippedBrandIds", order.shipped());
        node.put("createdAt", item.get("createdAt").s());
        node.put("updatedAt", item.get("updatedAt").s());
        node.put("version", Long.parseLong(item.get(ViewStore.VERSION).n()));
        return node;
    }

    private static String reservation(Order order, int line) {
        if (order.released().contains(line)) {
            return "released";
        }
        if (order.failed().containsKey(line)) {
            return order.failed().get(line);
        }
        return order.reserved().contains(line) ? "reserved" : "pending";
    }

    private static ObjectNode brandPart(Order order, String brandId) {
        ObjectNode part = EnvelopeJson.mapper().createObjectNode();
        part.put(
                "status",
                order.shipped().contains(brandId) ? "shipped" : order.status().wire());
        part.set("lines", EnvelopeJson.mapper().valueToTree(order.linesOf(brandId)));
        part.set("subtotal", EnvelopeJson.mapper().valueToTree(order.subtotalOf(brandId)));
        part.put("paid", order.paid());
        return part;
    }

    private static ObjectNode brandJson(Map<String, AttributeValue> item) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("orderId", item.get("orderId").s());
        node.put("brandId", item.get("brandId").s());
        node.put("buyerId", item.get("buyerId").s());
        try {
            node.setAll(
                    (ObjectNode) EnvelopeJson.mapper().readTree(item.get("part").s()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Brand orders view item is not readable", e);
        }
        node.put("createdAt", item.get("createdAt").s());
        node.put("updatedAt", item.get("updatedAt").s());
        node.put("version", Long.parseLong(item.get(ViewStore.VERSION).n()));
        return node;
    }
}
