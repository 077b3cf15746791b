package dev.antipop.runtime.context;

/**
 * A context module's entry for {@link java.util.ServiceLoader}: list the implementing class (public, with a public
 * no-argument constructor) in {@code META-INF/services/dev.antipop.runtime.context.BoundedContext}.
 */
public interface BoundedContext {

    /** The context's descriptor; the same instance on every call. */
    ContextDescriptor descriptor();
}
