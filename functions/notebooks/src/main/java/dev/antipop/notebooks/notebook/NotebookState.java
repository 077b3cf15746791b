package dev.antipop.notebooks.notebook;

/** One notebook's lifecycle: none yet, active, deleted (soft: its history stays readable). */
public sealed interface NotebookState {

    /** The stream has no events. */
    record None() implements NotebookState {}

    /** Created and not deleted. */
    record Active(Notebook notebook) implements NotebookState {}

    /** Deleted: it keeps its last content and history, and refuses every command. */
    record Deleted(Notebook notebook) implements NotebookState {}
}
