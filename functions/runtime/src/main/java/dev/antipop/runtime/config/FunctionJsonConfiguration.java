package dev.antipop.runtime.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Jackson 3 mapper Spring Cloud Function's message conversion starts from. Spring Cloud Function 5.0.5 looks up a
 * {@code tools.jackson.databind.ObjectMapper} bean and, without one (no Spring Boot Jackson auto-configuration in a
 * function jar), logs a WARN with a stack trace at every cold start before falling back to a default mapper. This bean
 * is that default ({@code JsonMapper.builder().build()}), so conversion behaves the same and the cold start is quiet.
 * Every start class imports it (through {@link RuntimeConfiguration} or directly).
 */
@Configuration(proxyBeanMethods = false)
public class FunctionJsonConfiguration {

    /** A default Jackson 3 mapper; Spring Cloud Function rebuilds it with its own modules and features. */
    @Bean
    public JsonMapper functionJsonMapper() {
        return JsonMapper.builder().build();
    }
}
