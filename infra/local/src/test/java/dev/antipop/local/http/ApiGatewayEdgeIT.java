package dev.antipop.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.antipop.local.lambda.LambdaInvoker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP API emulator's answers to what a fuzzer sends, read off a raw socket: JSON for everything Jetty refuses by
 * itself, and a bounded wait for a body that trickles in.
 */
class ApiGatewayEdgeIT {

    private static final LambdaInvoker OK = new LambdaInvoker() {
        @Override
        public String functionName() {
            return "ok";
        }

        @Override
        public byte[] invoke(byte[] event) {
            return "{\"statusCode\":200,\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
        }
    };

    private static HttpApiEmulator api;

    @BeforeAll
    static void start() {
        // A 1 s integration timeout bounds the body read too, so the slow-upload test takes about a second.
        api = new HttpApiEmulator(
                "edgeapi",
                "$default",
                "127.0.0.1",
                0,
                List.of(new HttpRoute("ANY", "/{proxy+}", OK)),
                Duration.ofSeconds(1));
        api.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /a%zzb",
        "GET, /a/%2e%2e/%2e%2e/etc",
        "GET, /a%2Fb",
        "GET, /a%00b",
        "GET, a-relative-path",
        // Jetty writes its error page for GET, POST and HEAD only; the fuzz found a PUT answered with no body.
        "PUT, /a/%2e%2e%2f/b",
        "DELETE, /a%2Fb",
        "PATCH, /a%zzb"
    })
    void pathsJettyRefusesAreAnsweredInJsonNotHtml(String method, String path) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).as(method + " " + path).isBetween(400, 499);
        assertThat(answer.hasHeader("Content-Type", "application/json"))
                .as(answer.head())
                .isTrue();
        assertThat(answer.body()).matches("\\{\"message\":\"[A-Za-z ]+\"}").doesNotContain("<");
    }

    @Test
    void headersTooLargeAreAnsweredInJson() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                "GET /a HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(64 * 1024)
                        + "\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Request Header Fields Too Large\"}");
    }

    @Test
    void aTrickledUploadIsCutOffWith408AtTheDeadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            // The slow client: one byte every 50 ms (20 B/s, far below any upload rate) until the server answers.
            ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
            trickle.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write('x');
                            out.flush();
                        } catch (IOException serverClosed) {
                            trickle.shutdown(); // expected once the server gives up
                        }
                    },
                    0,
                    50,
                    TimeUnit.MILLISECONDS);
            RawHttp.Answer answer;
            try {
                answer = RawHttp.read(in);
            } finally {
                trickle.shutdownNow();
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.body()).isEqualTo("{\"message\":\"Request Timeout\"}");
            assertThat(answer.hasHeader("Connection", "close"))
                    .as(answer.head())
                    .isTrue();
            assertThat(tookMillis).isBetween(900L, 5_000L);
        }
    }

    @Test
    void aBodyThatArrivesInTimeIsServed() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(
                api.port(),
                "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                        + "Connection: close\r\n\r\n{}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{}");
    }
}
