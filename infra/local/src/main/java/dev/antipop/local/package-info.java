/**
 * The local cloud: runs everything {@code template.yaml} declares in one JVM, with no Docker. Antipop's DynamoDB
 * engine in-process, an emulation of the API Gateway HTTP API (payload format 2.0) and WebSocket API (with its management
 * API), and DynamoDB Streams event source mappings that invoke functions through Spring Cloud Function's
 * {@code FunctionInvoker}, the entry point Lambda uses.
 */
package dev.antipop.local;
