package dev.antipop.kv.entry;

/** One key's state: its last revision and whether it holds a value. */
public sealed interface KeyState {

    /** The bucket revision that last changed the key; 0 for never. */
    long revision();

    /** No value: never written ({@code revision} 0) or deleted at {@code revision}. */
    record Absent(long revision) implements KeyState {}

    /** A value written at {@code revision}. */
    record Present(long revision) implements KeyState {}
}
