package dev.antipop.dynamodb.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Records prepared before a durable commit stay unreadable, in sequence order, until published. */
class PreparedRecordsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
    private final TableStreams streams =
            new TableStreams(StreamSettings.defaults("us-east-1").withClock(clock));
    private final String arn = streams.enable(
                    "T", "arn:aws:dynamodb:us-east-1:000000000000:table/T", "KEYS_ONLY", List.of(), clock.instant())
            .streamArn();

    private static ItemChange insert(String id) {
        return new ItemChange(
                "INSERT", Map.of("id", AttributeValue.s(id)), null, Map.of("id", AttributeValue.s(id)), false);
    }

    private List<String> readable() {
        String shard = streams.states().getFirst().shards().getFirst().shardId();
        List<String> ids = new ArrayList<>();
        for (StoredRecord record : streams.records(arn, shard)) {
            ids.add(((AttributeValue.S) record.keys().get("id")).value());
        }
        return ids;
    }

    @Test
    void aPreparedRecordHoldsBackLaterOnesUntilPublished() throws Exception {
        ItemChange first = insert("first");
        streams.prepare("T", first); // this thread's commit is "in flight"
        // Another thread writes a later record without waiting.
        CompletableFuture.runAsync(() -> streams.append("T", insert("second"))).get();
        assertThat(readable()).as("the later record waits for the earlier one").isEmpty();
        List<String> heard = new ArrayList<>();
        streams.addListener((streamArn, shardId, sequenceNumber) -> heard.add(sequenceNumber));
        streams.append("T", first);
        assertThat(readable()).containsExactly("first", "second");
        assertThat(heard).hasSize(1);
    }

    @Test
    void anAbortedRecordNeverAppears() {
        streams.prepare("T", insert("lost"));
        streams.abortPrepared();
        streams.append("T", insert("kept"));
        assertThat(readable()).containsExactly("kept");
    }

    @Test
    void aRecordPendingForSecondsIsPublishedByHousekeeping() {
        ItemChange orphan = insert("orphan");
        streams.prepare("T", orphan); // committed, but its append never comes
        streams.append("T", insert("later"));
        streams.maintain();
        assertThat(readable()).isEmpty();
        clock.advance(java.time.Duration.ofSeconds(6));
        streams.maintain();
        assertThat(readable()).containsExactly("orphan", "later");
        streams.append("T", orphan); // a late append publishes nothing twice
        assertThat(readable()).containsExactly("orphan", "later");
    }

    @Test
    void leftoversOfACommittedWriteArePublished() {
        streams.prepare("T", insert("committed"));
        streams.publishLeftovers();
        assertThat(readable()).containsExactly("committed");
    }
}
