package dev.antipop.kv.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.kv.entry.KvCommand.Delete;
import dev.antipop.kv.entry.KvCommand.Put;
import dev.antipop.kv.entry.KvEvent.EntryDeleted;
import dev.antipop.kv.entry.KvEvent.EntryPut;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Given a key's changes at bucket revisions, when a put or delete (with or without an expected revision), then its
 * event or the rejection.
 */
class KvDeciderTest {

    private static final JsonNode VALUE =
            EnvelopeJson.mapper().createObjectNode().put("title", "milk");
    private static final String KEY = "user.42.task1";

    private final KvDecider decider = new KvDecider();

    /** A change of the key at a bucket revision. */
    private record Change(long revision, KvEvent event) {}

    /** Given the key's changes, in order. */
    private List<KvEvent> when(List<Change> given, KvCommand command) {
        KeyState state = new KeyState.Absent(0);
        for (Change change : given) {
            state = decider.evolve(state, change.event(), change.revision());
        }
        return decider.decide(command, state);
    }

    private static Change at(long revision, KvEvent event) {
        return new Change(revision, event);
    }

    private static ErrorCode rejection(Runnable action) {
        try {
            action.run();
        } catch (CommandException e) {
            return e.code();
        }
        throw new AssertionError("no rejection");
    }

    @Test
    void aPutWithoutExpectationIsAlwaysANewRevision() {
        assertThat(when(List.of(), new Put("todos", KEY, VALUE, null)))
                .containsExactly(new EntryPut("todos", KEY, VALUE));
        assertThat(when(List.of(at(3, new EntryPut("todos", KEY, VALUE))), new Put("todos", KEY, VALUE, null)))
                .containsExactly(new EntryPut("todos", KEY, VALUE));
    }

    @Test
    void aPutExpectingTheCurrentRevisionIsAccepted() {
        assertThat(when(List.of(at(7, new EntryPut("todos", KEY, VALUE))), new Put("todos", KEY, VALUE, 7L)))
                .hasSize(1);
    }

    @Test
    void aStaleExpectedRevisionIsAConflict() {
        List<Change> given =
                List.of(at(3, new EntryPut("todos", KEY, VALUE)), at(9, new EntryPut("todos", KEY, VALUE)));
        assertThat(rejection(() -> when(given, new Put("todos", KEY, VALUE, 3L))))
                .isEqualTo(ErrorCode.CONFLICT);
        assertThatThrownBy(() -> when(given, new Delete("todos", KEY, 3L)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("revision 9");
    }

    @Test
    void expectingZeroCreatesOnlyWhereTheKeyHoldsNoValue() {
        assertThat(when(List.of(), new Put("todos", KEY, VALUE, 0L))).hasSize(1);
        List<Change> deleted = List.of(at(2, new EntryPut("todos", KEY, VALUE)), at(5, new EntryDeleted("todos", KEY)));
        assertThat(when(deleted, new Put("todos", KEY, VALUE, 0L))).hasSize(1);
        assertThat(rejection(() ->
                        when(List.of(at(2, new EntryPut("todos", KEY, VALUE))), new Put("todos", KEY, VALUE, 0L))))
                .isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void deletingAKeyWithAValueDecidesDeleted() {
        assertThat(when(List.of(at(4, new EntryPut("todos", KEY, VALUE))), new Delete("todos", KEY, null)))
                .containsExactly(new EntryDeleted("todos", KEY));
    }

    @Test
    void deletingAKeyWithoutAValueIsNotFound() {
        assertThat(rejection(() -> when(List.of(), new Delete("todos", KEY, null))))
                .isEqualTo(ErrorCode.NOT_FOUND);
        List<Change> deleted = List.of(at(2, new EntryPut("todos", KEY, VALUE)), at(5, new EntryDeleted("todos", KEY)));
        assertThat(rejection(() -> when(deleted, new Delete("todos", KEY, null))))
                .isEqualTo(ErrorCode.NOT_FOUND);
    }
}
