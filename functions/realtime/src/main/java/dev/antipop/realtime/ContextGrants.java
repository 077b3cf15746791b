package dev.antipop.realtime;

import dev.antipop.core.auth.Capabilities;
import dev.antipop.runtime.context.Contexts;
import dev.antipop.runtime.context.SubjectGrant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realtime's capabilities: the platform's role grants ({@code capabilities.json}) plus every context's grants. */
public final class ContextGrants {

    private ContextGrants() {}

    /** {@code capabilities.json} with the role and membership grants of every descriptor in {@code contexts}. */
    public static Capabilities capabilities(Contexts contexts) {
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        List<Capabilities.ScopedGrant> scoped = new ArrayList<>();
        for (SubjectGrant grant : contexts.grants()) {
            if (grant.role() != null) {
                byRole.computeIfAbsent(grant.role(), r -> new ArrayList<>()).add(grant.pattern());
            } else {
                scoped.add(new Capabilities.ScopedGrant(grant.scope(), grant.memberRoles(), grant.pattern()));
            }
        }
        return Capabilities.defaults().with(byRole, scoped);
    }
}
