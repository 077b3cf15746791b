package dev.antipop.local.template;

import java.util.List;

/**
 * A table the template declares ({@code AWS::DynamoDB::Table} or {@code AWS::Serverless::SimpleTable}), resolved.
 *
 * @param logicalId the resource's logical id
 * @param tableName {@code TableName}, or {@code <stack name>-<logical id>} when the template leaves it to
 *     CloudFormation
 * @param attributeDefinitions {@code AttributeDefinitions}
 * @param keySchema {@code KeySchema} (HASH first, then an optional RANGE)
 * @param globalSecondaryIndexes {@code GlobalSecondaryIndexes}
 * @param localSecondaryIndexes {@code LocalSecondaryIndexes}
 * @param streamViewType {@code StreamSpecification.StreamViewType} ({@code NEW_IMAGE}, {@code OLD_IMAGE},
 *     {@code NEW_AND_OLD_IMAGES}, {@code KEYS_ONLY}), or {@code null} when the table has no stream
 * @param timeToLiveAttribute {@code TimeToLiveSpecification.AttributeName} when {@code Enabled}, else {@code null}
 */
public record TableDefinition(
        String logicalId,
        String tableName,
        List<Attribute> attributeDefinitions,
        List<Key> keySchema,
        List<Index> globalSecondaryIndexes,
        List<Index> localSecondaryIndexes,
        String streamViewType,
        String timeToLiveAttribute) {

    public TableDefinition {
        attributeDefinitions = List.copyOf(attributeDefinitions);
        keySchema = List.copyOf(keySchema);
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
        localSecondaryIndexes = List.copyOf(localSecondaryIndexes);
    }

    /**
     * One attribute definition.
     *
     * @param name attribute name
     * @param type {@code S}, {@code N} or {@code B}
     */
    public record Attribute(String name, String type) {}

    /**
     * One key schema element.
     *
     * @param name attribute name
     * @param keyType {@code HASH} or {@code RANGE}
     */
    public record Key(String name, String keyType) {}

    /**
     * A secondary index.
     *
     * @param name {@code IndexName}
     * @param keySchema its key schema
     * @param projectionType {@code ALL}, {@code KEYS_ONLY} or {@code INCLUDE}
     * @param nonKeyAttributes {@code NonKeyAttributes} for {@code INCLUDE}
     */
    public record Index(String name, List<Key> keySchema, String projectionType, List<String> nonKeyAttributes) {
        public Index {
            keySchema = List.copyOf(keySchema);
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }
    }
}
