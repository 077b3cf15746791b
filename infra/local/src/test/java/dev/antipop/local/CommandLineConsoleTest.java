package dev.antipop.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --no-console}: the console is on unless the command line turns it off. */
class CommandLineConsoleTest {

    @Test
    void theConsoleIsOnByDefault() {
        assertThat(CommandLine.parse(new String[] {"run"}).options(false).console())
                .isTrue();
        assertThat(LocalCloud.Options.defaults(java.nio.file.Path.of("t.yaml")).console())
                .isTrue();
    }

    @Test
    void noConsoleTurnsItOff() {
        LocalCloud.Options options = CommandLine.parse(new String[] {"run", "--no-console", "--port-http", "3100"})
                .options(false);

        assertThat(options.console()).isFalse();
        assertThat(options.httpPort()).isEqualTo(3100);
        assertThat(options.toBuilder().console(true).build().console()).isTrue();
    }

    @Test
    void theUsageNamesTheOption() {
        assertThat(Main.USAGE).contains("--no-console");
    }
}
