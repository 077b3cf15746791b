package dev.antipop.articles;

import dev.antipop.runtime.config.EventStoreConfiguration;
import dev.antipop.runtime.config.RuntimeConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Start class of the articles function jar ({@code MAIN_CLASS}); the beans are in {@link ArticlesConfiguration}, the
 * one a function runs is chosen by {@code SPRING_CLOUD_FUNCTION_DEFINITION}.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(ContextFunctionCatalogAutoConfiguration.class)
@Import({RuntimeConfiguration.class, EventStoreConfiguration.class, ArticlesConfiguration.class})
public class ArticlesFunctions {}
