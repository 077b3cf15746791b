package dev.antipop.notebooks.view;

import dev.antipop.notebooks.notebook.Notebook;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * "My notebooks" ({@code NOTEBOOKS_TABLE}, {@code NotebooksTable}): one item per notebook and user who may read it
 * by owning or sharing it: PK {@code userId} (S), SK {@code notebookId} (N, a Snowflake: newest first when read
 * backwards); {@code role}, {@code title}, {@code description}, {@code ownerId}, {@code visibility}, {@code version}.
 * The item of user {@value #MEMBERS} lists the notebook's current users ({@code users} SS), so a refresh deletes the
 * items of users it no longer has. Writes are conditional on the version (order-safe, idempotent).
 */
public final class NotebookListView {

    /** The pseudo-user whose item lists a notebook's users. */
    public static final String MEMBERS = "#members";

    private final DynamoDbClient dynamoDb;
    private final String table;

    /** @param table the notebooks view table */
    public NotebookListView(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Projects {@code notebook} (deleted: removed from every list). */
    public void refresh(Notebook notebook, boolean deleted) {
        String id = notebook.notebookId();
        Map<String, AttributeValue> members = dynamoDb.getItem(
                        r -> r.tableName(table).key(key(MEMBERS, id)).consistentRead(true))
                .item();
        Set<String> before = members == null || !members.containsKey("users")
                ? Set.of()
                : new HashSet<>(members.get("users").ss());
        Map<String, String> roles = new HashMap<>();
        if (!deleted) {
            roles.put(notebook.ownerId(), "owner");
            roles.putAll(notebook.shares());
        }
        for (String user : before) {
            if (!roles.containsKey(user)) {
                dynamoDb.deleteItem(r -> r.tableName(table).key(key(user, id)));
            }
        }
        roles.forEach((user, role) -> put(notebook, user, role));
        Map<String, AttributeValue> item = new HashMap<>(key(MEMBERS, id));
        item.put("version", AttributeValue.fromN(Long.toString(notebook.version())));
        if (!roles.isEmpty()) {
            item.put("users", AttributeValue.fromSs(List.copyOf(roles.keySet())));
        }
        dynamoDb.putItem(r -> r.tableName(table).item(item));
    }

    private void put(Notebook notebook, String user, String role) {
        Map<String, AttributeValue> item = new HashMap<>(key(user, notebook.notebookId()));
        item.put("role", AttributeValue.fromS(role));
        item.put("title", AttributeValue.fromS(notebook.title()));
        item.put("description", AttributeValue.fromS(notebook.description()));
        item.put("ownerId", AttributeValue.fromS(notebook.ownerId()));
        item.put("visibility", AttributeValue.fromS(notebook.visibility()));
        item.put("cells", AttributeValue.fromN(Integer.toString(notebook.cells().size())));
        item.put("version", AttributeValue.fromN(Long.toString(notebook.version())));
        try {
            dynamoDb.putItem(r -> r.tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#v) OR #v < :v OR #r <> :r")
                    .expressionAttributeNames(Map.of("#v", "version", "#r", "role"))
                    .expressionAttributeValues(Map.of(
                            ":v", AttributeValue.fromN(Long.toString(notebook.version())),
                            ":r", AttributeValue.fromS(role))));
        } catch (ConditionalCheckFailedException current) {
            // Already at this version or later.
        }
    }

    static Map<String, AttributeValue> key(String userId, String notebookId) {
        return Map.of("userId", AttributeValue.fromS(userId), "notebookId", AttributeValue.fromN(notebookId));
    }
}
