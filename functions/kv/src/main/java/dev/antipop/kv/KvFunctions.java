package dev.antipop.kv;

import dev.antipop.runtime.config.EventStoreConfiguration;
import dev.antipop.runtime.config.RuntimeConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Start class of the KV function jar ({@code MAIN_CLASS}); the beans are in {@link KvConfiguration}. */
@SpringBootConfiguration
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
@Import({RuntimeConfiguration.class, EventStoreConfiguration.class, KvConfiguration.class})
public class KvFunctions {}
