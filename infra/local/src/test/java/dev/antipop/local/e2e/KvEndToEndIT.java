package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KV buckets end to end on the root template, through real clients: {@code PUT|DELETE /kv/{bucket}/{key}} with
 * {@code If-Match}, and a {@code kv_sub} that sees the initial values, its {@code ack} with the bucket's revision,
 * then live puts and deletes in revision order; a pattern outside the bucket grants is forbidden.
 */
class KvEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static LocalCloud cloud;
    private static AntipopClient client;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static Session user(String prefix) {
        return client.signIn(
                prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "a long enough password",
                prefix);
    }

    private static Response put(Session session, String key, Object value, Map<String, String> headers) {
        return client.request("PUT", "/kv/todos/" + key, session.accessToken(), value, headers);
    }

    /** A 202 write's revision. */
    private static long revision(Response accepted) {
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        assertThat(accepted.body().at("/position/stream").asText()).isEqualTo("bucket-todos");
        return accepted.body().at("/position/version").asLong();
    }

    private static boolean kvMessage(JsonNode frame, String key, long revision) {
        return "kv_msg".equals(frame.path("op").asText())
                && key.equals(frame.at("/data/key").asText())
                && frame.at("/data/revision").asLong() == revision;
    }

    @Test
    void aWatchSeesTheInitialValuesThenPutsAndDeletesInRevisionOrder() {
        Session ada = user("ada");
        Session bob = user("bob");
        String mine = "user." + ada.userId() + ".";
        try (EventSocket socket = client.connect(ada.accessToken())) {
            long a = revision(put(ada, mine + "a", Map.of("title", "milk"), Map.of()));
            long b = revision(put(ada, mine + "b", Map.of("title", "eggs"), Map.of()));
            long c = revision(put(ada, mine + "c", Map.of("title", "bread"), Map.of()));
            long other = revision(put(bob, "user." + bob.userId() + ".x", Map.of("title", "not ada's"), Map.of()));
            Response deleted = client.request("DELETE", "/kv/todos/" + mine + "b", ada.accessToken(), null, Map.of());
            long bDeleted = revision(deleted);
            assertThat(List.of(a, b, c, other, bDeleted)).isSorted().doesNotHaveDuplicates();
            // Ada's own writes come to her connections anyway (the sender's rule): take them off the queue first.
            socket.await(frame -> kvMessage(frame, mine + "b", bDeleted), WAIT);
            int before = socket.seen().size();

            socket.send("{\"v\":1,\"op\":\"kv_sub\",\"id\":\"k1\",\"target\":\"todos\",\"data\":{\"pattern\":\"" + mine
                    + "*\",\"start_revision\":0}}");
            JsonNode ack = socket.await(frame -> "k1".equals(frame.path("id").asText()), WAIT)
                    .json();
            assertThat(ack.path("op").asText()).as(ack.toString()).isEqualTo("ack");
            assertThat(ack.at("/data/revision").asLong()).isGreaterThanOrEqualTo(bDeleted);
            List<JsonNode> initial = new ArrayList<>();
            for (EventSocket.Frame frame :
                    socket.seen().subList(before, socket.seen().size())) {
                if ("kv_msg".equals(frame.json().path("op").asText())) {
                    initial.add(frame.json());
                }
            }
            assertThat(initial).extracting(f -> f.at("/data/key").asText()).containsExactly(mine + "a", mine + "c");
            assertThat(initial).allSatisfy(f -> {
                assertThat(f.path("target").asText()).isEqualTo("todos");
                assertThat(f.at("/data/op").asText()).isEqualTo("put");
            });
            assertThat(initial.get(0).at("/data/revision").asLong()).isEqualTo(a);
            assertThat(initial.get(0).at("/data/value/title").asText()).isEqualTo("milk");

            // Live changes after the ack, in revision order.
            int afterAck = socket.seen().size();
            long d = revision(put(ada, mine + "d", Map.of("title", "tea"), Map.of()));
            long a2 = revision(put(ada, mine + "a", Map.of("title", "oat milk"), Map.of("if-match", Long.toString(a))));
            long cDeleted = revision(client.request(
                    "DELETE", "/kv/todos/" + mine + "c", ada.accessToken(), null, Map.of("if-match", "\"" + c + "\"")));
            assertThat(List.of(d, a2, cDeleted)).isSorted();
            socket.await(frame -> kvMessage(frame, mine + "c", cDeleted), WAIT);
            List<JsonNode> live = new ArrayList<>();
            for (EventSocket.Frame frame :
                    socket.seen().subList(afterAck, socket.seen().size())) {
                if ("kv_msg".equals(frame.json().path("op").asText())) {
                    live.add(frame.json());
                }
            }
            assertThat(live).extracting(f -> f.at("/data/revision").asLong()).containsExactly(d, a2, cDeleted);
            assertThat(live).extracting(f -> f.at("/data/op").asText()).containsExactly("put", "put", "delete");
            assertThat(live.get(1).at("/data/value/title").asText()).isEqualTo("oat milk");

            // A stale If-Match is a conflict; a delete of a key without a value is 404.
            Response stale = put(ada, mine + "a", Map.of("title", "late"), Map.of("if-match", Long.toString(a)));
            assertThat(stale.status()).as(stale.text()).isEqualTo(409);
            assertThat(stale.body().at("/error/code").asText()).isEqualTo("conflict");
            Response gone = client.request("DELETE", "/kv/todos/" + mine + "c", ada.accessToken(), null, Map.of());
            assertThat(gone.status()).as(gone.text()).isEqualTo(404);

            // Outside the grant: another user's keys can be neither watched nor written.
            socket.send("{\"v\":1,\"op\":\"kv_sub\",\"id\":\"k2\",\"target\":\"todos\",\"data\":{\"pattern\":\"user."
                    + bob.userId() + ".*\"}}");
            JsonNode refused = socket.await(
                            frame -> "k2".equals(frame.path("id").asText()), WAIT)
                    .json();
            assertThat(refused.at("/data/code").asText()).as(refused.toString()).isEqualTo("forbidden");
            Response foreign = put(ada, "user." + bob.userId() + ".x", Map.of("title", "mine now"), Map.of());
            assertThat(foreign.status()).as(foreign.text()).isEqualTo(403);

            socket.send("{\"v\":1,\"op\":\"kv_unsub\",\"id\":\"k3\",\"target\":\"todos\",\"data\":{\"pattern\":\""
                    + mine + "*\"}}");
            JsonNode unsubscribed = socket.await(
                            frame -> "k3".equals(frame.path("id").asText()), WAIT)
                    .json();
            assertThat(unsubscribed.path("op").asText()).isEqualTo("ack");
        }
    }

    @Test
    void aWatchResumesFromARevisionWithEveryChangeSinceIt() {
        Session ada = user("ada");
        String mine = "user." + ada.userId() + ".";
        try (EventSocket socket = client.connect(ada.accessToken())) {
            long first = revision(put(ada, mine + "r", 1, Map.of()));
            long second = revision(put(ada, mine + "r", 2, Map.of()));
            long removed =
                    revision(client.request("DELETE", "/kv/todos/" + mine + "r", ada.accessToken(), null, Map.of()));
            socket.await(frame -> kvMessage(frame, mine + "r", removed), WAIT);
            int before = socket.seen().size();
            socket.send("{\"v\":1,\"op\":\"kv_sub\",\"id\":\"r1\",\"target\":\"todos\",\"data\":{\"pattern\":\"" + mine
                    + ">\",\"start_revision\":" + second + "}}");
            JsonNode ack = socket.await(frame -> "r1".equals(frame.path("id").asText()), WAIT)
                    .json();
            assertThat(ack.path("op").asText()).as(ack.toString()).isEqualTo("ack");
            List<Long> replayed = new ArrayList<>();
            for (EventSocket.Frame frame :
                    socket.seen().subList(before, socket.seen().size())) {
                if ("kv_msg".equals(frame.json().path("op").asText())) {
                    replayed.add(frame.json().at("/data/revision").asLong());
                }
            }
            assertThat(replayed).containsExactly(second, removed);
            assertThat(first).isLessThan(second);
        }
    }
}
