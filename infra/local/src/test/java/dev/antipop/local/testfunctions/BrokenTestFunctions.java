package dev.antipop.local.testfunctions;

import dev.antipop.runtime.config.FunctionJsonConfiguration;
import java.util.function.Function;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * A start class whose context fails to start: its only bean requires the environment variable {@code REQUIRED_SETTING}
 * ({@code Environment.getRequiredProperty}), so a function without it fails its cold start, as a function missing a
 * table name would. Definition {@code needsSetting} echoes the setting.
 */
@SpringBootConfiguration
@Import(FunctionJsonConfiguration.class)
public class BrokenTestFunctions {

    /** Fails at context start when {@code REQUIRED_SETTING} is missing. */
    @Bean
    public Function<String, String> needsSetting(Environment environment) {
        String setting = environment.getRequiredProperty("REQUIRED_SETTING");
        return input -> setting;
    }
}
