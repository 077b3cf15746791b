package dev.antipop.local.streams;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * Measures a mapping's lag the way an operator would, through the Streams API and its own iterators: per shard, the
 * records after the delivered checkpoint. A shard with no checkpoint yet counts from the first record the poller read
 * from it; one it has not read from counts from its start ({@code TRIM_HORIZON}), or, when the mapping started at
 * {@code LATEST}, the records written since the mapping started (to the second).
 */
final class LagProbe {

    /** What the poller knows about one shard, published for the probe. */
    record ShardProgress(String shardId, String deliveredSequence, String firstReadSequence, boolean startedAtLatest) {}

    private final StreamSource source;
    private final String streamArn;
    private final Clock clock;

    LagProbe(StreamSource source, String streamArn, Clock clock) {
        this.source = source;
        this.streamArn = streamArn;
        this.clock = clock;
    }

    MappingLag measure(List<ShardProgress> shards, Instant mappingStarted) {
        long behind = 0;
        Instant oldest = null;
        for (ShardProgress shard : shards) {
            String iterator;
            Instant notBefore = null;
            if (shard.deliveredSequence() != null) {
                try {
                    iterator = source.iterator(
                            streamArn,
                            shard.shardId(),
                            ShardIteratorType.AFTER_SEQUENCE_NUMBER,
                            shard.deliveredSequence());
                } catch (TrimmedDataAccessException trimmed) {
                    // The checkpoint fell out of the 24 h retention: everything still in the shard is behind.
                    iterator = source.iterator(streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null);
                }
            } else if (shard.firstReadSequence() != null) {
                iterator = source.iterator(
                        streamArn, shard.shardId(), ShardIteratorType.AT_SEQUENCE_NUMBER, shard.firstReadSequence());
            } else {
                iterator = source.iterator(streamArn, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null);
                if (shard.startedAtLatest()) {
                    notBefore = mappingStarted.minusMillis(mappingStarted.toEpochMilli() % 1000);
                }
            }
            while (iterator != null && behind < MappingLag.COUNT_LIMIT) {
                GetRecordsResponse page =
                        source.records(iterator, (int) Math.min(1000, MappingLag.COUNT_LIMIT - behind));
                List<Record> records = page.records();
                if (records.isEmpty()) {
                    break;
                }
                for (Record record : records) {
                    Instant created = record.dynamodb().approximateCreationDateTime();
                    if (notBefore != null && created != null && created.isBefore(notBefore)) {
                        continue;
                    }
                    behind++;
                    if (created != null && (oldest == null || created.isBefore(oldest))) {
                        oldest = created;
                    }
                }
                iterator = page.nextShardIterator();
            }
        }
        if (behind == 0) {
            return MappingLag.NONE;
        }
        long age = oldest == null ? 0 : Math.max(0, clock.millis() - oldest.toEpochMilli());
        return new MappingLag(behind, behind >= MappingLag.COUNT_LIMIT, age);
    }
}
