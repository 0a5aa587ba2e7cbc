import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { everyPage } from '#shared/data/pagination.ts';
import { consignmentFilingSchema, type ConsignmentFiling } from '#shared/domain/consignment.ts';
import { permitIssueSchema, type PermitIssue } from '#shared/domain/permits/permit.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { deterministicId } from '#shared/lifecycle/deterministic-id.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '#shared/lifecycle/errors.ts';
import { cancelPermit, issuePermit } from '#shared/lifecycle/permits/permit-register.ts';
import { STALE_RESERVATION_MS } from '#shared/lifecycle/permits/permit-reservations.ts';
import { listPermits, readPermit } from '#shared/lifecycle/permits/permit-view.ts';
import { settlePermits } from '#shared/lifecycle/permits/settle-permits.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { trainRegistrationSchema } from '#shared/domain/trains/train-registration.ts';
import { registerTrain } from '#shared/lifecycle/trains/train-registration.ts';
import { CREDIT_CODES, FROZEN_PORK, goodsLine, importFiling } from '../domain/fixtures.ts';
import { containerNumber, HOUR, inboundTrain } from '../domain/train-bodies.ts';
import { porkCitation, porkPermitIssue, validFor } from '../domain/permit-fixtures.ts';
import { useApplication } from './fakes.ts';

useApplication();

const importer: CallerIdentity = { subject: 'declarant-1', bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
const trader: CallerIdentity = { subject: 'declarant-2', bureau: 'XJ', role: 'declarant', enterprise: CREDIT_CODES.urumqiTrader };
const cq: CallerIdentity = { subject: 'officer-cq', bureau: 'CQ', role: 'officer' };
const xj: CallerIdentity = { subject: 'officer-xj', bureau: 'XJ', role: 'officer' };
const hq: CallerIdentity = { subject: 'hq-1', bureau: 'HQ', role: 'hq' };

let serial = 0;
/** A fresh pork permit of 240 t (ten 24 t lines), valid now, registered by Chongqing. */
async function permit(overrides: Partial<PermitIssue> = {}) {
  return issuePermit(permitIssueSchema.parse(porkPermitIssue({ number: `CQ2024-${++serial}`, ...validFor(), ...overrides })), cq);
}
const porkImport = (number: string, overrides: Partial<ConsignmentFiling> = {}) =>
  consignmentFilingSchema.parse(importFiling({ goods: [FROZEN_PORK], permits: [porkCitation({ number })], ...overrides }));
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
const consignmentCount = async () => (await everyPage((page) => repos().consignments.list({}, page))).length;

describe('filing verifies the cited permits and reserves their quantity (自动校验)', () => {
  it('reserves at filing and shows the reservation in the online query', async () => {
    const p = await permit();
    const consignment = await fileConsignment(porkImport(p.number), importer);
    const query = await readPermit(p.number, importer);
    expect(query).toMatchObject({ status: 'active', grantedQuantity: 240, remaining: 216, reserved: 24, writtenOff: 0, consignments: 1 });
    expect(query.history).toEqual([expect.objectContaining({ consignmentId: consignment.id, quantity: 24, state: 'reserved' })]);
    expect(consignment.inspectionPlan?.reasons.map((r) => r.code)).toContain('PERMIT_WRITE_OFF');
  });

  it('refuses goods that need a permit and cite none, naming `permits` and the rule; nothing is written', async () => {
    const before = await consignmentCount();
    const error = await refusal(fileConsignment(consignmentFilingSchema.parse(importFiling({ goods: [goodsLine(), FROZEN_PORK] })), importer));
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).issues).toEqual([expect.objectContaining({ path: 'permits', code: 'PERMIT_REQUIRED_MEAT', rule: expect.stringContaining('进出境动植物检疫法') })]);
    expect(await consignmentCount()).toBe(before);
  });

  it('gives back the first permit’s reservation when the second is short (409 naming it), and stores nothing', async () => {
    const first = await permit();
    const second = await permit({ quantity: 10 });
    const before = await consignmentCount();
    const filing = porkImport(first.number, {
      goods: [FROZEN_PORK, { ...FROZEN_PORK, originCountry: 'PL' }],
      permits: [porkCitation({ number: first.number, goodsLine: 0 }), porkCitation({ number: second.number, goodsLine: 1 })],
    });
    const error = await refusal(fileConsignment(filing, importer));
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ kind: 'permit-balance-insufficient', issues: [{ path: 'permits.1.quantity', code: 'PERMIT_BALANCE_INSUFFICIENT' }] });
    expect(await repos().permits.get(first.number)).toMatchObject({ remaining: 240, reserved: 0 });
    expect(await consignmentCount()).toBe(before);
  });

  it('takes its reservations back without a trace when the train turns out full after them', async () => {
    const p = await permit();
    const before = await repos().permits.get(p.number);
    const train = (await registerTrain(trainRegistrationSchema.parse({ ...inboundTrain('X8601', Date.now() + 48 * HOUR), containerCapacity: 1 }), xj)).train;
    await fileConsignment(consignmentFilingSchema.parse(importFiling({ trainId: train.id })), importer);
    const error = await refusal(fileConsignment(porkImport(p.number, { trainId: train.id, containers: [{ number: containerNumber(61) }] }), importer));
    expect(error).toBeInstanceOf(Conflict);
    expect(await repos().permits.get(p.number)).toEqual(before);
  });

  it('reserves once for a keyed filing retried, even after a crash between the reservation and the consignment', async () => {
    const p = await permit();
    // The first attempt reserved and died before storing the consignment (its id comes from the key).
    const id = deterministicId(importer.subject, 'pork-key-1');
    await repos().permits.reserve(p.number, id, 24, new Date().toISOString());
    const retried = await fileConsignment(porkImport(p.number), importer, 'pork-key-1');
    expect(retried.id).toBe(id);
    const again = await fileConsignment(porkImport(p.number), importer, 'pork-key-1');
    expect(again.id).toBe(id);
    expect(await repos().permits.get(p.number)).toMatchObject({ remaining: 216, reserved: 24, useCount: 1 });
  });

  it('gives back a reservation whose filing was never stored once it is old, when it stands in another filing’s way', async () => {
    const p = await permit({ quantity: 24 });
    const long = new Date(Date.now() - STALE_RESERVATION_MS - 60_000).toISOString();
    await repos().permits.reserve(p.number, 'GHOST-FILING', 24, long);
    const consignment = await fileConsignment(porkImport(p.number), importer);
    const query = await readPermit(p.number, cq);
    expect(query.history.map((u) => [u.consignmentId, u.state, u.returnReason])).toEqual([
      ['GHOST-FILING', 'returned', 'abandoned'],
      [consignment.id, 'reserved', undefined],
    ]);
    // A fresh reservation of a filing still in flight is left alone: the next filing is refused.
    await repos().permits.settle(p.number, consignment.id, { state: 'returned', reason: 'rejected' }, new Date().toISOString());
    await repos().permits.reserve(p.number, 'IN-FLIGHT', 24, new Date().toISOString());
    expect(await refusal(fileConsignment(porkImport(p.number), importer))).toBeInstanceOf(Conflict);
  });

  it('refuses a cancelled permit (400 naming it) and lets only its bureau or HQ cancel', async () => {
    const p = await permit();
    await expect(cancelPermit(p.number, { reason: 'wrong holder' }, xj)).rejects.toBeInstanceOf(NotAllowed);
    await expect(cancelPermit(p.number, { reason: 'wrong holder' }, trader)).rejects.toBeInstanceOf(NotFound);
    const cancelled = await cancelPermit(p.number, { reason: 'wrong holder' }, cq);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { by: 'CQ', reason: 'wrong holder' } });
    expect(await cancelPermit(p.number, { reason: 'wrong holder' }, hq)).toMatchObject({ status: 'cancelled' });
    await expect(cancelPermit(p.number, { reason: 'another reason' }, hq)).rejects.toBeInstanceOf(Conflict);
    const error = await refusal(fileConsignment(porkImport(p.number), importer));
    expect((error as InvalidInput).issues).toEqual([expect.objectContaining({ path: 'permits.0.number', code: 'PERMIT_CANCELLED' })]);
  });
});

describe('settling at the end of the lifecycle (核销)', () => {
  it('writes off at release, once, with one event in the audit trail', async () => {
    const p = await permit();
    const consignment = await fileConsignment(porkImport(p.number), importer);
    await settlePermits(consignment, 'released');
    await settlePermits(consignment, 'released');
    expect(await repos().permits.get(p.number)).toMatchObject({ remaining: 216, reserved: 0, writtenOff: 24 });
    const events = await everyPage((page) => repos().consignments.events(consignment.id, page));
    expect(events.filter((e) => e.type === 'permits-written-off')).toEqual([
      expect.objectContaining({ data: { permits: [{ number: p.number, quantity: 24, state: 'written-off', at: expect.any(String) }] } }),
    ]);
    // A rejection arriving after the release changes nothing.
    await settlePermits(consignment, 'rejected');
    expect((await readPermit(p.number, importer)).history[0]).toMatchObject({ state: 'written-off' });
  });

  it('returns the quantity at rejection', async () => {
    const p = await permit();
    const consignment = await fileConsignment(porkImport(p.number), importer);
    await settlePermits(consignment, 'rejected');
    expect(await readPermit(p.number, cq)).toMatchObject({ remaining: 240, reserved: 0, writtenOff: 0, history: [{ state: 'returned', returnReason: 'rejected' }] });
    const events = await everyPage((page) => repos().consignments.events(consignment.id, page));
    expect(events.map((e) => e.type)).toContain('permits-returned');
  });

  it('does nothing for a consignment without permits', async () => {
    const consignment = await fileConsignment(consignmentFilingSchema.parse(importFiling()), importer);
    expect(await settlePermits(consignment, 'released')).toEqual([]);
  });
});

describe('the online query (网上查询) and the register listings', () => {
  it('shows a permit to its holder, bureaus and HQ, and to no one else (404)', async () => {
    const p = await permit();
    for (const caller of [importer, cq, xj, hq]) expect((await readPermit(p.number, caller)).number).toBe(p.number);
    await expect(readPermit(p.number, trader)).rejects.toBeInstanceOf(NotFound);
    await expect(readPermit('NO-SUCH', hq)).rejects.toBeInstanceOf(NotFound);
  });

  it('lists a declarant’s own, a bureau’s issues, one holder’s, or all for HQ', async () => {
    const p = await permit();
    const own = await listPermits({}, importer);
    expect(own.items.map((i) => i.number)).toContain(p.number);
    expect(own.items.every((i) => i.holder.creditCode === CREDIT_CODES.chongqingImporter)).toBe(true);
    expect((await listPermits({}, trader)).items).toEqual([]);
    await expect(listPermits({ holder: CREDIT_CODES.chongqingImporter }, trader)).rejects.toBeInstanceOf(NotAllowed);
    expect((await listPermits({}, cq)).items.map((i) => i.number)).toContain(p.number);
    expect((await listPermits({}, xj)).items.map((i) => i.number)).not.toContain(p.number);
    expect((await listPermits({ holder: CREDIT_CODES.chongqingImporter }, xj)).items.map((i) => i.number)).toContain(p.number);
    await expect(listPermits({ bureau: 'CQ' }, xj)).rejects.toBeInstanceOf(NotAllowed);
    expect((await listPermits({ limit: 100 }, hq)).items.map((i) => i.number)).toContain(p.number);
    expect((await listPermits({ bureau: 'CQ', limit: 100 }, hq)).items.map((i) => i.number)).toContain(p.number);
    const [summary] = (await listPermits({ holder: CREDIT_CODES.chongqingImporter, limit: 1 }, hq)).items;
    expect(summary).not.toHaveProperty('history');
    expect(summary).not.toHaveProperty('issuedBySubject');
  });
});
