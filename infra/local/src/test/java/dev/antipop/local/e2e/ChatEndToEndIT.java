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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat context (seed 003) on the local cloud running the root template, through real clients (HTTP and
 * WebSocket): members chat and non-members are refused, a kicked member gets {@code cap_update} and no more messages,
 * typing reaches the other member and never history, a direct message reaches only its pair, and history pages
 * backwards without gaps.
 */
class ChatEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static LocalCloud cloud;
    private static AntipopClient client;
    private static final AtomicInteger ids = new AtomicInteger();

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

    private static JsonNode accepted(Session user, String route, Map<String, Object> payload) {
        Response response = client.command(user.accessToken(), route, payload, null, null);
        assertThat(response.status()).as(route + ": " + response.text()).isEqualTo(202);
        return response.body();
    }

    private static String idOf(JsonNode accepted, String prefix) {
        String stream = accepted.at("/position/stream").asText();
        assertThat(stream).startsWith(prefix);
        return stream.substring(prefix.length());
    }

    /** A server owned by {@code owner} with one channel; returns {serverId, channelId}. */
    private static String[] serverWithChannel(Session owner) {
        String serverId = idOf(accepted(owner, "create-server", Map.of("name", "Sovran")), "server-");
        // The owner's membership is projected by the chat processor; channel creation needs it.
        String[] channel = new String[1];
        Awaitility.await().atMost(WAIT).until(() -> {
            Response response = client.command(
                    owner.accessToken(), "create-channel", Map.of("serverId", serverId, "name", "general"), null, null);
            if (response.status() == 202) {
                channel[0] = idOf(response.body(), "channel-");
                return true;
            }
            return false;
        });
        return new String[] {serverId, channel[0]};
    }

    /** Invites {@code user} into the server (the code reaches the owner's socket only) and waits for the grant. */
    private static void join(Session owner, EventSocket ownerSocket, String serverId, Session user) {
        accepted(owner, "create-server-invite", Map.of("serverId", serverId));
        JsonNode invite =
                ownerSocket.awaitEvent("chat.server_invite_created", WAIT).json();
        assertThat(invite.path("target").asText()).isEqualTo("user." + owner.userId() + ".chat");
        accepted(
                user,
                "join-server",
                Map.of("inviteCode", invite.at("/data/data/inviteCode").asText()));
    }

    private static JsonNode request(EventSocket socket, String frame) {
        String id = "m" + ids.incrementAndGet();
        socket.send(frame.replace("{", "{\"v\":1,\"id\":\"" + id + "\","));
        return socket.await(json -> id.equals(json.path("id").asText()), WAIT).json();
    }

    private static JsonNode sub(EventSocket socket, String target, String data) {
        return request(
                socket,
                "{\"op\":\"sub\",\"target\":\"" + target + "\"" + (data == null ? "" : ",\"data\":" + data) + "}");
    }

    /** Subscribes to the server once the membership is projected (a sub before it is refused). */
    private static void subscribeAsMember(EventSocket socket, String serverId) {
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> "ack"
                        .equals(sub(socket, "srv." + serverId + ".>", null)
                                .path("op")
                                .asText()));
    }

    private static Map<String, Object> message(String serverId, String channelId, String text) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("serverId", serverId);
        payload.put("channelId", channelId);
        payload.put("text", text);
        return payload;
    }

    private static EventSocket.Frame awaitText(EventSocket socket, String type, String text) {
        return socket.await(
                json -> type.equals(json.at("/data/type").asText())
                        && text.equals(json.at("/data/data/text").asText()),
                WAIT);
    }

    private static boolean sawText(EventSocket socket, String text) {
        return socket.seen().stream()
                .anyMatch(f -> text.equals(f.json().at("/data/data/text").asText()));
    }

    @Test
    void twoMembersChatAndANonMembersSubIsForbidden() {
        Session owner = user("owner");
        Session ada = user("ada");
        Session outsider = user("outsider");
        try (EventSocket ownerSocket = client.connect(owner.accessToken());
                EventSocket adaSocket = client.connect(ada.accessToken());
                EventSocket outsiderSocket = client.connect(outsider.accessToken())) {
            String[] ids = serverWithChannel(owner);
            join(owner, ownerSocket, ids[0], ada);
            subscribeAsMember(ownerSocket, ids[0]);
            subscribeAsMember(adaSocket, ids[0]);

            JsonNode refused = sub(outsiderSocket, "srv." + ids[0] + ".>", null);
            assertThat(refused.at("/data/code").asText()).as(refused.toString()).isEqualTo("forbidden");
            assertThat(sub(outsiderSocket, "srv." + ids[0] + ".chan." + ids[1] + ".events", null)
                            .at("/data/code")
                            .asText())
                    .isEqualTo("forbidden");
            Response post = client.command(
                    outsider.accessToken(), "post-message", message(ids[0], ids[1], "let me in"), null, null);
            assertThat(post.status()).isEqualTo(403);

            accepted(ada, "post-message", message(ids[0], ids[1], "Hello from Ada"));
            EventSocket.Frame atOwner = awaitText(ownerSocket, "chat.message_posted", "Hello from Ada");
            assertThat(atOwner.json().path("target").asText())
                    .isEqualTo("srv." + ids[0] + ".chan." + ids[1] + ".events");
            assertThat(atOwner.json().at("/data/data/authorId").asText()).isEqualTo(ada.userId());

            accepted(owner, "post-message", message(ids[0], ids[1], "Welcome, Ada"));
            awaitText(adaSocket, "chat.message_posted", "Welcome, Ada");
            awaitText(ownerSocket, "chat.message_posted", "Welcome, Ada");
            assertThat(sawText(outsiderSocket, "Hello from Ada") || sawText(outsiderSocket, "Welcome, Ada"))
                    .isFalse();
        }
    }

    @Test
    void aKickedMemberGetsCapUpdateAndNoMoreMessages() {
        Session owner = user("owner");
        Session ada = user("ada");
        Session bob = user("bob");
        try (EventSocket ownerSocket = client.connect(owner.accessToken());
                EventSocket adaSocket = client.connect(ada.accessToken());
                EventSocket bobSocket = client.connect(bob.accessToken())) {
            String[] ids = serverWithChannel(owner);
            join(owner, ownerSocket, ids[0], ada);
            join(owner, ownerSocket, ids[0], bob);
            subscribeAsMember(adaSocket, ids[0]);
            subscribeAsMember(bobSocket, ids[0]);
            accepted(owner, "post-message", message(ids[0], ids[1], "before the kick"));
            awaitText(adaSocket, "chat.message_posted", "before the kick");

            accepted(owner, "kick-member", Map.of("serverId", ids[0], "userId", ada.userId()));
            EventSocket.Frame update =
                    adaSocket.await(json -> "cap_update".equals(json.path("op").asText()), WAIT);
            assertThat(update.json().at("/data/subjects").toString())
                    .contains("user." + ada.userId() + ".>")
                    .doesNotContain("srv." + ids[0]);

            accepted(owner, "post-message", message(ids[0], ids[1], "after the kick"));
            awaitText(bobSocket, "chat.message_posted", "after the kick");
            assertThat(sawText(adaSocket, "after the kick"))
                    .as("the kicked member's subscription is gone")
                    .isFalse();
            // The memberships table follows the kick through the chat processor, beside fan-out's cap_update.
            Awaitility.await()
                    .atMost(WAIT)
                    .alias("and may not subscribe again")
                    .until(() -> "forbidden"
                            .equals(sub(adaSocket, "srv." + ids[0] + ".>", null)
                                    .at("/data/code")
                                    .asText()));
        }
    }

    @Test
    void typingReachesTheOtherMemberButIsNotInHistory() {
        Session owner = user("owner");
        Session ada = user("ada");
        Session outsider = user("outsider");
        try (EventSocket ownerSocket = client.connect(owner.accessToken());
                EventSocket adaSocket = client.connect(ada.accessToken());
                EventSocket outsiderSocket = client.connect(outsider.accessToken())) {
            String[] ids = serverWithChannel(owner);
            join(owner, ownerSocket, ids[0], ada);
            subscribeAsMember(ownerSocket, ids[0]);
            subscribeAsMember(adaSocket, ids[0]);
            String channel = "srv." + ids[0] + ".chan." + ids[1];

            assertThat(request(adaSocket, "{\"op\":\"typing\",\"target\":\"" + channel + "\"}")
                            .path("op")
                            .asText())
                    .isEqualTo("ack");
            EventSocket.Frame typing = ownerSocket.awaitEvent("typing.started", WAIT);
            assertThat(typing.json().path("target").asText()).isEqualTo(channel + ".typing");
            assertThat(typing.json().at("/data/userId").asText()).isEqualTo(ada.userId());
            assertThat(typing.json().at("/data/expiresInMs").asLong()).isEqualTo(5000);

            // Within 2 s a second one is acknowledged and dropped.
            assertThat(request(adaSocket, "{\"op\":\"typing\",\"target\":\"" + channel + "\"}")
                            .path("op")
                            .asText())
                    .isEqualTo("ack");
            assertThat(request(outsiderSocket, "{\"op\":\"typing\",\"target\":\"" + channel + "\"}")
                            .at("/data/code")
                            .asText())
                    .as("only members may type")
                    .isEqualTo("forbidden");
            JsonNode posted = accepted(ada, "post-message", message(ids[0], ids[1], "typed this"));
            awaitText(ownerSocket, "chat.message_posted", "typed this");
            assertThat(ownerSocket.seen().stream()
                            .filter(f -> "typing.started"
                                    .equals(f.json().at("/data/type").asText())))
                    .as("one per user and channel per 2 s")
                    .hasSize(1);
            assertThat(adaSocket.seen())
                    .as("not echoed to the typist")
                    .noneMatch(f ->
                            "typing.started".equals(f.json().at("/data/type").asText()));

            Response history = client.get(
                    "/chat/channels/" + ids[1] + "/messages?position=channel-" + ids[1] + ":"
                            + posted.at("/position/version").asLong(),
                    ada.accessToken());
            assertThat(history.status()).as(history.text()).isEqualTo(200);
            assertThat(history.body().get("messages").findValuesAsText("text")).containsExactly("typed this");

            try (EventSocket late = client.connect(owner.accessToken())) {
                JsonNode ack = sub(late, channel + ".events", "{\"start_seq\":1}");
                assertThat(ack.path("op").asText()).as(ack.toString()).isEqualTo("ack");
                assertThat(late.seen())
                        .as("the channel stream replays its events, never typing")
                        .extracting(f -> f.json().at("/data/type").asText())
                        .containsExactly("chat.channel_created", "chat.message_posted", "");
            }
        }
    }

    @Test
    void serverPresenceIsAnnouncedToMembersAndEndsWithTheKick() {
        Session owner = user("owner");
        Session ada = user("ada");
        try (EventSocket ownerSocket = client.connect(owner.accessToken());
                EventSocket adaSocket = client.connect(ada.accessToken())) {
            String[] ids = serverWithChannel(owner);
            join(owner, ownerSocket, ids[0], ada);
            subscribeAsMember(ownerSocket, ids[0]);
            String presence = "srv." + ids[0] + ".presence";
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> "ack"
                            .equals(sub(adaSocket, presence, "{\"presence\":true}")
                                    .path("op")
                                    .asText()));
            EventSocket.Frame joined = ownerSocket.awaitEvent("presence.joined", WAIT);
            assertThat(joined.json().path("target").asText()).isEqualTo(presence);
            assertThat(joined.json().at("/data/userId").asText()).isEqualTo(ada.userId());
            JsonNode members = request(ownerSocket, "{\"op\":\"presence\",\"target\":\"" + presence + "\"}");
            assertThat(members.at("/data/members").findValuesAsText("userId")).containsExactly(ada.userId());

            accepted(owner, "kick-member", Map.of("serverId", ids[0], "userId", ada.userId()));
            EventSocket.Frame left = ownerSocket.awaitEvent("presence.left", WAIT);
            assertThat(left.json().at("/data/userId").asText()).isEqualTo(ada.userId());
        }
    }

    @Test
    void aDirectMessageReachesOnlyItsPair() {
        Session ada = user("ada");
        Session bob = user("bob");
        Session carol = user("carol");
        try (EventSocket adaSocket = client.connect(ada.accessToken());
                EventSocket bobSocket = client.connect(bob.accessToken());
                EventSocket carolSocket = client.connect(carol.accessToken())) {
            accepted(ada, "send-direct-message", Map.of("toUserId", bob.userId(), "text", "for Bob only"));
            EventSocket.Frame atBob = awaitText(bobSocket, "chat.direct_message_received", "for Bob only");
            assertThat(atBob.json().path("target").asText()).isEqualTo("user." + bob.userId() + ".dm.events");
            assertThat(atBob.json().at("/data/data/fromUserId").asText()).isEqualTo(ada.userId());
            awaitText(adaSocket, "chat.direct_message_sent", "for Bob only");

            accepted(ada, "send-direct-message", Map.of("toUserId", carol.userId(), "text", "for Carol"));
            awaitText(carolSocket, "chat.direct_message_received", "for Carol");
            assertThat(sawText(carolSocket, "for Bob only")).isFalse();
            assertThat(sawText(bobSocket, "for Carol")).isFalse();
            assertThat(sub(carolSocket, "user." + bob.userId() + ".dm.events", null)
                            .at("/data/code")
                            .asText())
                    .isEqualTo("forbidden");
        }
    }

    @Test
    void historyPagesBackwardsWithoutGapsAcross250Messages() {
        Session owner = user("owner");
        String[] ids = serverWithChannel(owner);
        JsonNode last = null;
        for (int i = 1; i <= 250; i++) {
            last = accepted(owner, "post-message", message(ids[0], ids[1], "message " + i));
        }
        String position =
                "channel-" + ids[1] + ":" + last.at("/position/version").asLong();

        List<String> texts = new ArrayList<>();
        List<Long> messageIds = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            Response page = client.get(
                    "/chat/channels/" + ids[1] + "/messages?limit=100&position=" + position
                            + (before == null ? "" : "&before=" + before),
                    owner.accessToken());
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            for (JsonNode m : page.body().get("messages")) {
                texts.add(m.get("text").asText());
                messageIds.add(m.get("messageId").asLong());
            }
            before = page.body().get("before").isNull()
                    ? null
                    : page.body().get("before").asText();
            pages++;
        } while (before != null);

        assertThat(pages).isEqualTo(3);
        assertThat(messageIds).hasSize(250).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<String> expected = new ArrayList<>();
        for (int i = 250; i >= 1; i--) {
            expected.add("message " + i);
        }
        assertThat(texts).containsExactlyElementsOf(expected);
    }
}
