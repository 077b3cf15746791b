package dev.antipop.identity.auth;

import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.store.EventStore;
import dev.antipop.identity.user.UserDecider;
import dev.antipop.identity.user.UserEvent;
import dev.antipop.identity.user.UserEvents;
import dev.antipop.identity.user.UserState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Finds users by id or email from the event store itself, with consistent reads: login and role checks must see a
 * user the moment its events are appended, not when a projection catches up.
 *
 * <p>By email: the uniqueness claim {@code email#<email>} (written in the append transaction) names the user's
 * stream; the stream is then folded.
 */
public final class UserDirectory {

    private final DynamoDbClient dynamoDb;
    private final String uniquesTable;
    private final EventStore store;
    private final UserDecider decider = new UserDecider();

    /**
     * @param uniquesTable the uniqueness claims table ({@code UNIQUES_TABLE})
     * @param store the identity event store
     */
    public UserDirectory(DynamoDbClient dynamoDb, String uniquesTable, EventStore store) {
        this.dynamoDb = dynamoDb;
        this.uniquesTable = uniquesTable;
        this.store = store;
    }

    /** The user with this (normalised) email, if any. */
    public Optional<UserState> findByEmail(String email) {
        Map<String, AttributeValue> claim = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(uniquesTable)
                        .key(Map.of("key", AttributeValue.fromS("email#" + email)))
                        .consistentRead(true)
                        .build())
                .item();
        if (claim == null || !claim.containsKey("stream")) {
            return Optional.empty();
        }
        return fold(claim.get("stream").s());
    }

    /** The user with this id, if any. */
    public Optional<UserState> findById(String userId) {
        return fold(UserEvents.streamOf(userId));
    }

    private Optional<UserState> fold(String stream) {
        List<EventEnvelope> events = store.read(stream, 1);
        UserState state = decider.initialState();
        for (EventEnvelope envelope : events) {
            UserEvent event = UserEvents.CODEC.fromEnvelope(envelope);
            state = decider.evolve(state, event);
        }
        return state.exists() ? Optional.of(state) : Optional.empty();
    }
}
