package dev.antipop.core.auth;

import java.util.Objects;

/**
 * A user's membership of something a context owns: a brand's moderator, a chat server's member, a notebook's editor.
 *
 * @param scope the kind of thing ({@code brand}); lower snake case
 * @param id its id ({@code 42})
 * @param role the member's role in it ({@code owner}, {@code moderator}, {@code member}, {@code viewer})
 */
public record Membership(String scope, String id, String role) {

    public Membership {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
    }

    /** The key of the scope instance, {@code <scope>#<id>} ({@code brand#42}). */
    public String scopeKey() {
        return scope + "#" + id;
    }
}
