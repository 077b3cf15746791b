package dev.antipop.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.AntipopClient.Session;
import dev.antipop.local.client.EventSocket;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The README's first session, run by itself and printed with timings: an admin and a user sign in and connect
 * WebSockets, the admin grants the user a role with a correlation id, both sockets receive the event, and the users
 * view shows the role.
 */
public final class Demo {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The first admin's email: in the template's default {@code AdminEmails}. */
    public static final String ADMIN_EMAIL = "admin@example.com";

    /** The password the demo registers (or logs in) the admin with; local development only. */
    public static final String ADMIN_PASSWORD = "correct horse battery staple";

    private final AntipopClient client;
    private final PrintStream out;

    /**
     * @param client a client of the running local cloud (or of a deployment)
     * @param out where the transcript goes
     */
    public Demo(AntipopClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /**
     * Runs the session.
     *
     * @throws AssertionError when a step does not produce what it should (the demo doubles as a smoke test)
     */
    public void run() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Session admin = step(
                "sign in admin@example.com (AdminEmails gives it the admin role)",
                () -> client.signIn(ADMIN_EMAIL, ADMIN_PASSWORD, "Admin"));
        String email = "user-" + suffix + "@example.com";
        long start = System.nanoTime();
        Response registered = client.register(email, "a long enough password", "Demo user");
        print("POST /auth/register " + email, registered, start);
        require(registered.status() == 201, "register answered " + registered.status());
        Session user = new Session(
                registered.body().get("userId").asText(),
                registered.body().get("accessToken").asText());

        try (EventSocket adminSocket = step("connect admin WebSocket", () -> client.connect(admin.accessToken()));
                EventSocket userSocket = step("connect user WebSocket", () -> client.connect(user.accessToken()))) {
            start = System.nanoTime();
            userSocket.send("{\"v\":1,\"op\":\"ping\",\"id\":\"c1\"}");
            EventSocket.Frame pong =
                    userSocket.await(json -> "pong".equals(json.path("op").asText()), WAIT);
            out.printf("→ ws {\"v\":1,\"op\":\"ping\",\"id\":\"c1\"}%n← ws %s (%d ms)%n", pong.text(), millis(start));

            String correlationId = "demo-" + suffix;
            start = System.nanoTime();
            Response accepted = client.command(
                    admin.accessToken(),
                    "add-user-role",
                    Map.of("userId", user.userId(), "role", "moderator"),
                    correlationId,
                    null);
            print(
                    "POST /commands/add-user-role {userId, role: moderator}, correlationId " + correlationId,
                    accepted,
                    start);
            require(accepted.status() == 202, "add-user-role answered " + accepted.status());
            EventSocket.Frame toUser = userSocket.awaitEvent("identity.user_role_added", WAIT);
            out.printf(
                    "← user ws  %s (%d ms after the command)%n",
                    abbreviate(toUser.text()), (toUser.receivedNanos() - start) / 1_000_000);
            EventSocket.Frame toAdmin = adminSocket.awaitEvent("identity.user_role_added", WAIT);
            out.printf(
                    "← admin ws %s (%d ms after the command)%n",
                    abbreviate(toAdmin.text()), (toAdmin.receivedNanos() - start) / 1_000_000);
            require(
                    correlationId.equals(
                            toUser.json().at("/data/meta/correlationId").asText()),
                    "correlation id lost");

            start = System.nanoTime();
            long deadline = System.nanoTime() + WAIT.toNanos();
            Response me;
            do {
                me = client.me(user.accessToken());
            } while (!hasRole(me.body(), "moderator") && System.nanoTime() < deadline);
            print("GET /auth/me (the users view, once the projection has the role)", me, start);
            require(hasRole(me.body(), "moderator"), "the users view never showed the role");
        }
        out.println("demo: ok");
    }

    private static boolean hasRole(JsonNode me, String role) {
        for (JsonNode r : me.path("roles")) {
            if (role.equals(r.asText())) {
                return true;
            }
        }
        return false;
    }

    private <T> T step(String what, java.util.function.Supplier<T> action) {
        long start = System.nanoTime();
        T result = action.get();
        out.printf("%s (%d ms)%n", what, millis(start));
        return result;
    }

    private void print(String request, Response response, long startNanos) {
        out.printf(
                "→ %s%n← %d %s (%d ms)%n", request, response.status(), abbreviate(response.text()), millis(startNanos));
    }

    private static String abbreviate(String text) {
        String shortened = text.replaceAll("(eyJ[A-Za-z0-9_-]{8})[A-Za-z0-9_.-]+", "$1…");
        return shortened.length() <= 400 ? shortened : shortened.substring(0, 400) + "…";
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError("demo failed: " + message);
        }
    }
}
