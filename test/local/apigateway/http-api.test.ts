import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpApi, type HttpApi } from '#local/apigateway/server.ts';
import { createJwtAuthorizer } from '#local/apigateway/jwt-authorizer.ts';
import { createLocalIssuer, type LocalIssuer } from '#local/auth/issuer.ts';
import { loadOrCreateSigningKey } from '#local/auth/signing-key.ts';
import { createInProcessInvoker } from '#local/lambda/in-process-invoker.ts';
import { testManifest } from '../fixtures/manifest.ts';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_local';
let api: HttpApi;
let issuer: LocalIssuer;
let otherIssuer: LocalIssuer;

beforeAll(async () => {
  issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(':memory:'), issuer: ISSUER });
  otherIssuer = createLocalIssuer({ key: await loadOrCreateSigningKey(':memory:'), issuer: ISSUER });
  const authorizer = createJwtAuthorizer({ issuer: ISSUER, audiences: [issuer.audience], jwks: issuer.jwks() });
  api = await startHttpApi({
    port: 0,
    routes: testManifest.routes,
    invoker: createInProcessInvoker({ manifest: testManifest, log: () => undefined }),
    authorizer: () => authorizer,
    documents: () => ({ '/.well-known/jwks.json': issuer.jwks() }),
    integrationTimeoutMs: 500,
  });
});
afterAll(() => api.close());

interface EchoedEvent {
  event: Record<string, unknown> & { requestContext: Record<string, unknown> & { http: Record<string, unknown>; authorizer?: { jwt: { claims: Record<string, string>; scopes: unknown } } } };
}
const echoed = async (response: Response) => ((await response.json()) as EchoedEvent).event;
const problem = async (response: Response) => {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Record<string, unknown>;
};

describe('HTTP API routing and payload format 2.0 events', () => {
  it('builds the 2.0 event: routeKey, path parameters, query joined by commas, cookies, lower-cased headers', async () => {
    const response = await fetch(`${api.url}/consignments/C%2042?port=Erenhot&port=Manzhouli&lang=zh`, {
      headers: { 'X-Bureau-Hint': 'NM', cookie: 'session=abc; theme=dark', 'user-agent': 'inspection-test' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('apigw-requestid')).toMatch(/[0-9a-f-]{36}/);
    const event = await echoed(response);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /consignments/{id}',
      rawPath: '/consignments/C%2042',
      rawQueryString: 'port=Erenhot&port=Manzhouli&lang=zh',
      queryStringParameters: { port: 'Erenhot,Manzhouli', lang: 'zh' },
      pathParameters: { id: 'C 42' },
      cookies: ['session=abc', 'theme=dark'],
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'x-bureau-hint': 'NM', 'user-agent': 'inspection-test' });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event).not.toHaveProperty('body');
    expect(event.requestContext).toMatchObject({ routeKey: 'GET /consignments/{id}', stage: '$default', accountId: '000000000000', http: { method: 'GET', path: '/consignments/C%2042', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'inspection-test' } });
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(event.requestContext).not.toHaveProperty('authorizer');
  });

  it('prefers literal path segments over parameters and supports greedy {proxy+} parameters', async () => {
    expect((await echoed(await fetch(`${api.url}/consignments/search`))).routeKey).toBe('GET /consignments/search');
    expect((await echoed(await fetch(`${api.url}/files/permits/2024/P-1.pdf`))).pathParameters).toEqual({ path: 'permits/2024/P-1.pdf' });
  });

  it('passes text bodies as they are and other bodies base64-encoded', async () => {
    const json = await echoed(await fetch(`${api.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }));
    expect(json).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const binary = await echoed(await fetch(`${api.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: Buffer.from([0, 1, 2, 255]) }));
    expect(binary).toMatchObject({ body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true });
  });

  it('answers 404 problem+json (message "Not Found") when no route matches the method and path', async () => {
    for (const [method, path] of [['GET', '/nowhere'], ['DELETE', '/consignments/C1'], ['GET', '/consignments/C1/extra']] as const) {
      const response = await fetch(`${api.url}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await problem(response)).toMatchObject({ status: 404, title: '未找到 / Not Found', message: 'Not Found' });
    }
  });

  it('answers 413 for a request body over API Gateway’s 10 MB limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${api.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(Buffer.alloc(10 * 1024 * 1024 + 1));
    });
    expect(status).toBe(413);
    const justUnder = await fetch(`${api.url}/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: 'ok', pad: 'x'.repeat(1024 * 1024) }) });
    expect(justUnder.status).toBe(200);
  });

  it('answers 413 problem+json when the Lambda event would exceed the 6 MB synchronous invocation payload', async () => {
    // 7 MB of JSON: under the HTTP API's 10 MB, over what a Lambda integration can take.
    const json = await fetch(`${api.url}/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: 'ok', pad: 'x'.repeat(7 * 1024 * 1024) }) });
    expect(json.status).toBe(413);
    expect(json.headers.get('apigw-requestid')).toMatch(/[0-9a-f-]{36}/);
    expect(await problem(json)).toMatchObject({ status: 413, title: '请求过大 / Request Entity Too Large', requestId: json.headers.get('apigw-requestid') });
    // 5 MB of binary is 6.7 MB once base64-encoded into the event: the event's size is what counts.
    const binary = await fetch(`${api.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(5 * 1024 * 1024) });
    expect(binary.status).toBe(413);
    const fits = await fetch(`${api.url}/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: 'ok', pad: 'x'.repeat(5 * 1024 * 1024) }) });
    expect(fits.status).toBe(200);
  });
});

describe('HTTP API response mapping (payload format 2.0)', () => {
  const reply = (result: unknown, delayMs?: number) => fetch(`${api.url}/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result, delayMs }) });

  it('uses a result with statusCode as the response: status, headers, cookies, base64 body', async () => {
    const response = await reply({ statusCode: 201, headers: { Location: '/consignments/C1', 'X-Count': 3 }, cookies: ['a=1; Path=/', 'b=2'], body: Buffer.from('créé').toString('base64'), isBase64Encoded: true });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/consignments/C1');
    expect(response.headers.get('x-count')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(await response.text()).toBe('créé');
  });

  it('turns any other result into 200 application/json: a string as it is, JSON otherwise', async () => {
    const text = await reply('Hello from Lambda!');
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('application/json');
    expect(await text.text()).toBe('Hello from Lambda!');
    const object = await reply({ message: 'Hello from Lambda!' });
    expect(await object.text()).toBe('{"message":"Hello from Lambda!"}');
    expect(await (await reply([1, 2])).text()).toBe('[1,2]');
  });

  it('answers 500 for a malformed result or a failed function', async () => {
    expect((await reply({ statusCode: 'two hundred' })).status).toBe(500);
    expect((await reply({ statusCode: 200, body: { not: 'a string' } })).status).toBe(500);
    const failed = await fetch(`${api.url}/fail`);
    expect(failed.status).toBe(500);
    expect(await problem(failed)).toMatchObject({ title: '内部错误 / Internal Server Error', message: 'Internal Server Error' });
  });

  it('answers 503 when the integration outlives the integration timeout', async () => {
    const response = await reply('late', 1500);
    expect(response.status).toBe(503);
    expect(await problem(response)).toMatchObject({ status: 503, title: '服务暂不可用 / Service Unavailable' });
  });
});

describe('JWT authorizer (API Gateway HTTP API)', () => {
  const portChecks = (authorization?: string) =>
    fetch(`${api.url}/consignments/C1/port-checks`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization && { authorization }) }, body: '{}' });
  const now = () => Math.floor(Date.now() / 1000);

  it('passes the verified claims, as strings, at requestContext.authorizer.jwt', async () => {
    const token = await issuer.mintToken({ bureau: 'XJ', role: 'officer' });
    const response = await portChecks(`Bearer ${token}`);
    expect(response.status).toBe(200);
    const { requestContext } = await echoed(response);
    const claims = requestContext.authorizer?.jwt.claims ?? {};
    expect(claims).toMatchObject({ iss: ISSUER, aud: issuer.audience, token_use: 'id', 'custom:bureau': 'XJ', 'custom:role': 'officer', 'cognito:username': 'officer-xj' });
    expect(claims.exp).toMatch(/^\d+$/);
    expect(requestContext.authorizer?.jwt.scopes).toBeNull();
    // The token is accepted without the Bearer prefix too.
    expect((await portChecks(token)).status).toBe(200);
  });

  it('accepts client_id in place of a missing aud (access tokens), and renders scopes', async () => {
    const token = await issuer.signToken({ iss: ISSUER, client_id: issuer.audience, token_use: 'access', scope: 'inspection/read inspection/write', exp: now() + 60, sub: 's' });
    const response = await portChecks(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect((await echoed(response)).requestContext.authorizer?.jwt.scopes).toEqual(['inspection/read', 'inspection/write']);
  });

  const rejections: Array<[string, () => Promise<string | undefined>, RegExp]> = [
    ['a missing Authorization header', async () => undefined, /no Authorization header/],
    ['a token that is not a JWT', async () => 'Bearer not-a-jwt', /not a well-formed JWT/],
    ['an expired token', async () => `Bearer ${await issuer.signToken({ iss: ISSUER, aud: issuer.audience, exp: now() - 10, sub: 's' })}`, /expired/],
    ['a token from another issuer', async () => `Bearer ${await issuer.signToken({ iss: 'https://evil.example', aud: issuer.audience, exp: now() + 60, sub: 's' })}`, /not issued by/],
    ['a token for another audience', async () => `Bearer ${await issuer.signToken({ iss: ISSUER, aud: 'other-client', exp: now() + 60, sub: 's' })}`, /not meant for this API/],
    ['a token signed with a key not in the JWKS', async () => `Bearer ${await otherIssuer.mintToken({ bureau: 'XJ', role: 'officer' })}`, /No key .* matches|signature/],
    ['a token without exp', async () => `Bearer ${await issuer.signToken({ iss: ISSUER, aud: issuer.audience, sub: 's' })}`, /exp/],
    ['a token not valid yet', async () => `Bearer ${await issuer.signToken({ iss: ISSUER, aud: issuer.audience, exp: now() + 600, nbf: now() + 300, sub: 's' })}`, /not valid yet/],
  ];

  it.each(rejections)('answers 401 problem+json with WWW-Authenticate for %s', async (_, authorization, detail) => {
    const response = await portChecks(await authorization());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = await problem(response);
    // Bilingual, as the handlers' problems are (Accept-Language picks one: test/e2e/contract-http.test.ts); `message` is API Gateway's own text.
    expect(body).toMatchObject({ type: 'urn:cr-express:problem:unauthorized', title: '未认证 / Unauthorized', status: 401, message: 'Unauthorized' });
    expect(body.detail).toMatch(detail);
    expect(body.detail).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff].* \/ [A-Z]/);
  });

  it('refuses a token whose signature was tampered with', async () => {
    const [header, payload, signature] = (await issuer.mintToken({ bureau: 'XJ', role: 'officer' })).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload as string, 'base64url').toString()), 'custom:role': 'hq' })).toString('base64url');
    const response = await portChecks(`Bearer ${header}.${forged}.${signature}`);
    expect(response.status).toBe(401);
    expect((await problem(response)).detail).toMatch(/signature/);
  });

  it('serves the issuer’s JWKS', async () => {
    const jwks = (await (await fetch(`${api.url}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});
