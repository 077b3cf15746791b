package dev.antipop.identity.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.runtime.command.CommandInvoker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** The identity processor's role-change policy, with a stand-in for Lambda's Invoke API. */
class RoleNotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records invocations and answers a fixed body (and function error, when set). */
    private static final class RecordingLambda implements LambdaClient {
        final List<JsonNode> requests = new ArrayList<>();
        final List<String> functions = new ArrayList<>();
        String answer = "{\"ok\":true,\"commandId\":\"1\",\"stream\":\"notification-9\",\"version\":1}";
        String functionError;

        @Override
        public InvokeResponse invoke(InvokeRequest request) {
            try {
                requests.add(JSON.readTree(request.payload().asUtf8String()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            functions.add(request.functionName());
            return InvokeResponse.builder()
                    .statusCode(200)
                    .functionError(functionError)
                    .payload(SdkBytes.fromUtf8String(answer))
                    .build();
        }

        @Override
        public String serviceName() {
            return "lambda";
        }

        @Override
        public void close() {}
    }

    private final RecordingLambda lambda = new RecordingLambda();
    private final RoleNotifications policy =
            new RoleNotifications(new CommandInvoker(lambda), "antipop-CreateNotificationFunction");

    private static EventEnvelope event(String type, String role) {
        ObjectNode data = JSON.createObjectNode().put("userId", "42");
        if (role != null) {
            data.put("role", role);
        }
        return new EventEnvelope(
                "7300000000000000077",
                type,
                "user-42",
                2,
                "user.42.events",
                Instant.parse("2026-11-30T09:00:00Z"),
                data,
                new EventMeta("1", "corr-1", "7300000000000000070", null));
    }

    @Test
    void aRoleAddedCreatesANotificationKeyedByTheRoleEvent() {
        policy.react(event("identity.user_role_added", "moderator"));

        assertThat(lambda.functions).containsExactly("antipop-CreateNotificationFunction");
        JsonNode request = lambda.requests.getFirst();
        assertThat(request.get("command").asText()).isEqualTo("CREATE_NOTIFICATION");
        assertThat(request.get("causationId").asText()).isEqualTo("7300000000000000077");
        assertThat(request.get("correlationId").asText()).isEqualTo("corr-1");
        JsonNode input = request.get("input");
        assertThat(input.get("userId").asText()).isEqualTo("42");
        assertThat(input.get("kind").asText()).isEqualTo("role_added");
        assertThat(input.get("sourceEventId").asText()).isEqualTo("7300000000000000077");
        assertThat(input.get("title").asText()).contains("moderator");
        assertThat(input.at("/data/role").asText()).isEqualTo("moderator");
    }

    @Test
    void aRoleRemovedNotifiesToo() {
        policy.react(event("identity.user_role_removed", "moderator"));

        assertThat(lambda.requests.getFirst().at("/input/kind").asText()).isEqualTo("role_removed");
    }

    @Test
    void otherEventsNotifyNobody() {
        policy.react(event("identity.user_profile_updated", null));

        assertThat(lambda.requests).isEmpty();
    }

    @Test
    void aRejectionIsSkippedButAFunctionErrorFailsTheRecord() {
        lambda.answer = "{\"ok\":false,\"code\":\"validation_failed\",\"message\":\"Validation failed\",\"version\":0}";
        policy.react(event("identity.user_role_added", "moderator"));

        lambda.functionError = "Unhandled";
        lambda.answer = "{\"errorMessage\":\"boom\"}";
        assertThatThrownBy(() -> policy.react(event("identity.user_role_added", "moderator")))
                .isInstanceOf(CommandInvoker.InvocationFailedException.class);
    }
}
