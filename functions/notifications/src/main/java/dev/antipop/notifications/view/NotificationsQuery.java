package dev.antipop.notifications.view;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpRequest;
import dev.antipop.runtime.http.ReadYourWrites;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@code GET /notifications?cursor=&limit=&position=}: the caller's notifications, newest first.
 *
 * <p>Answer {@code 200 {"ok":true,"notifications":[{notificationId, kind, sourceEventId, title, data, read,
 * createdAt, version}],"unread":N,"cursor":"…"|null}}; {@code cursor} is present while more pages follow. {@code
 * limit} is 1–{@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT}). Errors: 401 without a valid token, 400 {@code
 * validation_failed} for a bad limit, a forged cursor or a malformed position, 503 with {@code Retry-After} when the
 * view has not reached {@code position} within 5 s.
 */
public final class NotificationsQuery implements Function<HttpRequest, APIGatewayV2HTTPResponse> {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 20;

    /** Largest page size. */
    public static final int MAX_LIMIT = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Authenticator authenticator;
    private final ReadYourWrites readYourWrites;
    private final NotificationCursors cursors;

    /**
     * @param table the notifications view table
     * @param readYourWrites waits for {@code ?position=}
     */
    public NotificationsQuery(
            DynamoDbClient dynamoDb,
            String table,
            Authenticator authenticator,
            ReadYourWrites readYourWrites,
            NotificationCursors cursors) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.authenticator = authenticator;
        this.readYourWrites = readYourWrites;
        this.cursors = cursors;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(HttpRequest request) {
        String userId = authenticator.require(request).userId();
        int limit = limit(request);
        Optional<String> after = request.queryParameter("cursor").map(cursor -> cursors.decode(userId, cursor));
        Optional<APIGatewayV2HTTPResponse> unavailable = readYourWrites.await(request);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Map<String, AttributeValue> inbox = dynamoDb.getItem(r -> r.tableName(table)
                        .key(NotificationsView.key(userId, NotificationsView.INBOX_ITEM))
                        .consistentRead(true))
                .item();
        long readUpTo = number(inbox, NotificationsView.READ_UP_TO);
        QueryResponse page = dynamoDb.query(r -> r.tableName(table)
                .keyConditionExpression("#u = :u AND #id > :inbox")
                .expressionAttributeNames(
                        Map.of("#u", NotificationsView.USER_ID, "#id", NotificationsView.NOTIFICATION_ID))
                .expressionAttributeValues(Map.of(
                        ":u", AttributeValue.fromS(userId),
                        ":inbox", AttributeValue.fromN(Long.toString(NotificationsView.INBOX_ITEM))))
                .scanIndexForward(false)
                .limit(limit)
                .consistentRead(true)
                .exclusiveStartKey(
                        after.map(id -> NotificationsView.key(userId, id)).orElse(null)));

        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        ArrayNode items = body.putArray("notifications");
        for (Map<String, AttributeValue> item : page.items()) {
            items.add(json(item, readUpTo));
        }
        body.put("unread", Math.max(0, number(inbox, NotificationsView.UNREAD)));
        if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
            body.put(
                    "cursor",
                    cursors.encode(
                            userId,
                            page.lastEvaluatedKey()
                                    .get(NotificationsView.NOTIFICATION_ID)
                                    .n()));
        } else {
            body.putNull("cursor");
        }
        return ApiResponses.json(200, body);
    }

    private static ObjectNode json(Map<String, AttributeValue> item, long readUpTo) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        String id = item.get(NotificationsView.NOTIFICATION_ID).n();
        node.put("notificationId", id);
        node.put("kind", text(item, "kind"));
        node.put("sourceEventId", text(item, "sourceEventId"));
        node.put("title", text(item, "title"));
        ObjectNode data = node.putObject("data");
        AttributeValue stored = item.get("data");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> data.put(name, value.s()));
        }
        AttributeValue read = item.get(NotificationsView.READ);
        node.put("read", (read != null && Boolean.TRUE.equals(read.bool())) || Long.parseLong(id) <= readUpTo);
        node.put("createdAt", text(item, "createdAt"));
        node.put("version", number(item, "version"));
        return node;
    }

    private static int limit(HttpRequest request) {
        Optional<String> given = request.queryParameter("limit");
        if (given.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(given.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CommandException.validation(Map.of("limit", "must be an integer from 1 to " + MAX_LIMIT));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
