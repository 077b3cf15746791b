package dev.antipop.core.subject;

import java.util.ArrayList;
import java.util.List;

/**
 * A concrete, wildcard-free NATS-style subject such as {@code user.42.events}: the topic an event is published on.
 *
 * <p>Syntax: 1..16 non-empty tokens separated by {@code .}, at most 256 characters, no whitespace or control
 * characters, and no {@code *} or {@code >} anywhere (those are wildcards, which only {@link SubjectPattern} has).
 * Tokens are case-sensitive. Equality is on the text.
 */
public final class Subject {

    private final String value;
    private final List<String> tokens;

    private Subject(String value, List<String> tokens) {
        this.value = value;
        this.tokens = tokens;
    }

    /**
     * Parses a subject.
     *
     * @throws InvalidSubjectException if the text is empty, has an empty token, whitespace or control characters, a
     *     {@code *} or {@code >}, more than 256 characters or more than 16 tokens
     */
    public static Subject parse(String text) {
        List<String> tokens = SubjectGrammar.tokens(text, "Subject");
        if (text.indexOf('*') >= 0 || text.indexOf('>') >= 0) {
            throw new InvalidSubjectException("Subject must not contain the wildcards '*' or '>': '" + text + "'");
        }
        return new Subject(text, tokens);
    }

    /** The subject text. */
    public String value() {
        return value;
    }

    /** The tokens, in order; immutable. */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * The literal prefixes a subscription pattern matching this subject can have, shortest first: for {@code a.b.c}
     * {@code ["", "a", "a.b", "a.b.c"]}. Fan-out queries one subscription partition per prefix (DESIGN.md section 4).
     */
    public List<String> prefixes() {
        List<String> prefixes = new ArrayList<>(tokens.size() + 1);
        prefixes.add("");
        StringBuilder prefix = new StringBuilder();
        for (String token : tokens) {
            if (prefix.length() > 0) {
                prefix.append('.');
            }
            prefix.append(token);
            prefixes.add(prefix.toString());
        }
        return List.copyOf(prefixes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subject other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
