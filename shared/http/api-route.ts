import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { z } from 'zod';
import { callerFromClaims, type CallerIdentity, type CallerRole } from '../auth/claims.ts';
import { logger } from '../observability/logger.ts';
import { ApiProblem, asApiProblem, forbidden } from './api-problem.ts';
import { runIdempotently } from './idempotency.ts';
import { problemResponse } from './problem.ts';
import { jsonBody, parsePart } from './request-parts.ts';

/**
 * The one shape of an HTTP API handler: declare who may call and what the request looks like;
 * `apiRoute` authenticates, validates (400 problem+json naming each field, before anything is
 * written), applies `Idempotency-Key`, runs the handler and maps typed errors to problems.
 */
export interface RouteRequest<Body, Params, Query> {
  body: Body;
  params: Params;
  query: Query;
  caller: CallerIdentity;
  /** The client's `Idempotency-Key`, when it sent one. */
  idempotencyKey?: string;
  event: APIGatewayProxyEventV2WithJWTAuthorizer;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

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
  return async (event, context) => {
    logger.addContext(context);
    try {
      const caller = authenticate(event, spec.roles);
      const request: RouteRequest<Body, Params, Query> = {
        caller,
        event,
        params: parsePart('path', spec.params ?? passThrough<Params>(), event.pathParameters ?? {}),
        query: parsePart('query', spec.query ?? passThrough<Query>(), event.queryStringParameters ?? {}),
        body: spec.body ? parsePart('body', spec.body, jsonBody(event)) : (undefined as Body),
      };
      const idempotencyKey = parsePart('header.idempotency-key', idempotencyKeySchema, event.headers['idempotency-key']);
      if (idempotencyKey !== undefined) request.idempotencyKey = idempotencyKey;
      const response =
        spec.idempotent && idempotencyKey
          ? await runIdempotently(
              {
                scope: `${caller.subject}|${event.routeKey}|${idempotencyKey}`,
                request: { params: request.params, body: request.body },
                run: () => handle(request),
              },
              context,
            )
          : await handle(request);
      return toResult(response);
    } catch (error) {
      const problem = asApiProblem(error);
      if (problem) return problemResponse(problem.toProblem(event.rawPath));
      logger.error('unhandled error', { error: error as Error });
      return problemResponse(
        new ApiProblem(500, 'internal', '内部错误 / Internal error', `request ${context.awsRequestId} failed`).toProblem(event.rawPath),
      );
    }
  };
}

function passThrough<T>(): z.ZodType<T> {
  return z.record(z.string(), z.string()) as unknown as z.ZodType<T>;
}

function authenticate(event: APIGatewayProxyEventV2WithJWTAuthorizer, roles: readonly CallerRole[]): CallerIdentity {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  let caller: CallerIdentity;
  try {
    caller = callerFromClaims(claims);
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw forbidden(`the token does not identify a bureau and role: ${error.issues.map((i) => i.path.join('.')).join(', ')}`);
    }
    throw error;
  }
  if (!roles.includes(caller.role)) throw forbidden(`role '${caller.role}' may not call ${event.routeKey}`);
  return caller;
}

function toResult(response: RouteResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: { ...(response.body !== undefined && { 'content-type': 'application/json' }), ...response.headers },
    ...(response.body !== undefined && { body: JSON.stringify(response.body) }),
  };
}
