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
 * What each user may see: the subject patterns they may subscribe to (DESIGN.md section 5). Two kinds of grant:
 *
 * <ul>
 *   <li><b>Role grants</b>: {@code capabilities.json} beside this class for the platform's roles, plus each context's
 *       role grants ({@link #with}). Every authenticated user has the entries of role {@code *}; each held role adds
 *       its own. {@code {userId}} stands for the user's own id, so {@code user.{userId}.>} grants a user their own
 *       events only.
 *   <li><b>Membership grants</b> ({@link ScopedGrant}): a member of a scope instance ({@code brand} 42) gets the
 *       grant's pattern with {@code {id}} replaced by the instance's id ({@code brand.42.events}).
 * </ul>
 *
 * <p>A subscription is allowed when one granted pattern {@link SubjectPattern#covers covers} the requested one: a
 * request broader than every grant (for example {@code user.*.>} against {@code user.42.>}) is refused, never
 * silently narrowed, since the client would then believe it receives everything the pattern names.
 *
 * <p>Which commands a user may send is not here: each command's descriptor says it ({@code CommandSpec}).
 */
public final class Capabilities {

    /** Grants of one role: subject pattern templates. */
    public record RoleGrant(List<String> subjects) {}

    /**
     * A grant to the members of a scope.
     *
     * @param scope the membership scope ({@code brand})
     * @param memberRoles the membership roles that get it; empty for every member
     * @param pattern a pattern template using {@code {id}} for the scope instance's id
     */
    public record ScopedGrant(String scope, Set<String> memberRoles, String pattern) {

        public ScopedGrant {
            memberRoles = memberRoles == null ? Set.of() : Set.copyOf(memberRoles);
        }

        boolean appliesTo(Membership membership) {
            return membership.scope().equals(scope)
                    && (memberRoles.isEmpty() || memberRoles.contains(membership.role()));
        }
    }

    /** The effective capabilities of one user. */
    public record Effective(String userId, List<SubjectPattern> subjects) {

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

        /** The granted patterns as strings, for a {@code cap_update} frame. */
        public List<String> subjectValues() {
            return subjects.stream().map(SubjectPattern::value).toList();
        }
    }

    /** The key of the grants every user has. */
    public static final String EVERYONE = "*";

    private final Map<String, RoleGrant> grants;
    private final List<ScopedGrant> scoped;
    private final List<SubjectPattern> scopedShapes;

    /**
     * @param grants by role name; {@link #EVERYONE} applies to every user
     * @throws IllegalArgumentException when a pattern is invalid
     */
    public Capabilities(Map<String, RoleGrant> grants) {
        this(grants, List.of());
    }

    /**
     * @param grants by role name; {@link #EVERYONE} applies to every user
     * @param scoped membership grants
     * @throws IllegalArgumentException when a pattern is invalid
     */
    public Capabilities(Map<String, RoleGrant> grants, List<ScopedGrant> scoped) {
        this.grants = Map.copyOf(grants);
        this.scoped = List.copyOf(scoped);
        for (Map.Entry<String, RoleGrant> grant : grants.entrySet()) {
            for (String subject : grant.getValue().subjects()) {
                check("Role " + grant.getKey(), subject.replace("{userId}", "0"));
            }
        }
        List<SubjectPattern> shapes = new ArrayList<>();
        for (ScopedGrant grant : scoped) {
            check("Scope " + grant.scope(), grant.pattern().replace("{id}", "0"));
            shapes.add(SubjectPattern.parse(grant.pattern().replace("{id}", "*")));
        }
        this.scopedShapes = List.copyOf(shapes);
    }

    private static void check(String owner, String pattern) {
        try {
            SubjectPattern.parse(pattern);
        } catch (InvalidSubjectException e) {
            throw new IllegalArgumentException(owner + ": invalid subject pattern " + pattern, e);
        }
    }

    /** The platform's role mapping ({@code capabilities.json}). */
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

    /** Reads {@code {"roles":{"<role>":{"subjects":[…]}}}}. */
    public static Capabilities fromJson(JsonNode json) {
        Map<String, RoleGrant> grants = new LinkedHashMap<>();
        json.path("roles").properties().forEach(role -> {
            List<String> subjects = new ArrayList<>();
            for (JsonNode subject : role.getValue().path("subjects")) {
                subjects.add(subject.asText());
            }
            grants.put(role.getKey(), new RoleGrant(List.copyOf(subjects)));
        });
        return new Capabilities(grants);
    }

    /**
     * These capabilities plus more grants (the contexts' descriptors).
     *
     * @param roleSubjects more subject templates per role ({@link #EVERYONE} for every user)
     * @param more more membership grants
     */
    public Capabilities with(Map<String, List<String>> roleSubjects, List<ScopedGrant> more) {
        Map<String, RoleGrant> merged = new LinkedHashMap<>(grants);
        roleSubjects.forEach((role, subjects) -> {
            List<String> all = new ArrayList<>();
            RoleGrant existing = merged.get(role);
            if (existing != null) {
                all.addAll(existing.subjects());
            }
            subjects.stream().filter(s -> !all.contains(s)).forEach(all::add);
            merged.put(role, new RoleGrant(List.copyOf(all)));
        });
        List<ScopedGrant> allScoped = new ArrayList<>(scoped);
        allScoped.addAll(more);
        return new Capabilities(merged, allScoped);
    }

    /** The effective capabilities of a user with {@code roles} and no memberships. */
    public Effective of(String userId, Collection<String> roles) {
        return of(userId, roles, List.of());
    }

    /** The effective capabilities of a user with {@code roles} and {@code memberships}. */
    public Effective of(String userId, Collection<String> roles, Collection<Membership> memberships) {
        Set<String> patterns = new LinkedHashSet<>();
        for (String role : concat(EVERYONE, roles)) {
            RoleGrant grant = grants.get(role);
            if (grant != null) {
                grant.subjects().forEach(s -> patterns.add(s.replace("{userId}", userId)));
            }
        }
        for (Membership membership : memberships) {
            for (ScopedGrant grant : scoped) {
                if (grant.appliesTo(membership)) {
                    patterns.add(grant.pattern().replace("{id}", membership.id()));
                }
            }
        }
        return new Effective(
                userId, patterns.stream().map(SubjectPattern::parse).toList());
    }

    /** The effective capabilities of a principal, without memberships. */
    public Effective of(Principal principal) {
        return of(principal.userId(), principal.roles());
    }

    /** Whether {@code subject} has the shape of a membership grant (so its subscribers were checked as members). */
    public boolean isMembershipSubject(String subject) {
        for (SubjectPattern shape : scopedShapes) {
            if (shape.matches(subject)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any membership grant could cover {@code requested} (so a membership lookup is worth doing). */
    public boolean mayNeedMemberships(SubjectPattern requested) {
        for (SubjectPattern shape : scopedShapes) {
            if (shape.covers(requested)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The scope instances whose membership grant would allow the literal {@code subject}: {@code notebook.42.events}
     * with a grant {@code notebook.{id}.events} of scope {@code notebook} gives {@code notebook#42} (as a membership
     * with an empty role). Used to look up a membership held by everyone (a public notebook) for that one instance.
     */
    public List<Membership> scopeInstancesOf(String subject) {
        String[] tokens = subject.split("\\.", -1);
        List<Membership> found = new ArrayList<>();
        for (ScopedGrant grant : scoped) {
            String[] shape = grant.pattern().split("\\.", -1);
            String id = null;
            boolean matches = true;
            for (int i = 0; i < shape.length && matches; i++) {
                if (shape[i].equals(">")) {
                    matches = tokens.length > i;
                    break;
                }
                if (i >= tokens.length) {
                    matches = false;
                } else if (shape[i].equals("{id}")) {
                    id = tokens[i];
                } else {
                    matches = shape[i].equals("*") || shape[i].equals(tokens[i]);
                }
                if (matches && i == shape.length - 1 && tokens.length != shape.length) {
                    matches = false;
                }
            }
            if (matches && id != null) {
                Membership instance = new Membership(grant.scope(), id, "");
                if (!found.contains(instance)) {
                    found.add(instance);
                }
            }
        }
        return found;
    }

    /** The membership grants of scope {@code scope}. */
    public List<ScopedGrant> scopedGrants(String scope) {
        return scoped.stream().filter(g -> g.scope().equals(scope)).toList();
    }

    private static List<String> concat(String first, Collection<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
