import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpApi, type HttpApi } from '#local/apigateway/server.ts';
import { createRouteThrottles } from '#local/apigateway/throttle.ts';
import { startLocalCloud } from '#local/cloud.ts';
import { createInProcessInvoker } from '#local/lambda/in-process-invoker.ts';
import { testManifest } from '../fixtures/manifest.ts';

/**
 * Route throttling as API Gateway applies a route's settings: a token bucket per route, shared by
 * all callers, `burst` deep and refilled at `ratePerSecond`; over it, 429 `{"message":"Too Many
 * Requests"}`. The fixture's `GET /limited/{id}` allows 2 per second in bursts of 3. Time is a
 * clock the test moves, never a wait.
 */
const manualClock = (start = 1_700_000_000_000) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
};

describe('the token bucket', () => {
  const routes = [{ method: 'GET' as const, path: '/verify/{serial}', function: 'verify', auth: 'public' as const, throttle: { ratePerSecond: 2, burst: 3 } }];

  it('lets a full burst through, refuses the next, refills at the rate and never beyond the burst', () => {
    const clock = manualClock();
    const throttles = createRouteThrottles(routes, clock);
    const take = () => throttles.take('GET /verify/{serial}');
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
    clock.advance(499);
    expect(take()).toBe(false); // 0.998 of a token
    clock.advance(1);
    expect([take(), take()]).toEqual([true, false]);
    clock.advance(60_000);
    expect([take(), take(), take(), take()]).toEqual([true, true, true, false]);
  });

  it('leaves routes without a throttle alone', () => {
    const throttles = createRouteThrottles(routes, manualClock());
    expect(Array.from({ length: 100 }, () => throttles.take('GET /health')).every(Boolean)).toBe(true);
  });
});

describe('the HTTP API', () => {
  const clock = manualClock();
  let api: HttpApi;
  beforeAll(async () => {
    api = await startHttpApi({
      port: 0,
      routes: testManifest.routes,
      invoker: createInProcessInvoker({ manifest: testManifest, log: () => undefined }),
      authorizer: () => undefined,
      clock,
    });
  });
  afterAll(() => api.close());

  const get = (path: string) => fetch(`${api.url}${path}`);

  it('answers the request after the burst with 429 Too Many Requests, for any caller and any path of the route', async () => {
    const statuses = [];
    for (const id of ['a', 'b', 'c']) statuses.push((await get(`/limited/${id}`)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await get('/limited/d');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('apigw-requestid')).toBeTruthy();
    expect(await refused.json()).toMatchObject({ message: 'Too Many Requests', status: 429, title: '请求过于频繁 / Too Many Requests' });
    // Another route has its own limits (here none).
    expect((await get('/consignments/C1')).status).toBe(200);
  });

  it('passes requests again once the clock has refilled the bucket', async () => {
    expect((await get('/limited/a')).status).toBe(429);
    clock.advance(500); // one token at 2 per second
    expect((await get('/limited/a')).status).toBe(200);
    expect((await get('/limited/a')).status).toBe(429);
    clock.advance(10_000);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/limited/a')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

it('the local cloud throttles the manifest’s routes by the clock it is given', async () => {
  const clock = manualClock();
  const cloud = await startLocalCloud({ dataDir: ':memory:', port: 0, awsPort: 0, manifest: testManifest, log: () => undefined, throttleClock: clock });
  try {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${cloud.apiUrl}/limited/x`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    clock.advance(500);
    expect((await fetch(`${cloud.apiUrl}/limited/x`)).status).toBe(200);
  } finally {
    await cloud.close();
  }
});
