package dev.antipop.local.dynamodb;

import java.util.Set;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Wraps DynamoDB Local's Jetty handler: when a request whose {@code X-Amz-Target} is a write operation has been
 * answered, it signals {@link WriteSignal}. Reads pass through untouched; the cost on a write is one header lookup and
 * one lock acquisition.
 */
final class WriteNotifyingHandler extends Handler.Wrapper {

    /** The DynamoDB API operations that can change items (and so append stream records). */
    private static final Set<String> WRITE_OPERATIONS = Set.of(
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "BatchWriteItem",
            "TransactWriteItems",
            "ExecuteStatement",
            "ExecuteTransaction",
            "BatchExecuteStatement");

    private final WriteSignal signal;

    WriteNotifyingHandler(Handler wrapped, WriteSignal signal) {
        super(wrapped);
        this.signal = signal;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String target = request.getHeaders().get("X-Amz-Target");
        if (target == null || !isWrite(target)) {
            return super.handle(request, response, callback);
        }
        return super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                // The item is committed once DynamoDB Local has produced its response.
                signal.signal();
                super.succeeded();
            }
        });
    }

    /** Whether an {@code X-Amz-Target} value ({@code DynamoDB_20120810.PutItem}) names a write operation. */
    static boolean isWrite(String target) {
        int dot = target.lastIndexOf('.');
        return WRITE_OPERATIONS.contains(dot < 0 ? target : target.substring(dot + 1));
    }
}
