package dev.antipop.dynamodb.engine.stream;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Test helpers for the DynamoDB Streams SDK client. */
final class StreamsSdk {

    private StreamsSdk() {}

    static DynamoDbStreamsClient client(URI endpoint) {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** The first shard's id. */
    static String firstShard(DynamoDbStreamsClient streams, String arn) {
        return streams.describeStream(b -> b.streamArn(arn))
                .streamDescription()
                .shards()
                .getFirst()
                .shardId();
    }

    /** Every record of a stream's shard from TRIM_HORIZON, one GetRecords page after another until an empty page. */
    static List<Record> readAll(DynamoDbStreamsClient streams, String arn, String shardId) {
        String iterator = streams.getShardIterator(
                        b -> b.streamArn(arn).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> out = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            var page = streams.getRecords(b -> b.shardIterator(current));
            out.addAll(page.records());
            if (page.records().isEmpty()) {
                break;
            }
            iterator = page.nextShardIterator();
        }
        return out;
    }

    /** Reads a shard until {@code done} holds for the records seen, or fails after {@code timeout}. */
    static List<Record> readUntil(
            DynamoDbStreamsClient streams, String arn, String shardId, Predicate<List<Record>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Record> records = readAll(streams, arn, shardId);
            if (done.test(records)) {
                return records;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stream condition not met within " + timeout + "; records: " + records);
            }
            Thread.onSpinWait();
        }
    }
}
