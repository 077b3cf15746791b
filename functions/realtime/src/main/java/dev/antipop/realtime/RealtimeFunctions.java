package dev.antipop.realtime;

import dev.antipop.runtime.config.RuntimeConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Start class of the realtime function jar ({@code MAIN_CLASS} / manifest {@code Start-Class}): the WebSocket API's
 * {@code wsConnect}, {@code wsDisconnect} and {@code wsMessage}, {@code fanOut} on every events table's stream, and
 * the HTTP fallbacks {@code pollEvents}, {@code streamEvents} and {@code streamNotebookEvents}.
 * Each template function selects one with {@code SPRING_CLOUD_FUNCTION_DEFINITION}.
 *
 * <p>Only the function catalog is auto-configured (no component scan, no {@code @EnableAutoConfiguration}) to keep
 * cold starts short.
 */
@SpringBootConfiguration
@Import({RuntimeConfiguration.class, RealtimeConfiguration.class})
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
public class RealtimeFunctions {}
