// No-op handlers for run-local bench's serverless-offline peer: the same answers as BenchFunctions.
"use strict";

/** 200 {} as application/json. */
exports.httpNoop = async () => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: "{}",
});

/** Accepts every connection. */
exports.wsConnect = async () => ({ statusCode: 200 });

/** Answers the caller's connection id on the two-way $default route. */
exports.wsWhoAmI = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ connectionId: event.requestContext.connectionId }),
});

/** Does nothing. */
exports.wsDisconnect = async () => ({ statusCode: 200 });
