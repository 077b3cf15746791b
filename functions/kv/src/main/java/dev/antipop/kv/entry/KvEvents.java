package dev.antipop.kv.entry;

import dev.antipop.core.decider.EventCodec;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import dev.antipop.kv.KvKeys;
import java.util.Map;

/** The KV event types and their topic {@code kv.<bucket>.<key>}. */
public final class KvEvents {

    /** {@code kv.entry_put}. */
    public static final String ENTRY_PUT = "kv.entry_put";
    /** {@code kv.entry_deleted}. */
    public static final String ENTRY_DELETED = "kv.entry_deleted";

    /** Envelope mapping. */
    public static final EventCodec<KvEvent> CODEC = new RecordEventCodec<>(
            Map.of(ENTRY_PUT, KvEvent.EntryPut.class, ENTRY_DELETED, KvEvent.EntryDeleted.class),
            (stream, event) -> KvKeys.subjectOf(event.bucket(), event.key()),
            SensitiveFields.none());

    private KvEvents() {}
}
