package dev.antipop.realtime.feeds;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.antipop.runtime.http.ApiResponses;
import dev.antipop.runtime.http.HttpRequest;
import java.util.function.Function;

/**
 * {@code GET /events?topics=a.b,c.d.>&cursor=…}: the long poll (DESIGN.md section 5) for clients without a
 * WebSocket. Answers {@code 200 {"ok":true,"events":[{"target":…,"data":<envelope>}],"cursor":"…"}} as soon as
 * there are events after {@code cursor} that the caller may see, or after 20 s with {@code "events":[]}; the next
 * request passes the answer's {@code cursor}. Without a cursor it starts from now. Events of one stream come in
 * version order; an event is answered once per answer even when several topics match it; across answers a
 * redelivered event may come twice, never a gap (clients dedupe by {@code (stream, version)}). Errors: see {@link
 * Feeds#await}.
 */
public final class LongPoll implements Function<HttpRequest, APIGatewayV2HTTPResponse> {

    private final Feeds feeds;

    /** @param feeds the shared reading */
    public LongPoll(Feeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public APIGatewayV2HTTPResponse apply(HttpRequest request) {
        Feeds.Answer answer = feeds.await(request, request.queryParameter("cursor"));
        APIGatewayV2HTTPResponse response = ApiResponses.json(200, Feeds.answerJson(answer));
        response.getHeaders().put("cache-control", "no-store");
        return response;
    }
}
