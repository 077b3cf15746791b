package dev.antipop.local.streams;

import java.time.Instant;

/**
 * What Lambda sends to an event source mapping's on-failure destination when it skips a batch: which records of which
 * shard, and why. The local cloud logs it (as the JSON Lambda would send) instead of sending it.
 *
 * @param functionName the mapped function
 * @param streamArn the stream
 * @param shardId the shard the records came from
 * @param startSequenceNumber the first skipped record's sequence number
 * @param endSequenceNumber the last skipped record's sequence number
 * @param batchSize how many records were skipped
 * @param condition {@code RetryAttemptsExhausted} or {@code RecordAgeExceeded} (Lambda's values)
 * @param approximateInvokeCount how many times the function was invoked with these records
 * @param timestamp when the batch was skipped
 */
public record OnFailureRecord(
        String functionName,
        String streamArn,
        String shardId,
        String startSequenceNumber,
        String endSequenceNumber,
        int batchSize,
        String condition,
        int approximateInvokeCount,
        Instant timestamp) {}
