package dev.antipop.chat.messages;

import dev.antipop.chat.channel.ChannelEvent;
import dev.antipop.chat.channel.ChannelEvents;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.dynamodb.ViewStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The channel history read model ({@code MESSAGES_TABLE}: PK {@code channelId} S, SK {@code messageId} N). A
 * Query with {@code ScanIndexForward=false} reads a channel's messages newest first: Snowflake ids are time-ordered
 * and numbers sort numerically.
 *
 * <ul>
 *   <li>The channel item at {@code messageId = 0}: {@code serverId}, {@code name}, {@code deleted} (BOOL): which
 *       server's members may read the channel.
 *   <li>A message item: {@code serverId}, {@code authorId}, {@code text} (removed on delete), {@code createdAt},
 *       {@code editedAt}, {@code editedBy}, {@code deleted} (BOOL), {@code deletedBy}.
 * </ul>
 *
 * Every item keeps the channel stream {@code version} it reflects and is written through {@link ViewStore}
 * (version-conditional): a redelivered or late event changes nothing. A deleted message stays as a tombstone without
 * its text, so history shows "message deleted" where it was and pages keep their place.
 */
public final class MessagesView {

    /** The sort key of the channel item. */
    public static final long CHANNEL_ITEM = 0;

    static final String CHANNEL_ID = "channelId";
    static final String MESSAGE_ID = "messageId";

    private final ViewStore views;
    private final String table;

    /**
     * @param dynamoDb a shared client
     * @param table the messages view table
     */
    public MessagesView(DynamoDbClient dynamoDb, String table) {
        this.views = new ViewStore(Objects.requireNonNull(dynamoDb, "dynamoDb"));
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Applies one event of the chat events table (the projection); events of other aggregates are ignored.
     *
     * @return whether the view changed
     */
    public boolean project(EventEnvelope envelope) {
        if (!envelope.stream().startsWith("channel-")) {
            return false;
        }
        long version = envelope.version();
        String at = envelope.timestamp().toString();
        return switch (ChannelEvents.CODEC.fromEnvelope(envelope)) {
            case ChannelEvent.ChannelCreated created ->
                views.apply(table, key(created.channelId(), CHANNEL_ITEM), version, current -> {
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put("serverId", AttributeValue.fromS(created.serverId()));
                    item.put("name", AttributeValue.fromS(created.name()));
                    item.putIfAbsent("deleted", AttributeValue.fromBool(false));
                    return item;
                });
            case ChannelEvent.ChannelRenamed renamed ->
                views.apply(table, key(renamed.channelId(), CHANNEL_ITEM), version, current -> {
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put("serverId", AttributeValue.fromS(renamed.serverId()));
                    item.put("name", AttributeValue.fromS(renamed.name()));
                    return item;
                });
            case ChannelEvent.ChannelDeleted deleted ->
                views.apply(table, key(deleted.channelId(), CHANNEL_ITEM), version, current -> {
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put("serverId", AttributeValue.fromS(deleted.serverId()));
                    item.put("deleted", AttributeValue.fromBool(true));
                    return item;
                });
            case ChannelEvent.MessagePosted posted ->
                views.apply(table, key(posted.channelId(), posted.messageId()), version, current -> {
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put("serverId", AttributeValue.fromS(posted.serverId()));
                    item.put("authorId", AttributeValue.fromS(posted.authorId()));
                    item.put("createdAt", AttributeValue.fromS(at));
                    item.put("text", AttributeValue.fromS(posted.text()));
                    item.put("deleted", AttributeValue.fromBool(false));
                    return item;
                });
            case ChannelEvent.MessageEdited edited ->
                views.apply(table, key(edited.channelId(), edited.messageId()), version, current -> {
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put("serverId", AttributeValue.fromS(edited.serverId()));
                    item.put("authorId", AttributeValue.fromS(edited.authorId()));
                    item.put("text", AttributeValue.fromS(edited.text()));
                    item.put("editedAt", AttributeValue.fromS(at));
                    item.put("editedBy", AttributeValue.fromS(edited.editedBy()));
                    item.putIfAbsent("deleted", AttributeValue.fromBool(false));
                    return item;
                });
            case ChannelEvent.MessageDeleted deleted ->
                views.apply(table, key(deleted.channelId(), deleted.messageId()), version, current -> {
                    Map<String, AttributeValue> item = new HashMap<>(current);
                    item.put("serverId", AttributeValue.fromS(deleted.serverId()));
                    item.put("authorId", AttributeValue.fromS(deleted.authorId()));
                    item.remove("text");
                    item.put("deleted", AttributeValue.fromBool(true));
                    item.put("deletedBy", AttributeValue.fromS(deleted.deletedBy()));
                    return item;
                });
        };
    }

    /** The channel item, if the channel was projected. */
    public Optional<Map<String, AttributeValue>> channel(String channelId) {
        return views.get(table, key(channelId, CHANNEL_ITEM));
    }

    static Map<String, AttributeValue> key(String channelId, String messageId) {
        return Map.of(CHANNEL_ID, AttributeValue.fromS(channelId), MESSAGE_ID, AttributeValue.fromN(messageId));
    }

    static Map<String, AttributeValue> key(String channelId, long messageId) {
        return key(channelId, Long.toString(messageId));
    }
}
