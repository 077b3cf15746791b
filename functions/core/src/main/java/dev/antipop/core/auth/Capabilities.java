package dev.antipop.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.subject.InvalidSubjectException;
import dev.antipop.core.subject.SubjectPattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each role may see and do: the subject patterns a user may subscribe to and the commands a user may send. The
 * mapping is data ({@code capabilities.json} beside this class, also in the README), in one place.
 *
 * <p>Every authenticated user has the entries of role {@code *}; each held role adds its own. In subject patterns
 * {@code {userId}} stands for the user's own id, so {@code user.{userId}.>} grants a user their own events only. A
 * subscription is allowed when one granted pattern {@link SubjectPattern#covers covers} the requested one: a request
 * broader than every grant (for example {@code user.*.>} against {@code user.42.>}) is refused, never silently
 * narrowed, since the client would then believe it receives everything the pattern names.
 */
public final class Capabilities {

    /** Grants of one role: subject pattern templates and command names. */
    public record RoleGrant(List<String> subjects, Set<String> commands) {}

    /** The effective capabilities of one user. */
    public record Effective(String userId, List<SubjectPattern> subjects, Set<String> commands) {

        /** Whether the user may subscribe to {@code requested}. */
        public boolean allowsSubscription(SubjectPattern requested) {
            for (SubjectPattern granted : subjects) {
                if (granted.covers(requested)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether an event on {@code subject} may be delivered to the user (fan-out re-checks at delivery). */
        public boolean allowsDelivery(String subject) {
            for (SubjectPattern granted : subjects) {
                if (granted.matches(subject)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the user may send command {@code name} ({@code CREATE_USER}). */
        public boolean allowsCommand(String name) {
            return commands.contains("*") || commands.contains(name);
        }

        /** The granted patterns as strings, for a {@code cap_update} frame. */
        public List<String> subjectValues() {
            return subjects.stream().map(SubjectPattern::value).toList();
        }
    }

    /** The key of the grants every user has. */
    public static final String EVERYONE = "*";

    private final Map<String, RoleGrant> grants;

    /**
     * @param grants by role name; {@link #EVERYONE} applies to every user
     * @throws IllegalArgumentException when a pattern is invalid
     */
    public Capabilities(Map<String, RoleGrant> grants) {
        this.grants = Map.copyOf(grants);
        for (Map.Entry<String, RoleGrant> grant : grants.entrySet()) {
            for (String subject : grant.getValue().subjects()) {
                try {
                    SubjectPattern.parse(subject.replace("{userId}", "0"));
                } catch (InvalidSubjectException e) {
                    throw new IllegalArgumentException(
                            "Role " + grant.getKey() + ": invalid subject pattern " + subject, e);
                }
            }
        }
    }

    /** The mapping shipped with Antipop ({@code capabilities.json}). */
    public static Capabilities defaults() {
        try (InputStream in = Capabilities.class.getResourceAsStream("capabilities.json")) {
            if (in == null) {
                throw new IllegalStateException("capabilities.json is missing from the classpath");
            }
            return fromJson(EnvelopeJson.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code {"roles":{"<role>":{"subjects":[…],"commands":[…]}}}}. */
    public static Capabilities fromJson(JsonNode json) {
        Map<String, RoleGrant> grants = new LinkedHashMap<>();
        json.path("roles").fields().forEachRemaining(role -> {
            List<String> subjects = new ArrayList<>();
            for (JsonNode subject : role.getValue().path("subjects")) {
                subjects.add(subject.asText());
            }
            Set<String> commands = new LinkedHashSet<>();
            for (JsonNode command : role.getValue().path("commands")) {
                commands.add(command.asText());
            }
            grants.put(role.getKey(), new RoleGrant(List.copyOf(subjects), Set.copyOf(commands)));
        });
        return new Capabilities(grants);
    }

    /** The effective capabilities of a user with {@code roles}. */
    public Effective of(String userId, Collection<String> roles) {
        Set<String> patterns = new LinkedHashSet<>();
        Set<String> commands = new LinkedHashSet<>();
        for (String role : concat(EVERYONE, roles)) {
            RoleGrant grant = grants.get(role);
            if (grant == null) {
                continue;
            }
            grant.subjects().forEach(s -> patterns.add(s.replace("{userId}", userId)));
            commands.addAll(grant.commands());
        }
        return new Effective(
                userId, patterns.stream().map(SubjectPattern::parse).toList(), Set.copyOf(commands));
    }

    /** The effective capabilities of a principal. */
    public Effective of(Principal principal) {
        return of(principal.userId(), principal.roles());
    }

    private static List<String> concat(String first, Collection<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
