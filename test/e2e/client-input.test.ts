import { describe, expect, it } from 'vitest';
import { listingBinding } from '#shared/data/pagination.ts';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';
import { containerNumber, DAY, inboundTrain, type TrainView } from './trains-fixtures.ts';

/**
 * Client input that used to answer 500 (issue 11), each now a 4xx problem+json naming the field,
 * with nothing written; and the smaller findings of the same issue.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
const declarant = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);

interface Problem {
  type: string;
  status: number;
  requestId?: string;
  errors?: Array<{ field: string; message: string }>;
}
const fields = (problem: Problem) => (problem.errors ?? []).map((e) => e.field);
const forgedToken = (listing: Parameters<typeof listingBinding>[0], ...values: string[]) =>
  Buffer.from(JSON.stringify([1, listingBinding(listing), ...values])).toString('base64url');

describe('no 5xx from client input', () => {
  it('GET /executions/abc%ZZ: a malformed percent-encoding is a 400 naming path.id', async () => {
    const response = await t.call<Problem>('GET', '/executions/abc%ZZ', await driver.hq());
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(fields(response.body)).toEqual(['path.id']);
  });

  it('a page token with a key outside the inbox, or of another bureau, is a 400 invalid-page-token naming query.nextToken', async () => {
    const xj = await driver.officer('XJ');
    await driver.file(await declarant(), importFiling());
    await driver.file(await declarant(), importFiling({ containers: [{ number: containerNumber(11) }] }));
    // Notices reach the inbox through SNS, a moment after the filings.
    const first = await eventually(async () => {
      const page = await t.call<{ items: unknown[]; nextToken?: string }>('GET', '/notifications?limit=1', xj);
      return page.body.nextToken ? page : undefined;
    }, 'two notices in XJ inbox');
    expect((await t.call('GET', `/notifications?limit=1&nextToken=${first.body.nextToken}`, xj)).status).toBe(200);

    const inbox = { tableKey: { pk: 'pk', sk: 'sk' }, partition: 'BUREAU#XJ', sort: { beginsWith: 'NOTIFICATION#' } };
    const attempts = [
      forgedToken(inbox, 'ZZZZ'), // outside the sort range: DynamoDB would refuse the start key
      Buffer.from(JSON.stringify({ pk: 'BUREAU#XJ', sk: 'ZZZZ' })).toString('base64url'), // the old, readable format
      first.body.nextToken!.slice(0, 10),
    ];
    for (const nextToken of attempts) {
      const response = await t.call<Problem>('GET', `/notifications?nextToken=${nextToken}`, xj);
      expect(response.status, nextToken).toBe(400);
      expect(response.body.type).toBe('urn:cr-express:problem:invalid-page-token');
      expect(fields(response.body)).toEqual(['query.nextToken']);
    }
    // XJ's token does not read NM's inbox.
    expect((await t.call<Problem>('GET', `/notifications?nextToken=${first.body.nextToken}`, await driver.officer('NM'))).status).toBe(400);
  });

  it('a page token of another start-time window, or with a key before `from`, is a 400 on /executions', async () => {
    const hq = await driver.hq();
    const from = new Date(Date.now() - DAY).toISOString();
    const first = await t.call<{ nextToken?: string }>('GET', `/executions?from=${from}&limit=1`, hq);
    expect(first.status).toBe(200);
    expect(first.body.nextToken).toBeDefined();
    const otherWindow = await t.call<Problem>('GET', `/executions?from=${new Date(Date.now() - 2 * DAY).toISOString()}&nextToken=${first.body.nextToken}`, hq);
    expect(otherWindow.status).toBe(400);
    expect(fields(otherWindow.body)).toEqual(['query.nextToken']);
    const all = { index: 'gsi3', tableKey: { pk: 'pk', sk: 'sk' }, indexKey: { pk: 'gsi3pk', sk: 'gsi3sk' }, partition: 'EXECUTIONS', sort: { atLeast: from } };
    const beforeFrom = await t.call<Problem>('GET', `/executions?from=${from}&nextToken=${forgedToken(all, 'EXECUTION#x', 'EXECUTION', '2000-01-01T00:00:00.000Z#x')}`, hq);
    expect(beforeFrom.status).toBe(400);
    expect(beforeFrom.body.type).toBe('urn:cr-express:problem:invalid-page-token');
    // A window that ends before it starts holds nothing.
    const empty = await t.call<{ items: unknown[] }>('GET', `/executions?from=${new Date().toISOString()}&to=${from}`, hq);
    expect(empty.status).toBe(200);
    expect(empty.body.items).toEqual([]);
  });

  it('JSON nested 5,000 levels is a 400 naming body, with or without an Idempotency-Key, and the task stays open', async () => {
    const filed = await driver.file(await declarant(), importFiling({ containers: [{ number: containerNumber(21) }] }));
    const task = await driver.task('XJ', filed.id, 'port-checks');
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const nested = `{"outcome":"pass","details":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    for (const [body, headers] of [
      [deep, { 'idempotency-key': 'deep-1' }],
      [nested, { 'idempotency-key': 'deep-2' }],
      [nested, {}],
    ] as const) {
      const response = await t.call<Problem>('POST', `/tasks/${task.id}/complete`, await driver.officer('XJ'), body, headers);
      expect(response.status).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(fields(response.body)).toEqual(['body']);
    }
    // 32 levels are fine as JSON (the schema then names what it refuses).
    const shallow = await t.call<Problem>('POST', `/tasks/${task.id}/complete`, await driver.officer('XJ'), `{"outcome":"pass","details":${'{"a":'.repeat(30)}1${'}'.repeat(30)}}`);
    expect(shallow.status).toBe(400);
    expect(fields(shallow.body)).not.toContain('body');
    expect((await driver.task('XJ', filed.id, 'port-checks')).id).toBe(task.id);
    await driver.complete('XJ', task.id, passedPortChecks([containerNumber(21)]));
  });

  it('20 concurrent retries with one Idempotency-Key of a request that answers 404 answer 404 or 409, never 500', async () => {
    const xj = await driver.officer('XJ');
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => t.call<Problem>('POST', '/tasks/NOPE.port-checks/complete', xj, passedPortChecks([containerNumber(31)]), { 'idempotency-key': `missing-${round}` })),
      );
      statuses.push(...responses.map((r) => r.status));
      for (const response of responses) expect(response.contentType).toBe('application/problem+json');
    }
    expect(statuses.filter((s) => s !== 404 && s !== 409)).toEqual([]);
    expect(statuses).toContain(404);
  });

  it('names the API Gateway request id in every problem', async () => {
    const response = await fetch(`${t.cloud.apiUrl}/executions/abc%ZZ`, { headers: { authorization: `Bearer ${await driver.hq()}` } });
    const problem = (await response.json()) as Problem;
    expect(problem.requestId).toBe(response.headers.get('apigw-requestid'));
    const forbidden = await t.call<Problem>('POST', '/trains', await driver.hq(), {});
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.requestId).toMatch(/[0-9a-f-]{36}/);
  });
});

describe('GET /tasks for HQ (read only, any bureau)', () => {
  it("lets HQ read a named bureau's queue, and an officer only its own", async () => {
    const filed = await driver.file(await declarant(), importFiling({ containers: [{ number: containerNumber(41) }] }));
    const task = await driver.task('XJ', filed.id, 'port-checks');
    const hq = await driver.hq();
    const asHq = await t.call<{ items: Array<{ id: string }> }>('GET', '/tasks?bureau=XJ&limit=100', hq);
    expect(asHq.status).toBe(200);
    expect(asHq.body.items.map((i) => i.id)).toContain(task.id);

    const unnamed = await t.call<Problem>('GET', '/tasks', hq);
    expect(unnamed.status).toBe(400);
    expect(fields(unnamed.body)).toEqual(['query.bureau']);
    expect(fields((await t.call<Problem>('GET', '/tasks?bureau=XX', hq)).body)).toEqual(['query.bureau']);

    const xj = await driver.officer('XJ');
    expect((await t.call('GET', '/tasks?bureau=XJ', xj)).status).toBe(200);
    expect((await t.call<Problem>('GET', '/tasks?bureau=NM', xj)).status).toBe(403);
    expect((await t.call('GET', '/tasks?bureau=XJ', await declarant())).status).toBe(403);
    // HQ reads, it does not answer.
    expect((await t.call('POST', `/tasks/${task.id}/complete`, hq, passedPortChecks([containerNumber(41)]))).status).toBe(403);
    // A token of XJ's queue is not one of NM's.
    const page = await t.call<{ nextToken?: string }>('GET', '/tasks?bureau=XJ&limit=1', hq);
    if (page.body.nextToken) expect((await t.call('GET', `/tasks?bureau=NM&nextToken=${page.body.nextToken}`, hq)).status).toBe(400);
  });
});

describe('PUT /consignments/{id}/train, concurrently', () => {
  it('answers changed: true to exactly one of 10 identical links', async () => {
    const { body: train } = await t.call<TrainView>('POST', '/trains', await driver.officer('XJ'), inboundTrain('X8901', Date.now() + 2 * DAY));
    const filed = await driver.file(await declarant(), importFiling({ containers: [{ number: containerNumber(51) }] }));
    const token = await declarant();
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.call<{ changed: boolean; trainId: string }>('PUT', `/consignments/${filed.id}/train`, token, { trainId: train.id })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(responses.filter((r) => r.body.changed)).toHaveLength(1);
    expect(responses.every((r) => r.body.trainId === train.id)).toBe(true);
    const events = (await driver.consignment(filed.id)).events.filter((e) => e.type === 'linked-to-train');
    expect(events).toHaveLength(1);
  });
});
