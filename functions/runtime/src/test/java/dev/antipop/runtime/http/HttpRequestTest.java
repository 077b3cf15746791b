package dev.antipop.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.event.EnvelopeJson;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HttpRequest#jsonObjectBody} through {@link HttpEndpoint}: what a JSON route answers for each body. */
class HttpRequestTest {

    private final HttpEndpoint endpoint = new HttpEndpoint(
            "echo", request -> ApiResponses.json(200, request.jsonObjectBody(HttpRequest.MAX_BODY_BYTES)));

    private static APIGatewayV2HTTPEvent event(String contentType, String body) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }

    private JsonNode answer(String contentType, String body, int status) throws Exception {
        APIGatewayV2HTTPResponse response = endpoint.apply(event(contentType, body));
        assertThat(response.getStatusCode())
                .as(body.length() > 80 ? body.substring(0, 80) : body)
                .isEqualTo(status);
        return EnvelopeJson.mapper().readTree(response.getBody());
    }

    private void assertMalformed(String body, String message) throws Exception {
        JsonNode error = answer("application/json", body, 400).path("error");
        assertThat(error.path("code").asText()).isEqualTo("malformed_json");
        assertThat(error.path("message").asText()).isEqualTo(message);
    }

    @Test
    void beyondJacksonsOwnLimitsIsA400WithAClearMessageNotA500() throws Exception {
        assertMalformed("[".repeat(1_001) + "]".repeat(1_001), "Body nests deeper than 32 levels");
        assertMalformed("{\"a\":".repeat(1_001) + "1" + "}".repeat(1_001), "Body nests deeper than 32 levels");
        assertMalformed("{\"n\":" + "1".repeat(1_001) + "}", "Body has a number of more than 64 digits");
        assertMalformed("{\"n\":" + "1".repeat(300) + "}", "Body has a number of more than 64 digits");
        assertMalformed("{\"" + "k".repeat(50_001) + "\":1}", "Body has a member name longer than 256 characters");
    }

    @Test
    void trailingGarbageAndRepeatedNamesAreMalformed() throws Exception {
        assertMalformed("{\"a\":1}}", "Body is not valid JSON (line 1, column 8)");
        assertMalformed("{\"a\":1} {}", "Body has content after the JSON value (line 1, column 9)");
        assertMalformed("{\"a\":1,\"a\":2}", "Body repeats a member name: 'a' (line 1, column 11)");
        assertMalformed("[]", "Body must be a JSON object");
    }

    @Test
    void unpairedSurrogatesAreMalformed() throws Exception {
        assertMalformed(
                "{\"payload\":{\"displayName\":\"S\\ud800E\"}}",
                "Body holds an unpaired UTF-16 surrogate at /payload/displayName; text must be valid Unicode "
                        + "(RFC 7493 §2.1)");
        answer("application/json", "{\"payload\":{\"displayName\":\"\\ud83d\\ude00\"}}", 200);
    }

    @Test
    void onlyJsonIsAcceptedAsAMediaTypeAndAMissingOneIsReadAsJson() throws Exception {
        for (String type : new String[] {
            "application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=UTF-8"
        }) {
            assertThat(answer(type, "{\"a\":1}", 200).path("a").asInt())
                    .as(type)
                    .isEqualTo(1);
        }
        assertThat(answer(null, "{\"a\":1}", 200).path("a").asInt()).isEqualTo(1);
        for (String type : new String[] {
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json-patch+json", "application/jsonx", "application/json; charset=iso-8859-1"
        }) {
            JsonNode error = answer(type, "{\"a\":1}", 415).path("error");
            assertThat(error.path("code").asText()).as(type).isEqualTo("unsupported_media_type");
            assertThat(error.path("message").asText()).contains("send application/json");
        }
    }
}
