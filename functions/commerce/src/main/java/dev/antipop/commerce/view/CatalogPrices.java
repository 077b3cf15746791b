package dev.antipop.commerce.view;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.commerce.Money;
import dev.antipop.core.event.EnvelopeJson;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the catalog's products view ({@code PRODUCTS_TABLE}, written by the catalog processor): the contract is its
 * item shape, {@code productId}, {@code brandId}, {@code status} ({@code published} or {@code draft}) and {@code
 * product}, the product's details as JSON with {@code variants.<variantId>.{sku, price{amount,currency}, stock}}.
 * Reads are strongly consistent; the view trails the catalog's commands by the processor's lag, which is why the
 * reservation itself (on the product's stream) has the last word on stock and availability.
 */
public final class CatalogPrices {

    /**
     * A variant on sale.
     *
     * @param published whether its product is published
     */
    public record Variant(
            String productId, String brandId, String variantId, String sku, Money price, boolean published) {}

    private final DynamoDbClient dynamoDb;
    private final String table;

    /**
     * @param table the catalog's products table; null in functions that never read it (only {@code ADD_CART_ITEM} and
     *     {@code CHECKOUT} have {@code PRODUCTS_TABLE}), where {@link #find} is a deployment error
     */
    public CatalogPrices(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The variant as the products view has it; empty when the product or the variant is unknown. */
    public Optional<Variant> find(String productId, String variantId) {
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("PRODUCTS_TABLE is not set for this function");
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                        .key(Map.of("productId", AttributeValue.fromS(productId)))
                        .consistentRead(true))
                .item();
        if (item == null || !item.containsKey("product") || !item.containsKey("status")) {
            return Optional.empty();
        }
        JsonNode product;
        try {
            product = EnvelopeJson.mapper().readTree(item.get("product").s());
        } catch (IOException e) {
            throw new IllegalStateException("Products view item " + productId + " is not readable", e);
        }
        JsonNode variant = product.path("variants").path(variantId);
        if (variant.isMissingNode() || variant.path("price").isMissingNode()) {
            return Optional.empty();
        }
        return Optional.of(new Variant(
                productId,
                item.get("brandId").s(),
                variantId,
                variant.path("sku").asText(),
                new Money(
                        variant.path("price").path("amount").asLong(),
                        variant.path("price").path("currency").asText()),
                "published".equals(item.get("status").s())));
    }
}
