package dev.antipop.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;

/**
 * The frame an event is pushed in: {@code {"v":1,"op":"event","target":<topic>,"data":<envelope>}}, except for KV
 * bucket changes (event types {@value #KV_PUT} and {@value #KV_DELETED}, topic {@code kv.<bucket>.<key>}), which
 * are pushed as the seed's {@code kv_msg}:
 *
 * <pre>{@code
 * {"v":1,"op":"kv_msg","target":"todos","data":{"key":"user.42.a","revision":7,"op":"put","value":{…}}}
 * {"v":1,"op":"kv_msg","target":"todos","data":{"key":"user.42.a","revision":8,"op":"delete"}}
 * }</pre>
 *
 * The revision is the event's version in its bucket's stream ({@code bucket-<name>}): gap-free per bucket.
 */
public final class EventFrames {

    /** A KV put's event type. */
    public static final String KV_PUT = "kv.entry_put";

    /** A KV delete's event type. */
    public static final String KV_DELETED = "kv.entry_deleted";

    private EventFrames() {}

    /** Whether {@code event} is a KV bucket change. */
    public static boolean isKv(EventEnvelope event) {
        return KV_PUT.equals(event.type()) || KV_DELETED.equals(event.type());
    }

    /** The frame of {@code event} (already redacted) published on {@code target}. */
    public static byte[] frame(String target, EventEnvelope event) {
        return isKv(event) ? kvMessage(event) : Frames.event(target, EnvelopeJson.toNode(event));
    }

    /** The {@code kv_msg} frame of a KV change. */
    public static byte[] kvMessage(EventEnvelope event) {
        JsonNode data = event.data();
        return kvMessage(
                data.path("bucket").asText(),
                data.path("key").asText(),
                event.version(),
                KV_PUT.equals(event.type()) ? data.get("value") : null);
    }

    /**
     * A {@code kv_msg} frame.
     *
     * @param value the value of a put; null for a delete
     */
    public static byte[] kvMessage(String bucket, String key, long revision, JsonNode value) {
        ObjectNode frame = EnvelopeJson.mapper().createObjectNode();
        frame.put("v", Frames.VERSION);
        frame.put("op", "kv_msg");
        frame.put("target", bucket);
        ObjectNode data = frame.putObject("data");
        data.put("key", key);
        data.put("revision", revision);
        data.put("op", value == null ? "delete" : "put");
        if (value != null) {
            data.set("value", value);
        }
        try {
            return EnvelopeJson.mapper().writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree failed to serialise", e);
        }
    }
}
