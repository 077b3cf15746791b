/**
 * What every function module shares between Spring Cloud Function and Lambda: API Gateway request and response
 * mapping, the error body of DESIGN.md section 2, configuration from the function's environment, and AWS SDK
 * clients built once per execution environment.
 */
package dev.antipop.runtime;
