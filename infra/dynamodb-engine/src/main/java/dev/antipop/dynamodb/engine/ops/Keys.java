package dev.antipop.dynamodb.engine.ops;

import dev.antipop.dynamodb.engine.DynamoDbException;
import dev.antipop.dynamodb.engine.table.IndexDefinition;
import dev.antipop.dynamodb.engine.table.Key;
import dev.antipop.dynamodb.engine.table.KeySchema;
import dev.antipop.dynamodb.engine.table.TableDefinition;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import dev.antipop.dynamodb.engine.value.ItemSize;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Key and item validation as DynamoDB answers it (API reference, PutItem/GetItem "Key", "Item"; developer guide,
 * "Service, account, and table quotas": partition key at most 2048 bytes, sort key at most 1024 bytes, item at most
 * 400 KB).
 */
final class Keys {

    /** The item size limit, 400 KB. */
    static final int MAX_ITEM_SIZE = 400 * 1024;

    private Keys() {}

    /** The key of a {@code Key} parameter, which must name exactly the table's key attributes with their types. */
    static Key fromKey(TableDefinition table, Map<String, AttributeValue> key) {
        if (key == null) {
            throw Requests.constraint(null, "Key", "Member must not be null");
        }
        KeySchema schema = table.key();
        int expected = schema.hasSortKey() ? 2 : 1;
        AttributeValue pk = key.get(schema.partitionKey());
        AttributeValue sk = schema.hasSortKey() ? key.get(schema.sortKey()) : null;
        if (key.size() != expected
                || pk == null
                || !pk.type().equals(schema.partitionType())
                || (schema.hasSortKey() && (sk == null || !sk.type().equals(schema.sortType())))) {
            throw DynamoDbException.validation("The provided key element does not match the schema");
        }
        checkKeyValue(schema.partitionKey(), pk, true);
        if (sk != null) {
            checkKeyValue(schema.sortKey(), sk, false);
            return Key.of(pk, sk);
        }
        return Key.of(pk);
    }

    /** The key of a whole {@code Item}, which must hold the key attributes with their types; also checks index keys. */
    static Key fromItem(TableDefinition table, Map<String, AttributeValue> item) {
        if (item == null) {
            throw Requests.constraint(null, "Item", "Member must not be null");
        }
        KeySchema schema = table.key();
        AttributeValue pk = itemKey(item, schema.partitionKey(), schema.partitionType());
        checkKeyValue(schema.partitionKey(), pk, true);
        Key key;
        if (schema.hasSortKey()) {
            AttributeValue sk = itemKey(item, schema.sortKey(), schema.sortType());
            checkKeyValue(schema.sortKey(), sk, false);
            key = Key.of(pk, sk);
        } else {
            key = Key.of(pk);
        }
        checkIndexKeys(table, item);
        return key;
    }

    /** The key attributes of an item as a map (for stream records and LastEvaluatedKey). */
    static Map<String, AttributeValue> keyAttributes(KeySchema schema, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>(2);
        key.put(schema.partitionKey(), item.get(schema.partitionKey()));
        if (schema.hasSortKey()) {
            key.put(schema.sortKey(), item.get(schema.sortKey()));
        }
        return key;
    }

    /** Checks the item size limit (after an update too). */
    static void checkItemSize(int size) {
        if (size > MAX_ITEM_SIZE) {
            throw DynamoDbException.validation("Item size has exceeded the maximum allowed size");
        }
    }

    /**
     * An index key attribute present in an item must have the type the index declares and must not be empty
     * (DynamoDB refuses the write rather than leaving the item out of the index).
     */
    static void checkIndexKeys(TableDefinition table, Map<String, AttributeValue> item) {
        for (IndexDefinition index : table.globalIndexes()) {
            checkIndexKey(index, index.key().partitionKey(), index.key().partitionType(), item);
            if (index.key().hasSortKey()) {
                checkIndexKey(index, index.key().sortKey(), index.key().sortType(), item);
            }
        }
        for (IndexDefinition index : table.localIndexes()) {
            checkIndexKey(index, index.key().sortKey(), index.key().sortType(), item);
        }
    }

    private static void checkIndexKey(
            IndexDefinition index, String attribute, String type, Map<String, AttributeValue> item) {
        AttributeValue value = item.get(attribute);
        if (value == null) {
            return;
        }
        if (!value.type().equals(type)) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for Index Key "
                    + attribute + " Expected: " + type + " Actual: " + value.type() + " IndexName: " + index.name());
        }
        if (isEmpty(value)) {
            throw DynamoDbException.validation("One or more parameter values are not valid. A value specified for a"
                    + " secondary index key is not supported. The AttributeValue for a key attribute cannot contain an"
                    + " empty " + (value instanceof AttributeValue.S ? "string" : "binary") + " value. IndexName: "
                    + index.name() + ", IndexKey: " + attribute);
        }
    }

    private static AttributeValue itemKey(Map<String, AttributeValue> item, String name, String type) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw DynamoDbException.validation(
                    "One or more parameter values were invalid: Missing the key " + name + " in the item");
        }
        if (!value.type().equals(type)) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Type mismatch for key "
                    + name + " expected: " + type + " actual: " + value.type());
        }
        return value;
    }

    private static void checkKeyValue(String name, AttributeValue value, boolean partition) {
        if (isEmpty(value)) {
            throw DynamoDbException.validation(
                    "One or more parameter values are not valid. The AttributeValue for a key"
                            + " attribute cannot contain an empty "
                            + (value instanceof AttributeValue.S ? "string" : "binary")
                            + " value. Key: " + name);
        }
        long size = ItemSize.valueSize(value);
        if (partition && size > 2048) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Size of hashkey has exceeded"
                    + " the maximum size limit of2048 bytes");
        }
        if (!partition && size > 1024) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Aggregated size of all range"
                    + " keys has exceeded the size limit of 1024 bytes");
        }
    }

    private static boolean isEmpty(AttributeValue value) {
        return (value instanceof AttributeValue.S s && s.value().isEmpty())
                || (value instanceof AttributeValue.B b && b.value().length() == 0);
    }
}
