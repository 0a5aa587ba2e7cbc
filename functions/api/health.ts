import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { health as healthResponse } from '#shared/http/responses/service.ts';

/** GET /health: readiness probe; the API answers once the handlers are loaded and configured. */
export const route = {
  summary: 'Readiness probe',
  response: healthResponse,
} as const;

export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'ok' }),
});
