package dev.antipop.dynamodb.engine.ops;

import dev.antipop.dynamodb.engine.store.Durability;
import dev.antipop.dynamodb.engine.stream.TableStreams;
import dev.antipop.dynamodb.engine.table.Catalog;
import java.time.Clock;
import java.time.Duration;

/**
 * What every operation works on: the engine's configuration and state.
 *
 * @param region the region in ARNs
 * @param accountId the account in ARNs
 * @param clock the clock (creation times, TTL, tokens)
 * @param tableCreationDelay how long a new table stays {@code CREATING}
 * @param catalog the tables
 * @param streams the tables' streams
 * @param durability the choke point for acknowledged writes
 */
public record Context(
        String region,
        String accountId,
        Clock clock,
        Duration tableCreationDelay,
        Catalog catalog,
        TableStreams streams,
        Durability durability) {

    /** {@code arn:aws:dynamodb:<region>:<account>:table/<name>}. */
    public String tableArn(String tableName) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName;
    }
}
