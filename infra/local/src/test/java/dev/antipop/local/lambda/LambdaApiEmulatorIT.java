package dev.antipop.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The Lambda Invoke API emulation, driven by the real AWS SDK {@link LambdaClient}. */
class LambdaApiEmulatorIT {

    private static LambdaApiEmulator emulator;
    private static LambdaClient lambda;

    private static LambdaInvoker function(String name, boolean fails) {
        return new LambdaInvoker() {
            @Override
            public String functionName() {
                return name;
            }

            @Override
            public byte[] invoke(byte[] event) throws FunctionErrorException {
                if (fails) {
                    throw new FunctionErrorException(
                            name, "java.lang.IllegalStateException", "broken on purpose", null);
                }
                return ("{\"echo\":" + new String(event, StandardCharsets.UTF_8) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    @BeforeAll
    static void start() {
        Map<String, LambdaInvoker> functions =
                Map.of("Echo", function("Echo", false), "Broken", function("Broken", true));
        emulator = new LambdaApiEmulator("127.0.0.1", 0, name -> Optional.ofNullable(functions.get(name)));
        emulator.start();
        lambda = LambdaClient.builder()
                .endpointOverride(URI.create(emulator.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        lambda.close();
        emulator.close();
    }

    @Test
    void aRequestResponseInvokeAnswersTheFunctionsOutputByNameOrArn() {
        InvokeResponse byName =
                lambda.invoke(r -> r.functionName("Echo").payload(SdkBytes.fromUtf8String("{\"a\":1}")));
        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(byName.functionError()).isNull();
        assertThat(byName.payload().asUtf8String()).isEqualTo("{\"echo\":{\"a\":1}}");
        assertThat(byName.executedVersion()).isEqualTo("$LATEST");

        InvokeResponse byArn = lambda.invoke(r -> r.functionName("arn:aws:lambda:us-east-1:000000000000:function:Echo")
                .payload(SdkBytes.fromUtf8String("[2]")));
        assertThat(byArn.payload().asUtf8String()).isEqualTo("{\"echo\":[2]}");
    }

    @Test
    void aFunctionErrorIsAnAnswerWithTheUnhandledHeaderAndTheErrorDocument() {
        InvokeResponse failed = lambda.invoke(r -> r.functionName("Broken").payload(SdkBytes.fromUtf8String("{}")));
        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        assertThat(failed.payload().asUtf8String())
                .contains("\"errorMessage\":\"broken on purpose\"")
                .contains("\"errorType\":\"java.lang.IllegalStateException\"");
    }

    @Test
    void unknownFunctionsBadPayloadsAndDryRunsAnswerAsLambdaDoes() {
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("Nope").payload(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found");
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("Echo").payload(SdkBytes.fromUtf8String("{oops"))))
                .isInstanceOf(InvalidRequestContentException.class);
        InvokeResponse dryRun = lambda.invoke(r ->
                r.functionName("Echo").invocationType(InvocationType.DRY_RUN).payload(SdkBytes.fromUtf8String("{}")));
        assertThat(dryRun.statusCode()).isEqualTo(204);
    }
}
