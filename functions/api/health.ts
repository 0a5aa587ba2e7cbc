import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Readiness probe: the API answers once the handlers are loaded and configured. */
export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'ok' }),
});
