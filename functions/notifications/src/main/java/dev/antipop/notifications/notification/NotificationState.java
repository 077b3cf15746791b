package dev.antipop.notifications.notification;

/** One notification's lifecycle: none yet, unread, read. */
public sealed interface NotificationState {

    /** The stream has no events. */
    record None() implements NotificationState {}

    /** Created and not read yet. */
    record Unread(String notificationId, String userId, String sourceEventId) implements NotificationState {}

    /** Read by its recipient. */
    record Read(String notificationId, String userId, String sourceEventId) implements NotificationState {}
}
