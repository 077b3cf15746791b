package dev.antipop.notebooks.notebook;

import java.util.Objects;

/**
 * Who sends a notebook command, as the decider needs it: access comes from the notebook's own state (owner, shares,
 * visibility), which the handler folds anyway, so no membership lookup decides it.
 *
 * @param userId the caller's user id
 * @param admin whether the caller holds the {@code admin} role (may do everything)
 */
public record Actor(String userId, boolean admin) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
    }
}
