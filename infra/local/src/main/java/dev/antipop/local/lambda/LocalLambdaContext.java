package dev.antipop.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/**
 * The Lambda {@link Context} of one local invocation: a fresh {@code awsRequestId} (a random UUID, as Lambda's), the
 * function's name, version {@code $LATEST}, an invoked-function ARN in account {@code 000000000000} (the account id
 * LocalStack and SAM CLI use), the configured memory, and the time left before the function's {@code Timeout}. The
 * {@link LambdaLogger} writes to SLF4J under the logger {@code dev.antipop.local.function.<functionName>}.
 */
final class LocalLambdaContext implements Context {

    /** The account id in local ARNs; no real account is involved. */
    static final String LOCAL_ACCOUNT_ID = "000000000000";

    private final String awsRequestId = randomUuid();
    private final String functionName;
    private final String invokedFunctionArn;
    private final int memoryLimitInMb;
    private final long deadlineNanos;
    private final LambdaLogger logger;

    LocalLambdaContext(String functionName, String region, int memoryLimitInMb, long deadlineNanos, Logger log) {
        this.functionName = functionName;
        this.invokedFunctionArn = "arn:aws:lambda:" + region + ":" + LOCAL_ACCOUNT_ID + ":function:" + functionName;
        this.memoryLimitInMb = memoryLimitInMb;
        this.deadlineNanos = deadlineNanos;
        this.logger = new Slf4jLambdaLogger(log);
    }

    /**
     * A version-4 UUID from {@link ThreadLocalRandom}: request ids need uniqueness, not unpredictability, and
     * {@code UUID.randomUUID()} serialises every invocation on one {@code SecureRandom}.
     */
    private static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + awsRequestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null; // only set for invocations through the AWS Mobile SDK, as on Lambda
    }

    @Override
    public ClientContext getClientContext() {
        return null; // only set for invocations through the AWS Mobile SDK, as on Lambda
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitInMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** Lambda's function logger, routed to SLF4J so function output lands in the local cloud's log. */
    private record Slf4jLambdaLogger(Logger log) implements LambdaLogger {

        @Override
        public void log(String message) {
            log.info("{}", message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            switch (level) {
                case TRACE -> log.trace("{}", message);
                case DEBUG -> log.debug("{}", message);
                case WARN -> log.warn("{}", message);
                case ERROR, FATAL -> log.error("{}", message);
                default -> log.info("{}", message);
            }
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            log(new String(message, StandardCharsets.UTF_8), level);
        }
    }
}
