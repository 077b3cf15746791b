package dev.antipop.local.streams.testfunctions;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.antipop.runtime.config.FunctionJsonConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A stream-mapped test function ({@code MAIN_CLASS=dev.antipop.local.streams.testfunctions.StreamTestFunctions},
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION=streamRecorder}): a {@code Function<DynamodbEvent, StreamsEventResponse>}
 * that writes what it processed into the table named by its environment variable {@code RESULTS_TABLE}, with an AWS
 * SDK client built the way production code builds one (no endpoint: the local cloud's {@code aws.endpointUrlDynamoDb}
 * points it at the DynamoDB engine).
 *
 * <p>Each source item's {@code behaviour} attribute decides what happens to it:
 *
 * <ul>
 *   <li>{@code ok} (or absent): processed;
 *   <li>{@code fail-once}: the first invocation that contains it throws (a function error: the batch is retried);
 *   <li>{@code report-once}: the first invocation that contains it reports it in {@code batchItemFailures};
 *   <li>{@code poison}: every invocation that contains it throws.
 * </ul>
 *
 * A {@code @SpringBootConfiguration} start class: with functional registration Spring Cloud Function 5.0.1 binds
 * {@code DynamodbEvent} with plain Jackson and {@code Records} comes out null (see the bench's {@code BenchFunctions}).
 *
 * <p>A processed record becomes a results item {@code {id: "<source id>#<n>", source: <source id>, eventName}}; an
 * invocation that throws writes nothing, so the results hold exactly the successful deliveries.
 */
@SpringBootConfiguration
@Import(FunctionJsonConfiguration.class)
@EnableAutoConfiguration
public class StreamTestFunctions {

    private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
    private static final AtomicLong DELIVERIES = new AtomicLong();

    /** The recorder; see the class comment. */
    @Bean
    public Function<DynamodbEvent, StreamsEventResponse> streamRecorder(Environment environment) {
        String resultsTable = environment.getRequiredProperty("RESULTS_TABLE");
        DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
        Function<DynamodbEvent, StreamsEventResponse> recorder = event -> {
            List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> processed =
                    new ArrayList<>();
            List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
            for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
                String id = record.getDynamodb().getKeys().get("id").getS();
                Map<String, AttributeValue> image = record.getDynamodb().getNewImage() != null
                        ? record.getDynamodb().getNewImage()
                        : record.getDynamodb().getOldImage();
                String behaviour = image != null && image.containsKey("behaviour")
                        ? image.get("behaviour").getS()
                        : "ok";
                if (!failures.isEmpty()) {
                    break;
                }
                switch (behaviour) {
                    case "poison" -> throw new IllegalStateException("poison record " + id);
                    case "fail-once" -> {
                        if (FAILED_ONCE.add(id)) {
                            throw new IllegalStateException("first delivery of " + id + " fails");
                        }
                    }
                    case "report-once" -> {
                        if (FAILED_ONCE.add(id)) {
                            failures.add(StreamsEventResponse.BatchItemFailure.builder()
                                    .withItemIdentifier(record.getDynamodb().getSequenceNumber())
                                    .build());
                            continue;
                        }
                    }
                    default -> {
                        // processed normally
                    }
                }
                processed.add(Map.of(
                        "id", s(id + "#" + DELIVERIES.incrementAndGet()),
                        "source", s(id),
                        "eventName", s(record.getEventName())));
            }
            processed.forEach(
                    item -> dynamoDb.putItem(b -> b.tableName(resultsTable).item(item)));
            return StreamsEventResponse.builder()
                    .withBatchItemFailures(failures)
                    .build();
        };
        return recorder;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue s(String value) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value);
    }
}
