package dev.antipop.runtime.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.antipop.core.event.EventEnvelope;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DynamoDB Streams consumer of an events table that reports partial batch failures (the template sets {@code
 * FunctionResponseTypes: [ReportBatchItemFailures]}).
 *
 * <p>Records are handled in order. At the first record whose handling throws, the processor stops and reports that
 * record's sequence number: Lambda then checkpoints before it and redelivers it and every later record of the batch
 * ("Configuring partial batch response with DynamoDB and Lambda"), so per-stream order holds and nothing after a
 * failure is applied early. Handlers must therefore be idempotent (projections are version-conditional).
 */
public final class EventStreamProcessor implements Function<DynamodbEvent, StreamsEventResponse> {

    private static final Logger log = LoggerFactory.getLogger(EventStreamProcessor.class);

    /** What a processor does with one event. */
    @FunctionalInterface
    public interface EventHandler {
        /** Applies one event; throwing reports it (and the rest of the batch) for redelivery. */
        void handle(EventEnvelope event) throws Exception;
    }

    private final String name;
    private final EventHandler handler;

    /**
     * @param name used in log lines (the function's name)
     * @param handler applied to every event of the batch, in order
     */
    public EventStreamProcessor(String name, EventHandler handler) {
        this.name = name;
        this.handler = handler;
    }

    @Override
    public StreamsEventResponse apply(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                Optional<EventEnvelope> envelope = StreamEvents.envelope(record);
                if (envelope.isPresent()) {
                    handler.handle(envelope.get());
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String sequenceNumber = StreamEvents.sequenceNumber(record);
                log.warn("{}: record {} failed; reporting it for redelivery", name, sequenceNumber, e);
                return StreamsEventResponse.builder()
                        .withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder()
                                .withItemIdentifier(sequenceNumber)
                                .build()))
                        .build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
