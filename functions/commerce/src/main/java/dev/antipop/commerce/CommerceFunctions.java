package dev.antipop.commerce;

import dev.antipop.runtime.config.EventStoreConfiguration;
import dev.antipop.runtime.config.RuntimeConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Start class of the commerce function jar ({@code MAIN_CLASS}). Only the function catalog's auto-configuration is
 * imported; the beans are in {@link CommerceConfiguration}, chosen by {@code SPRING_CLOUD_FUNCTION_DEFINITION}.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
@Import({RuntimeConfiguration.class, EventStoreConfiguration.class, CommerceConfiguration.class})
public class CommerceFunctions {}
