package dev.antipop.dynamodb.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.antipop.dynamodb.engine.DynamoDbEngineExtension;
import dev.antipop.dynamodb.engine.DynamoDbServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wire protocol itself: targets, errors, CRC32, request limits, startup errors. */
class HttpIT {

    @RegisterExtension
    static DynamoDbEngineExtension engine = DynamoDbEngineExtension.shared();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> post(String target, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(engine.endpoint())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=x/20261130/us-east-1/dynamodb/aws4_request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void answersCarryCrc32AndARequestId() throws Exception {
        HttpResponse<byte[]> response = post("DynamoDB_20120810.ListTables", "{}".getBytes());
        assertThat(response.statusCode()).isEqualTo(200);
        CRC32 crc = new CRC32();
        crc.update(response.body());
        assertThat(response.headers().firstValue("x-amz-crc32")).hasValue(Long.toString(crc.getValue()));
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(json(response).has("TableNames")).isTrue();
    }

    @Test
    void malformedJsonIsASerializationException() throws Exception {
        HttpResponse<byte[]> response = post("DynamoDB_20120810.ListTables", "{nope".getBytes());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("__type").asText())
                .isEqualTo("com.amazonaws.dynamodb.v20120810#SerializationException");
    }

    @Test
    void missingOrUnknownTargetsAreUnknownOperations() throws Exception {
        for (String target : new String[] {null, "DynamoDB_20120810.Frobnicate", "Other.ListTables"}) {
            HttpResponse<byte[]> response = post(target, "{}".getBytes());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("__type").asText())
                    .isEqualTo("com.amazonaws.dynamodb.v20120810#UnknownOperationException");
        }
    }

    @Test
    void errorsCarryTypeAndMessage() throws Exception {
        HttpResponse<byte[]> response =
                post("DynamoDB_20120810.DescribeTable", "{\"TableName\":\"no-such-table\"}".getBytes());
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("__type").asText()).isEqualTo("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
        assertThat(body.get("message").asText())
                .isEqualTo("Requested resource not found: Table: no-such-table not found");
    }

    @Test
    void wrongJsonTypesAreClientErrorsNotServerErrors() throws Exception {
        for (String body : new String[] {
            "{\"TableName\":5}",
            "[]",
            "{\"TableName\":\"abc\",\"Item\":\"x\"}",
            "{\"TableName\":\"abc\",\"Item\":{\"pk\":{\"S\":1}}}",
            "{\"TableName\":\"abc\",\"Item\":{\"pk\":{\"Q\":\"1\"}}}"
        }) {
            HttpResponse<byte[]> response = post("DynamoDB_20120810.PutItem", body.getBytes());
            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
    }

    @Test
    void bodiesOverSixteenMegabytesAreRefused() throws Exception {
        // The engine refuses on Content-Length alone and closes; a client still uploading may see a broken pipe
        // instead of the answer, so this client announces the size and sends no body.
        try (java.net.Socket socket =
                new java.net.Socket("127.0.0.1", engine.server().port())) {
            socket.setSoTimeout(10_000);
            String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
                    + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: " + (16 * 1024 * 1024 + 10)
                    + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ");
            assertThat(answer).contains("#ValidationException");
        }
    }

    @Test
    void aPortInUseIsAClearError() {
        int port = engine.server().port();
        assertThatThrownBy(() -> DynamoDbServer.builder().port(port).start()).hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void startsOnAFreePortAndAnswersAtItsEndpoint() {
        try (DynamoDbServer server = DynamoDbServer.builder().port(0).start()) {
            assertThat(server.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
            assertThat(server.port()).isPositive();
        }
    }
}
