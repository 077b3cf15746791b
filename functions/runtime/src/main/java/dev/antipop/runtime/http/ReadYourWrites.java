package dev.antipop.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.dynamodb.ProjectionPositions;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-your-writes for view GETs (DESIGN.md section 2): a command's {@code 202} answer carries {@code
 * "position":{"stream":"brand-42","version":3}}; a view GET given {@code ?position=brand-42:3} (or the header {@code
 * X-Antipop-Position: brand-42:3}) answers once the view's processor has handled that stream up to that version. It
 * waits at most {@link ProjectionPositions#MAX_WAIT} (5 s), then answers {@code 503 unavailable} with {@code
 * Retry-After: 1}.
 */
public final class ReadYourWrites {

    /** {@code <stream>:<version>}: a stream name of 1–200 printable characters, a version of 1–19 digits. */
    private static final Pattern POSITION = Pattern.compile("([\\x21-\\x7E]{1,200}):([1-9][0-9]{0,18})");

    private final ProjectionPositions positions;
    private final String reader;

    /**
     * @param positions the positions table
     * @param reader the processor that writes the view ({@code catalogProcessor})
     */
    public ReadYourWrites(ProjectionPositions positions, String reader) {
        this.positions = positions;
        this.reader = reader;
    }

    /**
     * Waits for the request's position, if it names one; answers when there is nothing to wait for.
     *
     * @return empty to go on and read the view; a {@code 503} answer when the view did not get there in time
     * @throws CommandException {@code validation_failed} for a malformed position
     */
    public Optional<APIGatewayV2HTTPResponse> await(HttpRequest request) {
        Optional<String> position = request.queryParameter("position").or(() -> request.header("x-antipop-position"));
        if (position.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = POSITION.matcher(position.get());
        if (!m.matches()) {
            throw CommandException.validation(
                    Map.of("position", "must be <stream>:<version>, as a 202 answer gives it"));
        }
        try {
            if (positions.await(reader, m.group(1), Long.parseLong(m.group(2)), ProjectionPositions.MAX_WAIT)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        APIGatewayV2HTTPResponse unavailable = ApiResponses.json(
                503,
                ApiResponses.errorBody(
                        ErrorCode.UNAVAILABLE, "The view has not reached " + position.get() + " yet; retry", Map.of()));
        unavailable.getHeaders().put("retry-after", "1");
        return Optional.of(unavailable);
    }
}
