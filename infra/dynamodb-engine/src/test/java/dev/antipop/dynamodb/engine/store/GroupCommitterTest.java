package dev.antipop.dynamodb.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {

    private static MVStore open(Path file) {
        return new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .open();
    }

    @Test
    void aWriteReturnsOnlyOnceItIsOnDisk(@TempDir Path dir) throws InterruptedException {
        Path file = dir.resolve("test.mv.db");
        MVStore store = open(file);
        MVMap<String, String> map = store.openMap("m");
        GroupCommitter committer = new GroupCommitter(store);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 25; i++) {
                    String key = thread + "-" + i;
                    // Two puts per write: both or neither reach a version.
                    committer.write(() -> {
                        map.put(key + "-a", "x");
                        map.put(key + "-b", "x");
                    });
                    acknowledged.add(key);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // Staged but never committed: lost like a write in flight at a crash.
        committer.stage(() -> map.put("unacknowledged", "x"));
        committer.close();
        store.closeImmediately(); // no final commit: as if the process died

        MVStore reopened = open(file);
        try {
            MVMap<String, String> after = reopened.openMap("m");
            assertThat(acknowledged).hasSize(200);
            for (String key : acknowledged) {
                assertThat(after).containsKeys(key + "-a", key + "-b");
            }
            assertThat(after).doesNotContainKey("unacknowledged");
        } finally {
            reopened.close();
        }
    }
}
