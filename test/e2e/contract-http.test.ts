import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';
import { DAY, inboundTrain, iso } from './trains-fixtures.ts';

/**
 * The contract over HTTP against the local cloud (issue 14): GET /docs, CORS for the console,
 * Accept-Language on problems and listings, If-Match with ETags on updates.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
type Problem = { type: string; title: string; status: number; detail?: string; errors?: Array<{ field: string; message: string }> };

const CJK = /[\u4e00-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{3,}/;

async function raw(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(t.cloud.apiUrl + path, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('GET /docs', () => {
  it('renders the OpenAPI document with Swagger UI, every file served by the API itself (no CDN)', async () => {
    const page = await raw('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.sort()).toEqual(['/docs/initializer.js', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']);
    for (const source of sources) {
      const file = await raw('GET', source);
      expect(file.status, source).toBe(200);
      expect(file.text.length, source).toBeGreaterThan(0);
    }
    expect((await raw('GET', '/docs/initializer.js')).text).toContain("url: '/openapi.json'");
    expect((await raw('GET', '/docs/swagger-ui-bundle.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await raw('GET', '/docs/secrets.json')).status).toBe(404);
  });
});

describe('CORS for the web console', () => {
  const preflight = (origin: string) =>
    raw('OPTIONS', '/trains/X1-20260101', {
      origin,
      'access-control-request-method': 'PATCH',
      'access-control-request-headers': 'authorization,content-type,idempotency-key,if-match,accept-language',
    });

  it("answers the console's preflights, by either local name, without a token", async () => {
    for (const origin of ['http://127.0.0.1:3000', 'http://localhost:3000']) {
      const answer = await preflight(origin);
      expect(answer.status, origin).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-methods')?.split(',')).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH']));
      expect(answer.headers.get('access-control-allow-headers')?.split(',')).toEqual(
        expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept-language']),
      );
      expect(answer.headers.get('vary')).toMatch(/origin/i);
    }
  });

  it('allows no other origin', async () => {
    const answer = await preflight('https://elsewhere.example');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const read = await raw('GET', '/health', { origin: 'https://elsewhere.example' });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the console read the answers, the gateway’s own refusals included, and their ETag and Location', async () => {
    const origin = 'http://localhost:3000';
    const token = await driver.officer('XJ');
    const crossing = Date.now() + 2 * DAY;
    const registered = await raw('POST', '/trains', { origin, authorization: `Bearer ${token}` }, inboundTrain('X8301', crossing));
    expect(registered.status).toBe(201);
    expect(registered.headers.get('access-control-allow-origin')).toBe(origin);
    expect(registered.headers.get('access-control-expose-headers')?.split(',')).toEqual(expect.arrayContaining(['etag', 'location']));
    const unauthorised = await raw('GET', '/me', { origin });
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.headers.get('access-control-allow-origin')).toBe(origin);
  });
});

describe('Accept-Language', () => {
  it('gives validation problems, zod’s own messages included, in zh or en, and both without it', async () => {
    const token = await driver.officer('XJ');
    const ask = async (language?: string) => {
      const response = await t.call<Problem>('GET', '/tasks?limit=0', token, undefined, language ? { 'accept-language': language } : {});
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.field).toBe('query.limit');
      return response.body;
    };
    const both = await ask();
    expect(both.title).toMatch(CJK);
    expect(both.title).toMatch(LATIN_WORD);
    expect(both.errors![0]!.message).toMatch(CJK);
    expect(both.errors![0]!.message).toMatch(LATIN_WORD);

    const zh = await ask('zh-CN,zh;q=0.9,en;q=0.8');
    expect(zh.title).toMatch(CJK);
    expect(zh.title).not.toMatch(LATIN_WORD);
    expect(zh.errors![0]!.message).toMatch(CJK);
    expect(zh.errors![0]!.message).not.toContain(' / ');

    const en = await ask('en-GB');
    expect(en.title).not.toMatch(CJK);
    expect(en.errors![0]!.message).not.toMatch(CJK);
    expect(en.errors![0]!.message).toMatch(LATIN_WORD);
  });

  it("translates the gateway's own 401 and 404", async () => {
    const unauthorised = async (language?: string) => JSON.parse((await raw('GET', '/me', language ? { 'accept-language': language } : {})).text) as Problem;
    expect((await unauthorised('zh')).title).toBe('未认证');
    expect((await unauthorised('zh')).detail).toBe('请求没有 Authorization 头');
    expect((await unauthorised('en')).title).toBe('Unauthorized');
    expect((await unauthorised()).title).toBe('未认证 / Unauthorized');

    const missing = async (language?: string) => JSON.parse((await raw('GET', '/nowhere', language ? { 'accept-language': language } : {})).text) as Problem;
    expect((await missing('zh')).title).toBe('未找到');
    expect((await missing('zh')).detail).toBe('没有与 GET /nowhere 匹配的路由');
    expect((await missing('en')).detail).toBe('No route matches GET /nowhere.');
    expect((await missing()).title).toBe('未找到 / Not Found');
  });

  it("gives listings' labels in the language asked for, bilingual by default", async () => {
    const filed = await driver.file(await driver.declarant('CQ', CREDIT_CODES.chongqingImporter), importFiling());
    const xj = await driver.officer('XJ');
    await driver.notices(xj, filed.id, ['task:port-checks']);
    const titleOf = async (language?: string) => {
      const inbox = await t.call<{ items: Array<{ consignmentId?: string; kind: string; title: unknown }> }>('GET', '/notifications?limit=100', xj, undefined, language ? { 'accept-language': language } : {});
      expect(inbox.status).toBe(200);
      return inbox.body.items.find((n) => n.consignmentId === filed.id && n.kind === 'task:port-checks')!.title;
    };
    const both = await titleOf();
    expect(both).toEqual({ zh: expect.stringMatching(CJK), en: expect.stringMatching(LATIN_WORD) });
    const { zh, en } = both as { zh: string; en: string };
    expect(await titleOf('zh')).toBe(zh);
    expect(await titleOf('en')).toBe(en);
  });
});

describe('If-Match on updates', () => {
  const timetableChange = (crossing: number) => ({ plannedArrival: iso(crossing + 4 * DAY) });

  it('PATCH /trains/{id}: a bogus or stale ETag is 412 and nothing is written; the current one, or none, changes it', async () => {
    const xj = await driver.officer('XJ');
    const crossing = Date.now() + 2 * DAY;
    const registered = await t.call<{ id: string; version: number }>('POST', '/trains', xj, inboundTrain('X8303', crossing));
    expect(registered.status).toBe(201);
    const id = registered.body.id;
    const read = await raw('GET', `/trains/${id}`, { authorization: `Bearer ${xj}` });
    const etag = read.headers.get('etag');
    expect(etag).toBe(`"${(JSON.parse(read.text) as { version: number }).version}"`);

    for (const ifMatch of ['"bogus"', '"999"', 'W/' + etag, '']) {
      const refused = await raw('PATCH', `/trains/${id}`, { authorization: `Bearer ${xj}`, 'if-match': ifMatch }, timetableChange(crossing));
      expect(refused.status, ifMatch).toBe(412);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect((JSON.parse(refused.text) as Problem).type).toBe('urn:cr-express:problem:precondition-failed');
    }
    const unchanged = await raw('GET', `/trains/${id}`, { authorization: `Bearer ${xj}` });
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(JSON.parse(unchanged.text)).toMatchObject({ plannedArrival: iso(crossing + 3 * DAY) });

    const changed = await raw('PATCH', `/trains/${id}`, { authorization: `Bearer ${xj}`, 'if-match': etag! }, timetableChange(crossing));
    expect(changed.status).toBe(200);
    const next = changed.headers.get('etag');
    expect(next).not.toBe(etag);
    expect(next).toBe(`"${(JSON.parse(changed.text) as { version: number }).version}"`);

    // The ETag read before that change is stale now.
    const stale = await raw('PATCH', `/trains/${id}`, { authorization: `Bearer ${xj}`, 'if-match': etag! }, { plannedArrival: iso(crossing + 5 * DAY) });
    expect(stale.status).toBe(412);
    // `*` holds while the run exists, and no If-Match keeps the unconditional update.
    expect((await raw('PATCH', `/trains/${id}`, { authorization: `Bearer ${xj}`, 'if-match': '*' }, { plannedArrival: iso(crossing + 5 * DAY) })).status).toBe(200);
    expect((await t.call('PATCH', `/trains/${id}`, xj, { plannedArrival: iso(crossing + 6 * DAY) })).status).toBe(200);
  });

  it("PUT /directory/bureaus/{code}: a bureau without an entry is at \"0\"; a keyed retry gets its first answer, not a 412", async () => {
    const cq = await driver.officer('CQ');
    const entry = { version: 0, division: { zh: '通关业务处', en: 'Clearance Division' }, contacts: [{ name: '李明', phone: '+86 23 6888 1234' }] };
    const read = await raw('GET', '/directory/bureaus/CQ', { authorization: `Bearer ${cq}` });
    expect(read.headers.get('etag')).toBe('"0"');
    expect((await raw('PUT', '/directory/bureaus/CQ', { authorization: `Bearer ${cq}`, 'if-match': '"1"' }, entry)).status).toBe(412);
    expect((await raw('GET', '/directory/bureaus/CQ', { authorization: `Bearer ${cq}` })).headers.get('etag')).toBe('"0"');

    const keyed = { authorization: `Bearer ${cq}`, 'if-match': '"0"', 'idempotency-key': 'contract-directory-1' };
    const written = await raw('PUT', '/directory/bureaus/CQ', keyed, entry);
    expect(written.status, written.text).toBe(201);
    expect(written.headers.get('etag')).toBe('"1"');
    // The same request again: its first answer, though the entry is no longer at "0".
    const retried = await raw('PUT', '/directory/bureaus/CQ', keyed, entry);
    expect(retried.status).toBe(201);
    expect(retried.text).toBe(written.text);
    // Unkeyed, the stale precondition is what it is.
    expect((await raw('PUT', '/directory/bureaus/CQ', { authorization: `Bearer ${cq}`, 'if-match': '"0"' }, { ...entry, version: 1 })).status).toBe(412);
  });

  it('PUT /risk-settings: the ETag GET /risk-settings gives is the precondition of the change', async () => {
    const hq = await driver.hq();
    const read = await raw('GET', '/risk-settings', { authorization: `Bearer ${hq}` });
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag');
    expect(etag).toMatch(/^"\d+"$/);
    const current = JSON.parse(read.text) as { version: number; settings: unknown };
    expect(etag).toBe(`"${current.version}"`);
    const settings = structuredClone(current.settings) as { enterprise: { gradeD: { minRate: number } } };
    settings.enterprise.gradeD.minRate = settings.enterprise.gradeD.minRate === 0.35 ? 0.4 : 0.35;
    const change = { version: current.version, settings, reason: 'contract test: a stricter grade D' };
    const refused = await raw('PUT', '/risk-settings', { authorization: `Bearer ${hq}`, 'if-match': '"bogus"' }, change);
    expect(refused.status).toBe(412);
    expect((await raw('GET', '/risk-settings', { authorization: `Bearer ${hq}` })).headers.get('etag')).toBe(etag);
    const accepted = await raw('PUT', '/risk-settings', { authorization: `Bearer ${hq}`, 'if-match': etag! }, change);
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.headers.get('etag')).toBe(`"${current.version + 1}"`);
  });
});
