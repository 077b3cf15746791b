package dev.antipop.local.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The view part of the {@link ConsistencyChecker}: view items against their streams' last versions. */
final class ViewCheck {

    private ViewCheck() {}

    /**
     * @return how many view items were matched to a stream and compared
     */
    static long run(
            DynamoDbClient client,
            Set<String> tables,
            Set<String> skip,
            Map<String, TreeMap<Long, StoredEvent>> streams,
            List<Violation> violations,
            List<Lag> lags) {
        // Streams by the id after their last '-': brand-42 → 42 (null when two streams share the id: ambiguous).
        Map<String, String> byId = new HashMap<>();
        for (String stream : streams.keySet()) {
            int dash = stream.lastIndexOf('-');
            if (dash >= 0) {
                String id = stream.substring(dash + 1);
                byId.merge(id, stream, (a, b) -> "");
            }
        }
        long compared = 0;
        for (String table : tables) {
            if (skip.contains(table)) {
                continue;
            }
            String partitionKey = null;
            boolean composite = false;
            for (Map<String, AttributeValue> item : TableScan.items(client, table)) {
                AttributeValue version = item.get("version");
                if (version == null || version.n() == null) {
                    continue;
                }
                if (partitionKey == null) {
                    partitionKey = ConsistencyChecker.partitionKey(client, table);
                    composite = ConsistencyChecker.hasSortKey(client, table);
                }
                // An item of a table with a sort key (memberships by user and scope, a user's notebooks) reflects
                // another aggregate's stream than its partition key names: only its own `stream` attribute says which.
                String stream = streamOf(item, composite ? null : partitionKey, streams, byId);
                if (stream == null) {
                    continue;
                }
                compared++;
                long at = Long.parseLong(version.n());
                long last = streams.get(stream).lastKey();
                String reader = table + "/" + keyText(item, partitionKey);
                if (at > last) {
                    violations.add(new Violation(
                            Violation.Kind.VIEW_AHEAD,
                            reader + " " + stream + ":" + at,
                            "view item beyond the stream's last version " + last));
                } else if (at < last) {
                    lags.add(new Lag(stream, reader, at, last));
                }
            }
        }
        return compared;
    }

    private static String streamOf(
            Map<String, AttributeValue> item,
            String partitionKey,
            Map<String, TreeMap<Long, StoredEvent>> streams,
            Map<String, String> byId) {
        AttributeValue named = item.get("stream");
        if (named != null && named.s() != null && streams.containsKey(named.s())) {
            return named.s();
        }
        String id = partitionKey == null ? null : keyText(item, partitionKey);
        String stream = id == null ? null : byId.get(id);
        return stream == null || stream.isEmpty() ? null : stream;
    }

    private static String keyText(Map<String, AttributeValue> item, String partitionKey) {
        AttributeValue key = item.get(partitionKey);
        if (key == null) {
            return null;
        }
        return key.s() != null ? key.s() : key.n();
    }
}
