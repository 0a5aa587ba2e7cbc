import { z } from 'zod';
import type { RouteSpec } from './api-route.ts';

/**
 * The OpenAPI 3.1 document of the HTTP API, built from the zod schemas the handlers validate
 * with, so the contract cannot drift from what the API accepts.
 */
export interface DocumentedRoute {
  method: string;
  path: string;
  auth: 'public' | 'jwt';
  spec?: Partial<RouteSpec<unknown, unknown, unknown>> & { summary?: string; bodyDoc?: z.ZodType };
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string', description: 'The API Gateway request id (header `apigw-requestid`), as the access log names it' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string' },
          message: { type: 'string' },
          code: { type: 'string', description: 'The reason code of the rule that refused the field (e.g. `PERMIT_NOT_VALID`), when one did' },
          rule: { type: 'string', description: 'The provision that rule applies' },
        },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function parameters(route: DocumentedRoute) {
  const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  const path = pathNames.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const query = route.spec?.query ? jsonSchema(route.spec.query as z.ZodType) : undefined;
  const properties = (query?.properties ?? {}) as Record<string, unknown>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  return [...path, ...Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }))];
}

function operation(route: DocumentedRoute) {
  const spec = route.spec ?? {};
  const body = spec.bodyDoc ?? spec.body;
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: PROBLEM_REF } } });
  return {
    summary: spec.summary ?? `${route.method} ${route.path}`,
    ...(route.auth === 'jwt' && { security: [{ bearer: [] }] }),
    ...(spec.roles && { 'x-roles': spec.roles }),
    parameters: [
      ...parameters(route),
      ...(spec.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }] : []),
    ],
    ...(body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body as z.ZodType) } } } }),
    responses: {
      [route.method === 'POST' && spec.idempotent && !route.path.endsWith('/complete') ? '201' : '200']: { description: 'Success', content: { 'application/json': {} } },
      ...((body || spec.query || spec.params) && { 400: problem('Invalid request: `errors` names each failing field') }),
      ...(body && { 413: problem('The request is larger than a Lambda integration takes (6 MB as an event)') }),
      ...(route.auth === 'jwt' && { 401: problem('Missing, expired or invalid token'), 403: problem('The caller may not do this') }),
      ...(route.path.includes('{') && { 404: problem('Not found') }),
      ...(spec.idempotent && { 409: problem('Conflict with the current state, or the same request is in progress') }),
    },
  };
}

export function openApiDocument(routes: DocumentedRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: '3.1.0',
    info: { ...info, description: '中欧班列检验检疫协作工作流 / Inspection and quarantine workflows for the China–Europe Railway Express' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: problemSchema },
    },
  };
}
