package dev.antipop.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.local.LocalCloud;
import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.AntipopClient.Response;
import dev.antipop.local.client.EventSocket;
import dev.antipop.local.lambda.LocalFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A whole session on the local cloud (register, a failed and a good login, refresh, commands, a WebSocket with
 * subscribe and ping, logout) with every log line captured as the console writes it: each line is one JSON object,
 * each invocation line names the request id, function, duration and outcome, and no line holds the password, a
 * password hash, an access or refresh token, or the email address (DESIGN.md section 3; issue 13, "Logs").
 */
class LogHygieneIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    @SuppressWarnings("unchecked")
    void aSessionLogsOneJsonObjectPerLineAndNoSecretOrEmail() throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = capture(captured);
        List<String> secrets = new ArrayList<>();
        String email = "Log.Hygiene-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
        String password = "hygiene password " + UUID.randomUUID();
        secrets.add(password);
        secrets.add(email);
        secrets.add(email.toLowerCase(java.util.Locale.ROOT));
        try (LocalCloud cloud = LocalCloud.start(
                LocalCloud.Options.defaults(Path.of("../../template.yaml")).withEphemeralPorts())) {
            AntipopClient client = new AntipopClient(cloud.httpEndpoint(), cloud.webSocketEndpoint());
            Response registered = client.register(email, password, "Hygiene");
            assertThat(registered.status()).as(registered.text()).isEqualTo(201);
            assertThat(client.register(email, password, "Again").status()).isEqualTo(409);
            assertThat(client.login(email, password + "x").status()).isEqualTo(401);
            Response login = client.login(email, password);
            assertThat(login.status()).as(login.text()).isEqualTo(200);
            String access = login.body().get("accessToken").asText();
            String refreshToken = login.body().get("refreshToken").asText();
            Response refreshed = client.post("/auth/refresh", null, Map.of("refreshToken", refreshToken));
            assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
            // The used refresh token again: reuse detection revokes the family, and logs it.
            assertThat(client.post("/auth/refresh", null, Map.of("refreshToken", refreshToken))
                            .status())
                    .isEqualTo(401);
            Response again = client.login(email, password);
            String token = again.body().get("accessToken").asText();
            for (Response r : List.of(registered, login, refreshed, again)) {
                secrets.add(r.body().get("accessToken").asText());
                secrets.add(r.body()
                        .get("accessToken")
                        .asText()
                        .substring(r.body().get("accessToken").asText().lastIndexOf('.') + 1));
                secrets.add(r.body().get("refreshToken").asText());
            }
            try (EventSocket socket = client.connect(token)) {
                socket.send("{\"v\":1,\"op\":\"ping\",\"id\":\"p1\"}");
                socket.await(json -> "pong".equals(json.path("op").asText()), WAIT);
                socket.send("{\"v\":1,\"op\":\"sub\",\"id\":\"s1\",\"target\":\"chat.room.7\"}");
                socket.await(json -> "s1".equals(json.path("id").asText()), WAIT);
                Response command =
                        client.command(token, "update-profile", Map.of("displayName", "Renamed"), "hygiene-1", "m-1");
                assertThat(command.status()).as(command.text()).isEqualTo(202);
                assertThat(client.post(
                                        "/command",
                                        token,
                                        Map.of("command", "UPDATE_PROFILE", "payload", Map.of("displayName", "Again")))
                                .status())
                        .isEqualTo(202);
                assertThat(client.command(token, "update-profile", Map.of("displayName", 5), null, null)
                                .status())
                        .isEqualTo(400);
                socket.awaitEvent("identity.user_profile_updated", WAIT);
            }
            assertThat(client.me(token).status()).isIn(200, 404);
            assertThat(client.post("/auth/logout", token, "").status()).isEqualTo(200);
        } finally {
            ((LoggerContext) LoggerFactory.getILoggerFactory())
                    .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .detachAppender(appender);
            appender.stop();
        }

        // What was captured is what the console writes: its encoder is the same JSON encoder.
        var console = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender("CONSOLE");
        assertThat(console).isInstanceOf(OutputStreamAppender.class);
        assertThat(((OutputStreamAppender<ILoggingEvent>) console).getEncoder()).isInstanceOf(LogstashEncoder.class);

        String log = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = log.lines().toList();
        assertThat(lines).hasSizeGreaterThan(20);
        List<JsonNode> invocations = new ArrayList<>();
        for (String line : lines) {
            JsonNode json = JSON.readTree(line);
            assertThat(json.isObject()).as(line).isTrue();
            if (LocalFunction.INVOCATION_LOGGER.equals(json.path("logger_name").asText())) {
                invocations.add(json);
            }
        }
        assertThat(invocations).hasSizeGreaterThan(10).allSatisfy(json -> {
            assertThat(json.path("requestId").asText()).as(json.toString()).isNotEmpty();
            assertThat(json.path("function").asText()).as(json.toString()).endsWith("Function");
            assertThat(json.path("durationMs").isIntegralNumber())
                    .as(json.toString())
                    .isTrue();
            assertThat(json.path("status").asText()).as(json.toString()).isIn("success", "error", "timeout");
        });
        assertThat(secrets)
                .allSatisfy(
                        secret -> assertThat(log).as("the log holds a secret").doesNotContain(secret));
        assertThat(log).doesNotContain("$argon2id$").doesNotContain("passwordHash");
    }

    /** An appender on the root logger that writes what the console would, as the console's JSON encoder does. */
    private static OutputStreamAppender<ILoggingEvent> capture(ByteArrayOutputStream target) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(target);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return appender;
    }
}
