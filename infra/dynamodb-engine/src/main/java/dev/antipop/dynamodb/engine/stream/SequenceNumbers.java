package dev.antipop.dynamodb.engine.stream;

/**
 * Sequence numbers as the wire carries them: decimal strings of 21 digits (DynamoDB Streams documents 21 to 40), a
 * leading {@code 4} and an engine-wide counter padded to 20 digits. One counter serves every table and shard of the
 * engine, so a number is never shared between two records, and numbers compare as their counters do.
 */
final class SequenceNumbers {

    private static final int DIGITS = 20;

    private SequenceNumbers() {}

    /** The wire form of counter value {@code value} (non-negative). */
    static String format(long value) {
        char[] text = new char[DIGITS + 1];
        text[0] = '4';
        long rest = value;
        for (int i = DIGITS; i >= 1; i--) {
            text[i] = (char) ('0' + (rest % 10));
            rest /= 10;
        }
        return new String(text);
    }

    /** The counter value of a wire sequence number, or -1 when the text is not one of this engine's numbers. */
    static long parse(String text) {
        if (text == null || text.length() != DIGITS + 1 || text.charAt(0) != '4') {
            return -1;
        }
        long value = 0;
        for (int i = 1; i <= DIGITS; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
