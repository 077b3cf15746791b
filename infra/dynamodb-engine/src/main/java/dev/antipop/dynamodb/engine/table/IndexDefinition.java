package dev.antipop.dynamodb.engine.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A secondary index as CreateTable/UpdateTable define it (API reference, {@code GlobalSecondaryIndex},
 * {@code LocalSecondaryIndex}, {@code Projection}).
 *
 * @param name the index name
 * @param global true for a GSI, false for an LSI
 * @param key the index key schema
 * @param projectionType {@code ALL}, {@code KEYS_ONLY} or {@code INCLUDE}
 * @param nonKeyAttributes for {@code INCLUDE}: the projected non-key attributes (else empty)
 * @param provisionedThroughput the index's ProvisionedThroughput as given (GSIs of provisioned tables), or null
 */
public record IndexDefinition(
        String name,
        boolean global,
        KeySchema key,
        String projectionType,
        List<String> nonKeyAttributes,
        JsonNode provisionedThroughput) {

    public IndexDefinition {
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
    }
}
