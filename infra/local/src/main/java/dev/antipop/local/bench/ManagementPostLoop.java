package dev.antipop.local.bench;

import dev.antipop.local.client.AntipopClient;
import dev.antipop.local.client.EventSocket;
import dev.antipop.runtime.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * {@code run-local bench}'s figure (b), one loop for every target (the local cloud, and serverless-offline beside it):
 * a JDK WebSocket ({@link EventSocket}, the clients' own) connects, sends {@code {"op":"whoami"}} to the two-way {@code $default} route and reads its
 * connection id from the answer; then {@value #ROUNDS} sequential {@code PostToConnection} calls (after {@value
 * #WARM_UP} unmeasured ones) through the AWS SDK's {@link ApiGatewayManagementApiClient}, each timed from the call to the
 * frame's arrival on the socket.
 */
final class ManagementPostLoop {

    static final int ROUNDS = 1000;
    static final int WARM_UP = 100;

    /** The posted frame: the size and shape of a small realtime event. */
    private static final SdkBytes FRAME = SdkBytes.fromUtf8String("{\"v\":1,\"op\":\"event\",\"data\":{}}");

    private ManagementPostLoop() {}

    /**
     * Runs the loop.
     *
     * @param http the HTTP API's base (unused by the loop, required by {@link AntipopClient})
     * @param webSocket the WebSocket API's URL
     * @param management the management API's endpoint (the client appends {@code /@connections/{id}})
     * @param region the region the client signs for
     * @return the post → frame latencies
     * @throws AssertionError when the whoami answer or a frame does not arrive within 30 s / 10 s
     */
    static Sampled measure(URI http, URI webSocket, URI management, Region region) throws Exception {
        // The bench templates' $connect handlers accept every client: the token is not read.
        EventSocket socket = new AntipopClient(http, webSocket).connect("bench");
        // The HTTP client the functions' management clients use (AwsClients.httpClient: Apache HttpClient 5, pooled,
        // kept alive); the JDK URLConnection client costs about a millisecond more per call on loopback.
        SdkHttpClient httpClient = AwsClients.httpClient();
        try (socket;
                ApiGatewayManagementApiClient client = ApiGatewayManagementApiClient.builder()
                        .endpointOverride(management)
                        .region(region)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .httpClient(httpClient)
                        .build()) {
            socket.send("{\"op\":\"whoami\"}");
            String connectionId = socket.await(json -> json.hasNonNull("connectionId"), Duration.ofSeconds(30))
                    .json()
                    .get("connectionId")
                    .asText();
            long[] samples = new long[ROUNDS];
            for (int i = -WARM_UP; i < ROUNDS; i++) {
                long start = System.nanoTime();
                client.postToConnection(b -> b.connectionId(connectionId).data(FRAME));
                socket.await(json -> true, Duration.ofSeconds(10));
                if (i >= 0) {
                    samples[i] = System.nanoTime() - start;
                }
            }
            return new Sampled(samples, 0, 0);
        } finally {
            httpClient.close();
        }
    }
}
