package dev.antipop.runtime.context;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One command as its context's descriptor declares it: the single source of its route, function bean, who may send it
 * and its payload's shape.
 *
 * @param name upper snake case ({@code CREATE_BRAND}); the route is {@code POST /commands/<kebab-name>} and the
 *     function bean and template function are derived from it ({@link #routeName}, {@link #beanName}, {@link
 *     #functionResource})
 * @param access who may send it
 * @param roles for {@link Access#AUTHENTICATED}: the roles of which the caller needs one (empty: every signed-in
 *     user; rules about ownership or membership are the decider's, which gets the caller's memberships as input).
 *     {@code admin} may send every command.
 * @param aggregate the aggregate the command targets, as its stream prefix ({@code brand} for {@code brand-<id>})
 * @param payload the payload's fields; a field not listed is refused ({@code validation_failed}, "is not a field of
 *     this command")
 * @param summary one line for people (README, console)
 */
public record CommandSpec(
        String name, Access access, Set<String> roles, String aggregate, List<FieldSpec> payload, String summary) {

    /** Who may send a command. */
    public enum Access {
        /** Anyone; a bearer token, if sent, must still be valid. */
        ANONYMOUS,
        /** Only callers with a valid access token (and one of {@code roles} when given). */
        AUTHENTICATED,
        /**
         * Only other functions of the deployment, by Lambda {@code Invoke} (policies issuing commands); it has no HTTP
         * route.
         */
        INTERNAL
    }

    /** The role that may send every command. */
    public static final String ADMIN = "admin";

    /** Validates the declaration. */
    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(aggregate, "aggregate");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        payload = payload == null ? List.of() : List.copyOf(payload);
        summary = summary == null ? "" : summary;
        if (!name.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")) {
            throw new IllegalArgumentException("Command names are UPPER_SNAKE_CASE: " + name);
        }
        if (payload.stream().map(FieldSpec::name).distinct().count() != payload.size()) {
            throw new IllegalArgumentException("Command " + name + " declares a payload field twice");
        }
    }

    /** A command every signed-in user may send. */
    public static CommandSpec user(String name, String aggregate, String summary, FieldSpec... payload) {
        return new CommandSpec(name, Access.AUTHENTICATED, Set.of(), aggregate, List.of(payload), summary);
    }

    /** A command only holders of one of {@code roles} (or admins) may send. */
    public static CommandSpec roles(
            String name, Set<String> roles, String aggregate, String summary, FieldSpec... payload) {
        return new CommandSpec(name, Access.AUTHENTICATED, roles, aggregate, List.of(payload), summary);
    }

    /** A command anyone may send. */
    public static CommandSpec anonymous(String name, String aggregate, String summary, FieldSpec... payload) {
        return new CommandSpec(name, Access.ANONYMOUS, Set.of(), aggregate, List.of(payload), summary);
    }

    /** A command only other functions may send (by Lambda {@code Invoke}). */
    public static CommandSpec internal(String name, String aggregate, String summary, FieldSpec... payload) {
        return new CommandSpec(name, Access.INTERNAL, Set.of(), aggregate, List.of(payload), summary);
    }

    /** The route segment of {@code POST /commands/{name}}: {@code CREATE_BRAND} → {@code create-brand}. */
    public String routeName() {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The function bean ({@code SPRING_CLOUD_FUNCTION_DEFINITION}): {@code CREATE_BRAND} → {@code createBrand}. */
    public String beanName() {
        StringBuilder bean = new StringBuilder();
        for (String word : name.toLowerCase(Locale.ROOT).split("_")) {
            bean.append(bean.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return bean.toString();
    }

    /** The template's logical id of its function: {@code CREATE_BRAND} → {@code CreateBrandFunction}. */
    public String functionResource() {
        String bean = beanName();
        return Character.toUpperCase(bean.charAt(0)) + bean.substring(1) + "Function";
    }

    /** Whether a caller holding {@code callerRoles} passes the role check ({@code admin} always does). */
    public boolean allowsRoles(Set<String> callerRoles) {
        return roles.isEmpty() || callerRoles.contains(ADMIN) || roles.stream().anyMatch(callerRoles::contains);
    }
}
