/**
 * The cross-origin policy of the HTTP API, one value for both places: the CDK stack gives it to
 * API Gateway's `corsPreflight` (infra/constructs/http-api.ts) and the local API Gateway answers
 * preflights and decorates responses with it (local/apigateway/cors.ts). The web console is the
 * only browser origin that calls the API.
 */
export const CORS_POLICY = {
  /** What the console sends: the token, writes' keys, preconditions and the language asked for. */
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept-language'],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'OPTIONS'],
  /** What the console reads from answers: a resource's version, where a new one is, the request id to report. */
  exposeHeaders: ['etag', 'location', 'apigw-requestid'],
  /** How long a browser may reuse a preflight's answer. */
  maxAgeSeconds: 600,
} as const;

/** The console's origins on the local cloud (`npm start` serves it on port 3000, by either name). */
export const LOCAL_CONSOLE_ORIGINS = ['http://127.0.0.1:3000', 'http://localhost:3000'] as const;
