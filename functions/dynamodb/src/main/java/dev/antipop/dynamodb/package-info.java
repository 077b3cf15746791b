/**
 * DynamoDB adapters for the ports in {@code dev.antipop.core}: the event store (append with optimistic concurrency,
 * idempotency and uniqueness claims in one {@code TransactWriteItems}), node-id leases, version-conditional views,
 * connections and subscriptions.
 */
package dev.antipop.dynamodb;
