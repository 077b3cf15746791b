package dev.antipop.local.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The local cloud's own pages and JSON under {@value #PREFIX} on an HTTP API's port (the console, its
 * {@code /_local/api/...} endpoints). API Gateway has nothing there, and no template route can start with an
 * underscore segment that way by accident; a request under the prefix is first offered to the mounted handler, and
 * whatever it declines (returns {@code false}) goes on to the API as before.
 */
final class LocalMount extends Handler.Wrapper {

    /** The path prefix of everything local-only. */
    static final String PREFIX = "/_local";

    private volatile Handler local;

    LocalMount(Handler api) {
        super(api);
    }

    /** Mounts {@code handler} (replacing any earlier one); it may be called while serving. */
    void mount(Handler handler) {
        this.local = handler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler mounted = local;
        String path = request.getHttpURI().getPath();
        if (mounted != null
                && path != null
                && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"))
                && mounted.handle(request, response, callback)) {
            return true;
        }
        return super.handle(request, response, callback);
    }
}
