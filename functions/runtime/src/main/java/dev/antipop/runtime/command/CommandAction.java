package dev.antipop.runtime.command;

import dev.antipop.core.store.AppendResult;

/** Executes one command: validate the payload, then load, decide and append (usually via {@code CommandHandler}). */
@FunctionalInterface
public interface CommandAction {

    /**
     * @return the append outcome (its {@code commandId} is answered to the client)
     * @throws dev.antipop.core.command.CommandException for every rejection a client can cause
     */
    AppendResult execute(CommandRequest request);
}
