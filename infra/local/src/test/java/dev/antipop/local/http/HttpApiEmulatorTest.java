package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator without Spring: stub functions, stage prefixes, start failures. */
class HttpApiEmulatorTest {

    @Test
    void aPortInUseIsOneClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                HttpApiEmulator api =
                        new HttpApiEmulator("busy", "$default", "127.0.0.1", taken.getLocalPort(), List.of())) {
            assertThatThrownBy(api::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("HTTP API busy failed to start on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aNamedStageIsServedUnderItsPrefixOnly() throws Exception {
        StubFunction function = new StubFunction("f", "{\"statusCode\":204}".getBytes());
        try (HttpApiEmulator api = new HttpApiEmulator(
                "staged", "prod", "127.0.0.1", 0, List.of(new HttpRoute("GET", "/items", function)))) {
            api.start();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> inStage = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/prod/items"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> outside = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/items"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(inStage.statusCode()).isEqualTo(204);
            assertThat(inStage.headers().firstValue("apigw-requestid")).isPresent();
            assertThat(outside.statusCode()).isEqualTo(404);
        }
    }
}
