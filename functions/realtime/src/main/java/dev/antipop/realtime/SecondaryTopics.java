package dev.antipop.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.Subject;
import dev.antipop.runtime.context.ContextDescriptor;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.context.EventSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secondary topics of each event type ({@link EventSpec#alsoTopics}), from every descriptor: an envelope carries
 * one topic, and a subscriber of {@code articles.all} must still see every article's changes, so the fan-out
 * publishes such events once more on each secondary topic (and the topic log keeps them there).
 */
public final class SecondaryTopics {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final Map<String, List<String>> byType;

    /** @param byType event type → topic shapes */
    public SecondaryTopics(Map<String, List<String>> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** The secondary topics declared by the descriptors in {@code contexts}. */
    public static SecondaryTopics of(Contexts contexts) {
        Map<String, List<String>> byType = new HashMap<>();
        for (ContextDescriptor context : contexts.all()) {
            for (EventSpec event : context.events()) {
                if (!event.alsoTopics().isEmpty()) {
                    byType.put(event.type(), event.alsoTopics());
                }
            }
        }
        return new SecondaryTopics(byType);
    }

    /** None. */
    public static SecondaryTopics none() {
        return new SecondaryTopics(Map.of());
    }

    /**
     * The secondary topics of {@code event}, placeholders filled from its data; a shape whose field is missing or
     * gives an invalid subject is skipped (a codec bug, which redelivery would not fix).
     */
    public List<Subject> of(EventEnvelope event) {
        List<String> shapes = byType.get(event.type());
        if (shapes == null) {
            return List.of();
        }
        List<Subject> topics = new ArrayList<>(shapes.size());
        for (String shape : shapes) {
            Matcher m = PLACEHOLDER.matcher(shape);
            StringBuilder topic = new StringBuilder();
            boolean complete = true;
            while (m.find()) {
                JsonNode value = event.data().get(m.group(1));
                if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
                    complete = false;
                    break;
                }
                m.appendReplacement(topic, Matcher.quoteReplacement(value.asText()));
            }
            if (!complete) {
                continue;
            }
            m.appendTail(topic);
            try {
                Subject subject = Subject.parse(topic.toString());
                if (!subject.value().equals(event.topic())) {
                    topics.add(subject);
                }
            } catch (InvalidSubjectException e) {
                // skipped, see above
            }
        }
        return topics;
    }
}
