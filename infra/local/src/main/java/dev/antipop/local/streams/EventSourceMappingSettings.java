package dev.antipop.local.streams;

import dev.antipop.local.template.DynamoDbEventSource;
import java.time.Duration;
import java.util.Objects;

/**
 * One DynamoDB Streams event source mapping: which stream feeds which function, and how (the properties of
 * {@code AWS::Lambda::EventSourceMapping} for stream sources, with Lambda's defaults and limits).
 *
 * @param mappingName a name for logs ({@code <function>.<event>})
 * @param functionName the mapped function
 * @param streamArn the stream's ARN
 * @param region the {@code awsRegion} every delivered record carries
 * @param startingPosition where a new mapping starts reading: the oldest record or the next new one
 * @param batchSize records per invocation at most (1..10000, default 100)
 * @param maximumBatchingWindow how long to gather records before invoking with fewer than {@code batchSize} (0..300 s)
 * @param maximumRetryAttempts retries of a failed batch before it is skipped; -1 = until the record expires (default)
 * @param bisectBatchOnFunctionError split a batch the function failed on in two before retrying
 * @param reportBatchItemFailures read {@code batchItemFailures} from the function's response
 * @param maximumRecordAge records older than this are skipped; {@code null} = no limit (Lambda's -1)
 * @param onFailureDestination the template's on-failure destination, or {@code null}; the local cloud logs the
 *     on-failure record instead of sending it there
 */
public record EventSourceMappingSettings(
        String mappingName,
        String functionName,
        String streamArn,
        String region,
        StartingPosition startingPosition,
        int batchSize,
        Duration maximumBatchingWindow,
        int maximumRetryAttempts,
        boolean bisectBatchOnFunctionError,
        boolean reportBatchItemFailures,
        Duration maximumRecordAge,
        String onFailureDestination) {

    /** Where a new mapping starts reading a shard. */
    public enum StartingPosition {
        /** The oldest record still in the stream (24 hours on AWS). */
        TRIM_HORIZON,
        /** Only records written after the mapping started. */
        LATEST
    }

    /** @throws IllegalArgumentException when a value is outside Lambda's limits */
    public EventSourceMappingSettings {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(startingPosition, "startingPosition");
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("BatchSize " + batchSize + " is outside 1..10000");
        }
        if (maximumRetryAttempts < -1 || maximumRetryAttempts > 10_000) {
            throw new IllegalArgumentException(
                    "MaximumRetryAttempts " + maximumRetryAttempts + " is outside -1..10000");
        }
        maximumBatchingWindow = maximumBatchingWindow == null ? Duration.ZERO : maximumBatchingWindow;
    }

    /**
     * Settings from a template's {@code Type: DynamoDB} event.
     *
     * @param functionName the function's resolved name
     * @param region the stack's region
     */
    public static EventSourceMappingSettings from(DynamoDbEventSource event, String functionName, String region) {
        return new EventSourceMappingSettings(
                event.functionLogicalId() + "." + event.eventName(),
                functionName,
                event.streamArn(),
                region,
                StartingPosition.valueOf(event.startingPosition()),
                event.batchSize(),
                Duration.ofSeconds(event.maximumBatchingWindowSeconds()),
                event.maximumRetryAttempts(),
                event.bisectBatchOnFunctionError(),
                event.reportBatchItemFailures(),
                event.maximumRecordAgeSeconds() < 0 ? null : Duration.ofSeconds(event.maximumRecordAgeSeconds()),
                event.onFailureDestination());
    }

    /**
     * Lambda's defaults for a mapping: batch size 100, no batching window, infinite retries, no bisect, no partial
     * batch responses, no record age limit.
     */
    public static EventSourceMappingSettings defaults(
            String functionName, String streamArn, String region, StartingPosition startingPosition) {
        return new EventSourceMappingSettings(
                functionName,
                functionName,
                streamArn,
                region,
                startingPosition,
                100,
                Duration.ZERO,
                -1,
                false,
                false,
                null,
                null);
    }

    /** A copy with another batch size. */
    public EventSourceMappingSettings withBatchSize(int size) {
        return new EventSourceMappingSettings(
                mappingName,
                functionName,
                streamArn,
                region,
                startingPosition,
                size,
                maximumBatchingWindow,
                maximumRetryAttempts,
                bisectBatchOnFunctionError,
                reportBatchItemFailures,
                maximumRecordAge,
                onFailureDestination);
    }

    /** A copy with other retry settings. */
    public EventSourceMappingSettings withRetries(int retryAttempts, boolean bisect, boolean reportItemFailures) {
        return new EventSourceMappingSettings(
                mappingName,
                functionName,
                streamArn,
                region,
                startingPosition,
                batchSize,
                maximumBatchingWindow,
                retryAttempts,
                bisect,
                reportItemFailures,
                maximumRecordAge,
                onFailureDestination);
    }

    /** A copy with another batching window. */
    public EventSourceMappingSettings withMaximumBatchingWindow(Duration window) {
        return new EventSourceMappingSettings(
                mappingName,
                functionName,
                streamArn,
                region,
                startingPosition,
                batchSize,
                window,
                maximumRetryAttempts,
                bisectBatchOnFunctionError,
                reportBatchItemFailures,
                maximumRecordAge,
                onFailureDestination);
    }

    /** A copy with another record age limit ({@code null} = none). */
    public EventSourceMappingSettings withMaximumRecordAge(Duration age) {
        return new EventSourceMappingSettings(
                mappingName,
                functionName,
                streamArn,
                region,
                startingPosition,
                batchSize,
                maximumBatchingWindow,
                maximumRetryAttempts,
                bisectBatchOnFunctionError,
                reportBatchItemFailures,
                age,
                onFailureDestination);
    }
}
