package dev.antipop.kv.entry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Facts about a bucket's keys; stream {@code bucket-<bucket>} (the envelope's version is the revision), topic {@code
 * kv.<bucket>.<key>}.
 */
public sealed interface KvEvent {

    /** The bucket. */
    String bucket();

    /** The key. */
    String key();

    /** {@code kv.entry_put}. */
    record EntryPut(String bucket, String key, JsonNode value) implements KvEvent {}

    /** {@code kv.entry_deleted}. */
    record EntryDeleted(String bucket, String key) implements KvEvent {}
}
