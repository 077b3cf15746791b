package dev.antipop.chat.messages;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.chat.server.ServerRoles;
import dev.antipop.core.auth.Membership;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.runtime.auth.Authenticator;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpRequest;
import dev.antipop.runtime.http.ReadYourWrites;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@code GET /chat/channels/{id}/messages?before=&limit=&position=}: a channel's history, newest first, as chat clients
 * load it (scrolling up asks for the page before the oldest message shown).
 *
 * <p>Answer {@code 200 {"ok":true,"channelId":"…","serverId":"…","name":"…","messages":[{messageId, authorId, text,
 * createdAt, editedAt?, editedBy?, deleted, deletedBy?, version}],"before":"…"|null}}: {@code before} is the oldest
 * message id of the page while more pages may follow; pass it as {@code ?before=} for the next page. A deleted message
 * is listed with {@code deleted:true} and no text. {@code before} is a message id (Discord's convention): ids are
 * public (every event carries them), so it needs no signature; it bounds the Query's key condition and can reveal
 * nothing beyond the channel the caller may read.
 *
 * <p>{@code limit} is 1–{@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT}). Errors: 401 without a valid token; 400
 * {@code validation_failed} for a bad {@code before}, {@code limit} or {@code position}; 404 for a channel that does
 * not exist (or not yet in the view: pass the 202's {@code position}) or was deleted; 403 for a caller who is not a
 * member of its server; 503 with {@code Retry-After} when the view has not reached {@code position} within 5 s.
 */
public final class MessagesQuery implements Function<HttpRequest, APIGatewayV2HTTPResponse> {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 50;

    /** Largest page size (Discord's limit for one history request is 100 too). */
    public static final int MAX_LIMIT = 100;

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final MessagesView view;
    private final MembershipStore memberships;
    private final Authenticator authenticator;
    private final ReadYourWrites readYourWrites;

    /**
     * @param table the messages view table
     * @param memberships who belongs to which server
     * @param readYourWrites waits for {@code ?position=}
     */
    public MessagesQuery(
            DynamoDbClient dynamoDb,
            String table,
            MembershipStore memberships,
            Authenticator authenticator,
            ReadYourWrites readYourWrites) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.view = new MessagesView(dynamoDb, table);
        this.memberships = memberships;
        this.authenticator = authenticator;
        this.readYourWrites = readYourWrites;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(HttpRequest request) {
        String userId = authenticator.require(request).userId();
        String channelId = request.pathParameter("id")
                .filter(id -> ID.matcher(id).matches())
                .orElseThrow(() -> CommandException.notFound("No such channel"));
        int limit = limit(request);
        long before = before(request);
        Optional<APIGatewayV2HTTPResponse> unavailable = readYourWrites.await(request);
        if (unavailable.isPresent()) {
            return unavailable.get();
        }
        Map<String, AttributeValue> channel = view.channel(channelId)
                .filter(item -> !Boolean.TRUE.equals(bool(item, "deleted")))
                .orElseThrow(() -> CommandException.notFound("No channel " + channelId));
        String serverId = text(channel, "serverId");
        boolean member = memberships.ofUser(userId).stream()
                .map(Membership::scopeKey)
                .anyMatch((ServerRoles.SCOPE + "#" + serverId)::equals);
        if (!member) {
            throw CommandException.forbidden("You are not a member of server " + serverId);
        }
        // Nothing lies before the first possible id; BETWEEN with a lower bound above the upper one is a
        // ValidationException in DynamoDB, so that page is answered without a Query.
        QueryResponse page = before <= 1
                ? QueryResponse.builder().build()
                : dynamoDb.query(r -> r.tableName(table)
                        .keyConditionExpression("#c = :c AND #m BETWEEN :first AND :last")
                        .expressionAttributeNames(Map.of("#c", MessagesView.CHANNEL_ID, "#m", MessagesView.MESSAGE_ID))
                        .expressionAttributeValues(Map.of(
                                ":c", AttributeValue.fromS(channelId),
                                ":first", AttributeValue.fromN("1"),
                                ":last", AttributeValue.fromN(Long.toString(before - 1))))
                        .scanIndexForward(false)
                        .limit(limit)
                        .consistentRead(true));

        ObjectNode body = EnvelopeJson.mapper().createObjectNode();
        body.put("ok", true);
        body.put("channelId", channelId);
        body.put("serverId", serverId);
        body.put("name", text(channel, "name"));
        ArrayNode messages = body.putArray("messages");
        String oldest = null;
        for (Map<String, AttributeValue> item : page.items()) {
            messages.add(json(item));
            oldest = item.get(MessagesView.MESSAGE_ID).n();
        }
        if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() && oldest != null) {
            body.put("before", oldest);
        } else {
            body.putNull("before");
        }
        return ApiResponses.json(200, body);
    }

    private static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode node = EnvelopeJson.mapper().createObjectNode();
        node.put("messageId", item.get(MessagesView.MESSAGE_ID).n());
        node.put("authorId", text(item, "authorId"));
        boolean deleted = Boolean.TRUE.equals(bool(item, "deleted"));
        if (deleted) {
            node.putNull("text");
        } else {
            node.put("text", text(item, "text"));
        }
        node.put("createdAt", text(item, "createdAt"));
        if (item.containsKey("editedAt")) {
            node.put("editedAt", text(item, "editedAt"));
            node.put("editedBy", text(item, "editedBy"));
        }
        node.put("deleted", deleted);
        if (item.containsKey("deletedBy")) {
            node.put("deletedBy", text(item, "deletedBy"));
        }
        AttributeValue version = item.get("version");
        node.put("version", version == null ? 0 : Long.parseLong(version.n()));
        return node;
    }

    private static long before(HttpRequest request) {
        Optional<String> given = request.queryParameter("before");
        if (given.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (!ID.matcher(given.get()).matches()) {
            throw CommandException.validation(Map.of("before", "must be a message id"));
        }
        try {
            return Long.parseLong(given.get());
        } catch (NumberFormatException e) {
            throw CommandException.validation(Map.of("before", "must be a message id"));
        }
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

    private static Boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.bool();
    }
}
