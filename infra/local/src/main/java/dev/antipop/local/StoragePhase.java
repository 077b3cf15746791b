package dev.antipop.local;

import dev.antipop.local.dynamodb.EmbeddedDynamoDb;
import dev.antipop.local.dynamodb.TableProvisioner;
import dev.antipop.local.template.TableDefinition;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second start phase: the DynamoDB engine, the SDK endpoint properties pointing at it, and the template's tables.
 *
 * @param dynamoDb the running engine
 * @param streamArns the tables' {@code LatestStreamArn} by table logical id
 */
record StoragePhase(EmbeddedDynamoDb dynamoDb, Map<String, String> streamArns) {

    private static final Logger LOG = LoggerFactory.getLogger(StoragePhase.class);

    /**
     * Starts the engine (pushed onto {@code started}) and creates the tables.
     *
     * @throws java.io.UncheckedIOException when the engine's port cannot be bound
     */
    static StoragePhase start(
            LocalCloud.Options options,
            SystemProperties properties,
            List<TableDefinition> tables,
            Deque<AutoCloseable> started) {
        long begin = System.nanoTime();
        EmbeddedDynamoDb dynamoDb =
                EmbeddedDynamoDb.start(options.bindHost(), options.dynamoDbPort(), options.dbPath(), options.region());
        started.push(dynamoDb);
        properties.dynamoDbEndpoint(dynamoDb.endpoint().toString());
        long tablesBegin = System.nanoTime();
        Map<String, String> streamArns = new TableProvisioner(dynamoDb.client()).provision(tables);
        LOG.info(
                "DynamoDB engine on {} in {} ms; {} tables ready in {} ms",
                dynamoDb.endpoint(),
                (tablesBegin - begin) / 1_000_000,
                tables.size(),
                (System.nanoTime() - tablesBegin) / 1_000_000);
        return new StoragePhase(dynamoDb, Collections.unmodifiableMap(new LinkedHashMap<>(streamArns)));
    }
}
