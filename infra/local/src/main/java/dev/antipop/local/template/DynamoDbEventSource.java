package dev.antipop.local.template;

/**
 * A function event of {@code Type: DynamoDB}: an event source mapping from a table's stream to the function, with the
 * properties SAM and {@code AWS::Lambda::EventSourceMapping} define.
 *
 * @param functionLogicalId the mapped function
 * @param eventName the event's key under {@code Events}
 * @param streamArn {@code Stream}, resolved (the stream ARN the DynamoDB engine reports)
 * @param startingPosition {@code TRIM_HORIZON} or {@code LATEST}
 * @param batchSize {@code BatchSize}: 1..10000, default 100
 * @param maximumBatchingWindowSeconds {@code MaximumBatchingWindowInSeconds}: 0..300, default 0
 * @param maximumRetryAttempts {@code MaximumRetryAttempts}: -1 (infinite, the default) or 0..10000
 * @param bisectBatchOnFunctionError {@code BisectBatchOnFunctionError}, default false
 * @param reportBatchItemFailures whether {@code FunctionResponseTypes} holds {@code ReportBatchItemFailures}
 * @param enabled {@code Enabled}, default true
 * @param maximumRecordAgeSeconds {@code MaximumRecordAgeInSeconds}: -1 (infinite, the default) or 60..604800
 * @param onFailureDestination {@code DestinationConfig.OnFailure.Destination}, or {@code null}
 * @param hasFilterCriteria whether the event declares {@code FilterCriteria} (not emulated: every record is delivered)
 */
public record DynamoDbEventSource(
        String functionLogicalId,
        String eventName,
        String streamArn,
        String startingPosition,
        int batchSize,
        int maximumBatchingWindowSeconds,
        int maximumRetryAttempts,
        boolean bisectBatchOnFunctionError,
        boolean reportBatchItemFailures,
        boolean enabled,
        int maximumRecordAgeSeconds,
        String onFailureDestination,
        boolean hasFilterCriteria) {}
