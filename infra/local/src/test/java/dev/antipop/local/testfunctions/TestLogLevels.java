package dev.antipop.local.testfunctions;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Test setup shared by the part-B tests: stops Spring Boot from re-initialising logging in every function context
 * (the local cloud sets the same system property) and quiets the per-request INFO/DEBUG chatter of Spring, Spring
 * Cloud Function's AWS adapter (it logs every payload) and Jetty, which logback's default configuration would print.
 */
public final class TestLogLevels {

    private TestLogLevels() {}

    /** Idempotent; call from {@code @BeforeAll}. */
    public static void apply() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            context.getLogger("org.springframework").setLevel(Level.WARN);
            context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
            context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        }
    }
}
