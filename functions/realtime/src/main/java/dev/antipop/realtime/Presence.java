package dev.antipop.realtime;

import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.PresenceStore;
import dev.antipop.dynamodb.PresenceStore.Member;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in which room: a {@code sub} with {@code data.presence:true} to a room subject joins the room's presence set;
 * {@code unsub}, {@code $disconnect}, a 410 Gone, a dropped connection, a withdrawn membership and the connection's
 * expiry leave it. Two kinds of rooms have presence:
 *
 * <ul>
 *   <li>chat rooms {@value #ROOMS_TEXT}: joins and leaves are published on {@code presence.<room>};
 *   <li>chat servers' presence subjects {@value #SERVERS_TEXT} (seed 003): published on the subject itself, so every
 *       member subscribed to {@code srv.<id>.>} sees who is online;
 *   <li>notebooks {@code notebook.<id>.events} (seed 004, who has it open): published on {@code
 *       presence.notebook.<id>.events}, which the notebook's members may subscribe to.
 * </ul>
 *
 * <p>Announcements ride the normal subscription index and capability re-check:
 *
 * <pre>{@code
 * {"v":1,"op":"event","target":"presence.chat.room.42","data":{"type":"presence.joined","userId":"7","topic":"chat.room.42"}}
 * {"v":1,"op":"event","target":"srv.9.presence","data":{"type":"presence.left","userId":"7","topic":"srv.9.presence"}}
 * }</pre>
 *
 * Presence is per connection: a user in a room from two tabs is two members, and leaving from one tab announces one
 * {@code presence.left}. A member whose connection expired without {@code $disconnect} (API Gateway's 2 h limit
 * always sends one; a lost one is rare) vanishes from {@link #members} at its {@code expiresAt}, and its presence
 * item's TTL deletion announces {@code presence.left} ({@link PresenceExpiry}). Announcements are best effort: a
 * failed push to a third party is logged (and counted toward dropping that connection), never failing the join or
 * leave itself.
 */
public final class Presence {

    private static final String ROOMS_TEXT = "chat.room.*";

    /** Chat rooms with presence: {@code chat.room.<id>}. */
    public static final SubjectPattern ROOMS = SubjectPattern.parse(ROOMS_TEXT);

    private static final String SERVERS_TEXT = "srv.*.presence";

    /** Chat servers' presence subjects: {@code srv.<id>.presence}, announced on themselves. */
    public static final SubjectPattern SERVERS = SubjectPattern.parse(SERVERS_TEXT);

    /** Notebooks (who has one open): {@code notebook.<id>.events}, announced on {@code presence.notebook.<id>.events}. */
    public static final SubjectPattern NOTEBOOKS = SubjectPattern.parse("notebook.*.events");

    /** {@code data.type} of a join. */
    public static final String JOINED = "presence.joined";

    /** {@code data.type} of a leave. */
    public static final String LEFT = "presence.left";

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final PresenceStore store;
    private final Delivery delivery;

    /** @param store the presence table; @param delivery pushes the announcements */
    public Presence(PresenceStore store, Delivery delivery) {
        this.store = store;
        this.delivery = delivery;
    }

    /**
     * The subject presence changes of {@code room} are published on: {@code presence.<room>} for a chat room, the
     * server's presence subject itself for {@code srv.<id>.presence}.
     */
    public static String subjectOf(String room) {
        return SERVERS.matches(room) ? room : "presence." + room;
    }

    /**
     * Whether {@code pattern} names one room with presence: literal, matching {@link #ROOMS}, {@link #SERVERS} or {@link #NOTEBOOKS}, and
     * short enough that its announcement subject is still a valid subject.
     */
    public static boolean isRoom(SubjectPattern pattern) {
        if (!pattern.isLiteral()
                || !(ROOMS.matches(pattern.value())
                        || SERVERS.matches(pattern.value())
                        || NOTEBOOKS.matches(pattern.value()))) {
            return false;
        }
        try {
            Subject.parse(subjectOf(pattern.value()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Joins the connection to the room, expiring with the connection, and announces it if it was not there yet.
     *
     * @throws InterruptedException if interrupted while announcing
     */
    public void join(Connection connection, Subject room, Instant now) throws InterruptedException {
        boolean joined = store.join(
                new Member(room.value(), connection.connectionId(), connection.userId(), now, connection.expiresAt()));
        if (joined) {
            announce(JOINED, connection.userId(), room.value());
        }
    }

    /**
     * Takes the connection out of the room and announces it if it was there.
     *
     * @throws InterruptedException if interrupted while announcing
     */
    public void leave(String connectionId, Subject room) throws InterruptedException {
        var left = store.leave(room.value(), connectionId);
        if (left.isPresent()) {
            announceLeft(List.of(left.get()));
        }
    }

    /** The room's current members, in join order. */
    public List<Member> members(Subject room) {
        return store.members(room.value());
    }

    /**
     * Announces {@code presence.left} for members already removed (by {@link ConnectionRegistry#remove}). Connections
     * found gone while announcing leave their rooms too; those are announced in turn until none is left.
     *
     * @throws InterruptedException if interrupted while announcing
     */
    public void announceLeft(List<Member> left) throws InterruptedException {
        Deque<Member> queue = new ArrayDeque<>(left);
        while (!queue.isEmpty()) {
            Member member = queue.poll();
            queue.addAll(announce(LEFT, member.userId(), member.topic()));
        }
    }

    private List<Member> announce(String type, String userId, String room) throws InterruptedException {
        Delivery.Report report =
                delivery.publish(Subject.parse(subjectOf(room)), Frames.presenceEvent(type, userId, room), null);
        if (!report.failures().isEmpty()) {
            log.warn(
                    "{} of user {} in {}: {} of {} pushes failed (best effort, not retried)",
                    type,
                    userId,
                    room,
                    report.failures().size(),
                    report.recipients(),
                    report.failures().get(0));
        }
        if (report.gone() > 0) {
            log.info("{} connections were gone while announcing {} in {}", report.gone(), type, room);
        }
        return report.left();
    }
}
