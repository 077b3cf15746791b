package dev.antipop.dynamodb.engine.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a table is, apart from its items: what CreateTable defined and what UpdateTable, UpdateTimeToLive and
 * TagResource changed since. Immutable; a change makes a new definition. Serialisable as JSON
 * ({@link TableDefinitionJson}) for durability.
 *
 * @param name the table name
 * @param tableId a UUID, fixed at creation
 * @param created the creation time
 * @param activeAt when the table turns from {@code CREATING} to {@code ACTIVE}
 * @param key the primary key schema
 * @param attributeDefinitions attribute name to scalar type, in the order given
 * @param billingMode {@code PROVISIONED} or {@code PAY_PER_REQUEST}
 * @param provisionedThroughput the ProvisionedThroughput as given, or null
 * @param localIndexes the LSIs
 * @param globalIndexes the GSIs
 * @param stream the stream settings (a disabled default when none)
 * @param timeToLive the TTL settings (disabled when none)
 * @param tags the tags, key to value, in the order added
 * @param sseSpecification the SSESpecification as given, or null
 * @param deletionProtection DeletionProtectionEnabled
 * @param tableClass {@code STANDARD} or {@code STANDARD_INFREQUENT_ACCESS}
 */
public record TableDefinition(
        String name,
        String tableId,
        Instant created,
        Instant activeAt,
        KeySchema key,
        Map<String, String> attributeDefinitions,
        String billingMode,
        JsonNode provisionedThroughput,
        List<IndexDefinition> localIndexes,
        List<IndexDefinition> globalIndexes,
        StreamSettings stream,
        TimeToLiveSettings timeToLive,
        Map<String, String> tags,
        JsonNode sseSpecification,
        boolean deletionProtection,
        String tableClass) {

    public TableDefinition {
        attributeDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(attributeDefinitions));
        localIndexes = List.copyOf(localIndexes);
        globalIndexes = List.copyOf(globalIndexes);
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /**
     * A table's stream settings (API reference, {@code StreamSpecification}; {@code LatestStreamArn},
     * {@code LatestStreamLabel}).
     *
     * @param enabled whether the stream is enabled
     * @param viewType the StreamViewType, or null when never enabled
     * @param latestStreamArn the latest stream's ARN (kept after disabling, as AWS shows it), or null
     * @param latestStreamLabel its label, or null
     */
    public record StreamSettings(boolean enabled, String viewType, String latestStreamArn, String latestStreamLabel) {
        /** No stream ever enabled. */
        public static final StreamSettings NONE = new StreamSettings(false, null, null, null);
    }

    /**
     * A table's TTL settings (API reference, {@code TimeToLiveSpecification}).
     *
     * @param enabled whether TTL is enabled
     * @param attributeName the TTL attribute (epoch seconds), or null when never set
     */
    public record TimeToLiveSettings(boolean enabled, String attributeName) {
        /** TTL never enabled. */
        public static final TimeToLiveSettings NONE = new TimeToLiveSettings(false, null);
    }

    /** The index with this name, LSI or GSI. */
    public Optional<IndexDefinition> index(String indexName) {
        for (IndexDefinition index : localIndexes) {
            if (index.name().equals(indexName)) {
                return Optional.of(index);
            }
        }
        for (IndexDefinition index : globalIndexes) {
            if (index.name().equals(indexName)) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    /** A copy with other global indexes and attribute definitions (UpdateTable). */
    public TableDefinition withGlobalIndexes(List<IndexDefinition> indexes, Map<String, String> definitions) {
        return new TableDefinition(
                name,
                tableId,
                created,
                activeAt,
                key,
                definitions,
                billingMode,
                provisionedThroughput,
                localIndexes,
                indexes,
                stream,
                timeToLive,
                tags,
                sseSpecification,
                deletionProtection,
                tableClass);
    }

    /** A copy with other stream settings. */
    public TableDefinition withStream(StreamSettings settings) {
        return new TableDefinition(
                name,
                tableId,
                created,
                activeAt,
                key,
                attributeDefinitions,
                billingMode,
                provisionedThroughput,
                localIndexes,
                globalIndexes,
                settings,
                timeToLive,
                tags,
                sseSpecification,
                deletionProtection,
                tableClass);
    }

    /** A copy with other TTL settings. */
    public TableDefinition withTimeToLive(TimeToLiveSettings settings) {
        return new TableDefinition(
                name,
                tableId,
                created,
                activeAt,
                key,
                attributeDefinitions,
                billingMode,
                provisionedThroughput,
                localIndexes,
                globalIndexes,
                stream,
                settings,
                tags,
                sseSpecification,
                deletionProtection,
                tableClass);
    }

    /** A copy with other tags. */
    public TableDefinition withTags(Map<String, String> newTags) {
        return new TableDefinition(
                name,
                tableId,
                created,
                activeAt,
                key,
                attributeDefinitions,
                billingMode,
                provisionedThroughput,
                localIndexes,
                globalIndexes,
                stream,
                timeToLive,
                newTags,
                sseSpecification,
                deletionProtection,
                tableClass);
    }

    /** A copy with other billing settings and deletion protection. */
    public TableDefinition withBilling(String mode, JsonNode throughput, boolean protection, String newClass) {
        return new TableDefinition(
                name,
                tableId,
                created,
                activeAt,
                key,
                attributeDefinitions,
                mode,
                throughput,
                localIndexes,
                globalIndexes,
                stream,
                timeToLive,
                tags,
                sseSpecification,
                protection,
                newClass);
    }
}
