package dev.antipop.local.streams;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Builds the chaos switch's poison record: an {@code INSERT} whose new image is no event envelope (no {@code version},
 * {@code type}, {@code data}), so every consumer fails on it. It goes at the end of a batch, with a sequence number
 * above the batch's last (the last one with a {@code 0} appended: ten times larger, unique in the batch), so the real
 * records before it can be checkpointed and only it is retried and finally skipped.
 */
final class PoisonRecords {

    private PoisonRecords() {}

    /** The batch with a poison record appended. */
    static List<Record> append(List<Record> batch) {
        String last = batch.get(batch.size() - 1).dynamodb().sequenceNumber();
        String sequence =
                isDigits(last) ? new BigInteger(last).multiply(BigInteger.TEN).toString() : last + "0";
        Map<String, AttributeValue> key =
                Map.of("stream", AttributeValue.fromS("chaos-poison"), "version", AttributeValue.fromN("0"));
        Record poison = Record.builder()
                .eventID("chaos-poison-" + sequence)
                .eventName(OperationType.INSERT)
                .eventVersion("1.1")
                .eventSource("aws:dynamodb")
                .dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(Instant.now())
                        .keys(key)
                        .newImage(Map.of(
                                "stream", AttributeValue.fromS("chaos-poison"),
                                "version", AttributeValue.fromN("0"),
                                "poison", AttributeValue.fromS("injected by --chaos; not an event envelope")))
                        .sequenceNumber(sequence)
                        .sizeBytes(64L)
                        .streamViewType(StreamViewType.NEW_IMAGE)
                        .build())
                .build();
        List<Record> poisoned = new ArrayList<>(batch);
        poisoned.add(poison);
        return poisoned;
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }
}
