package dev.antipop.notifications.inbox;

/** What may be asked of a user's inbox (stream {@code inbox-<userId>}). */
public sealed interface InboxCommand {

    /**
     * Mark every notification read up to now ({@code MARK_ALL_NOTIFICATIONS_READ}).
     *
     * @param userId the inbox's owner, who is always the caller (the stream is derived from the caller)
     * @param upToNotificationId a Snowflake id issued for this command: every notification whose id is at most this
     *     one (created before the command, Snowflake ids being time-ordered) is read
     */
    record MarkAllNotificationsRead(String userId, String upToNotificationId) implements InboxCommand {}
}
