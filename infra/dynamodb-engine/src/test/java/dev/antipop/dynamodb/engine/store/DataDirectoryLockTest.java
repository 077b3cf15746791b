package dev.antipop.dynamodb.engine.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @Test
    void aSecondUserOfTheDirectoryIsRefusedUntilTheFirstCloses(@TempDir Path dir) {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("data directory")
                    .hasMessageContaining("is in use by another");
        }
        DataDirectoryLock.acquire(dir).close();
    }
}
