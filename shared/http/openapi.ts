import { z } from 'zod';
import type { RouteSpec } from './api-route.ts';

/**
 * The OpenAPI 3.1 document of the HTTP API, built from the zod schemas the handlers validate
 * with and answer with, so the contract cannot drift from what the API accepts and returns.
 * Every route's `route` export names its answer (`response`); a route without one fails the
 * build (`npm run openapi`) and the contract test, rather than documenting an empty 2xx.
 */
export interface DocumentedRoute {
  method: string;
  path: string;
  auth: 'public' | 'jwt';
  /** The manifest's function name: the operation's stable `operationId`. */
  function: string;
  spec?: Partial<RouteSpec<unknown, unknown, unknown>> & { summary?: string; bodyDoc?: z.ZodType };
}

export class UndocumentedRoute extends Error {
  constructor(routes: string[]) {
    super(
      `${routes.length} route(s) document no response: ${routes.join(', ')}. ` +
        "Add `response: <zod schema of the 2xx JSON body>` to the handler's exported `route` (and `created: true` for a 201 with Location).",
    );
    this.name = 'UndocumentedRoute';
  }
}

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; title and detail are bilingual (中文 / English) unless Accept-Language asks for zh or en',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'A stable URN naming the kind of problem, e.g. `urn:cr-express:problem:validation`' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The path of the request' },
    requestId: { type: 'string', description: 'The API Gateway request id (header `apigw-requestid`), as the access log names it' },
    message: { type: 'string', description: "API Gateway's own English text, on the problems the gateway answers itself (401, 404 of an unknown route, 413, 429)" },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', description: 'Where the problem is, from the request root: `body.goods.0.hsCode`, `query.limit`, `path.id`, `header.idempotency-key`' },
          message: { type: 'string' },
          code: { type: 'string', description: 'The reason code of the rule that refused the field (e.g. `PERMIT_NOT_VALID`), when one did' },
          rule: { type: 'string', description: 'The provision that rule applies' },
        },
      },
    },
  },
};

/** The error answers, one component each, all `application/problem+json` of the one Problem schema. */
const PROBLEMS = {
  BadRequest: 'Invalid request: `errors` names each failing field; nothing was written',
  Unauthorized: 'Missing, expired or invalid token (answered by the gateway)',
  Forbidden: 'The caller may not do this',
  NotFound: 'Not found',
  Conflict: 'Conflict with the current state, or the same request is in progress',
  PreconditionFailed: 'If-Match names a version the resource is no longer at; nothing was written',
  PayloadTooLarge: 'The request is larger than a Lambda integration takes (6 MB as an event)',
  UnprocessableContent: 'The Idempotency-Key was used for another request, or a rule refused the request',
  TooManyRequests: "Over the route's or the stage's throttling limits (answered by the gateway)",
} as const;
type ProblemName = keyof typeof PROBLEMS;
const problemRef = (name: ProblemName) => ({ $ref: `#/components/responses/${name}` });

/** Headers every client may send, one component each. */
const HEADER_PARAMETERS = {
  AcceptLanguage: {
    name: 'Accept-Language',
    in: 'header',
    required: false,
    description: 'zh or en: problems (title, detail, messages) and listings\' labels in that language only; without either, bilingual (中文 / English)',
    schema: { type: 'string', examples: ['zh', 'en', 'zh-CN,zh;q=0.9,en;q=0.8'] },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'A key of the client\'s choosing: the same request with the same key gets the first answer, however late; the same key with another body is refused (422)',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The ETag the client read (`"<version>"`), or `*`: the change applies only while the resource is still at that version, else 412 and nothing is written',
    schema: { type: 'string', examples: ['"3"'] },
  },
} as const;
const parameterRef = (name: keyof typeof HEADER_PARAMETERS) => ({ $ref: `#/components/parameters/${name}` });

const RESPONSE_HEADERS = {
  ETag: { description: 'The version of the resource answered, `"<version>"`; send it back as If-Match to change it', schema: { type: 'string' } },
  Location: { description: 'The path of the resource created', schema: { type: 'string', format: 'uri-reference' } },
  RequestId: { description: 'API Gateway\'s id of this request, as problems and the access log name it', schema: { type: 'string' } },
} as const;
const headerRef = (name: keyof typeof RESPONSE_HEADERS) => ({ $ref: `#/components/headers/${name}` });

/** What common parameters mean, where the schema does not say (`.describe()` on the zod schema wins). */
const PARAMETER_DESCRIPTIONS: Record<string, string> = {
  limit: 'How many items a page holds at most',
  nextToken: 'The `nextToken` of the previous page, to read the next one',
  id: 'The identifier of the resource',
  number: 'The permit number (case-insensitive)',
  serial: 'The serial printed on the certificate',
  code: 'The bureau code (e.g. XJ, CQ)',
  key: 'The alert candidate key, as GET /alert-candidates lists it',
  asset: 'A file of the documentation page',
  status: 'Only items in this status',
  bureau: 'Only items of this bureau',
  port: 'Only items at this border port',
  portCode: 'Only items at this border port',
  date: 'A day, YYYY-MM-DD (Beijing time)',
  from: 'From this instant or day (inclusive)',
  to: 'Up to this instant or day',
  until: 'Up to this instant or day',
  kind: 'Only items of this kind',
  direction: 'import or export',
  workflow: 'Only executions of this workflow',
  trainId: 'Only items of this train run',
  consignmentId: 'Only items of this consignment',
  holder: 'Only permits held by this enterprise (credit code)',
  country: 'Only items of this origin country (ISO 3166 alpha-2)',
  hsCode: 'Only items with goods under this HS code (prefix)',
  containerNumber: 'Only items with this container (ISO 6346)',
  creditCode: 'Only items of this enterprise (unified social credit code)',
  period: 'The period to add up by',
  groupBy: 'What to add up by',
  format: 'The representation answered',
};

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const describeParameter = (route: DocumentedRoute, name: string, schema: JsonSchema | undefined) =>
  (typeof schema?.description === 'string' ? schema.description : undefined) ?? PARAMETER_DESCRIPTIONS[name] ?? `The \`${name}\` of ${route.method} ${route.path}`;

function parameters(route: DocumentedRoute) {
  const pathSchema = route.spec?.params ? jsonSchema(route.spec.params as z.ZodType, 'input') : undefined;
  const pathProperties = (pathSchema?.properties ?? {}) as Record<string, JsonSchema>;
  const pathNames = [...route.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1] ?? '');
  const path = pathNames.map((name) => {
    const schema = pathProperties[name] ?? { type: 'string' };
    return { name, in: 'path', required: true, description: describeParameter(route, name, schema), schema };
  });
  const query = route.spec?.query ? jsonSchema(route.spec.query as z.ZodType, 'input') : undefined;
  const properties = (query?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  return [
    ...path,
    ...Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), description: describeParameter(route, name, schema), schema })),
  ];
}

function success(route: DocumentedRoute, response: z.ZodType) {
  const spec = route.spec ?? {};
  const etag = Boolean(spec.versioned || spec.currentVersion);
  const headers = {
    ...(spec.created && { Location: headerRef('Location') }),
    ...(etag && { ETag: headerRef('ETag') }),
    'apigw-requestid': headerRef('RequestId'),
  };
  const other = Object.fromEntries(
    Object.entries(spec.produces ?? {}).map(([media, description]) => [
      media,
      { schema: { type: 'string', description, ...(media.startsWith('text/') ? {} : { contentMediaType: media }) } },
    ]),
  );
  const content = { [spec.mediaType ?? 'application/json']: { schema: jsonSchema(response, 'output') }, ...other };
  const created = { description: 'Created', headers, content };
  const ok = { description: 'Success', headers: { ...(etag && { ETag: headerRef('ETag') }), 'apigw-requestid': headerRef('RequestId') }, content };
  if (spec.created === 'when-new') return { 200: { ...ok, description: 'Success: it was there already' }, 201: created };
  return spec.created ? { 201: created } : { 200: ok };
}

function operation(route: DocumentedRoute, operationId: string) {
  const spec = route.spec ?? {};
  const body = spec.bodyDoc ?? spec.body;
  const response = spec.response as z.ZodType;
  const hasParams = Boolean(body || spec.query || spec.params || route.path.includes('{'));
  const problems: Partial<Record<string, ProblemName>> = {
    ...(hasParams && { 400: 'BadRequest' }),
    ...(route.auth === 'jwt' && { 401: 'Unauthorized', 403: 'Forbidden' }),
    ...(route.path.includes('{') && { 404: 'NotFound' }),
    ...(spec.idempotent && { 409: 'Conflict' }),
    ...(spec.currentVersion && { 412: 'PreconditionFailed' }),
    ...(body && { 413: 'PayloadTooLarge' }),
    ...(spec.idempotent && { 422: 'UnprocessableContent' }),
    429: 'TooManyRequests',
  };
  return {
    operationId,
    summary: spec.summary ?? `${route.method} ${route.path}`,
    ...(spec.roles && { description: `Roles: ${spec.roles.join(', ')}.`, 'x-roles': spec.roles }),
    security: route.auth === 'jwt' ? [{ bearer: [] }] : [],
    parameters: [
      ...parameters(route),
      parameterRef('AcceptLanguage'),
      ...(spec.idempotent ? [parameterRef('IdempotencyKey')] : []),
      ...(spec.currentVersion ? [parameterRef('IfMatch')] : []),
    ],
    ...(body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(body as z.ZodType, 'input') } } } }),
    responses: {
      ...success(route, response),
      ...Object.fromEntries(Object.entries(problems).map(([status, name]) => [status, problemRef(name!)])),
    },
  };
}

/**
 * The manifest's function name; a function serving several routes names its first route so,
 * and each further one by the path's last segment (`docs`, `docsAsset`), stable as routes come.
 */
function operationIdOf(route: DocumentedRoute, served: ReadonlySet<string>): string {
  if (!served.has(route.function)) return route.function;
  const last = route.path.split('/').filter(Boolean).at(-1) ?? '';
  const word = last.replace(/[{}+]/g, '').replace(/(^|[-_])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase());
  return `${route.function}${word}`;
}

export function openApiDocument(routes: DocumentedRoute[], info: { title: string; version: string }) {
  const undocumented = routes.filter((route) => !route.spec?.response).map((route) => `${route.method} ${route.path}`);
  if (undocumented.length > 0) throw new UndocumentedRoute(undocumented);
  const paths: Record<string, Record<string, unknown>> = {};
  const served = new Set<string>();
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, operationIdOf(route, served));
    served.add(route.function);
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description: '中欧班列检验检疫协作工作流 / Inspection and quarantine workflows for the China–Europe Railway Express. Rendered at GET /docs.',
      // The package is private and grants no licence: all rights reserved (an SPDX LicenseRef, as
      // SPDX has no identifier for "no licence").
      license: { name: 'Proprietary (all rights reserved)', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'The local cloud (`npm start`)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: "The HTTP API on AWS (the stack's ApiUrl output)",
        variables: { apiId: { default: 'example', description: 'The HTTP API id' }, region: { default: 'cn-northwest-1', description: 'The AWS Region' } },
      },
    ],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito ID token (a local token on the local cloud: `npm run token`)' } },
      schemas: { Problem: problemSchema },
      parameters: HEADER_PARAMETERS,
      headers: RESPONSE_HEADERS,
      responses: Object.fromEntries(
        Object.entries(PROBLEMS).map(([name, description]) => [
          name,
          { description, headers: { 'apigw-requestid': headerRef('RequestId') }, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        ]),
      ),
    },
  };
}
