package dev.antipop.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.antipop.core.event.EnvelopeJson;
import dev.antipop.core.event.EventEnvelope;
import dev.antipop.core.event.EventMeta;
import dev.antipop.core.json.StrictJson;
import java.time.Instant;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Priming for Lambda SnapStart ("Lambda SnapStart runtime hooks for Java", and the priming technique of Powertools
 * for AWS Lambda Java): a CRaC {@link Resource} whose {@link #beforeCheckpoint} runs the work the first invocation
 * would otherwise pay for, so it is in the snapshot:
 *
 * <ul>
 *   <li>the Jackson mappers: an event envelope written and read back, strict JSON parsed;
 *   <li>the DynamoDB client: one {@code GetItem} of a key that never exists ({@code stream = "__priming__"}, version
 *       0) in the function's {@code EVENTS_TABLE} (or another table variable it has), which loads the SDK's
 *       marshallers, signer, endpoint rules and opens its HTTP connection. It reads nothing and writes nothing.
 * </ul>
 *
 * <p>Nothing unique is created before the snapshot: Snowflake node ids are leased at the first id, after restore, so
 * restored copies never share one.
 *
 * <p>Where no checkpoint is taken (the local cloud) priming runs at initialisation when {@value #PRIME_AT_INIT} is
 * {@code true}, which the local cloud sets with {@code --snap-start}: its init then includes the priming work, as a
 * SnapStart snapshot does, and the first invocation shows what priming saves.
 */
public final class SnapStartPriming implements Resource {

    /** Set to {@code true} (local cloud only) to prime during initialisation. */
    public static final String PRIME_AT_INIT = "ANTIPOP_PRIME_AT_INIT";

    /** Table variables tried, in order, for the DynamoDB priming read. */
    private static final String[] TABLE_VARIABLES = {
        "EVENTS_TABLE", "CONNECTIONS_TABLE", "USERS_TABLE", "MEMBERSHIPS_TABLE", "IDEMPOTENCY_TABLE"
    };

    private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);

    private final DynamoDbClient dynamoDb;
    private final Environment env;

    /**
     * Registers with the global CRaC context, and primes at once when the initialisation type is {@code snap-start}
     * without a checkpoint to come (see the class comment).
     */
    public SnapStartPriming(DynamoDbClient dynamoDb, Environment env) {
        this.dynamoDb = dynamoDb;
        this.env = env;
        Core.getGlobalContext().register(this);
        if ("true".equals(env.getProperty(PRIME_AT_INIT))) {
            prime();
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Connections opened before the snapshot are dead after restore; the SDK's pool replaces them on first use.
    }

    /** Runs the priming work; failures are logged, never thrown (priming is an optimisation). */
    public void prime() {
        long started = System.nanoTime();
        try {
            EventEnvelope sample = new EventEnvelope(
                    "1",
                    "antipop.primed",
                    "prime-1",
                    1,
                    "prime.events",
                    Instant.EPOCH,
                    EnvelopeJson.mapper().createObjectNode().put("primed", true),
                    EventMeta.EMPTY);
            JsonNode node = EnvelopeJson.toNode(sample);
            StrictJson.parse(EnvelopeJson.mapper().writeValueAsBytes(node));
        } catch (Exception e) {
            log.warn("Priming the JSON mappers failed: {}", e.toString());
        }
        for (String variable : TABLE_VARIABLES) {
            String table = env.getProperty(variable);
            if (table == null || table.isBlank()) {
                continue;
            }
            try {
                dynamoDb.getItem(r -> r.tableName(table)
                        .key(Map.of(
                                "stream", AttributeValue.fromS("__priming__"),
                                "version", AttributeValue.fromN("0"))));
            } catch (RuntimeException e) {
                // A table with another key schema answers ValidationException: the client is primed all the same.
                log.debug("Priming read of {} answered {}", table, e.toString());
            }
            break;
        }
        log.info("Primed in {} ms", (System.nanoTime() - started) / 1_000_000);
    }
}
