package dev.antipop.notifications.inbox;

/** A user's inbox: how far it has been marked read. */
public sealed interface InboxState {

    /** Never marked. */
    record Unmarked() implements InboxState {}

    /** Marked read up to {@code upToNotificationId}. */
    record ReadUpTo(long upToNotificationId) implements InboxState {}
}
