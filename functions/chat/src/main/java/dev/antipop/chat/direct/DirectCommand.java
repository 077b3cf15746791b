package dev.antipop.chat.direct;

/** What may be asked of one pair's conversation (stream {@code dm-<lower id>-<higher id>}). */
public sealed interface DirectCommand {

    /** {@code SEND_DIRECT_MESSAGE}: {@code fromUserId} is the caller, {@code messageId} new. */
    record SendDirectMessage(String messageId, String fromUserId, String toUserId, String text)
            implements DirectCommand {}
}
