import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import document from './openapi.json' with { type: 'json' };
import { openApiDocument as openApiDocumentResponse } from '#shared/http/responses/service.ts';

/** GET /openapi.json: the API contract, generated from the request schemas (`npm run openapi`). */
export const route = {
  summary: 'The OpenAPI 3.1 document of this API',
  response: openApiDocumentResponse,
} as const;

const body = JSON.stringify(document);

export const handler = async (): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
  body,
});
