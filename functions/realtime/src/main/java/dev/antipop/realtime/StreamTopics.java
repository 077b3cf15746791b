package dev.antipop.realtime;

import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.Subject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which topics are resumable and from which event stream: the {@code STREAM_TOPICS} environment variable.
 *
 * <p>Syntax: entries separated by {@code ;}, each {@code <topic shape>=<stream shape>@<events table name>}:
 *
 * <pre>{@code
 * user.{id}.events=user-{id}@antipop-IdentityEventsTable-1A2B3C
 * }</pre>
 *
 * <ul>
 *   <li>A topic shape is a subject whose tokens are literals or a whole-token placeholder {@code {name}} (letters,
 *       digits, {@code _}); a placeholder matches exactly one token.
 *   <li>A stream shape is text in which each placeholder of the topic shape may appear; every placeholder it uses must
 *       be bound by the topic shape.
 *   <li>The table name follows the last {@code @} (DynamoDB table names cannot contain {@code @}).
 *   <li>Whitespace around entries and parts is ignored, as are empty entries; the first matching entry wins. An unset
 *       or blank variable makes no topic resumable.
 * </ul>
 *
 * <p>A malformed value is a deployment error: parsing throws {@link IllegalArgumentException} naming the entry, so the
 * function fails at cold start.
 */
public final class StreamTopics {

    /** The environment variable that holds the mapping. */
    public static final String VARIABLE = "STREAM_TOPICS";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.\\-]{3,255}");

    /**
     * The stream a concrete topic replays from.
     *
     * @param table the events table's name
     * @param stream the stream ({@code user-42})
     */
    public record StreamRef(String table, String stream) {}

    private record Entry(List<String> topicTokens, String streamShape, String table) {}

    private final List<Entry> entries;

    private StreamTopics(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A mapping that makes no topic resumable. */
    public static StreamTopics none() {
        return new StreamTopics(List.of());
    }

    /**
     * Parses a mapping (see the class comment for the syntax).
     *
     * @param spec the variable's value; {@code null} or blank gives {@link #none()}
     * @throws IllegalArgumentException for an entry without {@code =} or {@code @}, an invalid topic shape, a
     *     placeholder that is not a whole token or repeats, a stream shape using an unbound placeholder, or an
     *     invalid table name
     */
    public static StreamTopics parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return none();
        }
        List<Entry> entries = new ArrayList<>();
        for (String raw : spec.split(";", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            int at = entry.lastIndexOf('@');
            if (equals < 0 || at < equals) {
                throw invalid(entry, "expected <topic shape>=<stream shape>@<events table>");
            }
            String topicShape = entry.substring(0, equals).strip();
            String streamShape = entry.substring(equals + 1, at).strip();
            String table = entry.substring(at + 1).strip();
            if (!TABLE.matcher(table).matches()) {
                throw invalid(entry, "invalid table name '" + table + "'");
            }
            if (streamShape.isEmpty()) {
                throw invalid(entry, "the stream shape is empty");
            }
            List<String> tokens = topicTokens(entry, topicShape);
            Set<String> bound = new LinkedHashSet<>();
            for (String token : tokens) {
                Matcher m = PLACEHOLDER.matcher(token);
                if (m.matches() && !bound.add(m.group(1))) {
                    throw invalid(entry, "placeholder {" + m.group(1) + "} appears twice in the topic shape");
                }
            }
            Matcher used = PLACEHOLDER.matcher(streamShape);
            while (used.find()) {
                if (!bound.contains(used.group(1))) {
                    throw invalid(entry, "placeholder {" + used.group(1) + "} of the stream is not in the topic");
                }
            }
            entries.add(new Entry(tokens, streamShape, table));
        }
        return new StreamTopics(entries);
    }

    private static List<String> topicTokens(String entry, String topicShape) {
        // Check the shape as a subject with each placeholder standing in for one token.
        String probe = PLACEHOLDER.matcher(topicShape).replaceAll("x");
        try {
            Subject.parse(probe);
        } catch (InvalidSubjectException e) {
            throw invalid(entry, "invalid topic shape '" + topicShape + "': " + e.getMessage());
        }
        List<String> tokens = List.of(topicShape.split("\\.", -1));
        for (String token : tokens) {
            if (token.contains("{") && !PLACEHOLDER.matcher(token).matches()) {
                throw invalid(entry, "a placeholder must be a whole token: '" + token + "'");
            }
        }
        return tokens;
    }

    /** The stream behind a concrete topic, if one entry's topic shape matches it. */
    public Optional<StreamRef> resolve(Subject topic) {
        List<String> tokens = topic.tokens();
        for (Entry entry : entries) {
            if (entry.topicTokens().size() != tokens.size()) {
                continue;
            }
            String stream = entry.streamShape();
            boolean matches = true;
            for (int i = 0; i < tokens.size() && matches; i++) {
                String shape = entry.topicTokens().get(i);
                Matcher m = PLACEHOLDER.matcher(shape);
                if (m.matches()) {
                    stream = stream.replace("{" + m.group(1) + "}", tokens.get(i));
                } else {
                    matches = shape.equals(tokens.get(i));
                }
            }
            if (matches) {
                return Optional.of(new StreamRef(entry.table(), stream));
            }
        }
        return Optional.empty();
    }

    private static IllegalArgumentException invalid(String entry, String problem) {
        return new IllegalArgumentException(VARIABLE + " entry '" + entry + "': " + problem);
    }
}
