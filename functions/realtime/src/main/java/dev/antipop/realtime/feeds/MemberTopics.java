package dev.antipop.realtime.feeds;

import dev.antipop.core.auth.Capabilities;
import dev.antipop.core.auth.Membership;
import dev.antipop.core.auth.Principal;
import dev.antipop.core.command.CommandException;
import dev.antipop.core.command.ErrorCode;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.SubjectPattern;
import dev.antipop.dynamodb.MembershipStore;
import dev.antipop.dynamodb.TopicLog;
import dev.antipop.runtime.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The topics of a feed over every instance of one membership scope the caller may read: for {@code GET
 * /api/events/stream}, {@code notebook.<id>.events} of each of the caller's notebooks (scope {@code notebook}).
 *
 * <ul>
 *   <li>Without {@code ?<parameter>=}: the topic of every instance the caller holds an active membership of whose role
 *       the scope's grant of that topic covers (owner, editor, viewer), read with one Query of the memberships table.
 *       Public notebooks the caller is no member of are not included (everyone may read them; there is no list of
 *       them per user): name them in {@code ?notebooks=}. More than {@value Feeds#MAX_TOPICS} is {@code 400
 *       validation_failed} on the parameter, asking to choose at most {@value Feeds#MAX_TOPICS}: the log is read
 *       with one Query per topic per poll interval ({@link Feeds}), which the limit bounds.
 *   <li>With {@code ?notebooks=id1,id2} (1–{@value Feeds#MAX_TOPICS} ids, comma-separated): exactly those. Each must
 *       be readable, through the same Query of memberships or else a membership held by everyone ({@link
 *       Capabilities#EVERYONE}, a public notebook's {@code reader}; one GetItem per such id), as a WebSocket {@code
 *       sub} is checked; otherwise {@code 403 forbidden} naming the first that is not. An unknown id is answered
 *       the same way, so the answer does not tell whether a notebook exists.
 * </ul>
 *
 * <p>A caller who reads no instance gets no topic: the feed then answers at once with a cursor, no event and, on SSE,
 * {@code retry:} its longest wait (20 s), so such a client costs one short request per 20 s ({@link SseStream}). An
 * instance shared since the last answer is read from the next answer on, starting from then.
 */
public final class MemberTopics implements Feeds.TopicChoice {

    private final Capabilities capabilities;
    private final MembershipStore memberships;
    private final String scope;
    private final String topic;
    private final String parameter;

    /**
     * @param capabilities the grants, including the scope's membership grant of {@code topic}
     * @param memberships the memberships table
     * @param scope the membership scope ({@code notebook})
     * @param topic the topic template with {@code {id}} ({@code notebook.{id}.events}); needs a log partition
     * @param parameter the query parameter that narrows the instances ({@code notebooks})
     * @throws IllegalArgumentException when no membership grant of {@code scope} has the pattern {@code topic}, or
     *     its topics would have no log partition
     */
    public MemberTopics(
            Capabilities capabilities, MembershipStore memberships, String scope, String topic, String parameter) {
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.parameter = Objects.requireNonNull(parameter, "parameter");
        if (capabilities.scopedGrants(scope).stream().noneMatch(g -> g.pattern().equals(topic))) {
            throw new IllegalArgumentException(
                    "No membership grant of scope '" + scope + "' has the pattern '" + topic + "'");
        }
        if (TopicLog.partitionOf(SubjectPattern.parse(topic.replace("{id}", "x")))
                .isEmpty()) {
            throw new IllegalArgumentException("'" + topic + "' has no topic-log partition");
        }
    }

    @Override
    public List<SubjectPattern> topics(Principal caller, HttpRequest request) {
        Optional<String> given =
                request.queryParameter(parameter).map(String::strip).filter(s -> !s.isEmpty());
        List<String> named = given.isPresent() ? ids(given.get()) : List.of();
        List<Membership> held = memberships.ofUser(caller.userId());
        Capabilities.Effective effective = capabilities.of(caller.userId(), caller.roles(), held);
        if (given.isEmpty()) {
            Set<SubjectPattern> readable = new LinkedHashSet<>();
            for (Membership membership : held) {
                if (membership.scope().equals(scope)) {
                    topicOf(membership.id())
                            .filter(effective::allowsSubscription)
                            .ifPresent(readable::add);
                }
            }
            if (readable.size() > Feeds.MAX_TOPICS) {
                throw CommandException.validation(Map.of(
                        parameter,
                        "choose at most " + Feeds.MAX_TOPICS + " with ?" + parameter + "=id1,id2: you may read "
                                + readable.size() + " " + scope + "s and one request reads at most "
                                + Feeds.MAX_TOPICS));
            }
            return List.copyOf(readable);
        }
        List<SubjectPattern> topics = new ArrayList<>(named.size());
        for (String id : named) {
            SubjectPattern wanted = topicOf(id).orElseThrow(() -> notAnId(id));
            if (!effective.allowsSubscription(wanted) && !openToEveryone(caller, id, wanted)) {
                throw new CommandException(
                        ErrorCode.FORBIDDEN,
                        scope + " '" + abbreviate(id) + "' is not one you may read",
                        Map.of(parameter, "'" + abbreviate(id) + "' is not a " + scope + " you may read"));
            }
            topics.add(wanted);
        }
        return List.copyOf(topics);
    }

    /** Whether everyone holds a membership of {@code id} that grants {@code wanted} (a public notebook). */
    private boolean openToEveryone(Principal caller, String id, SubjectPattern wanted) {
        Optional<Membership> everyones = memberships.find(Capabilities.EVERYONE, scope, id);
        return everyones.isPresent()
                && capabilities
                        .of(caller.userId(), caller.roles(), List.of(everyones.get()))
                        .allowsSubscription(wanted);
    }

    /** {@code id1,id2}: 1–{@value Feeds#MAX_TOPICS} distinct ids, none empty. */
    private List<String> ids(String given) {
        Set<String> ids = new LinkedHashSet<>();
        for (String part : given.split(",", -1)) {
            String id = part.strip();
            if (id.isEmpty()) {
                throw CommandException.validation(
                        Map.of(parameter, "comma-separated " + scope + " ids, none empty: ?" + parameter + "=id1,id2"));
            }
            ids.add(id);
        }
        if (ids.size() > Feeds.MAX_TOPICS) {
            throw CommandException.validation(
                    Map.of(parameter, "at most " + Feeds.MAX_TOPICS + " " + scope + "s per request"));
        }
        return List.copyOf(ids);
    }

    /** The literal topic of instance {@code id}; empty when {@code id} is not one subject token. */
    private Optional<SubjectPattern> topicOf(String id) {
        if (id.contains(".")) {
            return Optional.empty();
        }
        try {
            SubjectPattern pattern = SubjectPattern.parse(topic.replace("{id}", id));
            return pattern.isLiteral() ? Optional.of(pattern) : Optional.empty();
        } catch (InvalidSubjectException e) {
            return Optional.empty();
        }
    }

    private CommandException notAnId(String id) {
        return CommandException.validation(Map.of(parameter, "'" + abbreviate(id) + "' is not a " + scope + " id"));
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
