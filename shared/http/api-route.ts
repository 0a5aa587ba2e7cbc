import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { z } from 'zod';
import { callerFromClaims, type CallerIdentity, type CallerRole } from '../auth/claims.ts';
import { withInvocationLogger } from '../observability/logger.ts';
import { ApiProblem, asApiProblem, forbidden } from './api-problem.ts';
import { respondToListing } from './csv-listing.ts';
import { etagOf, preconditionFailed, unmetPrecondition } from './etags.ts';
import { runIdempotently } from './idempotency.ts';
import { localise, preferredLanguage } from './language.ts';
import { problemResponse, type ProblemDetails } from './problem.ts';
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
  /**
   * The JSON body of the 2xx answer, for the OpenAPI document (scripts/openapi.ts fails on a
   * route without one). A route that answers other media too names them in `produces`.
   */
  response?: z.ZodType;
  /** The media type of `response`, when it is not JSON (an HTML page). */
  mediaType?: string;
  /**
   * The answer is 201 Created with a Location header (a new resource), not 200; `'when-new'`:
   * 201 when this request created it, 200 when it was there already (a repeated event, an entry).
   */
  created?: boolean | 'when-new';
  /** Media types the route answers besides JSON (by Accept), with what each is. */
  produces?: Readonly<Record<string, string>>;
  /**
   * The route reads or changes a versioned resource: its answer carries the version as its ETag
   * (`"<version>"`, from the body's `version`).
   */
  versioned?: boolean;
  /**
   * The route changes a versioned resource and honours `If-Match`: this reads the resource's
   * version now (undefined when it does not exist, which the handler then answers). A stale or
   * unknown ETag is 412 and nothing is written.
   */
  currentVersion?: (request: { params: Params; caller: CallerIdentity }) => Promise<number | undefined>;
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
  spec: Pick<RouteSpec<undefined, Params, Query>, 'params' | 'query' | 'response' | 'produces' | 'mediaType'>,
  handle: (request: PublicRouteRequest<Params, Query>) => Promise<RouteResponse>,
): Handler {
  return edge((event) =>
    respondToListing(spec.query, {
      event,
      body: undefined,
      requestId: event.requestContext.requestId,
      params: parsePart('path', spec.params ?? passThrough<Params>(), event.pathParameters ?? {}),
      query: parsePart('query', spec.query ?? passThrough<Query>(), event.queryStringParameters ?? {}),
    }, handle),
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
      const language = preferredLanguage(event.headers?.['accept-language']);
      try {
        const response = await respond(event, context, (identified) => (caller = identified));
        result = toResult(isListing(event, response) ? { ...response, body: localise(response.body, language) } : response);
      } catch (error) {
        const problem = asApiProblem(error);
        if (problem) result = problemResponse(localise({ ...problem.toProblem(event.rawPath), requestId }, language) as ProblemDetails);
        else {
          log.error('unhandled error', { error: error as Error });
          result = problemResponse(
            localise(
              { ...new ApiProblem(500, 'internal', '内部错误 / Internal error', `request ${requestId} failed`).toProblem(event.rawPath), requestId },
              language,
            ) as ProblemDetails,
          );
        }
      }
      if (language && result.headers) result.headers['content-language'] ??= language;
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
  const ifMatch = event.headers['if-match'];
  // The precondition is checked inside the idempotent run: a retry of a request that succeeded
  // gets its first answer, not a 412 for the version its own success moved on.
  const respond = async () => {
    if (spec.currentVersion && ifMatch !== undefined) {
      const unmet = unmetPrecondition(ifMatch, await spec.currentVersion(request));
      if (unmet) throw preconditionFailed(unmet);
    }
    // A listing asked for CSV is exported page by page (csv-listing.ts); anything else is the handler's.
    const response = await respondToListing(spec.query, request, handle);
    return spec.versioned || spec.currentVersion ? withEtag(response) : response;
  };
  if (!spec.idempotent || !idempotencyKey) return respond();
  return runIdempotently(
    {
      scope: `${caller.subject}|${event.routeKey}|${idempotencyKey}`,
      // The precondition is part of the request: the same key with another If-Match is another request.
      request: { params: request.params, body: request.body, ...(ifMatch !== undefined && { ifMatch }) },
      run: respond,
    },
    context,
  );
}

/** A 2xx answer whose body names its version carries it as its ETag. */
function withEtag(response: RouteResponse): RouteResponse {
  const etag = response.status < 300 ? etagOf(response.body) : undefined;
  return etag ? { ...response, headers: { ...response.headers, etag } } : response;
}

/** A listing (a GET answering `items`): its labels follow Accept-Language, as problems do. */
function isListing(event: APIGatewayProxyEventV2WithJWTAuthorizer, response: RouteResponse): boolean {
  const body = response.body;
  return event.requestContext.http.method === 'GET' && typeof body === 'object' && body !== null && Array.isArray((body as { items?: unknown }).items);
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
