package dev.antipop.kv.entry;

import dev.antipop.core.command.CommandException;
import dev.antipop.kv.entry.KeyState.Absent;
import dev.antipop.kv.entry.KeyState.Present;
import dev.antipop.kv.entry.KvCommand.Delete;
import dev.antipop.kv.entry.KvCommand.Put;
import dev.antipop.kv.entry.KvEvent.EntryDeleted;
import dev.antipop.kv.entry.KvEvent.EntryPut;
import java.util.List;
import java.util.Map;

/**
 * A key's decisions. Pure: no I/O, no clock.
 *
 * <ul>
 *   <li>An expected revision ({@code If-Match}) that is not the key's current revision is {@code 409 conflict}
 *       (RFC 9110 §13.1.1 answers 412; the issue asks 409, the code every Antipop conflict has). Expected 0 means
 *       "the key holds no value" (create only).
 *   <li>Put → {@code kv.entry_put}, always (a put of the same value is a new revision, as in NATS KV).
 *   <li>Delete of a key without a value → {@code 404 not_found}; otherwise {@code kv.entry_deleted}.
 * </ul>
 *
 * The key's state comes from the bucket's stream as of its head, and the append is conditional on that head (see
 * {@code KvWrites}), so the check and the write are one atomic decision.
 */
public final class KvDecider {

    /** What {@code command} decides on {@code state}. */
    public List<KvEvent> decide(KvCommand command, KeyState state) {
        requireExpected(command, state);
        return switch (command) {
            case Put put -> List.of(new EntryPut(put.bucket(), put.key(), put.value()));
            case Delete delete ->
                switch (state) {
                    case Absent absent ->
                        throw CommandException.notFound(
                                "Key " + delete.key() + " of bucket " + delete.bucket() + " holds no value");
                    case Present present -> List.of(new EntryDeleted(delete.bucket(), delete.key()));
                };
        };
    }

    /** The key's state after {@code event}, which the bucket got at {@code revision}. */
    public KeyState evolve(KeyState state, KvEvent event, long revision) {
        return switch (event) {
            case EntryPut put -> new Present(revision);
            case EntryDeleted deleted -> new Absent(revision);
        };
    }

    private static void requireExpected(KvCommand command, KeyState state) {
        Long expected = command.expectedRevision();
        if (expected == null) {
            return;
        }
        long current = state instanceof Present ? state.revision() : 0;
        if (expected != current) {
            throw CommandException.conflict(
                    "Key " + command.key() + " is at revision " + current + ", not " + expected,
                    Map.of("revision", "is " + current));
        }
    }
}
