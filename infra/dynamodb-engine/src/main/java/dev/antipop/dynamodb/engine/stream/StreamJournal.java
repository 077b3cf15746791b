package dev.antipop.dynamodb.engine.stream;

/**
 * Where stream changes go to be made durable (the {@code store} package implements it for a data directory; in
 * memory it is {@link #NONE}). Called under the stream's lock, in the order the changes happen; an implementation only
 * stages the change, and the engine's durability choke point commits it with the write that caused it.
 */
public interface StreamJournal {

    /** Keeps nothing: the in-memory engine. */
    StreamJournal NONE = new StreamJournal() {};

    /** A stream was created or disabled, or its shards changed (opened, closed, dropped): its whole metadata. */
    default void streamChanged(StreamState state) {}

    /** A stream disappeared (its retention passed after it was disabled). */
    default void streamForgotten(String streamArn) {}

    /** A record was appended to a shard. */
    default void recordAppended(String streamArn, String shardId, StoredRecord record) {}

    /** Records of a shard below {@code horizon} (a sequence counter) were trimmed by retention. */
    default void recordsTrimmed(String streamArn, String shardId, long horizon) {}
}
