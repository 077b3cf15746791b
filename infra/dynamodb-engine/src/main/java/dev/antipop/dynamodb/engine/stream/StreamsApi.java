package dev.antipop.dynamodb.engine.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.dynamodb.engine.DynamoDbException;

/**
 * The DynamoDB Streams API ({@code DynamoDBStreams_20120810.*}: ListStreams, DescribeStream, GetShardIterator,
 * GetRecords) over {@link TableStreams}.
 *
 * <p>STUB: the stream package fills this in.
 */
public final class StreamsApi {

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
        throw DynamoDbException.unknownOperation("DynamoDB Streams is not implemented yet: " + operation + " on "
                + streams.getClass().getSimpleName());
    }
}
