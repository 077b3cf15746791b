package dev.antipop.core.subject;

import java.util.List;

/**
 * A NATS-style subscription pattern: a subject whose tokens may be wildcards. {@code *} matches exactly one token;
 * {@code >} matches one or more trailing tokens and may only be the last token. Both are whole tokens only ({@code a*}
 * and {@code >a} are invalid). Otherwise the syntax and limits of {@link Subject} apply (1..16 tokens, at most 256
 * characters, no whitespace, control or format characters, no unpaired surrogate). Equality is on the text.
 *
 * <p>Examples: {@code user.7.>} matches {@code user.7.events} and {@code user.7.a.b} but not {@code user.7};
 * {@code chat.*.messages} matches {@code chat.42.messages}; {@code >} matches every subject.
 */
public final class SubjectPattern {

    private static final String ONE = "*";
    private static final String REST = ">";

    private final String value;
    private final List<String> tokens;
    private final String literalPrefix;
    private final boolean literal;

    private SubjectPattern(String value, List<String> tokens) {
        this.value = value;
        this.tokens = tokens;
        int firstWildcard = 0;
        while (firstWildcard < tokens.size() && !isWildcard(tokens.get(firstWildcard))) {
            firstWildcard++;
        }
        this.literal = firstWildcard == tokens.size();
        this.literalPrefix = String.join(".", tokens.subList(0, firstWildcard));
    }

    /**
     * Parses a pattern.
     *
     * @throws InvalidSubjectException if the text is empty, has an empty token, whitespace or control characters,
     *     a wildcard that is part of a token, a {@code >} that is not the last token, more than 256 characters or
     *     more than 16 tokens
     */
    public static SubjectPattern parse(String text) {
        List<String> tokens = SubjectGrammar.tokens(text, "Subject pattern");
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!isWildcard(token) && (token.indexOf('*') >= 0 || token.indexOf('>') >= 0)) {
                throw new InvalidSubjectException(
                        "Wildcards '*' and '>' must be whole tokens: '" + token + "' in '" + text + "'");
            }
            if (token.equals(REST) && i != tokens.size() - 1) {
                throw new InvalidSubjectException("'>' may only be the last token: '" + text + "'");
            }
        }
        return new SubjectPattern(text, tokens);
    }

    /** The pattern text. */
    public String value() {
        return value;
    }

    /** The tokens, wildcards included; immutable. */
    public List<String> tokens() {
        return tokens;
    }

    /** Whether {@code subject} matches this pattern. */
    public boolean matches(Subject subject) {
        List<String> subjectTokens = subject.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals(REST)) {
                return subjectTokens.size() > i;
            }
            if (i >= subjectTokens.size()) {
                return false;
            }
            if (!token.equals(ONE) && !token.equals(subjectTokens.get(i))) {
                return false;
            }
        }
        return subjectTokens.size() == tokens.size();
    }

    /**
     * Whether the subject text matches this pattern.
     *
     * @throws InvalidSubjectException if {@code subject} is not a valid {@link Subject} (e.g. contains wildcards)
     */
    public boolean matches(String subject) {
        return matches(Subject.parse(subject));
    }

    /**
     * The tokens before the first wildcard joined with {@code .}: {@code chat.room} for {@code chat.room.*},
     * {@code ""} for {@code >} or {@code *.x}, the whole pattern when it is literal. This is the subscription's
     * partition key (DESIGN.md section 4), so a subject's {@link Subject#prefixes()} find every pattern that can
     * match it.
     */
    public String literalPrefix() {
        return literalPrefix;
    }

    /** Whether the pattern has no wildcard, i.e. matches exactly one subject. */
    public boolean isLiteral() {
        return literal;
    }

    /**
     * Whether every subject {@code other} matches is also matched by this pattern: {@code user.7.>} covers
     * {@code user.7.events} and {@code user.7.*}; {@code user.7.>} does not cover {@code user.*.>}; {@code >} covers
     * everything. Used to check a subscription against the patterns a user is allowed.
     */
    public boolean covers(SubjectPattern other) {
        List<String> theirs = other.tokens;
        for (int i = 0; i < tokens.size(); i++) {
            String mine = tokens.get(i);
            if (mine.equals(REST)) {
                // '>' takes one or more tokens, and whatever 'other' has from here on produces at least one.
                return theirs.size() > i;
            }
            if (i >= theirs.size()) {
                return false;
            }
            String their = theirs.get(i);
            if (their.equals(REST)) {
                // 'other' matches arbitrarily long subjects here, this pattern only a fixed number more.
                return false;
            }
            if (!mine.equals(ONE) && !mine.equals(their)) {
                // A literal covers only the same literal (a '*' in other also matches other tokens).
                return false;
            }
        }
        return theirs.size() == tokens.size();
    }

    /** Whether some subject matches both this pattern and {@code other}. */
    public boolean overlaps(SubjectPattern other) {
        List<String> theirs = other.tokens;
        for (int i = 0; ; i++) {
            boolean mineEnded = i >= tokens.size();
            boolean theirsEnded = i >= theirs.size();
            if (mineEnded || theirsEnded) {
                return mineEnded && theirsEnded;
            }
            String mine = tokens.get(i);
            String their = theirs.get(i);
            if (mine.equals(REST) || their.equals(REST)) {
                // Both still need at least one token here; '>' absorbs whatever the other side needs.
                return true;
            }
            if (!mine.equals(ONE) && !their.equals(ONE) && !mine.equals(their)) {
                return false;
            }
        }
    }

    private static boolean isWildcard(String token) {
        return token.equals(ONE) || token.equals(REST);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectPattern other && value.equals(other.value);
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
