package dev.antipop.local;

import dev.antipop.local.chaos.Chaos;
import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.lambda.LocalFunction;
import dev.antipop.local.streams.DynamoDbStreamSource;
import dev.antipop.local.streams.EventSourceMapping;
import dev.antipop.local.streams.EventSourceMappingSettings;
import dev.antipop.local.streams.MappingCheckpoints;
import dev.antipop.local.streams.OnFailureRecord;
import dev.antipop.local.template.DynamoDbEventSource;
import dev.antipop.local.template.FunctionDefinition;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last start phase: one DynamoDB Streams event source mapping per enabled {@code DynamoDB} event, with the chaos
 * switch and, under {@code --db-path}, checkpoints that survive a restart ({@link MappingCheckpoints}).
 */
final class MappingPhase {

    private static final Logger LOG = LoggerFactory.getLogger(MappingPhase.class);

    private MappingPhase() {}

    /**
     * Starts every enabled mapping (each pushed onto {@code started}).
     *
     * @param onFailure where the records of skipped batches go
     * @return the running mappings, in template order
     */
    static List<EventSourceMapping> start(
            LocalCloud.Options options,
            EmbeddedDynamoDb dynamoDb,
            List<FunctionDefinition> definitions,
            Map<String, LocalFunction> functions,
            Consumer<OnFailureRecord> onFailure,
            Chaos chaos,
            Deque<AutoCloseable> started) {
        MappingCheckpoints checkpoints = MappingCheckpoints.under(options.dbPath());
        List<EventSourceMapping> mappings = new ArrayList<>();
        for (FunctionDefinition definition : definitions) {
            for (DynamoDbEventSource event : definition.dynamoDbEvents()) {
                String name = definition.logicalId() + "." + event.eventName();
                if (!event.enabled()) {
                    LOG.info("event source mapping {} is disabled (Enabled: false)", name);
                    continue;
                }
                if (event.hasFilterCriteria()) {
                    LOG.warn(
                            "event source mapping {}: FilterCriteria is not emulated; every record is delivered", name);
                }
                EventSourceMappingSettings settings =
                        EventSourceMappingSettings.from(event, definition.functionName(), options.region());
                if (settings.onFailureDestination() != null) {
                    LOG.info(
                            "event source mapping {}: skipped batches are logged as on-failure records, not sent to {}",
                            name,
                            settings.onFailureDestination());
                }
                EventSourceMapping mapping = new EventSourceMapping(
                        settings,
                        new DynamoDbStreamSource(dynamoDb.streamsClient()),
                        functions.get(definition.logicalId()),
                        dynamoDb.writes(settings.streamArn()),
                        options.streamPollInterval(),
                        options.retryBackoff(),
                        onFailure,
                        chaos,
                        checkpoints);
                mapping.start();
                started.push(mapping);
                mappings.add(mapping);
            }
        }
        return List.copyOf(mappings);
    }
}
