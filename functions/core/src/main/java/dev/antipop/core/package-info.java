/**
 * The pure kernel of Antipop: the event envelope, Snowflake ids, NATS-style subjects and patterns, the decider
 * contract and the generic command handler, validation and token logic. Nothing here imports AWS or Spring, so the
 * domain runs and is tested without infrastructure.
 */
package dev.antipop.core;
