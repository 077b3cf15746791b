package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import dev.antipop.local.demo.Demo;
import dev.antipop.local.streams.StreamsEventJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The catalog and notifications contexts end to end on the root template, through real clients: an owner creates a
 * brand and invites a moderator, the invitee gets the notification on their socket and accepts, the moderator adds a
 * variant and publishes, a third user subscribed to the product's public topic sees the publish, a non-member is
 * refused, concurrent stock decrements never oversell, and a duplicated stream record creates no second notification.
 */
class CatalogEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static LocalCloud cloud;
    private static AntipopClient client;
    private static DynamoDbClient dynamoDb;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts());
        client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
        dynamoDb = cloud.dynamoDb().client();
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

    /** {@code POST /command}, asserting 202; returns the answer. */
    private static Response send(Session session, String command, Map<String, Object> payload) {
        Response response =
                client.post("/command", session.accessToken(), Map.of("command", command, "payload", payload));
        assertThat(response.status()).as(command + " " + response.text()).isEqualTo(202);
        return response;
    }

    private static String position(Response accepted) {
        return accepted.body().at("/position/stream").asText() + ":"
                + accepted.body().at("/position/version").asLong();
    }

    private static String table(String logicalId) {
        return cloud.tables().stream()
                .filter(t -> t.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow()
                .tableName();
    }

    @Test
    void anOwnerInvitesAModeratorWhoPublishesAndTheWorldSeesIt() throws Exception {
        Session owner = user("owner");
        Session invitee = user("invitee");
        Session shopper = user("shopper");
        Session stranger = user("stranger");
        try (EventSocket ownerSocket = client.connect(owner.accessToken());
                EventSocket inviteeSocket = client.connect(invitee.accessToken());
                EventSocket shopperSocket = client.connect(shopper.accessToken())) {
            send(owner, "CREATE_BRAND", Map.of("name", "Acme", "description", "Anvils"));
            String brandId = ownerSocket
                    .awaitEvent("catalog.brand_created", WAIT)
                    .json()
                    .at("/data/data/brandId")
                    .asText();
            assertThat(brandId).isNotEmpty();

            send(owner, "INVITE_MODERATOR", Map.of("brandId", brandId, "userId", invitee.userId()));
            JsonNode notification = inviteeSocket
                    .awaitEvent("notifications.notification_created", WAIT)
                    .json()
                    .at("/data");
            assertThat(notification.at("/topic").asText()).isEqualTo("user." + invitee.userId() + ".notifications");
            assertThat(notification.at("/data/kind").asText()).isEqualTo("moderator_invited");
            String inviteId = notification.at("/data/data/inviteId").asText();
            assertThat(inviteId).isNotEmpty();

            Response accepted =
                    send(invitee, "ACCEPT_MODERATOR_INVITE", Map.of("brandId", brandId, "inviteId", inviteId));
            Response brand =
                    client.get("/catalog/brands/" + brandId + "?position=" + position(accepted), invitee.accessToken());
            assertThat(brand.status()).as(brand.text()).isEqualTo(200);
            assertThat(brand.text()).contains(invitee.userId());
            // A token is optional on the catalog's reads, but one that is presented and invalid is 401 on every route
            // (an expired session must not silently read as anonymous).
            String forged =
                    invitee.accessToken().substring(0, invitee.accessToken().length() - 2) + "xx";
            for (String path : List.of(
                    "/catalog/brands", "/catalog/brands/" + brandId, "/catalog/products", "/catalog/products/1")) {
                Response refused = client.get(path, forged);
                assertThat(refused.status()).as(path + " " + refused.text()).isEqualTo(401);
                assertThat(refused.body().at("/error/code").asText()).isEqualTo("unauthorized");
            }
            ownerSocket.await(
                    json -> "notifications.notification_created"
                                    .equals(json.at("/data/type").asText())
                            && "moderator_invite_accepted"
                                    .equals(json.at("/data/data/kind").asText()),
                    WAIT);

            // The moderator manages the brand's products.
            send(invitee, "CREATE_PRODUCT", Map.of("brandId", brandId, "name", "Anvil"));
            String productId = inviteeSocket
                    .awaitEvent("catalog.product_created", WAIT)
                    .json()
                    .at("/data/data/productId")
                    .asText();
            assertThat(subscribe(shopperSocket, "catalog.product." + productId)).isEqualTo("ack");
            send(
                    invitee,
                    "ADD_VARIANT",
                    Map.of(
                            "productId",
                            productId,
                            "sku",
                            "ANV-1",
                            "price",
                            Map.of("amount", 1999, "currency", "EUR"),
                            "options",
                            Map.of("weight", "10kg")));
            String variantId = inviteeSocket
                    .awaitEvent("catalog.variant_added", WAIT)
                    .json()
                    .at("/data/data/variantId")
                    .asText();
            send(
                    invitee,
                    "ADJUST_INVENTORY",
                    Map.of("productId", productId, "variantId", variantId, "delta", 20, "reason", "restock"));
            send(invitee, "PUBLISH_PRODUCT", Map.of("productId", productId));
            JsonNode published =
                    shopperSocket.awaitEvent("catalog.product_published", WAIT).json();
            assertThat(published.at("/target").asText()).isEqualTo("catalog.product." + productId);

            Response forbidden = client.post(
                    "/command",
                    stranger.accessToken(),
                    Map.of("command", "UPDATE_PRODUCT", "payload", Map.of("productId", productId, "name", "Mine")));
            assertThat(forbidden.status()).as(forbidden.text()).isEqualTo(403);
            assertThat(forbidden.body().at("/error/code").asText()).isEqualTo("forbidden");

            fiftyConcurrentDecrementsOfAStockOfTwentyAcceptExactlyTwenty(invitee, productId, variantId);
            aDuplicatedStreamRecordCreatesNoSecondNotification(invitee, inviteId);
        }
    }

    @Test
    void aRoleChangeKeepsAModeratorsBrandSubscriptionAndRemovingTheModeratorRevokesIt() {
        Session owner = user("owner");
        Session moderator = user("moderator");
        Session admin = client.signIn(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD, "Admin");
        try (EventSocket ownerSocket = client.connect(owner.accessToken());
                EventSocket moderatorSocket = client.connect(moderator.accessToken())) {
            send(owner, "CREATE_BRAND", Map.of("name", "Globex"));
            String brandId = ownerSocket
                    .awaitEvent("catalog.brand_created", WAIT)
                    .json()
                    .at("/data/data/brandId")
                    .asText();
            String topic = "brand." + brandId + ".events";
            assertThat(subscribe(moderatorSocket, topic)).as("not a member yet").isEqualTo("error");

            send(owner, "INVITE_MODERATOR", Map.of("brandId", brandId, "userId", moderator.userId()));
            String inviteId = moderatorSocket
                    .findOrAwaitEvent("notifications.notification_created", WAIT)
                    .json()
                    .at("/data/data/data/inviteId")
                    .asText();
            Response accepted =
                    send(moderator, "ACCEPT_MODERATOR_INVITE", Map.of("brandId", brandId, "inviteId", inviteId));
            assertThat(client.get(
                                    "/catalog/brands/" + brandId + "?position=" + position(accepted),
                                    moderator.accessToken())
                            .status())
                    .isEqualTo(200);
            assertThat(subscribe(moderatorSocket, topic)).as("a member now").isEqualTo("ack");

            Response granted = client.command(
                    admin.accessToken(),
                    "add-user-role",
                    Map.of("userId", moderator.userId(), "role", "moderator"),
                    null,
                    null);
            assertThat(granted.status()).as(granted.text()).isEqualTo(202);
            JsonNode widened = moderatorSocket
                    .await(
                            json -> "cap_update".equals(json.path("op").asText())
                                    && json.at("/data/subjects").toString().contains("moderation.>"),
                            WAIT)
                    .json();
            assertThat(widened.at("/data/subjects").toString())
                    .as("a role change keeps what the membership grants")
                    .contains(topic);
            send(owner, "UPDATE_BRAND", Map.of("brandId", brandId, "name", "Globex Corp"));
            moderatorSocket.awaitEvent("catalog.brand_updated", WAIT);

            send(owner, "REMOVE_MODERATOR", Map.of("brandId", brandId, "userId", moderator.userId()));
            JsonNode narrowed = moderatorSocket
                    .await(
                            json -> "cap_update".equals(json.path("op").asText())
                                    && !json.at("/data/subjects").toString().contains(topic),
                            WAIT)
                    .json();
            assertThat(narrowed.at("/data/subjects").toString()).contains("moderation.>");
            List<Map<String, AttributeValue>> left = dynamoDb
                    .scan(ScanRequest.builder()
                            .tableName(table("SubscriptionsTable"))
                            .consistentRead(true)
                            .build())
                    .items()
                    .stream()
                    .filter(item -> item.get("sk").s().startsWith(topic + "#"))
                    .toList();
            assertThat(left).as("the moderator's subscription to " + topic).isEmpty();
        }
    }

    private static String subscribe(EventSocket socket, String target) {
        String id = "s-" + UUID.randomUUID();
        socket.send("{\"v\":1,\"op\":\"sub\",\"id\":\"" + id + "\",\"target\":\"" + target + "\"}");
        return socket.await(json -> id.equals(json.path("id").asText()), WAIT)
                .json()
                .path("op")
                .asText();
    }

    private static void fiftyConcurrentDecrementsOfAStockOfTwentyAcceptExactlyTwenty(
            Session moderator, String productId, String variantId) throws Exception {
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                answers.add(senders.submit(() -> client.post(
                        "/command",
                        moderator.accessToken(),
                        Map.of(
                                "command",
                                "ADJUST_INVENTORY",
                                "payload",
                                Map.of(
                                        "productId",
                                        productId,
                                        "variantId",
                                        variantId,
                                        "delta",
                                        -1,
                                        "reason",
                                        "sale")))));
            }
        }
        int accepted = 0;
        int refused = 0;
        String stream = null;
        long lastVersion = 0;
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            if (response.status() == 202) {
                accepted++;
                stream = response.body().at("/position/stream").asText();
                lastVersion = Math.max(
                        lastVersion, response.body().at("/position/version").asLong());
            } else {
                assertThat(response.status()).as(response.text()).isEqualTo(409);
                refused++;
            }
        }
        assertThat(accepted).as("accepted decrements of a stock of 20").isEqualTo(20);
        assertThat(refused).isEqualTo(30);
        Response product = client.get(
                "/catalog/products/" + productId + "?position=" + stream + ":" + lastVersion, moderator.accessToken());
        assertThat(product.status()).as(product.text()).isEqualTo(200);
        assertThat(product.text()).contains("\"stock\":0");
    }

    private static void aDuplicatedStreamRecordCreatesNoSecondNotification(Session invitee, String inviteId)
            throws Exception {
        String eventsTable = table("CatalogEventsTable");
        String streamArn =
                dynamoDb.describeTable(r -> r.tableName(eventsTable)).table().latestStreamArn();
        DynamoDbStreamsClient streams = cloud.dynamoDb().streamsClient();
        Record invited = null;
        for (var shard : streams.describeStream(r -> r.streamArn(streamArn))
                .streamDescription()
                .shards()) {
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            for (Record record : streams.getRecords(
                            r -> r.shardIterator(iterator).limit(1000))
                    .records()) {
                var image = record.dynamodb().newImage();
                if (image != null
                        && "catalog.moderator_invited".equals(image.get("type").s())
                        && image.get("data").s().contains(inviteId)) {
                    invited = record;
                }
            }
        }
        assertThat(invited).as("the moderator_invited stream record").isNotNull();
        String sourceEventId = invited.dynamodb().newImage().get("eventId").s();
        byte[] batch = StreamsEventJson.event(List.of(invited, invited), streamArn, "us-east-1");
        cloud.functions().get("CatalogProcessorFunction").invoke(batch);

        List<Map<String, AttributeValue>> created = dynamoDb
                .scan(ScanRequest.builder()
                        .tableName(table("NotificationsEventsTable"))
                        .consistentRead(true)
                        .build())
                .items()
                .stream()
                .filter(item -> "notifications.notification_created"
                                .equals(item.get("type").s())
                        && item.get("data").s().contains(sourceEventId)
                        && item.get("data").s().contains(invitee.userId()))
                .toList();
        assertThat(created)
                .as("notifications created for source event " + sourceEventId)
                .hasSize(1);
    }
}
