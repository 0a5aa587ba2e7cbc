import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const declarant = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
const CONTAINER = 'CSQU3054383';

interface ManifestView {
  lines: number;
  pages: number;
  digest: string;
  sampling: { sampleSize: number; codeLetter: string; generalLevel: string; rule: { zh: string; en: string } };
  items: Array<{ line: number; waybill: string; sampled?: boolean; hsCode?: string }>;
  nextToken?: string;
}

const parcel = (i: number) => ({ waybill: `YT${String(i).padStart(10, '0')}`, description: 'phone case / 手机壳', hsCode: '392690', quantity: 1 + (i % 3), value: 25 + (i % 50) });
const manifest = (n: number) => ({ lines: Array.from({ length: n }, (_, i) => parcel(i)) });

async function fileEcommerce() {
  return driver.file(await declarant(), importFiling({ tradeMode: 'cross-border-ecommerce' }));
}

describe('list-based supervision of cross-border e-commerce parcels (408号 三（四）), end to end', () => {
  it('stores a 10,000-line manifest in pages, samples it reproducibly and releases the rest in one decision', async () => {
    const filed = await fileEcommerce();
    expect(filed.inspectionPlan.reasons.map((r) => r.code)).toContain('LIST_BASED_SAMPLING');

    const body = manifest(10_000);
    const key = { 'Idempotency-Key': `parcels-${filed.id}` };
    const uploaded = await t.call<ManifestView>('PUT', `/consignments/${filed.id}/parcels`, await declarant(), body, key);
    expect(uploaded.status, JSON.stringify(uploaded.body).slice(0, 500)).toBe(201);
    expect(uploaded.body).toMatchObject({ lines: 10_000, pages: 50, sampling: { generalLevel: 'II', codeLetter: 'L', sampleSize: 200 } });
    expect(uploaded.body.sampling.rule.en).toContain('200 lines sampled');
    // The same request again lands on the same manifest.
    const again = await t.call<ManifestView>('PUT', `/consignments/${filed.id}/parcels`, await declarant(), body, key);
    expect(again.status).toBe(201);
    expect(again.body.digest).toBe(uploaded.body.digest);
    // Another manifest is refused: a manifest is declared once.
    const other = await t.call('PUT', `/consignments/${filed.id}/parcels`, await declarant(), manifest(3), { 'Idempotency-Key': `parcels-other-${filed.id}` });
    expect(other.status).toBe(409);

    // The consignment item keeps the summary and the sample, not the lines.
    const stored = await driver.consignment(filed.id);
    expect(JSON.stringify(stored).length).toBeLessThan(60_000);

    // Paged: 200 lines a page, in order, each marked whether it is sampled.
    const cq = await driver.officer('CQ');
    const first = await t.call<ManifestView>('GET', `/consignments/${filed.id}/parcels`, cq);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(200);
    expect(first.body.items[0]).toMatchObject({ line: 0, waybill: 'YT0000000000', hsCode: '392690' });
    const second = await t.call<ManifestView>('GET', `/consignments/${filed.id}/parcels?nextToken=${encodeURIComponent(first.body.nextToken!)}`, cq);
    expect(second.body.items[0]?.line).toBe(200);

    const sample = await t.call<ManifestView>('GET', `/consignments/${filed.id}/parcel-sample`, cq);
    expect(sample.status).toBe(200);
    expect(sample.body.items).toHaveLength(200);
    expect(sample.body.items.every((item) => item.hsCode === '392690')).toBe(true);
    const sampledOnFirstPage = first.body.items.filter((i) => i.sampled).map((i) => i.waybill);
    expect(sample.body.items.filter((i) => i.line < 200).map((i) => i.waybill)).toEqual(sampledOnFirstPage);

    const portChecks = await driver.task('XJ', filed.id, 'port-checks');
    await driver.complete('XJ', portChecks.id, passedPortChecks([CONTAINER]));
    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    // A pass without the sampled lines is refused, naming the field.
    const unanswered = await t.call<{ errors?: Array<{ path: string }> }>('POST', `/tasks/${encodeURIComponent(inspection.id)}/complete`, cq, { outcome: 'pass' });
    expect(unanswered.status).toBe(400);
    expect(JSON.stringify(unanswered.body)).toContain('details.parcels');

    const parcels = sample.body.items.map((item) => ({ waybill: item.waybill, outcome: 'pass' }));
    await driver.complete('CQ', inspection.id, { outcome: 'pass', details: { parcels } });
    const released = await driver.settled(filed.id);
    expect(released.status).toBe('released');
    expect(released.events.map((e) => e.type)).toContain('parcel-manifest-uploaded');
  });

  it('rejects the lot when a sampled parcel fails, and refuses a pass over it', async () => {
    const filed = await fileEcommerce();
    const uploaded = await t.call<ManifestView>('PUT', `/consignments/${filed.id}/parcels`, await declarant(), manifest(120), { 'Idempotency-Key': `parcels-${filed.id}` });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.sampling.sampleSize).toBe(20);
    const portChecks = await driver.task('XJ', filed.id, 'port-checks');
    await driver.complete('XJ', portChecks.id, passedPortChecks([CONTAINER]));
    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    const sample = await t.call<ManifestView>('GET', `/consignments/${filed.id}/parcel-sample`, await driver.officer('CQ'));
    const parcels = sample.body.items.map((item, i) => ({ waybill: item.waybill, outcome: i === 0 ? 'fail' : 'pass', ...(i === 0 && { findings: 'undeclared plant seeds' }) }));
    const passed = await t.call('POST', `/tasks/${encodeURIComponent(inspection.id)}/complete`, await driver.officer('CQ'), { outcome: 'pass', details: { parcels } });
    expect(passed.status).toBe(400);
    await driver.complete('CQ', inspection.id, { outcome: 'fail', details: { disposal: 'return', parcels } });
    expect((await driver.settled(filed.id)).status).toBe('rejected');
  });

  it('answers bad input with problem+json naming the field and writes nothing; only the parties read the manifest', async () => {
    const filed = await fileEcommerce();
    const bad = { lines: [parcel(1), { ...parcel(2), hsCode: 'x' }] };
    const refused = await t.call<{ errors: Array<{ path: string }> }>('PUT', `/consignments/${filed.id}/parcels`, await declarant(), bad, { 'Idempotency-Key': `bad-${filed.id}` });
    expect(refused.status).toBe(400);
    expect(refused.contentType).toContain('application/problem+json');
    expect(JSON.stringify(refused.body)).toContain('body.lines.1.hsCode');
    const repeated = await t.call('PUT', `/consignments/${filed.id}/parcels`, await declarant(), { lines: [parcel(1), parcel(2), parcel(1)] }, { 'Idempotency-Key': `repeat-${filed.id}` });
    expect(repeated.status).toBe(400);
    expect(JSON.stringify(repeated.body)).toContain('body.lines.2.waybill');
    const none = await t.call('GET', `/consignments/${filed.id}/parcels`, await driver.officer('CQ'));
    expect(none.status).toBe(409);

    const general = await driver.file(await declarant(), importFiling());
    const notListBased = await t.call('PUT', `/consignments/${general.id}/parcels`, await declarant(), manifest(2), { 'Idempotency-Key': `general-${general.id}` });
    expect(notListBased.status).toBe(409);

    // Another enterprise and an unrelated bureau can neither declare nor read it.
    const stranger = await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);
    expect((await t.call('PUT', `/consignments/${filed.id}/parcels`, stranger, manifest(2), { 'Idempotency-Key': `stranger-${filed.id}` })).status).toBe(403);
    expect((await t.call('PUT', `/consignments/${filed.id}/parcels`, await driver.officer('XJ'), manifest(2), { 'Idempotency-Key': `port-${filed.id}` })).status).toBe(403);
    expect((await t.call('GET', `/consignments/${filed.id}/parcel-sample`, await driver.officer('ZJ'))).status).toBe(403);
  });
});
