/**
 * The local cloud's function host: {@link dev.antipop.local.lambda.LocalFunction} runs one
 * {@code AWS::Serverless::Function} ({@link dev.antipop.local.lambda.FunctionSpec}) in this JVM through Spring Cloud
 * Function's {@code FunctionInvoker}, the handler Lambda calls, with the function's own environment, Lambda's
 * {@code Timeout} and a measured cold start. Emulators and event source mappings see it as a
 * {@link dev.antipop.local.lambda.LambdaInvoker}: event JSON in, output bytes out,
 * {@link dev.antipop.local.lambda.FunctionErrorException} on a function error.
 */
package dev.antipop.local.lambda;
