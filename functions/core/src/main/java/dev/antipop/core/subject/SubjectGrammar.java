package dev.antipop.core.subject;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared token rules of subjects and patterns (NATS subject syntax: {@code .}-separated non-empty tokens without
 * whitespace).
 */
final class SubjectGrammar {

    /**
     * Longest subject, in characters. NATS itself sets no hard maximum; 256 keeps a pattern well inside DynamoDB's
     * 1024-byte sort key ({@code <pattern>#<connectionId>}) even with multi-byte characters.
     */
    static final int MAX_LENGTH = 256;

    /** Most tokens in a subject; NATS advises keeping subjects to 16 tokens or fewer. */
    static final int MAX_TOKENS = 16;

    private SubjectGrammar() {}

    /** Splits and checks everything but wildcards; the caller decides where {@code *} and {@code >} may stand. */
    static List<String> tokens(String text, String kind) {
        if (text == null || text.isEmpty()) {
            throw new InvalidSubjectException(kind + " must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidSubjectException(
                    kind + " is longer than " + MAX_LENGTH + " characters (" + text.length() + ")");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw new InvalidSubjectException(
                        kind + " must not contain whitespace or control characters: '" + printable(text) + "'");
            }
            if (Character.getType(c) == Character.FORMAT) {
                // Zero-width and bidi characters make two subjects that look alike but never match.
                throw new InvalidSubjectException(
                        kind + " must not contain invisible format characters: '" + printable(text) + "'");
            }
            if (Character.isSurrogate(c)) {
                // Only a well-formed pair is text; a lone surrogate has no UTF-8 form, so DynamoDB could not store it.
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidSubjectException(kind + " must be valid Unicode: it has an unpaired surrogate");
                }
            }
        }
        List<String> tokens = new ArrayList<>();
        int start = 0;
        while (true) {
            int dot = text.indexOf('.', start);
            String token = dot < 0 ? text.substring(start) : text.substring(start, dot);
            if (token.isEmpty()) {
                throw new InvalidSubjectException(kind + " has an empty token: '" + text + "'");
            }
            tokens.add(token);
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        if (tokens.size() > MAX_TOKENS) {
            throw new InvalidSubjectException(
                    kind + " has more than " + MAX_TOKENS + " tokens (" + tokens.size() + "): '" + text + "'");
        }
        return List.copyOf(tokens);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)
                    || Character.getType(cp) == Character.FORMAT
                    || Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
