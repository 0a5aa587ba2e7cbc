import { randomUUID } from 'node:crypto';
import { listen } from '../listen.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { RouteSpec } from '../../infra/manifest-types.ts';
import type { Clock } from '../clock.ts';
import { problemResponse, problemType } from '../../shared/http/problem.ts';
import { MAX_PAYLOAD_BYTES } from '../lambda/in-process-invoker.ts';
import type { LambdaInvoker } from '../lambda/invoker-types.ts';
import { payloadV2Event } from './event.ts';
import type { JwtAuthorizer } from './jwt-authorizer.ts';
import { fromPayloadV2Result } from './response.ts';
import { createRouter } from './routes.ts';
import { createRouteThrottles } from './throttle.ts';

/** API Gateway HTTP API quotas: request payload size and the integration timeout. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
export const INTEGRATION_TIMEOUT_MS = 30_000;
/**
 * A Lambda proxy integration invokes synchronously, whose request payload (the whole 2.0 event,
 * headers and base64 included) is limited to 6 MB: a bigger event is refused with 413, as API
 * Gateway answers when Lambda refuses the payload, rather than failing the function.
 */
export const MAX_INTEGRATION_EVENT_BYTES = MAX_PAYLOAD_BYTES;

export interface HttpApiOptions {
  port: number;
  host?: string;
  routes: RouteSpec[];
  invoker: LambdaInvoker;
  /** The authorizer for `auth: 'jwt'` routes (a getter: the issuer is known only once the port is). */
  authorizer: () => JwtAuthorizer | undefined;
  /** JSON documents served at fixed GET paths before routing, e.g. the issuer's JWKS. */
  documents?: () => Record<string, unknown>;
  integrationTimeoutMs?: number;
  maxRequestBytes?: number;
  /** The time route throttles refill by; real time by default. */
  clock?: Pick<Clock, 'now'>;
  /** One line per request, like an access log. */
  log?: (line: string) => void;
}

export interface HttpApi {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The HTTP API: routes from the manifest, a JWT authorizer, Lambda proxy integrations with
 * payload format 2.0. Errors the gateway answers itself are problem+json; the `message` member
 * carries the text API Gateway would send (`{"message":"Not Found"}`), so clients written
 * against either read the same field.
 */
export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const host = options.host ?? '127.0.0.1';
  const router = createRouter(options.routes);
  const throttles = createRouteThrottles(options.routes, options.clock ?? { now: () => Date.now() });
  const timeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;
  const maxBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;

  function send(res: ServerResponse, requestId: string, status: number, headers: Record<string, string>, body: Buffer, cookies: string[] = []): void {
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (cookies.length > 0) res.setHeader('set-cookie', cookies);
    res.setHeader('apigw-requestid', requestId);
    res.setHeader('content-length', body.length);
    res.end(body);
  }

  function gatewayError(res: ServerResponse, requestId: string, status: number, title: string, detail: string, headers: Record<string, string> = {}): void {
    const slug = title.toLowerCase().replaceAll(' ', '-');
    const problem = problemResponse({ type: problemType(slug), title, status, detail, message: title, requestId }, headers);
    send(res, requestId, status, problem.headers, Buffer.from(problem.body));
  }

  /** The body, or `undefined` once it is over the limit (the rest is drained, not kept). */
  async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let total = 0;
    let tooLarge = declared > maxBytes;
    for await (const chunk of req) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk as Buffer);
    }
    return tooLarge ? undefined : Buffer.concat(chunks);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const receivedAt = new Date();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rawPath = url.pathname;
    const method = req.method ?? 'GET';

    const document = method === 'GET' ? options.documents?.()[rawPath] : undefined;
    if (document !== undefined) {
      req.resume();
      send(res, requestId, 200, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(document)));
      return;
    }

    const body = await readBody(req);
    if (!body) {
      gatewayError(res, requestId, 413, 'Request Entity Too Large', `HTTP API requests are limited to ${maxBytes} bytes.`, { connection: 'close' });
      return;
    }
    const match = router.match(method, rawPath);
    if (!match) {
      gatewayError(res, requestId, 404, 'Not Found', `No route matches ${method} ${rawPath}.`);
      return;
    }
    // Throttled before the authorizer runs: a refused request costs the API nothing more.
    if (!throttles.take(match.routeKey)) {
      const { ratePerSecond, burst } = match.route.throttle ?? { ratePerSecond: 0, burst: 0 };
      gatewayError(res, requestId, 429, 'Too Many Requests', `${match.routeKey} allows ${ratePerSecond} requests per second, in bursts of at most ${burst}.`);
      return;
    }

    let authorizer: { claims: Record<string, string>; scopes: string[] | null } | undefined;
    if (match.route.auth === 'jwt') {
      const jwt = options.authorizer();
      if (!jwt) {
        gatewayError(res, requestId, 503, 'Service Unavailable', 'The JWT authorizer is not ready.');
        return;
      }
      const verdict = await jwt.authorize(req.headers.authorization);
      if (!verdict.ok) {
        gatewayError(res, requestId, 401, 'Unauthorized', verdict.detail, { 'www-authenticate': verdict.wwwAuthenticate });
        return;
      }
      authorizer = { claims: verdict.claims, scopes: verdict.scopes };
    }

    const rawQueryString = url.search.slice(1);
    const event = payloadV2Event({ req, rawPath, rawQueryString, body, routeKey: match.routeKey, pathParameters: match.pathParameters, requestId, receivedAt, authorizer });
    const eventBytes = Buffer.byteLength(JSON.stringify(event));
    if (eventBytes > MAX_INTEGRATION_EVENT_BYTES) {
      gatewayError(res, requestId, 413, 'Request Entity Too Large', `The request is ${eventBytes} bytes as a Lambda event; a Lambda integration takes at most ${MAX_INTEGRATION_EVENT_BYTES} bytes.`);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const invocation = options.invoker.invoke(match.route.function, event);
    invocation.catch(() => undefined);
    const outcome = await Promise.race([invocation, timedOut]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') {
      gatewayError(res, requestId, 503, 'Service Unavailable', `The integration did not answer within ${timeoutMs / 1000} seconds.`);
      return;
    }
    if (!outcome.ok) {
      gatewayError(res, requestId, 500, 'Internal Server Error', `The function failed (${outcome.error.errorType}).`);
      return;
    }
    const response = fromPayloadV2Result(outcome.payload);
    if ('malformed' in response) {
      gatewayError(res, requestId, 500, 'Internal Server Error', `The function returned a malformed response: ${response.malformed}.`);
      return;
    }
    send(res, requestId, response.statusCode, response.headers, response.body, response.cookies);
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    const started = Date.now();
    res.on('finish', () => options.log?.(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms ${requestId}`));
    handle(req, res, requestId).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      gatewayError(res, requestId, 500, 'Internal Server Error', error instanceof Error ? error.message : String(error));
    });
  });
  return listen(server, options.port, host);
}
