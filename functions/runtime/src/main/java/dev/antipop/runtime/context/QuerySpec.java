package dev.antipop.runtime.context;

import java.util.Objects;

/**
 * An HTTP route of a context other than {@code POST /commands/<name>}: a read route its projections answer ({@link
 * #get}), or a REST write route that is one of its commands in another form ({@link #route}, {@code PUT
 * /kv/{bucket}/{key}}; see {@code RestCommandRoute}).
 *
 * @param method {@code GET}, or {@code POST}, {@code PUT}, {@code DELETE} for a REST write route
 * @param path the HTTP API route path ({@code /catalog/brands/{id}})
 * @param bean the function bean that answers it (also {@code SPRING_CLOUD_FUNCTION_DEFINITION} of its template
 *     function)
 * @param summary one line for people
 */
public record QuerySpec(String method, String path, String bean, String summary) {

    /** Validates the declaration. */
    public QuerySpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bean, "bean");
        summary = summary == null ? "" : summary;
    }

    /** A {@code GET} route. */
    public static QuerySpec get(String path, String bean, String summary) {
        return new QuerySpec("GET", path, bean, summary);
    }

    /** A route of any method (a REST write route). */
    public static QuerySpec route(String method, String path, String bean, String summary) {
        return new QuerySpec(method, path, bean, summary);
    }

    /** The template's logical id of its function: bean {@code listBrands} → {@code ListBrandsFunction}. */
    public String functionResource() {
        return Character.toUpperCase(bean.charAt(0)) + bean.substring(1) + "Function";
    }
}
