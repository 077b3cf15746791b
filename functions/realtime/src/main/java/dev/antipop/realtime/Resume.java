package dev.antipop.realtime;

import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.SensitiveFields;
import dev.antipop.core.subject.Subject;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.ConnectionStore.Connection;
import dev.antipop.dynamodb.EventStreamReader;
import dev.antipop.realtime.StreamTopics.StreamRef;
import java.util.List;
import java.util.Optional;

/**
 * Replays a stream's stored events to one connection for a {@code sub} with {@code data.start_seq} (DESIGN.md section
 * 5, "Resume").
 *
 * <p>The caller checks the position ({@link #check}), stores the subscription, and only then replays ({@link
 * #replay}): every event appended after the subscription is stored reaches the connection live, and every event
 * appended before it is in the replay's read, so there is no gap. An event can arrive twice (appended before the
 * subscription, fanned out after it) and live events can overtake replayed ones; clients dedupe and order by {@code
 * (stream, version)}.
 *
 * <p>Replayed events are pushed as ordinary {@code event} frames, sensitive fields removed as in the fan-out, one at a
 * time in version order, before the {@code sub}'s {@code ack} (which is the route response, sent when the function
 * returns) — so a client sees its replay, then {@code {"v":1,"op":"ack","id":…,"data":{"replayed":n}}}.
 */
public final class Resume {

    /**
     * Default most events one resume replays. The {@code $default} integration must answer within API Gateway's 29 s
     * integration timeout; 1,000 sequential posts fit well inside it. A client further behind gets {@code
     * position_unavailable} and reloads the state over HTTP instead.
     */
    public static final int DEFAULT_MAX_REPLAY_EVENTS = 1000;

    private final StreamTopics streamTopics;
    private final EventStreamReader reader;
    private final SensitiveFields sensitiveFields;
    private final Delivery delivery;
    private final int maxReplayEvents;

    /**
     * @param streamTopics which topics are resumable from which stream
     * @param reader reads the events tables
     * @param sensitiveFields removed from every replayed envelope
     * @param delivery pushes the frames
     * @param maxReplayEvents most events one resume replays (≥ 1)
     */
    public Resume(
            StreamTopics streamTopics,
            EventStreamReader reader,
            SensitiveFields sensitiveFields,
            Delivery delivery,
            int maxReplayEvents) {
        if (maxReplayEvents < 1) {
            throw new IllegalArgumentException("maxReplayEvents must be at least 1, got " + maxReplayEvents);
        }
        this.streamTopics = streamTopics;
        this.reader = reader;
        this.sensitiveFields = sensitiveFields;
        this.delivery = delivery;
        this.maxReplayEvents = maxReplayEvents;
    }

    /** Where a resume reads from, once checked. */
    public record Position(StreamRef stream, long startSeq) {}

    /** Why a {@code start_seq} cannot be served; the reason goes into the {@code position_unavailable} error. */
    public static final class PositionUnavailable extends Exception {
        PositionUnavailable(String reason) {
            super(reason);
        }
    }

    /**
     * Checks that the target is a concrete topic with a stream behind it and that {@code 1 <= startSeq <= head + 1}
     * and at most {@code maxReplayEvents} events are to be replayed.
     *
     * @throws PositionUnavailable otherwise
     */
    public Position check(SubjectPattern target, long startSeq) throws PositionUnavailable {
        Optional<StreamRef> stream =
                target.isLiteral() ? streamTopics.resolve(Subject.parse(target.value())) : Optional.empty();
        if (stream.isEmpty()) {
            throw new PositionUnavailable("target '" + ClientMessage.abbreviate(target.value())
                    + "' is not a resumable stream topic; subscribe without start_seq");
        }
        long head = reader.head(stream.get().table(), stream.get().stream());
        if (startSeq < 1 || startSeq > head + 1) {
            throw new PositionUnavailable(
                    "start_seq must be between 1 and " + (head + 1) + " (the stream's head is " + head + ")");
        }
        if (head - startSeq + 1 > maxReplayEvents) {
            throw new PositionUnavailable("start_seq " + startSeq + " is " + (head - startSeq + 1)
                    + " events behind; at most " + maxReplayEvents + " are replayed: reload the state instead");
        }
        return new Position(stream.get(), startSeq);
    }

    /**
     * Pushes the stored events with {@code version >= startSeq} (read after the subscription was stored), in order.
     *
     * @return how many events were pushed
     * @throws ReplayFailedException if a push failed (the connection may be gone or dropped)
     */
    public int replay(Connection connection, Position position) throws ReplayFailedException {
        List<EventEnvelope> events = reader.read(
                position.stream().table(), position.stream().stream(), position.startSeq(), maxReplayEvents);
        int pushed = 0;
        for (EventEnvelope event : events) {
            byte[] frame = Frames.event(event.topic(), EnvelopeJson.toNode(sensitiveFields.redact(event)));
            if (frame.length > FanOut.MAX_MESSAGE_BYTES) {
                continue; // the fan-out skips it too: API Gateway would refuse it with 413
            }
            Delivery.Report report = delivery.send(connection, frame);
            if (report.delivered() != 1) {
                throw new ReplayFailedException(
                        "Replay of " + position.stream().stream() + " stopped at version " + event.version(),
                        report.failures().isEmpty() ? null : report.failures().get(0));
            }
            pushed++;
        }
        return pushed;
    }

    /** A replay push failed. */
    public static final class ReplayFailedException extends Exception {
        ReplayFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
