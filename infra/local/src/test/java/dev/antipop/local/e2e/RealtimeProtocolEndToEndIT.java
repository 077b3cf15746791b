package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import dev.antipop.local.demo.Demo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realtime protocol of DESIGN.md section 5 on the local cloud running the root template, through real WebSocket
 * clients: capability-gated subscriptions, wildcard delivery, revocation with {@code cap_update}, resume from a
 * sequence, presence and the per-connection rate limit.
 */
class RealtimeProtocolEndToEndIT {

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

    private static Session admin() {
        return client.signIn(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD, "Admin");
    }

    private static JsonNode request(EventSocket socket, String id, String frame) {
        socket.send(frame);
        return socket.await(json -> id.equals(json.path("id").asText()), WAIT).json();
    }

    private static JsonNode sub(EventSocket socket, String id, String target, String data) {
        return request(
                socket,
                id,
                "{\"v\":1,\"op\":\"sub\",\"id\":\"" + id + "\",\"target\":\"" + target + "\""
                        + (data == null ? "" : ",\"data\":" + data) + "}");
    }

    private static void rename(Session user, String name) {
        Response response =
                client.command(user.accessToken(), "update-profile", Map.of("displayName", name), null, null);
        assertThat(response.status()).as(response.text()).isEqualTo(202);
    }

    private static void role(Session admin, Session user, String command, String role) {
        Response response =
                client.command(admin.accessToken(), command, Map.of("userId", user.userId(), "role", role), null, null);
        assertThat(response.status()).as(response.text()).isEqualTo(202);
    }

    @Test
    void subscriptionsAreGatedByCapabilitiesAndWildcardsDeliver() {
        Session member = user("member");
        Session other = user("other");
        try (EventSocket socket = client.connect(member.accessToken())) {
            assertThat(sub(socket, "s1", "chat.room.7", null).path("op").asText())
                    .isEqualTo("ack");
            JsonNode broader = sub(socket, "s2", "user.*.events", null);
            assertThat(broader.path("op").asText()).isEqualTo("error");
            assertThat(broader.at("/data/code").asText())
                    .as("broader than user.<self>.> is refused")
                    .isEqualTo("forbidden");
            assertThat(sub(socket, "s3", "user.a..b", null).at("/data/code").asText())
                    .isEqualTo("invalid_target");
            assertThat(sub(socket, "s4", ">", null).at("/data/code").asText()).isEqualTo("forbidden");
        }

        Session admin = admin();
        try (EventSocket watcher = client.connect(admin.accessToken())) {
            assertThat(sub(watcher, "w1", "user.*.events", null).path("op").asText())
                    .isEqualTo("ack");
            rename(other, "Seen by the admin");
            EventSocket.Frame frame = watcher.await(
                    json -> "event".equals(json.path("op").asText())
                            && other.userId()
                                    .equals(json.at("/data/data/userId").asText()),
                    WAIT);
            assertThat(frame.json().at("/data/data/displayName").asText()).isEqualTo("Seen by the admin");
        }
    }

    @Test
    void removingARoleSendsCapUpdateAndStopsTheRevokedSubscription() {
        Session admin = admin();
        Session user = user("revoked");
        Session bystander = user("bystander");
        role(admin, user, "add-user-role", "admin");
        try (EventSocket socket = client.connect(client.login(emailOf(user), "a long enough password")
                .body()
                .get("accessToken")
                .asText())) {
            assertThat(sub(socket, "a1", "user.*.events", null).path("op").asText())
                    .as("an admin may watch every user")
                    .isEqualTo("ack");

            long removed = System.nanoTime();
            role(admin, user, "remove-user-role", "admin");
            EventSocket.Frame update =
                    socket.await(json -> "cap_update".equals(json.path("op").asText()), WAIT);
            System.out.printf(
                    "REMOVE_USER_ROLE -> cap_update: %d ms%n", (update.receivedNanos() - removed) / 1_000_000);
            assertThat(update.json().at("/data/subjects").toString())
                    .contains("user." + user.userId() + ".>")
                    .doesNotContain("\">\"");

            rename(bystander, "After revocation");
            rename(user, "Own event still arrives");
            socket.await(
                    json -> "identity.user_profile_updated"
                                    .equals(json.at("/data/type").asText())
                            && user.userId().equals(json.at("/data/data/userId").asText()),
                    WAIT);
            assertThat(socket.seen())
                    .as("the bystander's event no longer reaches the revoked subscription")
                    .noneMatch(f -> bystander
                                    .userId()
                                    .equals(f.json().at("/data/data/userId").asText())
                            && "After revocation"
                                    .equals(f.json()
                                            .at("/data/data/displayName")
                                            .asText()));
        }
    }

    private static String emailOf(Session user) {
        return client.me(user.accessToken()).body().get("email").asText();
    }

    @Test
    void resumeFromASequenceReplaysTheMissedEventsThenLiveOnesExactlyOnceAfterDedupe() {
        Session user = user("resumer");
        for (int i = 1; i <= 4; i++) {
            rename(user, "Offline " + i);
        }
        String topic = "user." + user.userId() + ".events";
        try (EventSocket socket = client.connect(user.accessToken())) {
            JsonNode ack = sub(socket, "r1", topic, "{\"start_seq\":2}");
            assertThat(ack.path("op").asText()).as(ack.toString()).isEqualTo("ack");
            rename(user, "Live");
            socket.await(json -> "Live".equals(json.at("/data/data/displayName").asText()), WAIT);

            Set<Long> versions = new TreeSet<>();
            List<Long> delivered = new ArrayList<>();
            for (EventSocket.Frame frame : socket.seen()) {
                if ("event".equals(frame.json().path("op").asText())
                        && topic.equals(frame.json().path("target").asText())) {
                    delivered.add(frame.json().at("/data/version").asLong());
                    versions.add(frame.json().at("/data/version").asLong());
                }
            }
            assertThat(versions)
                    .as("deduped by (stream, version): %s", delivered)
                    .containsExactly(2L, 3L, 4L, 5L, 6L);
        }
        try (EventSocket socket = client.connect(user.accessToken())) {
            assertThat(sub(socket, "r2", topic, "{\"start_seq\":99}")
                            .at("/data/code")
                            .asText())
                    .isEqualTo("position_unavailable");
        }
    }

    @Test
    void presenceJoinsLeavesAndListsMembers() {
        Session alice = user("alice");
        Session bob = user("bob");
        Session watcher = user("watcher");
        String room = "chat.room." + UUID.randomUUID().toString().substring(0, 6);
        try (EventSocket watching = client.connect(watcher.accessToken());
                EventSocket a = client.connect(alice.accessToken());
                EventSocket b = client.connect(bob.accessToken())) {
            assertThat(sub(watching, "p0", "presence." + room, null).path("op").asText())
                    .isEqualTo("ack");
            assertThat(sub(a, "p1", room, "{\"presence\":true}").path("op").asText())
                    .isEqualTo("ack");
            assertThat(sub(b, "p2", room, "{\"presence\":true}").path("op").asText())
                    .isEqualTo("ack");
            watching.await(
                    json -> "presence.joined".equals(json.at("/data/type").asText())
                            && bob.userId().equals(json.at("/data/userId").asText()),
                    WAIT);

            JsonNode members =
                    request(a, "m1", "{\"v\":1,\"op\":\"presence\",\"id\":\"m1\",\"target\":\"" + room + "\"}");
            assertThat(members.at("/data/members").findValuesAsText("userId"))
                    .containsExactlyInAnyOrder(alice.userId(), bob.userId());

            assertThat(request(b, "u1", "{\"v\":1,\"op\":\"unsub\",\"id\":\"u1\",\"target\":\"" + room + "\"}")
                            .path("op")
                            .asText())
                    .isEqualTo("ack");
            watching.await(
                    json -> "presence.left".equals(json.at("/data/type").asText())
                            && bob.userId().equals(json.at("/data/userId").asText()),
                    WAIT);
        }
    }

    @Test
    void aConnectionSendingTooFastIsRateLimited() {
        Session user = user("chatty");
        try (EventSocket socket = client.connect(user.accessToken())) {
            // 200 at once: more than the burst (40) plus what 20/s refills while a loaded machine works through them.
            for (int i = 0; i < 200; i++) {
                socket.send("{\"v\":1,\"op\":\"ping\",\"id\":\"f" + i + "\"}");
            }
            socket.await(json -> "rate_limited".equals(json.at("/data/code").asText()), WAIT);
        }
    }
}
