import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, FROZEN_PORK, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { porkCitation, porkPermitIssue, validFor } from '#test/domain/permit-fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

/**
 * Issue 12, permits and approvals (408号 三（六）: 自动校验核销和网上查询), end to end through the
 * API: a bureau registers a permit, filings citing it are verified and reserve its quantity, the
 * release writes it off and a rejection returns it, and the online query shows all of it.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
const declarant = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
const CONTAINER = 'CSQU3054383';

type Problem = { type: string; status: number; detail: string; errors?: Array<{ field: string; message: string; code?: string; rule?: string }> };
interface PermitView {
  number: string;
  status: string;
  grantedQuantity: number;
  remaining: number;
  reserved: number;
  writtenOff: number;
  history: Array<{ consignmentId: string; quantity: number; state: string; returnReason?: string }>;
}

let serial = 0;
/** A fresh 240 t pork permit for the Chongqing importer, registered by Chongqing (ten 24 t filings). */
async function porkPermit(overrides: Record<string, unknown> = {}): Promise<string> {
  const number = `2024CQ${String(++serial).padStart(4, '0')}`;
  await driver.permit(porkPermitIssue({ number, ...validFor(), ...overrides }));
  return number;
}
const porkImport = (number: string) => importFiling({ goods: [FROZEN_PORK], permits: [porkCitation({ number })] });
const query = async (number: string, token?: string) => {
  const response = await t.call<PermitView>('GET', `/permits/${number}`, token ?? (await driver.hq()));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

async function throughPortChecks(id: string) {
  const portChecks = await driver.task('XJ', id, 'port-checks');
  await driver.complete('XJ', portChecks.id, passedPortChecks([CONTAINER]));
}

describe('permits: verified and reserved at filing, written off at release, returned at rejection', () => {
  it('writes off a released import’s quantity, and the online query shows the history', async () => {
    const number = await porkPermit();
    expect(await query(number, await declarant())).toMatchObject({ status: 'active', grantedQuantity: 240, remaining: 240, history: [] });

    const filed = await driver.file(await declarant(), porkImport(number));
    expect(filed.inspectionPlan.reasons.map((r) => r.code)).toContain('PERMIT_WRITE_OFF');
    expect(await query(number)).toMatchObject({ remaining: 216, reserved: 24, writtenOff: 0, history: [{ consignmentId: filed.id, quantity: 24, state: 'reserved' }] });

    await throughPortChecks(filed.id);
    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    await driver.complete('CQ', inspection.id, { outcome: 'pass' });
    expect((await driver.settled(filed.id)).status).toBe('released');

    const settled = await eventuallyPermit(number, (p) => p.writtenOff === 24);
    expect(settled).toMatchObject({ status: 'active', remaining: 216, reserved: 0, writtenOff: 24, history: [{ consignmentId: filed.id, quantity: 24, state: 'written-off' }] });
    // The history records the write-off just after the permit changes.
    const events = await eventually(async () => {
      const types = (await driver.consignment(filed.id)).events.map((e) => e.type);
      return types.includes('permits-written-off') ? types : undefined;
    }, 'the permits-written-off event');
    expect(events.filter((type) => type === 'permits-written-off')).toHaveLength(1);
  });

  it('returns a rejected import’s quantity to the permit', async () => {
    const number = await porkPermit();
    const filed = await driver.file(await declarant(), porkImport(number));
    await throughPortChecks(filed.id);
    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    await driver.complete('CQ', inspection.id, { outcome: 'fail', details: { disposal: 'return', findings: 'residues above the limit' } });
    expect((await driver.settled(filed.id)).status).toBe('rejected');
    const returned = await eventuallyPermit(number, (p) => p.reserved === 0);
    expect(returned).toMatchObject({ remaining: 240, writtenOff: 0, history: [{ state: 'returned', returnReason: 'rejected' }] });
  });

  it('accepts exactly 10 of 50 concurrent filings against a permit covering 10, refuses 40 with a 409 naming the permit, and stores none of those', { timeout: 60_000 }, async () => {
    const number = await porkPermit();
    const before = await driver.consignmentCount();
    const token = await declarant();
    const answers = await Promise.all(Array.from({ length: 50 }, () => t.call<Problem & { id?: string }>('POST', '/consignments', token, porkImport(number))));
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const answer of refused) {
      expect(answer.status).toBe(409);
      expect(answer.contentType).toBe('application/problem+json');
      expect(answer.body.type).toBe('urn:cr-express:problem:permit-balance-insufficient');
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'body.permits.0.quantity', code: 'PERMIT_BALANCE_INSUFFICIENT', message: expect.stringContaining(number) })]);
    }
    const permit = await query(number);
    expect(permit).toMatchObject({ remaining: 0, reserved: 240, writtenOff: 0 });
    expect(permit.history.map((u) => u.consignmentId).sort()).toEqual(accepted.map((a) => a.body.id).sort());
    expect(await driver.consignmentCount()).toBe(before + 10);
  });

  it('refuses goods that need a permit and cite none: 400 naming body.permits and the rule, nothing written', async () => {
    const before = await driver.consignmentCount();
    const response = await t.call<Problem>('POST', '/consignments', await declarant(), importFiling({ goods: [goodsLine(), FROZEN_PORK] }));
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.errors).toEqual([
      { field: 'body.permits', code: 'PERMIT_REQUIRED_MEAT', rule: expect.stringContaining('进出境动植物检疫法'), message: expect.stringMatching(/第 2 项货物.*goods line\(s\) 2: meat/) },
    ]);
    expect(await driver.consignmentCount()).toBe(before);
  });

  it('names each field a bad citation gets wrong, and writes nothing', async () => {
    const number = await porkPermit({ ports: ['MANZHOULI'] });
    const before = await driver.consignmentCount();
    const response = await t.call<Problem>('POST', '/consignments', await declarant(), {
      ...importFiling({ goods: [{ ...FROZEN_PORK, originCountry: 'BR' }] }),
      permits: [porkCitation({ number, quantity: 20 }), porkCitation({ number: 'NOT-REGISTERED' })],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => `${e.field} ${e.code}`)).toEqual([
      'body.permits.1.number PERMIT_UNKNOWN',
      'body.portCode PERMIT_PORT_NOT_PERMITTED',
      'body.goods.0.originCountry PERMIT_ORIGIN_NOT_ALLOWED',
      'body.permits.0.quantity PERMIT_QUANTITY_MISMATCH',
    ]);
    expect(await driver.consignmentCount()).toBe(before);
    expect(await query(number)).toMatchObject({ remaining: 240, reserved: 0 });
  });
});

describe('the register through the API', () => {
  it('shows a permit to its holder, bureaus and HQ and to no other enterprise (404); lists by scope; cancels by its bureau', async () => {
    const number = await porkPermit();
    const other = await driver.declarant('XJ', CREDIT_CODES.urumqiTrader);
    expect((await t.call('GET', `/permits/${number}`, other)).status).toBe(404);
    expect((await t.call('GET', `/permits/${number.toLowerCase()}`, await driver.officer('HL'))).status).toBe(200);

    const own = await t.call<{ items: Array<{ number: string }> }>('GET', '/permits?limit=100', await declarant());
    expect(own.body.items.map((p) => p.number)).toContain(number);
    expect((await t.call<{ items: unknown[] }>('GET', '/permits', other)).body.items).toEqual([]);
    expect((await t.call('GET', `/permits?holder=${CREDIT_CODES.chongqingImporter}`, other)).status).toBe(403);
    expect((await t.call('GET', '/permits?bureau=CQ', await driver.officer('XJ'))).status).toBe(403);

    const duplicate = await t.call<Problem>('POST', '/permits', await driver.officer('CQ'), porkPermitIssue({ number, ...validFor() }));
    expect(duplicate.status).toBe(409);
    const bad = await t.call<Problem>('POST', '/permits', await driver.officer('CQ'), { ...porkPermitIssue({ ...validFor() }), number: 'A/B', quantity: -1 });
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['body.number', 'body.quantity']);
    expect((await t.call('POST', '/permits', await declarant(), porkPermitIssue({ number: 'X1', ...validFor() }))).status).toBe(403);

    expect((await t.call('POST', `/permits/${number}/cancel`, await driver.officer('XJ'), { reason: 'no' })).status).toBe(403);
    const cancelled = await t.call<PermitView>('POST', `/permits/${number}/cancel`, await driver.officer('CQ'), { reason: '企业申请注销 / withdrawn by the importer' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const refused = await t.call<Problem>('POST', '/consignments', await declarant(), porkImport(number));
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => `${e.field} ${e.code}`)).toEqual(['body.permits.0.number PERMIT_CANCELLED']);
  });
});

/** The write-off happens in the close step, a moment after the status a client sees. */
async function eventuallyPermit(number: string, done: (p: PermitView) => boolean): Promise<PermitView> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const permit = await query(number);
    if (done(permit) || Date.now() > deadline) return permit;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
