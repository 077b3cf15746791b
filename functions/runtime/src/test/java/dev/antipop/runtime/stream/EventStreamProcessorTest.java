package dev.antipop.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.antipop.core.event.EventEnvelope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventStreamProcessorTest {

    /** A batch of INSERT records: stream a versions 1..3 and stream b versions 1..3, interleaved. */
    private static DynamodbEvent batch() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        int sequence = 100;
        for (int version = 1; version <= 3; version++) {
            for (String stream : List.of("a", "b")) {
                Map<String, AttributeValue> image = new HashMap<>();
                image.put("stream", new AttributeValue().withS(stream));
                image.put("version", new AttributeValue().withN(String.valueOf(version)));
                image.put("eventId", new AttributeValue().withS(String.valueOf(sequence)));
                image.put("type", new AttributeValue().withS("test.happened"));
                image.put("topic", new AttributeValue().withS("test." + stream));
                image.put("timestamp", new AttributeValue().withS("2026-11-22T19:00:00.000Z"));
                image.put("data", new AttributeValue().withS("{}"));
                image.put("meta", new AttributeValue().withS("{}"));
                DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
                record.setEventName("INSERT");
                record.setDynamodb(
                        new StreamRecord().withNewImage(image).withSequenceNumber(String.valueOf(sequence++)));
                records.add(record);
            }
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void eachStreamIsHandledInVersionOrder(int parallelism) {
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        StreamsEventResponse response = new EventStreamProcessor(
                        "test",
                        e -> seen.computeIfAbsent(e.stream(), k -> new CopyOnWriteArrayList<>())
                                .add(e.version()),
                        parallelism)
                .apply(batch());

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(seen).containsOnlyKeys("a", "b");
        assertThat(seen.get("a")).containsExactly(1L, 2L, 3L);
        assertThat(seen.get("b")).containsExactly(1L, 2L, 3L);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void theLowestFailedRecordIsReportedAndItsStreamStopsThere(int parallelism) {
        List<String> handled = new CopyOnWriteArrayList<>();
        StreamsEventResponse response = new EventStreamProcessor(
                        "test",
                        (EventEnvelope e) -> {
                            if (e.stream().equals("b") && e.version() == 2) {
                                throw new IllegalStateException("boom");
                            }
                            handled.add(e.stream() + e.version());
                        },
                        parallelism)
                .apply(batch());

        // b2 is the 4th record (sequence 103): Lambda redelivers from it, covering b3 which was never handled.
        assertThat(response.getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("103");
        assertThat(handled).contains("b1").doesNotContain("b2", "b3");
    }

    @Test
    void parallelismBelowOneIsRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EventStreamProcessor("x", e -> {}, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
