package dev.antipop.local.check;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reads a whole table: a consistent Scan, following {@code LastEvaluatedKey} page by page. */
final class TableScan {

    private TableScan() {}

    /** Every item of {@code table}. */
    static List<Map<String, AttributeValue>> items(DynamoDbClient client, String table) {
        return client.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
                .toList();
    }
}
