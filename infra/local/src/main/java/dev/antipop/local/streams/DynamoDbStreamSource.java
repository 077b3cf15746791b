package dev.antipop.local.streams;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** {@link StreamSource} over a real {@code DynamoDbStreamsClient} (the DynamoDB engine's, in the local cloud). */
public final class DynamoDbStreamSource implements StreamSource {

    /** GetRecords returns at most 1000 records per call (DynamoDB Streams API reference). */
    static final int MAX_RECORDS_PER_CALL = 1000;

    private final DynamoDbStreamsClient client;

    /** @param client a client built once and shared; not closed here */
    public DynamoDbStreamSource(DynamoDbStreamsClient client) {
        this.client = client;
    }

    @Override
    public List<Shard> shards(String streamArn) {
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            String exclusiveStart = start;
            DescribeStreamResponse page =
                    client.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
            shards.addAll(page.streamDescription().shards());
            start = page.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        return shards;
    }

    @Override
    public String iterator(String streamArn, String shardId, ShardIteratorType type, String sequenceNumber) {
        return client.getShardIterator(b -> b.streamArn(streamArn)
                        .shardId(shardId)
                        .shardIteratorType(type)
                        .sequenceNumber(sequenceNumber))
                .shardIterator();
    }

    @Override
    public GetRecordsResponse records(String iterator, int limit) {
        return client.getRecords(b -> b.shardIterator(iterator).limit(Math.min(limit, MAX_RECORDS_PER_CALL)));
    }
}
