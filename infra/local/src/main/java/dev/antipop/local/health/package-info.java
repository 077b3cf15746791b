/**
 * The local cloud's health: {@link dev.antipop.local.health.Health} (endpoints, event source mapping lag and counters,
 * chaos settings) as {@code LocalCloud.health()} measures it, and {@link dev.antipop.local.health.HealthReport}, its
 * JSON for {@code GET /_local/health} and the console.
 */
package dev.antipop.local.health;
