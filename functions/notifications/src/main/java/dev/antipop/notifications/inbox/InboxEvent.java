package dev.antipop.notifications.inbox;

/** Facts about a user's inbox; topic {@code user.<userId>.notifications}. */
public sealed interface InboxEvent {

    /** The inbox's owner. */
    String userId();

    /**
     * {@code notifications.all_notifications_read}: every notification of {@code userId} with an id at most {@code
     * upToNotificationId} is read (compared as numbers).
     */
    record AllNotificationsRead(String userId, String upToNotificationId) implements InboxEvent {}
}
