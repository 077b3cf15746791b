package dev.antipop.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InMemoryEventStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T19:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final InMemoryEventStore store = new InMemoryEventStore(Duration.ofHours(24), clock);

    private static List<EventEnvelope> events(String stream, long fromVersion, int count) {
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long version = fromVersion + i;
            events.add(new EventEnvelope(
                    stream + "-e" + version,
                    "t.happened",
                    stream,
                    version,
                    "t." + stream,
                    T0,
                    EnvelopeJson.mapper().createObjectNode().put("n", version),
                    null));
        }
        return events;
    }

    private static AppendRequest request(
            String stream, long expected, int count, IdempotencyKey key, List<String> claims) {
        return new AppendRequest("cmd", stream, expected, events(stream, expected + 1, count), key, claims);
    }

    @Test
    void appendsAndReadsFromAVersion() {
        AppendResult first = store.append(request("s", 0, 2, null, null));
        AppendResult second = store.append(request("s", 2, 1, null, null));

        assertThat(first).isEqualTo(new AppendResult("cmd", "s", 1, 2, List.of("s-e1", "s-e2"), false));
        assertThat(second.firstVersion()).isEqualTo(3);
        assertThat(store.read("s", 1)).extracting(EventEnvelope::version).containsExactly(1L, 2L, 3L);
        assertThat(store.read("s", 3)).extracting(EventEnvelope::version).containsExactly(3L);
        assertThat(store.read("s", 4)).isEmpty();
        assertThat(store.read("other", 1)).isEmpty();
    }

    @Test
    void rejectsAnExpectedVersionThatIsNotTheHead() {
        store.append(request("s", 0, 2, null, null));

        assertThatThrownBy(() -> store.append(request("s", 1, 1, null, null)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.stream()).isEqualTo("s");
                    assertThat(e.expectedVersion()).isEqualTo(1);
                });
        assertThatThrownBy(() -> store.append(request("s", 5, 1, null, null)))
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(store.read("s", 1)).hasSize(2);
    }

    @Test
    void idempotencyKeyReplaysUntilItExpires() {
        IdempotencyKey key = IdempotencyKey.of("u", "m");
        AppendResult first = store.append(request("s", 0, 1, key, null));

        assertThat(store.findIdempotent(key)).contains(first);
        assertThatThrownBy(() -> store.append(request("s", 1, 1, key, null)))
                .isInstanceOfSatisfying(
                        IdempotentReplayException.class,
                        e -> assertThat(e.firstResult()).isEqualTo(first));

        now.set(T0.plus(Duration.ofHours(24)));
        assertThat(store.findIdempotent(key)).isEmpty();
        assertThat(store.append(request("s", 1, 1, key, null)).firstVersion()).isEqualTo(2);
    }

    @Test
    void claimsAreAllOrNothing() {
        store.append(request("a", 0, 1, null, List.of("email#x@y.z")));

        assertThatThrownBy(() ->
                        store.append(request("b", 0, 1, IdempotencyKey.of("u", "m"), List.of("name#b", "email#x@y.z"))))
                .isInstanceOfSatisfying(UniqueClaimConflictException.class, e -> {
                    assertThat(e.claim()).isEqualTo("email#x@y.z");
                    assertThat(e.kind()).isEqualTo("email");
                });
        assertThat(store.read("b", 1)).isEmpty();
        assertThat(store.claimHolder("name#b")).isEmpty();
        assertThat(store.findIdempotent(IdempotencyKey.of("u", "m"))).isEmpty();
    }

    @Test
    void requestsMustBeConsistent() {
        assertThatThrownBy(() -> new AppendRequest("c", "s", 0, List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppendRequest("c", "s", 1, events("s", 3, 1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without gaps");
        assertThatThrownBy(() -> new AppendRequest("c", "s", 0, events("t", 1, 1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to stream");
        assertThat(new AppendRequest("c", "s", 0, events("s", 1, 1), null, List.of("a#1", "a#1")).uniqueClaims())
                .containsExactly("a#1");
        assertThatThrownBy(() -> IdempotencyKey.of("u", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(IdempotencyKey.of("u-1", "m-1").value()).isEqualTo("u-1#m-1");
    }
}
