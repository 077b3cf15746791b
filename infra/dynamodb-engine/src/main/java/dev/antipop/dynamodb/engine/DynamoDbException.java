package dev.antipop.dynamodb.engine;

import java.util.Map;

/**
 * An error the engine answers with, as DynamoDB does: HTTP {@link #status()} and the body
 * {@code {"__type":"com.amazonaws.dynamodb.v20120810#<type>","message":"…"}} (Streams errors use the
 * {@code com.amazonaws.streams.dynamodb.v20120810#} prefix), so every AWS SDK maps it to its typed exception.
 *
 * <p>Types and statuses from the DynamoDB API reference, "Common errors" and each operation's "Errors": 400 for every
 * client error ({@code ValidationException}, {@code ConditionalCheckFailedException},
 * {@code ResourceNotFoundException}, {@code TransactionCanceledException}, …), 500 only for
 * {@code InternalServerError}, which the engine answers only for its own bugs, never for what a client sent.
 */
public final class DynamoDbException extends RuntimeException {

    private final String type;
    private final int status;
    private final transient Map<String, Object> extraFields;

    /**
     * @param type the error type without prefix ({@code ValidationException})
     * @param message the message, as DynamoDB words it where it is documented
     * @param status the HTTP status (400 for client errors)
     * @param extraFields more body fields (for example {@code CancellationReasons}, {@code Item}), already in wire form
     *     (Jackson-serialisable), or an empty map
     */
    public DynamoDbException(String type, String message, int status, Map<String, Object> extraFields) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.extraFields = Map.copyOf(extraFields);
    }

    /** {@code ValidationException} (400). */
    public static DynamoDbException validation(String message) {
        return new DynamoDbException("ValidationException", message, 400, Map.of());
    }

    /** {@code ResourceNotFoundException} (400): "Requested resource not found" plus detail. */
    public static DynamoDbException resourceNotFound(String message) {
        return new DynamoDbException("ResourceNotFoundException", message, 400, Map.of());
    }

    /** {@code ResourceInUseException} (400). */
    public static DynamoDbException resourceInUse(String message) {
        return new DynamoDbException("ResourceInUseException", message, 400, Map.of());
    }

    /** {@code ConditionalCheckFailedException} (400) with "The conditional request failed". */
    public static DynamoDbException conditionalCheckFailed(Map<String, Object> extraFields) {
        return new DynamoDbException(
                "ConditionalCheckFailedException", "The conditional request failed", 400, extraFields);
    }

    /** {@code SerializationException} (400): the body is not the JSON the operation takes. */
    public static DynamoDbException serialization(String message) {
        return new DynamoDbException("SerializationException", message, 400, Map.of());
    }

    /** {@code UnknownOperationException} (400): an {@code X-Amz-Target} the engine does not serve. */
    public static DynamoDbException unknownOperation(String message) {
        return new DynamoDbException("UnknownOperationException", message, 400, Map.of());
    }

    /** The error type without prefix. */
    public String type() {
        return type;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** More body fields in wire form (may be empty). */
    public Map<String, Object> extraFields() {
        return extraFields;
    }
}
