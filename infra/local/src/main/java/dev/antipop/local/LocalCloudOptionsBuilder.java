package dev.antipop.local;

import dev.antipop.local.streams.RetryBackoff;
import dev.antipop.local.websocket.WebSocketLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Builds {@link LocalCloud.Options}: start from {@link LocalCloud.Options#builder(Path)} (the defaults) or
 * {@link LocalCloud.Options#toBuilder()} (a copy), set what differs, {@link #build()}. Each setter returns this builder;
 * {@link #build()} checks the values as the record's constructor does.
 */
public final class LocalCloudOptionsBuilder {

    private Path template;
    private Map<String, String> parameterOverrides;
    private String bindHost;
    private int dynamoDbPort;
    private int httpPort;
    private int webSocketPort;
    private Path dbPath;
    private String region;
    private String stackName;
    private WebSocketLimits webSocketLimits;
    private Duration streamPollInterval;
    private RetryBackoff retryBackoff;
    private boolean console;

    LocalCloudOptionsBuilder(LocalCloud.Options from) {
        template = from.template();
        parameterOverrides = from.parameterOverrides();
        bindHost = from.bindHost();
        dynamoDbPort = from.dynamoDbPort();
        httpPort = from.httpPort();
        webSocketPort = from.webSocketPort();
        dbPath = from.dbPath();
        region = from.region();
        stackName = from.stackName();
        webSocketLimits = from.webSocketLimits();
        streamPollInterval = from.streamPollInterval();
        retryBackoff = from.retryBackoff();
        console = from.console();
    }

    /** The SAM template. */
    public LocalCloudOptionsBuilder template(Path value) {
        template = value;
        return this;
    }

    /** Template parameter values ({@code --parameter-overrides K=V}). */
    public LocalCloudOptionsBuilder parameterOverrides(Map<String, String> value) {
        parameterOverrides = value;
        return this;
    }

    /** The interface every server listens on. */
    public LocalCloudOptionsBuilder bindHost(String value) {
        bindHost = value;
        return this;
    }

    /** The DynamoDB engine's port (0 = ephemeral). */
    public LocalCloudOptionsBuilder dynamoDbPort(int value) {
        dynamoDbPort = value;
        return this;
    }

    /** The first HTTP API's port (0 = ephemeral). */
    public LocalCloudOptionsBuilder httpPort(int value) {
        httpPort = value;
        return this;
    }

    /** The first WebSocket API's port (0 = ephemeral). */
    public LocalCloudOptionsBuilder webSocketPort(int value) {
        webSocketPort = value;
        return this;
    }

    /** Every port ephemeral (tests and benchmarks). */
    public LocalCloudOptionsBuilder ephemeralPorts() {
        return dynamoDbPort(0).httpPort(0).webSocketPort(0);
    }

    /** A directory for the DynamoDB engine's data, or {@code null} for in-memory. */
    public LocalCloudOptionsBuilder dbPath(Path value) {
        dbPath = value;
        return this;
    }

    /** {@code AWS::Region} and the functions' {@code AWS_REGION}. */
    public LocalCloudOptionsBuilder region(String value) {
        region = value;
        return this;
    }

    /** {@code AWS::StackName}. */
    public LocalCloudOptionsBuilder stackName(String value) {
        stackName = value;
        return this;
    }

    /** The WebSocket limits. */
    public LocalCloudOptionsBuilder webSocketLimits(WebSocketLimits value) {
        webSocketLimits = value;
        return this;
    }

    /** The stream pollers' fallback interval. */
    public LocalCloudOptionsBuilder streamPollInterval(Duration value) {
        streamPollInterval = value;
        return this;
    }

    /** Waits between retries of a failed stream batch. */
    public LocalCloudOptionsBuilder retryBackoff(RetryBackoff value) {
        retryBackoff = value;
        return this;
    }

    /** Whether the console is served at {@code /_local/} on the first HTTP API's port ({@code --no-console}: off). */
    public LocalCloudOptionsBuilder console(boolean value) {
        console = value;
        return this;
    }

    /**
     * The options.
     *
     * @throws NullPointerException when a required value is null
     */
    public LocalCloud.Options build() {
        return new LocalCloud.Options(
                template,
                parameterOverrides,
                bindHost,
                dynamoDbPort,
                httpPort,
                webSocketPort,
                dbPath,
                region,
                stackName,
                webSocketLimits,
                streamPollInterval,
                retryBackoff,
                console);
    }
}
