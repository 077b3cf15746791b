package dev.antipop.runtime.context;

import java.util.Objects;

/**
 * A resumable stream: a {@code sub} with {@code data.start_seq} on a topic of this shape replays the stream's stored
 * events (DESIGN.md section 5). Realtime's {@code STREAM_TOPICS} entry is {@code <topic>=<stream>@<events table>}.
 *
 * @param topic the topic shape ({@code brand.{id}.events}); placeholders are whole tokens
 * @param stream the stream shape ({@code brand-{id}}) using the topic's placeholders
 */
public record StreamSpec(String topic, String stream) {

    /** Validates the declaration. */
    public StreamSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(stream, "stream");
    }
}
