package dev.antipop.realtime;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import dev.antipop.dynamodb.PresenceStore;
import dev.antipop.dynamodb.PresenceStore.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces {@code presence.left} for connections that expired without {@code $disconnect}: the {@code presenceExpiry}
 * function, mapped to the presence table's stream ({@code OLD_IMAGE}).
 *
 * <p>Why the presence table's stream: a presence item expires with its connection ({@code expiresAt}, API Gateway's
 * 2 h connection limit), and DynamoDB's TTL deletion writes a {@code REMOVE} stream record whose {@code userIdentity}
 * is {@code {"type":"Service","principalId":"dynamodb.amazonaws.com"}} ("Working with Time to Live: TTL and DynamoDB
 * Streams", DynamoDB developer guide). Those records, and only those, are announced: a leave by {@code unsub}, {@code
 * $disconnect} or a 410 was already announced by whoever deleted the item (their {@code REMOVE} records carry no
 * service identity). TTL deletes within days of expiry, not at once (same guide), so until then {@link
 * Presence#members} already hides the member (it filters on {@code expiresAt}); the announcement comes when DynamoDB
 * deletes the item. No sweep of our own is needed, and nothing is announced twice.
 *
 * <p>Announcements are best effort (as every presence announcement): a failure is logged, never retried; the batch
 * always succeeds.
 */
public final class PresenceExpiry implements Function<DynamodbEvent, StreamsEventResponse> {

    /** The principal of DynamoDB's own TTL deletions. */
    public static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    private static final Logger log = LoggerFactory.getLogger(PresenceExpiry.class);

    private final Presence presence;

    /** @param presence announces the leaves */
    public PresenceExpiry(Presence presence) {
        this.presence = presence;
    }

    @Override
    public StreamsEventResponse apply(DynamodbEvent event) {
        List<Member> expired = new ArrayList<>();
        if (event != null && event.getRecords() != null) {
            for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
                expiredMember(record).ifPresent(expired::add);
            }
        }
        if (!expired.isEmpty()) {
            try {
                presence.announceLeft(expired);
                log.info("Announced presence.left for {} expired connections' rooms", expired.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Interrupted announcing {} expired presence items", expired.size());
            } catch (RuntimeException e) {
                log.warn("Announcing {} expired presence items failed (best effort)", expired.size(), e);
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    /** The member a record removed by TTL, if it is such a record. */
    static Optional<Member> expiredMember(DynamodbEvent.DynamodbStreamRecord record) {
        Identity identity = record.getUserIdentity();
        if (!"REMOVE".equals(record.getEventName())
                || identity == null
                || !"Service".equals(identity.getType())
                || !TTL_PRINCIPAL.equals(identity.getPrincipalId())
                || record.getDynamodb() == null
                || record.getDynamodb().getOldImage() == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> old = record.getDynamodb().getOldImage();
        String topic = text(old, PresenceStore.TOPIC);
        String connectionId = text(old, PresenceStore.CONNECTION_ID);
        String userId = text(old, PresenceStore.USER_ID);
        if (topic == null || connectionId == null || userId == null) {
            return Optional.empty();
        }
        return Optional.of(new Member(topic, connectionId, userId, joinedAt(old), expiresAt(old)));
    }

    private static Instant joinedAt(Map<String, AttributeValue> image) {
        String joined = text(image, PresenceStore.JOINED_AT);
        try {
            return joined == null ? Instant.EPOCH : Instant.parse(joined);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Instant expiresAt(Map<String, AttributeValue> image) {
        AttributeValue value = image.get(PresenceStore.EXPIRES_AT);
        try {
            return value == null || value.getN() == null
                    ? Instant.EPOCH
                    : Instant.ofEpochSecond(Long.parseLong(value.getN()));
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null ? null : value.getS();
    }
}
