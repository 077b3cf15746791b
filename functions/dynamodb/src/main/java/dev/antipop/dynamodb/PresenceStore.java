package dev.antipop.dynamodb;

import dev.antipop.core.event.EnvelopeJson;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The presence table: who is in which room. Partition key {@code topic} S (the room's subject, {@code chat.room.42}),
 * sort key {@code connectionId} S; attributes {@code userId} S, {@code joinedAt} S (ISO-8601 UTC) and {@code
 * expiresAt} N (epoch seconds, the TTL attribute: the connection's own expiry, so a member whose {@code $disconnect}
 * never arrived disappears with its connection); GSI {@value #BY_CONNECTION} with partition key {@code connectionId}
 * and sort key {@code topic}, projecting all attributes, to find the rooms a closing connection leaves.
 *
 * <p>Reads skip members whose {@code expiresAt} has passed, since TTL deletion lags. Thread-safe.
 */
public final class PresenceStore {

    /** Partition key, S. */
    public static final String TOPIC = "topic";
    /** Sort key, S. */
    public static final String CONNECTION_ID = "connectionId";
    /** S. */
    public static final String USER_ID = "userId";
    /** ISO-8601 UTC, S. */
    public static final String JOINED_AT = "joinedAt";
    /** Epoch seconds, N; the TTL attribute. */
    public static final String EXPIRES_AT = "expiresAt";
    /** The GSI on {@code connectionId}. */
    public static final String BY_CONNECTION = "byConnection";

    /**
     * One connection present in one room.
     *
     * @param topic the room's subject
     * @param connectionId the present connection
     * @param userId its user
     * @param joinedAt when it joined (millisecond precision kept)
     * @param expiresAt when the item expires (second precision kept)
     */
    public record Member(String topic, String connectionId, String userId, Instant joinedAt, Instant expiresAt) {

        /** Truncates the instants to the stored precision. */
        public Member {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(userId, "userId");
            joinedAt = joinedAt.truncatedTo(ChronoUnit.MILLIS);
            expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
        }
    }

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    /** @param clock decides which members have expired */
    public PresenceStore(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores a member.
     *
     * @return true if the connection was not yet present in the room (a join to announce), false if it was already
     */
    public boolean join(Member member) {
        Map<String, AttributeValue> old = client.putItem(r -> r.tableName(table)
                        .item(Map.of(
                                TOPIC, AttributeValue.fromS(member.topic()),
                                CONNECTION_ID, AttributeValue.fromS(member.connectionId()),
                                USER_ID, AttributeValue.fromS(member.userId()),
                                JOINED_AT, AttributeValue.fromS(EnvelopeJson.formatTimestamp(member.joinedAt())),
                                EXPIRES_AT,
                                        AttributeValue.fromN(
                                                Long.toString(member.expiresAt().getEpochSecond()))))
                        .returnValues(ReturnValue.ALL_OLD))
                .attributes();
        return old == null || old.isEmpty() || expired(fromItem(old));
    }

    /**
     * Deletes a member.
     *
     * @return the member that was present (a leave to announce), or empty if the connection was not in the room
     */
    public Optional<Member> leave(String topic, String connectionId) {
        Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(table)
                        .key(Map.of(
                                TOPIC, AttributeValue.fromS(topic), CONNECTION_ID, AttributeValue.fromS(connectionId)))
                        .returnValues(ReturnValue.ALL_OLD))
                .attributes();
        if (old == null || old.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromItem(old));
    }

    /** The room's unexpired members, oldest join first (strongly consistent query, all pages). */
    public List<Member> members(String topic) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#t = :t")
                .expressionAttributeNames(Map.of("#t", TOPIC))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(topic)))
                .consistentRead(true)
                .build();
        List<Member> members = new ArrayList<>();
        client.queryPaginator(query).items().forEach(item -> {
            Member member = fromItem(item);
            if (!expired(member)) {
                members.add(member);
            }
        });
        members.sort((a, b) -> a.joinedAt().compareTo(b.joinedAt()));
        return members;
    }

    /** The rooms the connection is in, from the {@value #BY_CONNECTION} GSI (eventually consistent). */
    public List<Member> findByConnection(String connectionId) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(BY_CONNECTION)
                .keyConditionExpression("#c = :c")
                .expressionAttributeNames(Map.of("#c", CONNECTION_ID))
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(connectionId)))
                .build();
        List<Member> rooms = new ArrayList<>();
        client.queryPaginator(query).items().forEach(item -> rooms.add(fromItem(item)));
        return rooms;
    }

    private boolean expired(Member member) {
        return member.expiresAt().getEpochSecond() < clock.instant().getEpochSecond();
    }

    private static Member fromItem(Map<String, AttributeValue> item) {
        return new Member(
                item.get(TOPIC).s(),
                item.get(CONNECTION_ID).s(),
                item.get(USER_ID).s(),
                Instant.parse(item.get(JOINED_AT).s()),
                Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())));
    }
}
