package dev.antipop.runtime.context;

import dev.antipop.runtime.projection.ViewProjection;
import java.util.List;

/**
 * A context module's entry for {@link java.util.ServiceLoader}: list the implementing class (public, with a public
 * no-argument constructor) in {@code META-INF/services/dev.antipop.runtime.context.BoundedContext}.
 */
public interface BoundedContext {

    /** The context's descriptor; the same instance on every call. */
    ContextDescriptor descriptor();

    /**
     * The context's views (read models) as {@code rebuild-projections} replays them from the events table: only
     * projections, never the processor's policies. Default: none (a context without views, or not rebuildable).
     */
    default List<ViewProjection> views() {
        return List.of();
    }
}
