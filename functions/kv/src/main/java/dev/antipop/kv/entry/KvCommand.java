package dev.antipop.kv.entry;

import com.fasterxml.jackson.databind.JsonNode;

/** What may be asked of one key of a bucket. */
public sealed interface KvCommand {

    /** The bucket. */
    String bucket();

    /** The key. */
    String key();

    /** The revision the client expects the key to have ({@code If-Match}); 0 for "absent"; null for no check. */
    Long expectedRevision();

    /** {@code PUT_KV_ENTRY}. */
    record Put(String bucket, String key, JsonNode value, Long expectedRevision) implements KvCommand {}

    /** {@code DELETE_KV_ENTRY}. */
    record Delete(String bucket, String key, Long expectedRevision) implements KvCommand {}
}
