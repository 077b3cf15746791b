package dev.antipop.core.subject;

/** A subject or subject pattern that breaks the syntax of {@link Subject} or {@link SubjectPattern}. */
public class InvalidSubjectException extends IllegalArgumentException {

    /** @param message what is wrong and with which input */
    public InvalidSubjectException(String message) {
        super(message);
    }
}
