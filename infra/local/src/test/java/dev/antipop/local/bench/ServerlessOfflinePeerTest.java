package dev.antipop.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The peer's child-process handling, on {@code sh} standing in for {@code serverless offline}: ready at its ready line,
 * a child that dies first reported with its output, and the whole process tree ended on stop.
 */
class ServerlessOfflinePeerTest {

    @Test
    void launchReturnsAtTheReadyLineAndStopEndsTheWholeTree() throws Exception {
        Process process = ServerlessOfflinePeer.launch(new ProcessBuilder(
                        "sh", "-c", "sleep 60 & echo starting; echo 'Server ready: http://127.0.0.1:1'; wait")
                .redirectErrorStream(true));
        List<ProcessHandle> tree = process.descendants().toList();
        assertThat(process.isAlive()).isTrue();
        assertThat(tree).isNotEmpty().allMatch(ProcessHandle::isAlive);

        ServerlessOfflinePeer.stop(process);

        assertThat(process.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aChildThatExitsBeforeItIsReadyIsReportedWithItsLastLines() {
        assertThatThrownBy(() -> ServerlessOfflinePeer.launch(
                        new ProcessBuilder("sh", "-c", "echo 'Serverless Error: no plugin'; exit 1")
                                .redirectErrorStream(true)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exited before")
                .hasMessageContaining("Serverless Error: no plugin");
    }
}
