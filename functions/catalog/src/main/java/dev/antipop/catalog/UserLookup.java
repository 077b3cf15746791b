package dev.antipop.catalog;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Finds a user's id by email, read-only, for {@code INVITE_MODERATOR} by email: the identity context's uniqueness
 * claim {@code email#<email>} in the uniques table (DESIGN.md section 4) names the user's stream {@code
 * user-<userId>}. It is written in the same transaction as the user's creation, so a consistent read sees a user the
 * moment they exist; the users view has no index by email (a Scan would read every user).
 */
public final class UserLookup {

    private static final String USER_STREAM = "user-";

    private final DynamoDbClient dynamoDb;
    private final String uniquesTable;

    /** @param uniquesTable {@code UNIQUES_TABLE} */
    public UserLookup(DynamoDbClient dynamoDb, String uniquesTable) {
        this.dynamoDb = dynamoDb;
        this.uniquesTable = uniquesTable;
    }

    /** The id of the user with this email (trimmed, lower-cased as identity stores it), if there is one. */
    public Optional<String> userIdByEmail(String email) {
        String normalised = email.trim().toLowerCase(Locale.ROOT);
        Map<String, AttributeValue> claim = dynamoDb.getItem(r -> r.tableName(uniquesTable)
                        .key(Map.of("key", AttributeValue.fromS("email#" + normalised)))
                        .consistentRead(true))
                .item();
        if (claim == null || !claim.containsKey("stream")) {
            return Optional.empty();
        }
        String stream = claim.get("stream").s();
        return stream.startsWith(USER_STREAM) ? Optional.of(stream.substring(USER_STREAM.length())) : Optional.empty();
    }
}
