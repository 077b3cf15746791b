package dev.antipop.dynamodb;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.decider.Decider;
import dev.antipop.core.decider.RecordEventCodec;
import dev.antipop.core.event.SensitiveFields;
import java.util.List;
import java.util.Map;

/** A toy aggregate for the event store ITs: a member registers with a unique email, then counts visits. */
final class Registration {

    private Registration() {}

    sealed interface Command permits Register, Visit {}

    record Register(String email) implements Command {}

    record Visit() implements Command {}

    sealed interface Event permits Registered, Visited {}

    record Registered(String email) implements Event {}

    record Visited(long count) implements Event {}

    record State(boolean registered, long visits) {}

    static final class RegistrationDecider implements Decider<Command, Event, State> {
        @Override
        public State initialState() {
            return new State(false, 0);
        }

        @Override
        public List<Event> decide(Command command, State state) {
            if (command instanceof Register register) {
                if (state.registered()) {
                    throw CommandException.conflict("Already registered");
                }
                return List.of(new Registered(register.email()));
            }
            return List.of(new Visited(state.visits() + 1));
        }

        @Override
        public State evolve(State state, Event event) {
            if (event instanceof Registered) {
                return new State(true, state.visits());
            }
            return new State(state.registered(), ((Visited) event).count());
        }

        @Override
        public List<String> uniqueClaims(Event event) {
            return event instanceof Registered registered ? List.of("email#" + registered.email()) : List.of();
        }
    }

    static RecordEventCodec<Event> codec() {
        return new RecordEventCodec<>(
                Map.of("test.member_registered", Registered.class, "test.member_visited", Visited.class),
                (stream, event) -> "member." + stream + ".events",
                SensitiveFields.none());
    }
}
