package dev.antipop.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JVM system properties the local cloud sets for the functions' AWS SDK clients and Spring contexts, with their
 * previous values so that {@link #restore()} puts them back (see {@link LocalCloud} for which and why).
 */
final class SystemProperties {

    /** The JVM system properties the AWS SDK v2 reads for service-specific endpoints (SDK 2.54 builders). */
    static final String DYNAMODB_ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDb";

    static final String DYNAMODB_STREAMS_ENDPOINT_PROPERTY = "aws.endpointUrlDynamoDbStreams";

    private final Map<String, String> previous = new LinkedHashMap<>();

    /** Before anything starts: quiet Spring contexts, the region, and dummy credentials when none are set. */
    void beforeStart(String region) {
        set("org.springframework.boot.logging.LoggingSystem", "none");
        // One "Starting <class>..." block per function context would drown the invocation log.
        setIfUnset("spring.main.log-startup-info", "false");
        setIfUnset("spring.main.banner-mode", "off");
        set("aws.region", region);
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            // The engine accepts any credentials; the SDK only needs some to sign with.
            set("aws.accessKeyId", "local");
            set("aws.secretAccessKey", "local");
        }
    }

    /** Points the SDK's DynamoDB and DynamoDB Streams clients at the engine. */
    void dynamoDbEndpoint(String endpoint) {
        set(DYNAMODB_ENDPOINT_PROPERTY, endpoint);
        set(DYNAMODB_STREAMS_ENDPOINT_PROPERTY, endpoint);
    }

    private void setIfUnset(String name, String value) {
        if (System.getProperty(name) == null) {
            set(name, value);
        }
    }

    private void set(String name, String value) {
        if (!previous.containsKey(name)) {
            previous.put(name, System.getProperty(name));
        }
        System.setProperty(name, value);
    }

    /** Puts back every property as it was before the first set. */
    void restore() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        previous.clear();
    }
}
