package dev.antipop.chat.direct;

/**
 * Facts of a direct conversation. One message is two events appended together: the same data, one on the sender's
 * {@code user.<fromUserId>.dm.events} and one on the recipient's {@code user.<toUserId>.dm.events}. An envelope has one
 * topic, so this is how fan-out routes one message to exactly its two users and nobody else (each user's implicit
 * {@code user.<self>.>} grant covers their own topic only).
 */
public sealed interface DirectEvent {

    /** The message (shared by both events). */
    String messageId();

    /** {@code chat.direct_message_sent}, on the sender's topic. */
    record DirectMessageSent(String messageId, String fromUserId, String toUserId, String text)
            implements DirectEvent {}

    /** {@code chat.direct_message_received}, on the recipient's topic. */
    record DirectMessageReceived(String messageId, String fromUserId, String toUserId, String text)
            implements DirectEvent {}
}
