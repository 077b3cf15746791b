package dev.antipop.runtime.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.EventItems;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes event envelopes from DynamoDB Streams records of an events table (stream view type {@code NEW_IMAGE} or
 * {@code NEW_AND_OLD_IMAGES}).
 *
 * <p>Events are append-only, so only {@code INSERT} records carry events; {@code MODIFY} and {@code REMOVE} (a
 * table maintenance or TTL delete) are not events and decode to empty.
 */
public final class StreamEvents {

    private StreamEvents() {}

    /**
     * The envelope an {@code INSERT} record carries.
     *
     * @throws IllegalArgumentException when an INSERT record lacks the image or an envelope attribute (the stream is
     *     not an events table, or its view type omits new images)
     */
    public static Optional<EventEnvelope> envelope(DynamodbEvent.DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName())) {
            return Optional.empty();
        }
        if (record.getDynamodb() == null || record.getDynamodb().getNewImage() == null) {
            throw new IllegalArgumentException("INSERT record " + record.getEventID()
                    + " has no NewImage; the events table stream must be NEW_IMAGE or NEW_AND_OLD_IMAGES");
        }
        return Optional.of(EventItems.fromItem(toSdk(record.getDynamodb().getNewImage())));
    }

    /** The record's sequence number: the {@code itemIdentifier} of a batch item failure. */
    public static String sequenceNumber(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }

    /**
     * Converts an image of the Lambda events model to the AWS SDK v2 model, for the scalar and document types an
     * events item uses (S, N, BOOL, NULL, M, L, SS, NS).
     */
    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(
            Map<String, AttributeValue> image) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out = new HashMap<>();
        image.forEach((name, value) -> out.put(name, toSdk(value)));
        return out;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
        var builder = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (value.getS() != null) {
            return builder.s(value.getS()).build();
        }
        if (value.getN() != null) {
            return builder.n(value.getN()).build();
        }
        if (value.getBOOL() != null) {
            return builder.bool(value.getBOOL()).build();
        }
        if (Boolean.TRUE.equals(value.getNULL())) {
            return builder.nul(true).build();
        }
        if (value.getM() != null) {
            return builder.m(toSdk(value.getM())).build();
        }
        if (value.getL() != null) {
            return builder.l(value.getL().stream().map(StreamEvents::toSdk).toList())
                    .build();
        }
        if (value.getSS() != null) {
            return builder.ss(value.getSS()).build();
        }
        if (value.getNS() != null) {
            return builder.ns(value.getNS()).build();
        }
        throw new IllegalArgumentException("Unsupported attribute type in stream image: " + value);
    }
}
