package dev.antipop.local.chaos;

import java.util.Locale;

/**
 * The faults the chaos switch injects (issue 13, "Fault injection"). Each is one way the real services fail that the
 * pipeline must survive without a duplicated or lost effect.
 */
public enum Fault {
    /**
     * A stream batch delivered a second time after it succeeded: DynamoDB Streams and Lambda's event source mapping
     * deliver at least once ("Lambda with DynamoDB": records may be processed more than once).
     */
    DUPLICATE_BATCH,
    /** The function fails a batch before doing anything (an uncaught error at its start); the batch is retried. */
    FAILED_BATCH,
    /**
     * A record no consumer can decode appended to a batch (a poison record): the consumer must report it, the mapping
     * retries it until {@code MaximumRetryAttempts} and skips it with an on-failure record, and every real record
     * around it is still delivered.
     */
    POISON_RECORD,
    /** The function ran to its end but its answer is lost as {@code Sandbox.Timedout}; the batch is retried. */
    TIMEOUT,
    /**
     * A delay between the append and the stream record reaching the function (DynamoDB Streams publishes "in near
     * real time", with no bound): read-your-writes waits and lags must cope.
     */
    STREAM_DELAY,
    /**
     * A {@code PostToConnection} answered 429 {@code TooManyRequestsException}, as API Gateway throttles the management
     * API; the SDK retries it as a throttling error.
     */
    THROTTLED_POST,
    /**
     * The connection goes away in the middle of a fan-out: it is closed (1001) and the {@code PostToConnection} answers
     * 410 {@code GoneException}.
     */
    GONE_POST;

    /** The name in logs, options and JSON: {@code duplicate-batch}, {@code failed-batch}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The fault of a key or of its short option name ({@code duplicate}, {@code fail}, {@code poison}, {@code timeout},
     * {@code delay}, {@code throttle}, {@code gone}).
     *
     * @throws IllegalArgumentException naming the unknown key
     */
    public static Fault of(String key) {
        for (Fault fault : values()) {
            if (fault.key().equals(key) || fault.shortKey().equals(key)) {
                return fault;
            }
        }
        throw new IllegalArgumentException(
                "unknown fault " + key + " (duplicate, fail, poison, timeout, delay, throttle, gone)");
    }

    /** The short option name. */
    public String shortKey() {
        return switch (this) {
            case DUPLICATE_BATCH -> "duplicate";
            case FAILED_BATCH -> "fail";
            case POISON_RECORD -> "poison";
            case TIMEOUT -> "timeout";
            case STREAM_DELAY -> "delay";
            case THROTTLED_POST -> "throttle";
            case GONE_POST -> "gone";
        };
    }
}
