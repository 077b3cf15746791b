package dev.antipop.kv;

import dev.antipop.kv.entry.KvEvents;
import dev.antipop.kv.view.KvView;
import dev.antipop.runtime.context.BoundedContext;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.projection.ViewProjection;
import java.time.Clock;
import java.util.List;

/**
 * The KV context's descriptor (seed 002's NATS-style KV buckets): buckets {@code todos} and {@code settings}, each
 * one stream {@code bucket-<name>} whose versions are the bucket's gap-free revisions (see {@link KvWrites} for the
 * throughput this implies). Writes: {@code PUT /kv/{bucket}/{key}} (body: the value, any JSON but null; optional
 * {@code If-Match: <revision>}, 0 meaning "absent"; a mismatch is 409) and {@code DELETE /kv/{bucket}/{key}}, which
 * are the commands {@code PUT_KV_ENTRY} and {@code DELETE_KV_ENTRY}. Watches: the WebSocket's {@code kv_sub} (realtime
 * {@code KvWatches}).
 *
 * <p>Capabilities: {@link #BUCKETS}, bucket grants by role with {@code {userId}} templates: every signed-in user may
 * watch and write the keys {@code user.<own id>.>} of both buckets, admins every key. Each is also a subject grant on
 * {@code kv.<bucket>.<key pattern>} (the topic of a key's events), which is how realtime checks {@code kv_sub} and
 * revokes watches when roles change.
 */
public final class KvContext implements BoundedContext {

    /** The bucket grants. */
    public static final List<BucketGrant> BUCKETS = List.of(
            new BucketGrant("todos", "*", "user.{userId}.>"),
            new BucketGrant("settings", "*", "user.{userId}.>"),
            new BucketGrant("todos", CommandSpec.ADMIN, ">"),
            new BucketGrant("settings", CommandSpec.ADMIN, ">"));

    /** Largest value, as JSON bytes: a {@code kv_msg} must fit one 32 KB WebSocket frame. */
    public static final int MAX_VALUE_BYTES = 30_000;

    private static final String[] BUCKET_NAMES =
            BUCKETS.stream().map(BucketGrant::bucket).distinct().toArray(String[]::new);

    /** The descriptor. */
    public static final ContextDescriptor DESCRIPTOR = new ContextDescriptor(
            "kv",
            KvFunctions.class,
            "kvProcessor",
            List.of(
                    CommandSpec.user(
                            "PUT_KV_ENTRY",
                            "bucket",
                            "Set a key's value (also PUT /kv/{bucket}/{key}, If-Match: <revision>)",
                            FieldSpec.oneOf("bucket", true, BUCKET_NAMES),
                            FieldSpec.string("key", true, 1, KvKeys.MAX_KEY_LENGTH),
                            FieldSpec.required("value", FieldSpec.Type.ANY),
                            FieldSpec.integer("expectedRevision", false, 0, Long.MAX_VALUE)),
                    CommandSpec.user(
                            "DELETE_KV_ENTRY",
                            "bucket",
                            "Delete a key (also DELETE /kv/{bucket}/{key}, If-Match: <revision>)",
                            FieldSpec.oneOf("bucket", true, BUCKET_NAMES),
                            FieldSpec.string("key", true, 1, KvKeys.MAX_KEY_LENGTH),
                            FieldSpec.integer("expectedRevision", false, 0, Long.MAX_VALUE))),
            List.of(
                    EventSpec.of(KvEvents.ENTRY_PUT, "kv.{bucket}.{key}"),
                    EventSpec.of(KvEvents.ENTRY_DELETED, "kv.{bucket}.{key}")),
            List.of(),
            BUCKETS.stream().map(BucketGrant::subjectGrant).toList(),
            List.of(),
            List.of(
                    QuerySpec.route("PUT", "/kv/{bucket}/{key}", "restPutKvEntry", "PUT_KV_ENTRY as REST"),
                    QuerySpec.route("DELETE", "/kv/{bucket}/{key}", "restDeleteKvEntry", "DELETE_KV_ENTRY as REST")));

    @Override
    public ContextDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The KV view (each key's current value and revision). */
    @Override
    public List<ViewProjection> views() {
        return List.of(ViewProjection.of(
                "kv",
                "KV_TABLE",
                (dynamoDb, tables) -> new KvView(dynamoDb, tables.apply("KV_TABLE"), Clock.systemUTC())::project));
    }
}
