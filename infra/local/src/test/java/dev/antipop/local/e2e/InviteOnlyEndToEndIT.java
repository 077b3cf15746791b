package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.demo.Demo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Registration by invite: the root template started with {@code InviteOnly=true}. The first admin is seeded with the
 * {@code CREATE_USER} command (its email is in {@code AdminEmails}); invite mode gates {@code /auth/register}.
 */
class InviteOnlyEndToEndIT {

    private static LocalCloud cloud;
    private static AntipopClient client;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloud.Options.defaults(Path.of("../../template.yaml"))
                .withEphemeralPorts()
                .withParameterOverrides(Map.of("InviteOnly", "true")));
        client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    private static Response register(String email, String inviteCode) {
        Map<String, Object> body = inviteCode == null
                ? Map.of("email", email, "password", "a long enough password", "displayName", "Invited")
                : Map.of(
                        "email",
                        email,
                        "password",
                        "a long enough password",
                        "displayName",
                        "Invited",
                        "inviteCode",
                        inviteCode);
        return client.post("/auth/register", null, body);
    }

    @Test
    void registrationNeedsASingleUseCodeFromAnAdmin() {
        Response without = register("nocode@example.com", null);
        assertThat(without.status()).isEqualTo(403);
        assertThat(without.body().at("/error/code").asText()).isEqualTo("invite_required");
        Response bogus = register("bogus@example.com", "not-a-real-code");
        assertThat(bogus.status()).isEqualTo(403);
        assertThat(bogus.body().at("/error/code").asText()).isEqualTo("invite_invalid");

        // Bootstrap: CREATE_USER (the command, not /auth/register) is how an operator seeds the first admin.
        Response seeded = client.post(
                "/commands/create-user",
                null,
                Map.of(
                        "payload",
                        Map.of("email", Demo.ADMIN_EMAIL, "password", Demo.ADMIN_PASSWORD, "displayName", "Admin")));
        assertThat(seeded.status()).as(seeded.text()).isEqualTo(202);
        String admin = client.login(Demo.ADMIN_EMAIL, Demo.ADMIN_PASSWORD)
                .body()
                .get("accessToken")
                .asText();

        Response invite = client.post("/auth/invites", admin, Map.of("ttlHours", 2));
        assertThat(invite.status()).as(invite.text()).isEqualTo(201);
        String code = invite.body().get("code").asText();
        assertThat(code).hasSize(22);

        Response taken = register(Demo.ADMIN_EMAIL, code);
        assertThat(taken.status())
                .as("a failed registration does not burn the code")
                .isEqualTo(409);
        Response first = register("invited@example.com", code);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        Response second = register("again@example.com", code);
        assertThat(second.status()).isEqualTo(403);
        assertThat(second.body().at("/error/code").asText()).isEqualTo("invite_invalid");

        String member = first.body().get("accessToken").asText();
        assertThat(client.post("/auth/invites", member, "{}").status())
                .as("only admins invite")
                .isEqualTo(403);
    }
}
