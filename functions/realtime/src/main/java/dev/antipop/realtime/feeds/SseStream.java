package dev.antipop.realtime.feeds;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.antipop.runtime.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /events/stream?topics=…} (and {@code GET /api/events/stream}, the caller's notebooks, {@link
 * MemberTopics}): Server-Sent Events (WHATWG HTML, "Server-sent events") for clients without a
 * WebSocket. A Java Lambda behind an HTTP API cannot stream a response, so each answer is finite: it waits like the
 * long poll ({@link Feeds#await}), then answers {@code text/event-stream} with
 *
 * <pre>
 * retry: 500
 * id: &lt;cursor after this event&gt;
 * data: {"target":"articles.all","data":&lt;envelope&gt;}
 *
 * …one block per event…
 * </pre>
 *
 * and ends. A request with no topic to read (a caller of no notebook) is answered at once with {@code retry:} the
 * longest wait (20 s) instead. {@code EventSource} reconnects after {@code retry} ms sending {@code Last-Event-ID}: the id of the last
 * event it got, which is a cursor, so it resumes exactly after it. When no event came within the wait, the answer is
 * one {@code event: cursor} block whose {@code id:} is the current position (a named event: {@code onmessage} does
 * not see it, yet it sets the last event id), so a reconnect after a quiet period misses nothing either. {@code
 * Last-Event-ID} wins over {@code ?cursor=}. Errors are the long poll's, as JSON with their status (an {@code
 * EventSource} then stops reconnecting, per the standard, for any status but 200).
 */
public final class SseStream implements Function<HttpRequest, APIGatewayV2HTTPResponse> {

    /** Reconnection delay the answer asks for, in milliseconds. */
    public static final int RETRY_MILLIS = 500;

    private final Feeds feeds;
    private final Feeds.TopicChoice topics;

    /** The stream of the topics a request names in {@code ?topics=}. @param feeds the shared reading */
    public SseStream(Feeds feeds) {
        this(feeds, feeds.requestedTopics());
    }

    /**
     * The stream of the topics {@code topics} chooses for each caller (the notebooks feed, {@link MemberTopics}).
     *
     * @param feeds the shared reading
     */
    public SseStream(Feeds feeds, Feeds.TopicChoice topics) {
        this.feeds = feeds;
        this.topics = topics;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(HttpRequest request) {
        Feeds.Answer answer = feeds.await(
                request,
                request.header("last-event-id").filter(id -> !id.isBlank()).or(() -> request.queryParameter("cursor")),
                topics);
        StringBuilder body = new StringBuilder();
        // An idle answer (no topic to read) came at once: the client comes back after the longest wait instead.
        body.append("retry: ")
                .append(answer.idle() ? feeds.maxWait().toMillis() : RETRY_MILLIS)
                .append("\n\n");
        if (answer.items().isEmpty()) {
            body.append("event: cursor\nid: ")
                    .append(answer.cursor())
                    .append("\ndata: {\"cursor\":\"")
                    .append(answer.cursor())
                    .append("\"}\n\n");
        } else {
            // Each event's id is the position just after it (an answer cut short resumes after the last event the
            // client got); the last one's is the answer's cursor, which also covers entries the topics filtered out.
            for (int i = 0; i < answer.items().size(); i++) {
                String id = i == answer.items().size() - 1
                        ? answer.cursor()
                        : answer.itemCursors().get(i);
                body.append("id: ").append(id).append('\n');
                body.append("data: ")
                        .append(Feeds.itemJson(answer.items().get(i)))
                        .append("\n\n");
            }
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "text/event-stream; charset=utf-8");
        headers.put("cache-control", "no-store");
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(200);
        response.setHeaders(headers);
        response.setBody(body.toString());
        response.setIsBase64Encoded(false);
        return response;
    }
}
