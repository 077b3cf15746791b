package dev.antipop.chat.direct;

/**
 * A conversation's state: the id of its last message (null before the first). Nothing a user may send depends on
 * earlier messages, so nothing more is kept.
 */
public record DirectState(String lastMessageId) {}
