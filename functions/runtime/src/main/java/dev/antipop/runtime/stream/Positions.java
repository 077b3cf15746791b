package dev.antipop.runtime.stream;

import dev.antipop.dynamodb.ProjectionPositions;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires a processor's read-your-writes positions from {@code POSITIONS_TABLE}. */
public final class Positions {

    /** The environment variable naming the positions table. */
    public static final String VARIABLE = "POSITIONS_TABLE";

    private Positions() {}

    /**
     * The listener that records {@code reader}'s positions; does nothing when {@code POSITIONS_TABLE} is unset (a
     * processor without read routes).
     */
    public static EventStreamProcessor.PositionListener of(Environment env, DynamoDbClient dynamoDb, String reader) {
        String table = env.getProperty(VARIABLE);
        if (table == null || table.isBlank()) {
            return (stream, version) -> {};
        }
        ProjectionPositions positions = new ProjectionPositions(dynamoDb, table);
        return (stream, version) -> positions.record(reader, stream, version);
    }
}
