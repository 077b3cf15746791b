package dev.antipop.notebooks;

import dev.antipop.runtime.config.EventStoreConfiguration;
import dev.antipop.runtime.config.RuntimeConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Start class of the notebooks function jar ({@code MAIN_CLASS}, and {@code Start-Class} in the jar manifest).
 *
 * <p>Only the function catalog's auto-configuration is imported, not the whole classpath's: each Lambda cold start
 * pays for what it builds. Which bean a function runs is chosen by {@code SPRING_CLOUD_FUNCTION_DEFINITION}; the
 * beans are in {@link NotebooksConfiguration}.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
@Import({RuntimeConfiguration.class, EventStoreConfiguration.class, NotebooksConfiguration.class})
public class NotebooksFunctions {}
