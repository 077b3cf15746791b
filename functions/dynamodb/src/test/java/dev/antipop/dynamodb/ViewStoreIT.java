package dev.antipop.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ViewStoreIT {

    @RegisterExtension
    static final DynamoDbEngineExtension engine = DynamoDbEngineExtension.fresh();

    private static AntipopTables dynamo;
    private static ViewStore views;
    private static final AtomicInteger items = new AtomicInteger();
    private static final String TABLE = "member-views";

    @BeforeAll
    static void openTables() {
        dynamo = AntipopTables.on(engine.endpoint());
        dynamo.createKeyTable(TABLE, "memberId");
        views = new ViewStore(dynamo.client());
    }

    @AfterAll
    static void closeClient() {
        dynamo.close();
    }

    private static Map<String, AttributeValue> newKey() {
        return Map.of("memberId", AttributeValue.fromS("m-" + items.incrementAndGet()));
    }

    /** A projection: set the name and count how often the item was written. */
    private static Map<String, AttributeValue> rename(Map<String, AttributeValue> current, String name) {
        Map<String, AttributeValue> next = new HashMap<>(current);
        next.put("name", AttributeValue.fromS(name));
        long writes = current.containsKey("writes")
                ? Long.parseLong(current.get("writes").n())
                : 0;
        next.put("writes", AttributeValue.fromN(Long.toString(writes + 1)));
        return next;
    }

    @Test
    void appliesNewerVersionsAndIgnoresDuplicatesAndStaleOnes() {
        Map<String, AttributeValue> key = newKey();

        assertThat(views.apply(TABLE, key, 1, c -> rename(c, "Ada"))).isTrue();
        assertThat(views.apply(TABLE, key, 1, c -> rename(c, "Ada again")))
                .as("duplicate")
                .isFalse();
        assertThat(views.apply(TABLE, key, 3, c -> rename(c, "Ada Lovelace"))).isTrue();
        assertThat(views.apply(TABLE, key, 2, c -> rename(c, "stale")))
                .as("late")
                .isFalse();

        Map<String, AttributeValue> item = views.get(TABLE, key).orElseThrow();
        assertThat(item.get("name").s()).isEqualTo("Ada Lovelace");
        assertThat(item.get("writes").n()).isEqualTo("2");
        assertThat(item.get("version").n()).isEqualTo("3");
        assertThat(item.get("memberId")).isEqualTo(key.get("memberId"));
    }

    @Test
    void setIsOneUpdateForANewerVersionAndNothingForADuplicateOrALateOne() {
        Map<String, AttributeValue> key = newKey();
        views.apply(TABLE, key, 1, c -> rename(c, "Ada"));
        long reads = requests("GetItem");
        long updates = requests("UpdateItem");

        assertThat(views.set(TABLE, key, 2, Map.of("name", AttributeValue.fromS("Ada L."))))
                .isTrue();
        assertThat(requests("GetItem") - reads).as("no read before the write").isZero();
        assertThat(requests("UpdateItem") - updates).isEqualTo(1);

        assertThat(views.set(TABLE, key, 2, Map.of("name", AttributeValue.fromS("duplicate"))))
                .isFalse();
        assertThat(views.set(TABLE, key, 1, Map.of("name", AttributeValue.fromS("late"))))
                .isFalse();
        Map<String, AttributeValue> item = views.get(TABLE, key).orElseThrow();
        assertThat(item.get("name").s()).isEqualTo("Ada L.");
        assertThat(item.get("writes").n()).as("untouched by set").isEqualTo("1");
        assertThat(item.get("version").n()).isEqualTo("2");
    }

    @Test
    void setOnNoItemOrAnItemWithoutVersionFallsBackToApply() {
        Map<String, AttributeValue> fresh = newKey();
        assertThat(views.set(TABLE, fresh, 1, Map.of("name", AttributeValue.fromS("new"))))
                .isTrue();
        assertThat(views.get(TABLE, fresh).orElseThrow().get("version").n()).isEqualTo("1");

        Map<String, AttributeValue> legacyKey = newKey();
        Map<String, AttributeValue> legacy = new HashMap<>(legacyKey);
        legacy.put("name", AttributeValue.fromS("legacy"));
        dynamo.client().putItem(r -> r.tableName(TABLE).item(legacy));
        assertThat(views.set(TABLE, legacyKey, 4, Map.of("name", AttributeValue.fromS("adopted"))))
                .isTrue();
        assertThat(views.get(TABLE, legacyKey).orElseThrow().get("name").s()).isEqualTo("adopted");
        assertThatThrownBy(() -> views.set(TABLE, legacyKey, 5, Map.of("version", AttributeValue.fromN("9"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long requests(String operation) {
        return engine.engine().requestCounts().getOrDefault(operation, 0L);
    }

    @Test
    void deletesOnlyForANewerVersion() {
        Map<String, AttributeValue> key = newKey();
        views.apply(TABLE, key, 5, c -> rename(c, "Bob"));

        assertThat(views.delete(TABLE, key, 4)).isFalse();
        assertThat(views.delete(TABLE, key, 5)).isFalse();
        assertThat(views.get(TABLE, key)).isPresent();
        assertThat(views.delete(TABLE, key, 6)).isTrue();
        assertThat(views.get(TABLE, key)).isEmpty();
        assertThat(views.delete(TABLE, key, 7)).isFalse();
    }

    @Test
    void anItemWithoutVersionIsAdoptedOnce() {
        Map<String, AttributeValue> key = newKey();
        Map<String, AttributeValue> legacy = new HashMap<>(key);
        legacy.put("name", AttributeValue.fromS("legacy"));
        dynamo.client().putItem(r -> r.tableName(TABLE).item(legacy));

        assertThat(views.apply(TABLE, key, 1, c -> rename(c, "adopted"))).isTrue();
        assertThat(views.get(TABLE, key).orElseThrow().get("version").n()).isEqualTo("1");
    }

    @Test
    void concurrentProjectorsApplyEachVersionOnce() throws Exception {
        Map<String, AttributeValue> key = newKey();
        // Four projector instances each deliver versions 1..10 (at-least-once delivery, racing each other).
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int p = 0; p < 4; p++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (long v = 1; v <= 10; v++) {
                        if (views.apply(TABLE, key, v, c -> rename(c, "x"))) {
                            writes.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, AttributeValue> item = views.get(TABLE, key).orElseThrow();
        assertThat(item.get("version").n()).isEqualTo("10");
        assertThat(Long.parseLong(item.get("writes").n()))
                .isEqualTo(writes.get())
                .isBetween(1L, 10L);
    }
}
