import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { z } from 'zod';
import { callerFromClaims, type CallerIdentity, type CallerRole } from '../auth/claims.ts';
import { withInvocationLogger } from '../observability/logger.ts';
import { ApiProblem, asApiProblem, forbidden } from './api-problem.ts';
import { runIdempotently } from './idempotency.ts';
import { problemResponse } from './problem.ts';
import { jsonBody, parsePart } from './request-parts.ts';

/**
 * The one shape of an HTTP API handler: declare who may call and what the request looks like;
 * `apiRoute` authenticates, validates (400 problem+json naming each field, before anything is
 * written), applies `Idempotency-Key`, runs the handler and maps typed errors to problems. Every
 * problem names the API Gateway request id (`requestId`), and every request leaves one access
 * line in the log (request id, route key, caller bureau and role, status, latency), written by
 * the invocation's own logger.
 */
export interface RouteRequest<Body, Params, Query> {
  body: Body;
  params: Params;
  query: Query;
  caller: CallerIdentity;
  /** The client's `Idempotency-Key`, when it sent one. */
  idempotencyKey?: string;
  /** API Gateway's id of this request: the correlation id of everything it starts. */
  requestId: string;
  event: APIGatewayProxyEventV2WithJWTAuthorizer;
}

export interface RouteResponse {
  status: number;
  /**
   * JSON, or bytes (a PDF) sent base64-encoded with the content-type the headers give, or text (a
   * CSV, `text-response.ts`) sent as it is when the headers give its content-type.
   */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request to a route anyone may call: no token, no caller. */
export type PublicRouteRequest<Params, Query> = Omit<RouteRequest<undefined, Params, Query>, 'caller' | 'idempotencyKey'>;

export interface RouteSpec<Body, Params, Query> {
  /** Roles allowed to call; the finer check (which bureau) is the handler's, on the resource. */
  roles: readonly CallerRole[];
  body?: z.ZodType<Body>;
  params?: z.ZodType<Params>;
  query?: z.ZodType<Query>;
  /** Writes honour `Idempotency-Key`. */
  idempotent?: boolean;
}

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const idempotencyKeySchema = z.string().min(1).max(255).optional();

export function apiRoute<Body = undefined, Params = Record<string, string>, Query = Record<string, string>>(
  spec: RouteSpec<Body, Params, Query>,
  handle: (request: RouteRequest<Body, Params, Query>) => Promise<RouteResponse>,
): Handler {
  return edge(async (event, context, identified) => {
    const caller = identify(event);
    identified(caller);
    if (!spec.roles.includes(caller.role)) throw forbidden(`role '${caller.role}' may not call ${event.routeKey}`);
    return run(spec, handle, event, context, caller);
  });
}

/**
 * A route with `auth: 'public'` in the manifest (no authorizer): the same validation, error
 * mapping and access line as `apiRoute`, without a caller.
 */
export function publicRoute<Params = Record<string, string>, Query = Record<string, string>>(
  spec: Pick<RouteSpec<undefined, Params, Query>, 'params' | 'query'>,
  handle: (request: PublicRouteRequest<Params, Query>) => Promise<RouteResponse>,
): Handler {
  return edge((event) =>
    handle({
      event,
      body: undefined,
      requestId: event.requestContext.requestId,
      params: parsePart('path', spec.params ?? passThrough<Params>(), event.pathParameters ?? {}),
      query: parsePart('query', spec.query ?? passThrough<Query>(), event.queryStringParameters ?? {}),
    }),
  );
}

/** What every route shares: the invocation logger, problem+json for typed errors, and the access line. */
function edge(
  respond: (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context, identified: (caller: CallerIdentity) => void) => Promise<RouteResponse>,
): Handler {
  return (event, context) => {
    const requestId = event.requestContext.requestId;
    return withInvocationLogger(context, { requestId, correlationId: requestId, routeKey: event.routeKey }, async (log) => {
      const started = Date.now();
      let caller: CallerIdentity | undefined;
      let result: APIGatewayProxyStructuredResultV2;
      try {
        result = toResult(await respond(event, context, (identified) => (caller = identified)));
      } catch (error) {
        const problem = asApiProblem(error);
        if (problem) result = problemResponse({ ...problem.toProblem(event.rawPath), requestId });
        else {
          log.error('unhandled error', { error: error as Error });
          result = problemResponse({
            ...new ApiProblem(500, 'internal', '内部错误 / Internal error', `request ${requestId} failed`).toProblem(event.rawPath),
            requestId,
          });
        }
      }
      // The access line: one per request, whatever its outcome.
      log.info('request', {
        status: result.statusCode,
        latencyMs: Date.now() - started,
        ...(caller && { bureau: caller.bureau, role: caller.role }),
      });
      return result;
    });
  };
}

/** Validates the request (400 naming each field, before anything is written), then runs the handler, idempotently if asked. */
async function run<Body, Params, Query>(
  spec: RouteSpec<Body, Params, Query>,
  handle: (request: RouteRequest<Body, Params, Query>) => Promise<RouteResponse>,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
  caller: CallerIdentity,
): Promise<RouteResponse> {
  const request: RouteRequest<Body, Params, Query> = {
    caller,
    event,
    requestId: event.requestContext.requestId,
    params: parsePart('path', spec.params ?? passThrough<Params>(), event.pathParameters ?? {}),
    query: parsePart('query', spec.query ?? passThrough<Query>(), event.queryStringParameters ?? {}),
    body: spec.body ? parsePart('body', spec.body, jsonBody(event)) : (undefined as Body),
  };
  const idempotencyKey = parsePart('header.idempotency-key', idempotencyKeySchema, event.headers['idempotency-key']);
  if (idempotencyKey !== undefined) request.idempotencyKey = idempotencyKey;
  if (!spec.idempotent || !idempotencyKey) return handle(request);
  return runIdempotently(
    {
      scope: `${caller.subject}|${event.routeKey}|${idempotencyKey}`,
      request: { params: request.params, body: request.body },
      run: () => handle(request),
    },
    context,
  );
}

function passThrough<T>(): z.ZodType<T> {
  return z.record(z.string(), z.string()) as unknown as z.ZodType<T>;
}

/** The caller the JWT names (the gateway verified the token); a token without bureau and role is a 403. */
function identify(event: APIGatewayProxyEventV2WithJWTAuthorizer): CallerIdentity {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  try {
    return callerFromClaims(claims);
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw forbidden(`the token does not identify a bureau and role: ${error.issues.map((i) => i.path.join('.')).join(', ')}`);
    }
    throw error;
  }
}

function toResult(response: RouteResponse): APIGatewayProxyStructuredResultV2 {
  if (response.body instanceof Uint8Array) {
    return { statusCode: response.status, headers: { ...response.headers }, body: Buffer.from(response.body).toString('base64'), isBase64Encoded: true };
  }
  if (typeof response.body === 'string' && response.headers?.['content-type'] !== undefined) {
    return { statusCode: response.status, headers: { ...response.headers }, body: response.body };
  }
  return {
    statusCode: response.status,
    headers: { ...(response.body !== undefined && { 'content-type': 'application/json' }), ...response.headers },
    ...(response.body !== undefined && { body: JSON.stringify(response.body) }),
  };
}
