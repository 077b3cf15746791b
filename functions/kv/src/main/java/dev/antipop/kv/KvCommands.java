package dev.antipop.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.auth.Caller;
import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.json.InvalidJsonException;
import dev.antipop.core.json.StrictJson;
import dev.antipop.core.store.AppendResult;
import dev.antipop.kv.entry.KvCommand;
import dev.antipop.runtime.command.CommandCatalog;
import dev.antipop.runtime.command.CommandRequest;
import dev.antipop.runtime.context.SubjectGrant;
import dev.antipop.runtime.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The KV commands' actions and the REST routes' payloads. A write is allowed when the caller's bucket grants ({@link
 * KvContext#BUCKETS}) cover the key, the same grants that let them watch it; otherwise {@code 403 forbidden}.
 */
public final class KvCommands {

    /** {@code If-Match}: a revision, optionally as an entity tag ({@code "7"}, {@code W/"7"}); RFC 9110 §13.1.1. */
    private static final Pattern IF_MATCH = Pattern.compile("\\s*(?:W/)?\"?([0-9]{1,18})\"?\\s*");

    private final KvWrites writes;
    private final Capabilities grants;

    /** @param writes appends to the buckets' streams */
    public KvCommands(KvWrites writes) {
        this.writes = writes;
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        for (BucketGrant bucket : KvContext.BUCKETS) {
            SubjectGrant grant = bucket.subjectGrant();
            byRole.computeIfAbsent(grant.role(), r -> new ArrayList<>()).add(grant.pattern());
        }
        this.grants = new Capabilities(Map.of()).with(byRole, List.of());
    }

    /** Every KV command with its action. */
    public CommandCatalog catalog() {
        return CommandCatalog.of(
                KvContext.DESCRIPTOR, Map.of("PUT_KV_ENTRY", this::put, "DELETE_KV_ENTRY", this::delete));
    }

    private AppendResult put(CommandRequest request) {
        JsonNode payload = request.payload();
        String bucket = payload.get("bucket").textValue();
        String key = payload.get("key").textValue();
        requireWritable(request.requireCaller(), bucket, key);
        JsonNode value = payload.get("value");
        int bytes = value.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > KvContext.MAX_VALUE_BYTES) {
            throw new CommandException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "The value is " + bytes + " bytes of JSON; the limit is " + KvContext.MAX_VALUE_BYTES,
                    Map.of());
        }
        return writes.handle(new KvCommand.Put(bucket, key, value, expected(payload)), request.meta());
    }

    private AppendResult delete(CommandRequest request) {
        JsonNode payload = request.payload();
        String bucket = payload.get("bucket").textValue();
        String key = payload.get("key").textValue();
        requireWritable(request.requireCaller(), bucket, key);
        return writes.handle(new KvCommand.Delete(bucket, key, expected(payload)), request.meta());
    }

    private void requireWritable(Caller caller, String bucket, String key) {
        KvKeys.requireKey(key);
        if (!grants.of(caller.userId(), caller.roles()).allowsDelivery(KvKeys.subjectOf(bucket, key))) {
            throw CommandException.forbidden("Key " + key + " of bucket " + bucket + " is outside your grants");
        }
    }

    private static Long expected(JsonNode payload) {
        JsonNode node = payload.get("expectedRevision");
        return node == null || node.isNull() ? null : node.longValue();
    }

    /**
     * The payload of {@code PUT /kv/{bucket}/{key}} (body: the value, any JSON) or {@code DELETE} (no body): bucket and
     * key from the path, {@code expectedRevision} from {@code If-Match}.
     *
     * @throws CommandException {@code malformed_json} for a body that is not strict JSON, {@code validation_failed}
     *     for an {@code If-Match} that is not a revision
     */
    public static ObjectNode restPayload(HttpRequest request, boolean withValue) {
        ObjectNode payload = EnvelopeJson.mapper().createObjectNode();
        payload.put("bucket", request.pathParameter("bucket").orElse(""));
        payload.put("key", request.pathParameter("key").orElse(""));
        if (withValue) {
            byte[] body = request.bodyBytes();
            if (body.length > HttpRequest.MAX_BODY_BYTES) {
                throw new CommandException(
                        ErrorCode.PAYLOAD_TOO_LARGE, "Body is over " + HttpRequest.MAX_BODY_BYTES + " bytes", Map.of());
            }
            if (body.length == 0) {
                throw new CommandException(ErrorCode.MALFORMED_JSON, "Body is empty; send the value as JSON", Map.of());
            }
            try {
                JsonNode value = StrictJson.parse(body);
                StrictJson.requireWellFormedUnicode(value);
                payload.set("value", value);
            } catch (InvalidJsonException e) {
                throw new CommandException(ErrorCode.MALFORMED_JSON, "Body " + e.getMessage(), Map.of());
            }
        }
        request.header("if-match").ifPresent(given -> {
            Matcher m = IF_MATCH.matcher(given);
            if (!m.matches()) {
                throw CommandException.validation(
                        Map.of("If-Match", "must be a revision number (0: the key must hold no value)"));
            }
            payload.put("expectedRevision", Long.parseLong(m.group(1)));
        });
        return payload;
    }
}
