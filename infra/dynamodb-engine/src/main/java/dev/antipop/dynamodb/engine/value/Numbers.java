package dev.antipop.dynamodb.engine.value;

import dev.antipop.dynamodb.engine.DynamoDbException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * DynamoDB's number rules (API reference, "Data types": Number): up to 38 digits of precision; positive magnitudes from
 * 1E-130 to 9.9999999999999999999999999999999999999E+125, negative ones likewise; leading and trailing zeros are
 * trimmed. Arithmetic ({@code SET a = a + :v}, {@code ADD}) keeps 38 digits and fails beyond the range.
 */
public final class Numbers {

    /** 38 significant digits: DynamoDB's precision. */
    public static final MathContext PRECISION = new MathContext(38, RoundingMode.HALF_EVEN);

    private static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_POSITIVE = new BigDecimal("1E-130");

    private Numbers() {}

    /**
     * Parses a number as the wire carries it.
     *
     * @throws DynamoDbException {@code ValidationException} for text that is not a number, more than 38 significant
     *     digits, or a magnitude out of range (messages as DynamoDB's)
     */
    public static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            if (text.isEmpty() || text.length() > 4096 || !text.strip().equals(text)) {
                throw new NumberFormatException();
            }
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw DynamoDbException.validation(
                    "The parameter cannot be converted to a numeric value: " + abbreviate(text));
        }
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.precision() > 38) {
            throw DynamoDbException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        checkRange(stripped);
        return stripped;
    }

    /**
     * Normalises the result of arithmetic: rounds to 38 digits and checks the range.
     *
     * @throws DynamoDbException {@code ValidationException} when out of range
     */
    public static BigDecimal normalize(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal rounded = value.round(PRECISION).stripTrailingZeros();
        checkRange(rounded);
        return rounded;
    }

    /** The canonical text: plain notation without trailing zeros ({@code 1E+2} is {@code "100"}). */
    public static String format(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static void checkRange(BigDecimal value) {
        BigDecimal abs = value.abs();
        if (abs.signum() == 0) {
            return;
        }
        if (abs.compareTo(MAX) > 0) {
            throw DynamoDbException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger" + " than supported range");
        }
        if (abs.compareTo(MIN_POSITIVE) < 0) {
            throw DynamoDbException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller" + " than supported range");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
