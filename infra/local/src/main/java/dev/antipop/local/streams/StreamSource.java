package dev.antipop.local.streams;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * The three DynamoDB Streams calls an event source mapping makes: DescribeStream (shards with their parent and
 * sequence number range), GetShardIterator and GetRecords. {@link DynamoDbStreamSource} makes them with the real
 * {@code DynamoDbStreamsClient}; tests use an in-memory stream.
 */
public interface StreamSource {

    /** Every shard of the stream (DescribeStream, all pages), parents before children. */
    List<Shard> shards(String streamArn);

    /**
     * A shard iterator (GetShardIterator).
     *
     * @param sequenceNumber for {@code AFTER_SEQUENCE_NUMBER} / {@code AT_SEQUENCE_NUMBER}, else {@code null}
     */
    String iterator(String streamArn, String shardId, ShardIteratorType type, String sequenceNumber);

    /**
     * Up to {@code limit} records from an iterator (GetRecords); {@code nextShardIterator} is {@code null} once a
     * closed shard has been read to its end.
     *
     * @throws software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException when the iterator is older than
     *     15 minutes
     */
    GetRecordsResponse records(String iterator, int limit);
}
