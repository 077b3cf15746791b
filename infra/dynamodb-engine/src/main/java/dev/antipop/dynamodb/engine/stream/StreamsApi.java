package dev.antipop.dynamodb.engine.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB Streams API ({@code DynamoDBStreams_20120810.*}: ListStreams, DescribeStream, GetShardIterator,
 * GetRecords) over {@link TableStreams}, with the request and response shapes, limits and errors of the DynamoDB
 * Streams API reference:
 *
 * <ul>
 *   <li>ListStreams: {@code TableName}, {@code Limit} (1–100, default 100), {@code ExclusiveStartStreamArn};
 *       answers {@code Streams} and {@code LastEvaluatedStreamArn} when there are more.
 *   <li>DescribeStream: {@code StreamArn}, {@code Limit} (1–100, default 100), {@code ExclusiveStartShardId};
 *       answers {@code StreamDescription} with {@code Shards} and {@code LastEvaluatedShardId} when there are more.
 *   <li>GetShardIterator: {@code TRIM_HORIZON}, {@code LATEST}, {@code AT_SEQUENCE_NUMBER},
 *       {@code AFTER_SEQUENCE_NUMBER}; a sequence number outside the shard is a {@code ValidationException}, one
 *       already trimmed a {@code TrimmedDataAccessException}.
 *   <li>GetRecords: {@code Limit} 1–1,000 (default 1,000) and at most 1 MB of records ({@code SizeBytes}, at least
 *       one record); {@code NextShardIterator} is absent once a closed shard is drained; an iterator older than 15
 *       minutes is an {@code ExpiredIteratorException}, one pointing at trimmed records a
 *       {@code TrimmedDataAccessException}.
 * </ul>
 *
 * <p>Unknown streams and shards are {@code ResourceNotFoundException}. Every error is a {@link DynamoDbException}
 * (HTTP 400) whose type the SDK's {@code DynamoDbStreamsClient} maps to its typed exception.
 */
public final class StreamsApi {

    /** GetRecords' maximum page: 1,000 records. */
    public static final int MAX_RECORDS = 1000;

    /** GetRecords' maximum page size: 1 MB of {@code SizeBytes}. */
    public static final long MAX_PAGE_BYTES = 1024 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TableStreams streams;

    /** @param streams the engine's streams */
    public StreamsApi(TableStreams streams) {
        this.streams = streams;
    }

    /**
     * Answers one Streams operation.
     *
     * @param operation the name after {@code DynamoDBStreams_20120810.}
     * @param request the request body
     * @return the response body
     * @throws DynamoDbException {@code UnknownOperationException} for an operation it does not serve, and the
     *     operation's documented errors
     */
    public JsonNode handle(String operation, ObjectNode request) {
        return switch (operation) {
            case "ListStreams" -> listStreams(request);
            case "DescribeStream" -> describeStream(request);
            case "GetShardIterator" -> getShardIterator(request);
            case "GetRecords" -> getRecords(request);
            default -> throw DynamoDbException.unknownOperation("Unknown operation: " + operation);
        };
    }

    private ObjectNode listStreams(ObjectNode request) {
        String tableName = text(request, "TableName", "tableName", false);
        int limit = limit(request, 100, 100);
        String start = text(request, "ExclusiveStartStreamArn", "exclusiveStartStreamArn", false);
        List<TableStream> found = streams.list(tableName, start);
        ObjectNode response = NODES.objectNode();
        ArrayNode list = response.putArray("Streams");
        for (int i = 0; i < Math.min(limit, found.size()); i++) {
            TableStream stream = found.get(i);
            list.addObject()
                    .put("StreamArn", stream.streamArn)
                    .put("TableName", stream.tableName)
                    .put("StreamLabel", stream.streamLabel);
        }
        if (found.size() > limit) {
            response.put("LastEvaluatedStreamArn", found.get(limit - 1).streamArn);
        }
        return response;
    }

    private ObjectNode describeStream(ObjectNode request) {
        String arn = text(request, "StreamArn", "streamArn", true);
        int limit = limit(request, 100, 100);
        String start = text(request, "ExclusiveStartShardId", "exclusiveStartShardId", false);
        TableStream stream = stream(arn);
        List<TableStream.ShardView> shards = stream.shardViews();
        int from = 0;
        if (start != null) {
            from = shards.size();
            for (int i = 0; i < shards.size(); i++) {
                if (shards.get(i).shardId().equals(start)) {
                    from = i + 1;
                    break;
                }
                if (shards.get(i).shardId().compareTo(start) > 0) {
                    // The start shard is gone (trimmed): continue with the shards created after it.
                    from = i;
                    break;
                }
            }
        }
        ObjectNode response = NODES.objectNode();
        ObjectNode description = response.putObject("StreamDescription");
        description.put("StreamArn", stream.streamArn);
        description.put("StreamLabel", stream.streamLabel);
        description.put("StreamStatus", stream.status().name());
        description.put("StreamViewType", stream.viewType);
        description.put("CreationRequestDateTime", stream.creationMillis / 1000.0);
        description.put("TableName", stream.tableName);
        ArrayNode keySchema = description.putArray("KeySchema");
        for (TableStreams.KeySchemaElement element : stream.keySchema) {
            keySchema.addObject().put("AttributeName", element.attributeName()).put("KeyType", element.keyType());
        }
        ArrayNode list = description.putArray("Shards");
        int end = Math.min(shards.size(), from + limit);
        for (int i = from; i < end; i++) {
            TableStream.ShardView shard = shards.get(i);
            ObjectNode node = list.addObject();
            node.put("ShardId", shard.shardId());
            if (shard.parentShardId() != null) {
                node.put("ParentShardId", shard.parentShardId());
            }
            ObjectNode range = node.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", SequenceNumbers.format(shard.startingSequence()));
            if (shard.endingSequence() >= 0) {
                range.put("EndingSequenceNumber", SequenceNumbers.format(shard.endingSequence()));
            }
        }
        if (end < shards.size()) {
            description.put("LastEvaluatedShardId", shards.get(end - 1).shardId());
        }
        return response;
    }

    private ObjectNode getShardIterator(ObjectNode request) {
        String arn = text(request, "StreamArn", "streamArn", true);
        String shardId = text(request, "ShardId", "shardId", true);
        String type = text(request, "ShardIteratorType", "shardIteratorType", true);
        String sequenceNumber = text(request, "SequenceNumber", "sequenceNumber", false);
        if (!List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER")
                .contains(type)) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + type
                    + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
        }
        boolean bySequence = type.endsWith("_SEQUENCE_NUMBER");
        if (bySequence && sequenceNumber == null) {
            throw DynamoDbException.validation("Must specify a sequence number for " + type + " iterator type");
        }
        if (!bySequence && sequenceNumber != null) {
            throw DynamoDbException.validation("Must not specify a sequence number for " + type + " iterator type");
        }
        TableStream stream = stream(arn);
        long position = stream.withShard(shardId, shard -> {
            if (shard == null) {
                throw DynamoDbException.resourceNotFound(
                        "Requested resource not found: Shard does not exist: " + shardId);
            }
            return switch (type) {
                case "TRIM_HORIZON" -> shard.horizon();
                case "LATEST" -> shard.lastVisibleSequence() + 1;
                default -> {
                    long sequence = SequenceNumbers.parse(sequenceNumber);
                    if (sequence < shard.startingSequence
                            || (!shard.isOpen() && sequence > shard.endingSequence())
                            || (shard.isOpen() && sequence > shard.lastSequence())) {
                        throw DynamoDbException.validation(
                                "Invalid SequenceNumber " + sequenceNumber + " for shard " + shardId);
                    }
                    if (sequence < shard.horizon()) {
                        throw trimmed();
                    }
                    yield type.equals("AT_SEQUENCE_NUMBER") ? sequence : sequence + 1;
                }
            };
        });
        ObjectNode response = NODES.objectNode();
        response.put(
                "ShardIterator",
                ShardIterators.encode(
                        arn, shardId, position, streams.settings().clock().millis()));
        return response;
    }

    private ObjectNode getRecords(ObjectNode request) {
        String iterator = text(request, "ShardIterator", "shardIterator", true);
        if (iterator.isEmpty() || iterator.length() > 2048) {
            throw DynamoDbException.validation("1 validation error detected: Value at 'shardIterator' failed to"
                    + " satisfy constraint: Member must have length between 1 and 2048");
        }
        int limit = limit(request, MAX_RECORDS, MAX_RECORDS);
        ShardIterators.Position at = ShardIterators.decode(iterator);
        long now = streams.settings().clock().millis();
        if (now - at.issuedMillis() > streams.settings().iteratorLifetime().toMillis()) {
            throw new DynamoDbException(
                    "ExpiredIteratorException",
                    "Iterator expired: the shard iterator was issued more than "
                            + streams.settings().iteratorLifetime().toMinutes() + " minutes ago",
                    400,
                    Map.of());
        }
        TableStream stream = stream(at.streamArn());
        String region = streams.settings().region();
        return stream.withShard(at.shardId(), shard -> {
            if (shard == null || at.position() < shard.horizon()) {
                throw trimmed();
            }
            List<StoredRecord> page = shard.read(at.position(), limit);
            ObjectNode response = NODES.objectNode();
            ArrayNode records = response.putArray("Records");
            long bytes = 0;
            long next = at.position();
            for (StoredRecord record : page) {
                if (!records.isEmpty() && bytes + record.sizeBytes() > MAX_PAGE_BYTES) {
                    break;
                }
                bytes += record.sizeBytes();
                records.add(RecordJson.write(record, region, stream.viewType));
                next = record.sequence() + 1;
            }
            boolean drained = !shard.isOpen()
                    && !shard.hasPending()
                    && shard.read(next, 1).isEmpty();
            if (!drained) {
                response.put("NextShardIterator", ShardIterators.encode(at.streamArn(), at.shardId(), next, now));
            }
            return response;
        });
    }

    private TableStream stream(String arn) {
        TableStream stream = streams.stream(arn);
        if (stream == null) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return stream;
    }

    private static DynamoDbException trimmed() {
        return new DynamoDbException(
                "TrimmedDataAccessException",
                "The operation attempted to read past the oldest stream record in a shard: the records were trimmed"
                        + " (older than the stream's retention)",
                400,
                Map.of());
    }

    private static String text(ObjectNode request, String field, String member, boolean required) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw DynamoDbException.validation("1 validation error detected: Value null at '" + member
                        + "' failed to satisfy constraint: Member must not be null");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: " + field + " must be a string");
        }
        return node.textValue();
    }

    private static int limit(ObjectNode request, int max, int fallback) {
        JsonNode node = request.get("Limit");
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw DynamoDbException.serialization("Unexpected value type in payload: Limit must be an integer");
        }
        int limit = node.intValue();
        if (limit < 1) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        if (limit > max) {
            throw DynamoDbException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to "
                    + max);
        }
        return limit;
    }
}
