package dev.antipop.chat.direct;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.Map;

/** The direct conversation's event types, stream and topics. */
public final class DirectEvents {

    /** {@code chat.direct_message_sent}. */
    public static final String DIRECT_MESSAGE_SENT = "chat.direct_message_sent";
    /** {@code chat.direct_message_received}. */
    public static final String DIRECT_MESSAGE_RECEIVED = "chat.direct_message_received";

    /** Envelope mapping: a sent copy to the sender's DM topic, a received copy to the recipient's. */
    public static final EventCodec<DirectEvent> CODEC = new RecordEventCodec<>(
            Map.of(
                    DIRECT_MESSAGE_SENT, DirectEvent.DirectMessageSent.class,
                    DIRECT_MESSAGE_RECEIVED, DirectEvent.DirectMessageReceived.class),
            (stream, event) -> switch (event) {
                case DirectEvent.DirectMessageSent sent -> topicOf(sent.fromUserId());
                case DirectEvent.DirectMessageReceived received -> topicOf(received.toUserId());
            },
            SensitiveFields.of(Map.of()));

    private DirectEvents() {}

    /** The pair's stream, {@code dm-<lower id>-<higher id>} (ids compared as numbers): the same for both directions. */
    public static String streamOf(String userA, String userB) {
        boolean aFirst =
                userA.length() != userB.length() ? userA.length() < userB.length() : userA.compareTo(userB) <= 0;
        return aFirst ? "dm-" + userA + "-" + userB : "dm-" + userB + "-" + userA;
    }

    /** A user's DM topic, {@code user.<userId>.dm.events}. */
    public static String topicOf(String userId) {
        return "user." + userId + ".dm.events";
    }
}
