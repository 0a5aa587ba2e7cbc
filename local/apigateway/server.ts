import { randomUUID } from 'node:crypto';
import { listen } from '../listen.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { RouteSpec } from '../../infra/manifest-types.ts';
import type { Clock } from '../clock.ts';
import { LOCAL_CONSOLE_ORIGINS } from '../../shared/http/cors-policy.ts';
import { inLanguage, preferredLanguage } from '../../shared/http/language.ts';
import { problemResponse, problemType } from '../../shared/http/problem.ts';
import { MAX_PAYLOAD_BYTES } from '../lambda/in-process-invoker.ts';
import type { LambdaInvoker } from '../lambda/invoker-types.ts';
import { createCors } from './cors.ts';
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
  /** Browser origins allowed to call (the stack's `corsPreflight`); the local console's by default. */
  corsOrigins?: readonly string[];
  /** Answers GET requests no route matches, when it serves the path (the web console, local/console); false lets the 404 through. */
  staticSite?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
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
  const cors = createCors(options.corsOrigins ?? LOCAL_CONSOLE_ORIGINS);

  function send(res: ServerResponse, requestId: string, status: number, headers: Record<string, string>, body: Buffer, cookies: string[] = []): void {
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (cookies.length > 0) res.setHeader('set-cookie', cookies);
    res.setHeader('apigw-requestid', requestId);
    res.setHeader('content-length', body.length);
    res.end(body);
  }

  /**
   * `message` is API Gateway's own English text; title and detail are bilingual, or in the
   * language the request's Accept-Language asks for, as the handlers' problems are.
   */
  function gatewayError(res: ServerResponse, requestId: string, status: number, title: string, detail: string, headers: Record<string, string> = {}): void {
    const slug = title.toLowerCase().replaceAll(' ', '-');
    const language = preferredLanguage(res.req.headers['accept-language']);
    const text = (zh: string, en: string) => inLanguage(`${zh} / ${en}`, language);
    const problem = problemResponse(
      { type: problemType(slug), title: text(GATEWAY_TITLES[title] ?? title, title), status, detail: text(gatewayDetail(detail), detail), message: title, requestId },
      headers,
    );
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

    // CORS preflights are the gateway's own: no route, no authorizer, no function.
    if (method === 'OPTIONS') {
      req.resume();
      send(res, requestId, 204, cors.preflight(req.headers), Buffer.alloc(0));
      return;
    }

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
      if (await options.staticSite?.(req, res)) return;
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
    for (const [name, value] of Object.entries(cors.decorate(req.headers))) res.setHeader(name, value);
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

/** The titles of the problems the gateway answers itself, in Chinese. */
const GATEWAY_TITLES: Record<string, string> = {
  'Request Entity Too Large': '请求过大',
  'Not Found': '未找到',
  'Too Many Requests': '请求过于频繁',
  'Service Unavailable': '服务暂不可用',
  Unauthorized: '未认证',
  'Internal Server Error': '内部错误',
};

/** The gateway's details in Chinese: its few fixed sentences, the variable parts kept. */
const GATEWAY_DETAILS: ReadonlyArray<[RegExp, (...parts: string[]) => string]> = [
  [/^No route matches (\S+) (.+)\.$/, (method, path) => `没有与 ${method} ${path} 匹配的路由`],
  [/^HTTP API requests are limited to (\d+) bytes\.$/, (n) => `HTTP API 请求不得超过 ${n} 字节`],
  [/^The request is (\d+) bytes as a Lambda event; a Lambda integration takes at most (\d+) bytes\.$/, (n, max) => `请求作为 Lambda 事件有 ${n} 字节，Lambda 集成最多接受 ${max} 字节`],
  [/^(.+) allows (\S+) requests per second, in bursts of at most (\d+)\.$/, (route, rate, burst) => `${route} 每秒最多 ${rate} 个请求，突发不超过 ${burst} 个`],
  [/^The JWT authorizer is not ready\.$/, () => 'JWT 授权方尚未就绪'],
  [/^The integration did not answer within (\S+) seconds\.$/, (s) => `集成未在 ${s} 秒内应答`],
  [/^The function failed \((.+)\)\.$/, (type) => `函数执行失败（${type}）`],
  [/^The function returned a malformed response: (.+)\.$/, (why) => `函数返回的响应格式错误：${why}`],
  [/^The token was not issued by (.+)\.$/, (issuer) => `令牌不是由 ${issuer} 签发的`],
  [/^The token's (\S+) claim is not valid: (.+)\.$/, (claim, why) => `令牌的 ${claim} 声明无效：${why}`],
];

/** The authorizer's fixed refusals (local/apigateway/jwt-authorizer.ts), in Chinese. */
const AUTHORIZER_DETAILS: Record<string, string> = {
  'The request has no Authorization header.': '请求没有 Authorization 头',
  'The token has expired.': '令牌已过期',
  'The token is not valid yet.': '令牌尚未生效',
  'The token has no expiry (exp).': '令牌没有有效期（exp）',
  'The token signature is not valid.': '令牌签名无效',
  "No key in the issuer's JWKS matches the token's kid.": '签发方的 JWKS 中没有与令牌 kid 匹配的密钥',
  'The token is not signed with an RSA algorithm.': '令牌不是用 RSA 算法签名的',
  'The token is not a well-formed JWT.': '令牌不是格式正确的 JWT',
  'The token is not meant for this API (aud or client_id).': '令牌不是发给本 API 的（aud 或 client_id）',
};

function gatewayDetail(detail: string): string {
  for (const [pattern, zh] of GATEWAY_DETAILS) {
    const match = pattern.exec(detail);
    if (match) return zh(...match.slice(1));
  }
  return AUTHORIZER_DETAILS[detail] ?? detail;
}
