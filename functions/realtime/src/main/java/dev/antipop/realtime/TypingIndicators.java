package dev.antipop.realtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Typing indicators of chat channels (seed 003): {@code {"v":1,"op":"typing","target":"srv.<s>.chan.<c>"}}.
 *
 * <ul>
 *   <li>Ephemeral: never an event, never stored beyond the throttle item; a client that subscribes later does not see
 *       it, and history never shows it.
 *   <li>Only those who may subscribe to the channel may send it (its server's members: {@code srv.<id>.>}); others get
 *       {@code forbidden}.
 *   <li>At most one per user per channel per {@link #INTERVAL} (2 s): a conditional PutItem on the rate-limits table
 *       ({@code key = typing#<userId>#<channel>}, {@code until} in epoch ms, TTL {@code expiresAt} a minute later so
 *       the items go away); a typing message within the interval is dropped silently (the sender still gets its
 *       {@code ack}), as a keystroke-driven client sends many.
 *   <li>Delivered on {@code <channel>.typing} ({@code srv.<s>.chan.<c>.typing}) to every subscriber entitled to it
 *       except the sender's own connections, as {@code {"v":1,"op":"event","target":"srv.<s>.chan.<c>.typing",
 *       "data":{"type":"typing.started","userId":"7","topic":"srv.<s>.chan.<c>","expiresInMs":5000}}}.
 *   <li>Clients show the indicator for {@link #DISPLAY} (5 s) after the last one they received and then drop it: there
 *       is no "stopped typing" message (a sent message, or silence, ends it).
 * </ul>
 */
public final class TypingIndicators {

    /** Least time between two delivered typing messages of one user in one channel. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);

    /** How long clients show an indicator after receiving it (sent as {@code expiresInMs}). */
    public static final Duration DISPLAY = Duration.ofSeconds(5);

    /** {@code data.type} of a typing frame. */
    public static final String STARTED = "typing.started";

    /** Chat channel subjects: {@code srv.<serverId>.chan.<channelId>}. */
    public static final SubjectPattern CHANNELS = SubjectPattern.parse("srv.*.chan.*");

    private static final Logger log = LoggerFactory.getLogger(TypingIndicators.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Delivery delivery;
    private final Presence presence;
    private final Clock clock;

    /**
     * @param table the rate-limits table (PK {@code key} S, TTL {@code expiresAt})
     * @param delivery pushes the frames
     * @param presence announces the rooms of connections found gone while pushing
     */
    public TypingIndicators(DynamoDbClient dynamoDb, String table, Delivery delivery, Presence presence, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.presence = Objects.requireNonNull(presence, "presence");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code pattern} is one channel: literal {@code srv.<serverId>.chan.<channelId>}. */
    public static boolean isChannel(SubjectPattern pattern) {
        return pattern.isLiteral() && CHANNELS.matches(pattern.value());
    }

    /** The subject typing in {@code channel} is delivered on: {@code <channel>.typing}. */
    public static Subject subjectOf(Subject channel) {
        return Subject.parse(channel.value() + ".typing");
    }

    /**
     * Delivers the connection's user's typing indicator unless one was delivered within {@link #INTERVAL}.
     *
     * @return whether it was delivered (false: throttled and dropped)
     * @throws InterruptedException if interrupted while pushing
     */
    public boolean typing(Connection connection, Subject channel) throws InterruptedException {
        long now = clock.millis();
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(Map.of(
                            "key", AttributeValue.fromS("typing#" + connection.userId() + "#" + channel.value()),
                            "until", AttributeValue.fromN(Long.toString(now + INTERVAL.toMillis())),
                            "expiresAt", AttributeValue.fromN(Long.toString(now / 1000 + 60))))
                    .conditionExpression("attribute_not_exists(#k) OR #until <= :now")
                    .expressionAttributeNames(Map.of("#k", "key", "#until", "until"))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
        } catch (ConditionalCheckFailedException throttled) {
            return false;
        }
        Subject subject = subjectOf(channel);
        ObjectNode data = EnvelopeJson.mapper().createObjectNode();
        data.put("type", STARTED);
        data.put("userId", connection.userId());
        data.put("topic", channel.value());
        data.put("expiresInMs", DISPLAY.toMillis());
        Delivery.Report report =
                delivery.publishExcept(subject, Frames.event(subject.value(), data), connection.userId());
        if (!report.failures().isEmpty()) {
            log.warn(
                    "Typing of user {} in {}: {} of {} pushes failed (ephemeral, not retried)",
                    connection.userId(),
                    channel.value(),
                    report.failures().size(),
                    report.recipients());
        }
        presence.announceLeft(report.left());
        return true;
    }
}
