package dev.antipop.dynamodb.engine.ttl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.dynamodb.engine.stream.MutableClock;
import dev.antipop.dynamodb.engine.value.AttributeValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TtlSweeperTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
    private final long now = clock.instant().getEpochSecond();
    private final Map<String, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();
    private final List<String> deleted = new ArrayList<>();

    private final TtlTables.TtlTable table = new TtlTables.TtlTable() {
        @Override
        public String name() {
            return "T";
        }

        @Override
        public String attributeName() {
            return "expires";
        }

        @Override
        public Iterable<Map<String, AttributeValue>> items() {
            return items.values();
        }

        @Override
        public synchronized boolean deleteIfExpired(Map<String, AttributeValue> item, long nowSeconds) {
            String id = ((AttributeValue.S) item.get("id")).value();
            Map<String, AttributeValue> current = items.get(id);
            if (current == null || !TimeToLive.isExpired(current, "expires", nowSeconds)) {
                return false;
            }
            items.remove(id);
            deleted.add(id);
            return true;
        }
    };

    private void put(String id, long expires) {
        items.put(id, Map.of("id", AttributeValue.s(id), "expires", AttributeValue.n(expires)));
    }

    @Test
    void sweepDeletesOnlyExpiredItems() {
        put("old", now - 10);
        put("fresh", now + 10);
        AtomicInteger housekeeping = new AtomicInteger();
        TtlSweeper sweeper =
                new TtlSweeper(() -> List.of(table), clock, Duration.ofSeconds(1), housekeeping::incrementAndGet);
        assertThat(sweeper.sweepOnce()).isEqualTo(1);
        assertThat(deleted).containsExactly("old");
        assertThat(items).containsOnlyKeys("fresh");
        assertThat(housekeeping).hasValue(1);
        clock.advance(Duration.ofSeconds(11));
        assertThat(sweeper.sweepOnce()).isEqualTo(1);
        assertThat(items).isEmpty();
    }

    @Test
    void backgroundSweepsRunUntilClosed() throws InterruptedException {
        put("old", now - 1);
        CountDownLatch swept = new CountDownLatch(2);
        try (TtlSweeper sweeper =
                new TtlSweeper(() -> List.of(table), clock, Duration.ofMillis(20), swept::countDown).start()) {
            assertThat(swept.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(deleted).containsExactly("old");
        }
    }
}
