package dev.antipop.realtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.auth.Membership;
import dev.antipop.core.limit.TokenBucket;
import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore.Admission;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.SubscriptionStore.Subscription;
import dev.antipop.realtime.ClientMessage.Invalid;
import dev.antipop.realtime.ClientMessage.Ping;
import dev.antipop.realtime.ClientMessage.PresenceQuery;
import dev.antipop.realtime.ClientMessage.Sub;
import dev.antipop.realtime.ClientMessage.Typing;
import dev.antipop.realtime.ClientMessage.Unsub;
import dev.antipop.realtime.Frames.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code $default} route of the WebSocket API: client messages of protocol version 1 (DESIGN.md section 5). The
 * template gives the route a RouteResponse, so the body of the answer goes back to the sending client as one message.
 *
 * <table>
 *   <caption>Operations</caption>
 *   <tr><th>client sends</th><th>reply</th></tr>
 *   <tr><td>{@code {"v":1,"op":"ping","id":"c3"}}</td><td>{@code {"v":1,"op":"pong","id":"c3"}}</td></tr>
 *   <tr><td>{@code {"v":1,"op":"sub","id":"c1","target":"chat.room.*"}}</td><td>{@code {"v":1,"op":"ack","id":"c1"}}
 *       </td></tr>
 *   <tr><td>{@code {"v":1,"op":"sub","id":"c1","target":"user.7.events","data":{"start_seq":17}}}</td>
 *       <td>the stored events from version 17 as {@code event} frames, then
 *       {@code {"v":1,"op":"ack","id":"c1","data":{"replayed":n}}}</td></tr>
 *   <tr><td>{@code {"v":1,"op":"sub","id":"c1","target":"chat.room.42","data":{"presence":true}}}</td>
 *       <td>{@code presence.joined} to the room's presence subscribers, then the {@code ack}</td></tr>
 *   <tr><td>{@code {"v":1,"op":"unsub","id":"c2","target":"chat.room.42"}}</td>
 *       <td>{@code {"v":1,"op":"ack","id":"c2"}} (also when there was no such subscription)</td></tr>
 *   <tr><td>{@code {"v":1,"op":"presence","id":"c4","target":"chat.room.42"}}</td>
 *       <td>{@code {"v":1,"op":"presence","id":"c4","target":"chat.room.42","data":{"members":[…]}}}</td></tr>
 *   <tr><td>{@code {"v":1,"op":"typing","id":"c5","target":"srv.9.chan.12"}}</td>
 *       <td>{@code {"v":1,"op":"ack","id":"c5"}}; the channel's other subscribers get a {@code typing.started} event
 *       ({@link TypingIndicators}), at most one per user and channel per 2 s (the rest are dropped silently)</td>
 *       </tr>
 * </table>
 *
 * <p>Every message first takes a token from the connection's bucket ({@link
 * dev.antipop.dynamodb.ConnectionStore#admit}). The errors, {@code
 * {"v":1,"op":"error","id":<the message's id>,"data":{"code":…,"reason":…}}}, are those of {@link ClientMessage} and:
 *
 * <ul>
 *   <li>{@code unauthorized}: the connection is not (or no longer) registered;
 *   <li>{@code rate_limited}: over the bucket's rate; the message was not processed;
 *   <li>{@code forbidden}: a {@code sub}, {@code presence} or {@code typing} outside the connection's capabilities (a
 *       pattern broader than the grant is refused, never narrowed; typing needs the right to subscribe to {@code
 *       <channel>.typing}); nothing is stored;
 *   <li>{@code limit_exceeded}: a {@code sub} beyond the connection's subscription cap;
 *   <li>{@code position_unavailable}: see {@link Resume#check};
 *   <li>{@code internal_error}: a fault of ours; the reason names the request id.
 * </ul>
 *
 * Client input never makes this function throw: every problem is answered with an error frame and status 200 (the
 * WebSocket stays open).
 */
public final class MessageProtocol implements Function<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    /**
     * Default inbound messages per second per connection. API Gateway's own per-connection quota is 500 messages/s
     * ("Amazon API Gateway quotas for WebSocket APIs"); an interactive client needs a handful, so 20/s with a burst
     * of 40 stops a runaway client long before it costs real money.
     */
    public static final double DEFAULT_MESSAGES_PER_SECOND = 20;

    /** Default bucket capacity: a client may send this many messages at once (after connecting, after quiet). */
    public static final double DEFAULT_MESSAGE_BURST = 40;

    /**
     * Default most subscriptions per connection, the implicit {@code user.<id>.>} included: bounds the subscriptions
     * table and the fan-out's work per connection. A client needing more subscribes to a wildcard.
     */
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 100;

    private static final Logger log = LoggerFactory.getLogger(MessageProtocol.class);

    private final ConnectionRegistry registry;
    private final Capabilities capabilities;
    private final TokenBucket bucket;
    private final int maxSubscriptions;
    private final Resume resume;
    private final Presence presence;
    private final TypingIndicators typing;
    private final Clock clock;
    private volatile KvWatches kv;

    /**
     * @param registry connections, subscriptions and presence
     * @param capabilities roles → subject patterns
     * @param bucket the inbound rate per connection
     * @param maxSubscriptions most subscriptions per connection (≥ 1)
     * @param resume serves {@code start_seq}
     * @param presence rooms' presence sets
     * @param typing chat typing indicators; null where not configured (then {@code typing} is an {@code
     *     internal_error} naming what is missing)
     * @param clock subscription and join times
     */
    public MessageProtocol(
            ConnectionRegistry registry,
            Capabilities capabilities,
            TokenBucket bucket,
            int maxSubscriptions,
            Resume resume,
            Presence presence,
            TypingIndicators typing,
            Clock clock) {
        if (maxSubscriptions < 1) {
            throw new IllegalArgumentException("maxSubscriptions must be at least 1, got " + maxSubscriptions);
        }
        this.registry = registry;
        this.capabilities = capabilities;
        this.bucket = bucket;
        this.maxSubscriptions = maxSubscriptions;
        this.resume = resume;
        this.presence = presence;
        this.typing = typing;
        this.clock = clock;
    }

    /**
     * Serves {@code kv_sub} and {@code kv_unsub} with {@code watches}; without, they answer {@code invalid_target}.
     *
     * @return this
     */
    public MessageProtocol withKv(KvWatches watches) {
        this.kv = watches;
        return this;
    }

    private static String kvMissing(String id) {
        return Frames.error(id, ErrorCode.INVALID_TARGET, "This deployment has no KV buckets (KV_TABLE is not set)");
    }

    @Override
    public APIGatewayV2WebSocketResponse apply(APIGatewayV2WebSocketEvent event) {
        String reply;
        try {
            reply = replyTo(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = internalError(event, e);
        } catch (RuntimeException e) {
            reply = internalError(event, e);
        }
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(200);
        response.setBody(reply);
        return response;
    }

    private String replyTo(APIGatewayV2WebSocketEvent event) throws InterruptedException {
        ClientMessage message = ClientMessage.parse(text(event));
        String connectionId = event == null || event.getRequestContext() == null
                ? null
                : event.getRequestContext().getConnectionId();
        if (connectionId == null || connectionId.isEmpty()) {
            // Only a hand-made event lacks it; API Gateway always sets it.
            return Frames.error(
                    message.id(), ErrorCode.INVALID_MESSAGE, "requestContext.connectionId is missing from the event");
        }
        // Every message costs a token, malformed ones included: they cost an invocation all the same.
        Admission admission = registry.connections().admit(connectionId, bucket);
        if (!admission.known()) {
            return Frames.error(
                    message.id(),
                    ErrorCode.UNAUTHORIZED,
                    "This connection is not registered (closed or expired); reconnect with a fresh token");
        }
        if (!admission.admitted()) {
            return Frames.error(
                    message.id(),
                    ErrorCode.RATE_LIMITED,
                    "Over " + formatRate() + "; message not processed, retry after " + admission.retryAfterMillis()
                            + " ms");
        }
        Connection connection = admission.connection();
        return switch (message) {
            case Invalid invalid -> invalid.frame();
            case Ping ping -> Frames.pong(ping.id());
            case Sub sub -> subscribe(connection, sub);
            case Unsub unsub -> unsubscribe(connection, unsub);
            case PresenceQuery query -> members(connection, query);
            case Typing typed -> typing(connection, typed);
            case ClientMessage.KvSub kvSub -> kv == null ? kvMissing(kvSub.id()) : kv.subscribe(connection, kvSub);
            case ClientMessage.KvUnsub kvUnsub ->
                kv == null ? kvMissing(kvUnsub.id()) : kv.unsubscribe(connection, kvUnsub);
        };
    }

    private String subscribe(Connection connection, Sub sub) throws InterruptedException {
        SubjectPattern pattern = sub.pattern();
        Capabilities.Effective effective = entitlements(connection, pattern);
        if (!effective.allowsSubscription(pattern)) {
            return Frames.error(
                    sub.id(),
                    ErrorCode.FORBIDDEN,
                    "'" + ClientMessage.abbreviate(pattern.value()) + "' is outside your capabilities "
                            + effective.subjectValues() + "; a pattern broader than a grant is refused, not narrowed");
        }
        Resume.Position position = null;
        if (sub.startSeq() != null) {
            try {
                position = resume.check(pattern, sub.startSeq());
            } catch (Resume.PositionUnavailable e) {
                return Frames.error(sub.id(), ErrorCode.POSITION_UNAVAILABLE, e.getMessage());
            }
        }
        List<Subscription> existing = registry.subscriptions().findByConnection(connection.connectionId());
        boolean resubscribe = existing.stream().anyMatch(s -> s.pattern().equals(pattern));
        if (!resubscribe && existing.size() >= maxSubscriptions) {
            return Frames.error(
                    sub.id(),
                    ErrorCode.LIMIT_EXCEEDED,
                    "A connection holds at most " + maxSubscriptions + " subscriptions; unsub one or use a wildcard");
        }
        Instant now = clock.instant();
        // The subscription first, the replay after: see Resume for why this leaves no gap.
        registry.subscriptions().put(new Subscription(connection.connectionId(), connection.userId(), pattern, now));
        if (sub.presence()) {
            presence.join(connection, Subject.parse(pattern.value()), now);
        }
        if (position == null) {
            return Frames.ack(sub.id());
        }
        try {
            return Frames.ackReplayed(sub.id(), resume.replay(connection, position));
        } catch (Resume.ReplayFailedException e) {
            log.warn("Replay to {} failed; the subscription stays", connection.connectionId(), e);
            return Frames.error(
                    sub.id(),
                    ErrorCode.INTERNAL_ERROR,
                    "Subscribed, but the replay could not be pushed; subscribe again with start_seq to retry");
        }
    }

    private String unsubscribe(Connection connection, Unsub unsub) throws InterruptedException {
        registry.subscriptions().delete(connection.connectionId(), unsub.pattern());
        if (Presence.isRoom(unsub.pattern())) {
            presence.leave(
                    connection.connectionId(), Subject.parse(unsub.pattern().value()));
        }
        return Frames.ack(unsub.id());
    }

    private String members(Connection connection, PresenceQuery query) {
        SubjectPattern room = SubjectPattern.parse(query.room().value());
        Capabilities.Effective effective = entitlements(connection, room);
        if (!effective.allowsSubscription(room)) {
            return Frames.error(
                    query.id(),
                    ErrorCode.FORBIDDEN,
                    "'" + ClientMessage.abbreviate(query.room().value()) + "' is outside your capabilities "
                            + effective.subjectValues());
        }
        return Frames.presence(query.id(), query.room().value(), presence.members(query.room()));
    }

    private String typing(Connection connection, Typing typed) throws InterruptedException {
        SubjectPattern subject =
                SubjectPattern.parse(TypingIndicators.subjectOf(typed.channel()).value());
        Capabilities.Effective effective = entitlements(connection, subject);
        if (!effective.allowsSubscription(subject)) {
            return Frames.error(
                    typed.id(),
                    ErrorCode.FORBIDDEN,
                    "'" + ClientMessage.abbreviate(typed.channel().value()) + "' is outside your capabilities "
                            + effective.subjectValues());
        }
        if (typing == null) {
            return Frames.error(
                    typed.id(), ErrorCode.INTERNAL_ERROR, "Typing indicators are not configured (RATE_LIMITS_TABLE)");
        }
        typing.typing(connection, typed.channel());
        return Frames.ack(typed.id());
    }

    /**
     * The connection's capabilities for {@code requested}: its roles' grants, plus its user's memberships when only a
     * membership grant could cover the request (one Query of the memberships table, never for role-granted subjects),
     * plus the memberships everyone holds of the one instance a literal request names (a public notebook).
     */
    private Capabilities.Effective entitlements(Connection connection, SubjectPattern requested) {
        Capabilities.Effective byRoles = capabilities.of(connection.userId(), connection.roles());
        if (byRoles.allowsSubscription(requested) || !capabilities.mayNeedMemberships(requested)) {
            return byRoles;
        }
        List<Membership> memberships = new ArrayList<>(registry.membershipsOf(connection.userId()));
        Capabilities.Effective byMemberships = capabilities.of(connection.userId(), connection.roles(), memberships);
        if (byMemberships.allowsSubscription(requested) || !requested.isLiteral()) {
            return byMemberships;
        }
        // Not a member: the instance may be open to everyone (a public notebook), one GetItem per candidate instance.
        for (Membership instance : capabilities.scopeInstancesOf(requested.value())) {
            registry.everyonesMembership(instance.scope(), instance.id()).ifPresent(memberships::add);
        }
        return capabilities.of(connection.userId(), connection.roles(), memberships);
    }

    private String formatRate() {
        return bucket.ratePerSecond() + " messages/s (burst " + (long) bucket.burst() + ")";
    }

    /** The message text; a binary frame arrives base64-encoded and is read as UTF-8 text. */
    private static String text(APIGatewayV2WebSocketEvent event) {
        if (event == null || event.getBody() == null) {
            return null;
        }
        if (!event.isIsBase64Encoded()) {
            return event.getBody();
        }
        try {
            return new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // Not base64 although flagged so: parse it as is, which answers malformed_json.
            return event.getBody();
        }
    }

    private static String internalError(APIGatewayV2WebSocketEvent event, Exception e) {
        String requestId = event != null
                        && event.getRequestContext() != null
                        && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId()
                : "-";
        log.error("WebSocket message failed unexpectedly (request {})", requestId, e);
        return Frames.error(null, ErrorCode.INTERNAL_ERROR, "Internal error; request id " + requestId);
    }
}
