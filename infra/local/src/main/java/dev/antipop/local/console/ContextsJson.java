package dev.antipop.local.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.runtime.context.CommandSpec;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.context.EventSpec;
import dev.antipop.runtime.context.FieldSpec;
import dev.antipop.runtime.context.QuerySpec;
import dev.antipop.runtime.context.StreamSpec;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code GET /_local/api/contexts}: every context's descriptor as JSON, from which the console builds its command
 * forms. Shape: {@code {"contexts":[{"name","commands":[{"name","access","roles","aggregate","summary","route",
 * "fields":[{"name","type","required","min","max","values"}]}],"events":[{"type","topic","sensitiveFields"}],
 * "streams":[{"topic","stream"}],"queries":[{"method","path","summary"}]}]}}}; enum names in lower case, {@code min}
 * and {@code max} null when unbounded, {@code route} null for internal commands (they have no HTTP route). Field rules
 * are those {@code PayloadSchema} checks, so a form that follows them sends what the command accepts.
 */
final class ContextsJson {

    private final ObjectNode body;

    ContextsJson(Contexts contexts) {
        this.body = ApiAnswer.JSON.createObjectNode();
        ArrayNode list = body.putArray("contexts");
        for (ContextDescriptor context : contexts.all()) {
            ObjectNode node = list.addObject();
            node.put("name", context.name());
            ArrayNode commands = node.putArray("commands");
            for (CommandSpec command : context.commands()) {
                ObjectNode c = commands.addObject();
                c.put("name", command.name());
                c.put("access", command.access().name().toLowerCase(Locale.ROOT));
                ArrayNode roles = c.putArray("roles");
                new TreeSet<>(command.roles()).forEach(roles::add);
                c.put("aggregate", command.aggregate());
                c.put("summary", command.summary());
                c.put(
                        "route",
                        command.access() == CommandSpec.Access.INTERNAL
                                ? null
                                : "POST /commands/" + command.routeName());
                ArrayNode fields = c.putArray("fields");
                for (FieldSpec field : command.payload()) {
                    ObjectNode f = fields.addObject();
                    f.put("name", field.name());
                    f.put("type", field.type().name().toLowerCase(Locale.ROOT));
                    f.put("required", field.required());
                    f.put("min", field.min());
                    f.put("max", field.max());
                    ArrayNode values = f.putArray("values");
                    field.values().forEach(values::add);
                }
            }
            ArrayNode events = node.putArray("events");
            for (EventSpec event : context.events()) {
                ObjectNode e = events.addObject();
                e.put("type", event.type());
                e.put("topic", event.topic());
                ArrayNode sensitive = e.putArray("sensitiveFields");
                new TreeSet<>(event.sensitiveFields()).forEach(sensitive::add);
            }
            ArrayNode streams = node.putArray("streams");
            for (StreamSpec stream : context.streams()) {
                streams.addObject().put("topic", stream.topic()).put("stream", stream.stream());
            }
            ArrayNode queries = node.putArray("queries");
            for (QuerySpec query : context.queries()) {
                queries.addObject()
                        .put("method", query.method())
                        .put("path", query.path())
                        .put("summary", query.summary());
            }
        }
    }

    ApiAnswer answer() {
        return ApiAnswer.ok(body);
    }
}
