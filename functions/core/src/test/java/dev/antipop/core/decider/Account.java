package dev.antipop.core.decider;

import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.SensitiveFields;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A toy bank account aggregate for the command handler's given/when/then tests. */
final class Account {

    private Account() {}

    sealed interface Command permits Open, Deposit, Withdraw, ChangeEmail {}

    record Open(String owner, String email, String pin) implements Command {}

    record Deposit(long amount) implements Command {}

    record Withdraw(long amount) implements Command {}

    record ChangeEmail(String email) implements Command {}

    sealed interface Event permits Opened, Deposited, Withdrawn, EmailChanged {}

    record Opened(String owner, String email, String pin) implements Event {}

    record Deposited(long amount) implements Event {}

    record Withdrawn(long amount) implements Event {}

    record EmailChanged(String email) implements Event {}

    record State(boolean open, long balance, String email) {
        static final State NEW = new State(false, 0, null);
    }

    static final class AccountDecider implements Decider<Command, Event, State> {

        @Override
        public State initialState() {
            return State.NEW;
        }

        @Override
        public List<Event> decide(Command command, State state) {
            if (command instanceof Open open) {
                if (state.open()) {
                    return List.of(); // opening twice is a no-op
                }
                return List.of(new Opened(open.owner(), open.email(), open.pin()));
            }
            if (!state.open()) {
                throw CommandException.notFound("No such account");
            }
            if (command instanceof Deposit deposit) {
                return List.of(new Deposited(deposit.amount()));
            }
            if (command instanceof Withdraw withdraw) {
                if (withdraw.amount() > state.balance()) {
                    throw CommandException.conflict("Insufficient funds");
                }
                return List.of(new Withdrawn(withdraw.amount()));
            }
            if (command instanceof ChangeEmail change) {
                return change.email().equals(state.email()) ? List.of() : List.of(new EmailChanged(change.email()));
            }
            throw new IllegalStateException("unreachable");
        }

        @Override
        public State evolve(State state, Event event) {
            if (event instanceof Opened opened) {
                return new State(true, 0, opened.email());
            }
            if (event instanceof Deposited deposited) {
                return new State(true, state.balance() + deposited.amount(), state.email());
            }
            if (event instanceof Withdrawn withdrawn) {
                return new State(true, state.balance() - withdrawn.amount(), state.email());
            }
            if (event instanceof EmailChanged changed) {
                return new State(true, state.balance(), changed.email());
            }
            return state;
        }

        @Override
        public List<String> uniqueClaims(Event event) {
            if (event instanceof Opened opened) {
                return List.of("email#" + opened.email());
            }
            if (event instanceof EmailChanged changed) {
                return List.of("email#" + changed.email());
            }
            return List.of();
        }
    }

    static RecordEventCodec<Event> codec() {
        return new RecordEventCodec<>(
                Map.of(
                        "bank.account_opened", Opened.class,
                        "bank.money_deposited", Deposited.class,
                        "bank.money_withdrawn", Withdrawn.class,
                        "bank.email_changed", EmailChanged.class),
                (stream, event) -> "account." + stream.substring("account-".length()) + ".events",
                SensitiveFields.of(Map.of("bank.account_opened", Set.of("pin"))));
    }
}
