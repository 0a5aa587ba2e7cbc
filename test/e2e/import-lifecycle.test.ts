import { describe, expect, it } from 'vitest';
import { CREDIT_CODES, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { porkPermitIssue, validFor } from '#test/domain/permit-fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { expectValidHistory } from './support/history-order.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);
const declarant = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
const CONTAINER = 'CSQU3054383';

async function throughPortChecks(id: string) {
  const portChecks = await driver.task('XJ', id, 'port-checks');
  await driver.complete('XJ', portChecks.id, passedPortChecks([CONTAINER]));
}

describe('import direct-through (进口直通), end to end through the API', () => {
  it('releases a general import after port checks and destination inspection, without opening it at the port', async () => {
    const filed = await driver.file(await declarant(), importFiling());
    expect(filed.status).toBe('filed');
    expect(filed.inspectionPlan.portInspection).toBe(false);
    expect(filed.inspectionPlan.reasons.map((r) => r.code)).toContain('IMPORT_DIRECT_THROUGH');
    expect(filed.executionArn).toMatch(/:execution:ConsignmentImport:/);

    const portChecks = await driver.task('XJ', filed.id, 'port-checks');
    expect(portChecks.bureau).toBe('XJ');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-port-checks');
    await driver.complete('XJ', portChecks.id, passedPortChecks([CONTAINER]));

    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-destination-inspection');
    await driver.complete('CQ', inspection.id, { outcome: 'pass' });

    const released = await driver.settled(filed.id);
    expect(released.status).toBe('released');
    expect(released.events.map((e) => e.type)).toEqual([
      'filed', 'task-opened', 'port-checks-completed', 'task-opened', 'destination-inspection-completed', 'released',
    ]);
    expect(released.events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);

    // The consignment is released inside the last step; the execution succeeds once that step returns.
    const history = await eventually(async () => {
      const read = await t.call<{ status: string; events: Array<Record<string, unknown>> }>('GET', `/consignments/${filed.id}/history`, await declarant());
      expect(read.status).toBe(200);
      return read.body.status === 'SUCCEEDED' ? read : undefined;
    }, 'the execution to succeed');
    expectValidHistory(history.body.events);
    // A declarant sees the steps, not the bureaus' data; nobody ever sees a callback token.
    expect(JSON.stringify(history.body.events)).not.toMatch(/"input"|"output"|"parameters"/);
    const hqHistory = await t.call<{ events: Array<Record<string, unknown>> }>('GET', `/consignments/${filed.id}/history`, await driver.hq());
    const scheduled = hqHistory.body.events.filter((e) => e.type === 'TaskScheduled');
    // Port checks, the plan as it stands after them (shared/lifecycle/consignments/settle-plan.ts), destination inspection, release.
    expect(scheduled).toHaveLength(4);
    for (const event of scheduled) {
      const parameters = JSON.parse((event.taskScheduledEventDetails as { parameters: string }).parameters) as { Payload: { taskToken?: string } };
      if (parameters.Payload.taskToken !== undefined) expect(parameters.Payload.taskToken).toBe('[redacted]');
    }
    expect(scheduled.filter((e) => String((e.taskScheduledEventDetails as { parameters: string }).parameters).includes('[redacted]'))).toHaveLength(2);
    const entered = history.body.events.filter((e) => String(e.type).endsWith('StateEntered'));
    expect(entered.map((e) => (e.stateEnteredEventDetails as { name: string }).name)).toEqual([
      'Planned', 'AwaitPortChecks', 'PlanAfterPortChecks', 'AfterPortChecks', 'AwaitDestinationInspection', 'Decide', 'Release',
    ]);

    const inbox = await driver.notices(await driver.officer('XJ'), filed.id, ['released', 'task:port-checks']);
    expect(inbox.map((n) => n.kind)).toEqual(['released', 'task:port-checks']);
  });

  it.each([
    ['waste raw materials (废物原料)', 'waste-raw-material', 'IMPORT_EXCEPTION_WASTE_RAW_MATERIAL', '470790'],
    ['hazardous chemicals (危险化学品)', 'hazardous-chemical', 'IMPORT_EXCEPTION_HAZARDOUS_CHEMICAL', '281511'],
    ['bulk cargo (大宗散装货物)', 'bulk', 'IMPORT_EXCEPTION_BULK', '260111'],
  ] as const)('opens %s at the port before the destination inspects', async (_name, category, reason, hsCode) => {
    const filed = await driver.file(await declarant(), importFiling({ goods: [goodsLine({ hsCode, categories: [category] })] }));
    expect(filed.inspectionPlan.portInspection).toBe(true);
    expect(filed.inspectionPlan.reasons.map((r) => r.code)).toContain(reason);

    await throughPortChecks(filed.id);
    const portInspection = await driver.task('XJ', filed.id, 'port-inspection');
    expect((await driver.consignment(filed.id)).status).toBe('awaiting-port-inspection');
    await driver.complete('XJ', portInspection.id, { outcome: 'pass', details: { findings: 'consistent with the declaration' } });
    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    await driver.complete('CQ', inspection.id, { outcome: 'pass' });
    expect((await driver.settled(filed.id)).status).toBe('released');
  });

  const beef = goodsLine({ hsCode: '020130', description: 'frozen boneless beef / 冷冻去骨牛肉', quantity: 22, unit: 'TNE', netWeightKg: 22000, originCountry: 'PL', categories: ['high-risk-agricultural', 'animal-product'] });
  // Meat needs an entry quarantine permit (§7): Chongqing registers one for the importer, each filing cites it.
  let beefPermit: Promise<unknown> | undefined;
  const withBeefPermit = async () => {
    beefPermit ??= driver.permit(porkPermitIssue({ number: '2024CQBEEF01', product: { description: 'frozen beef / 冷冻牛肉', hsCodes: ['0201', '0202'] }, quantity: 220, ...validFor() }));
    await beefPermit;
    return { permits: [{ number: '2024CQBEEF01', kind: 'animal-plant-quarantine' as const, quantity: 22, unit: 'TNE' as const }] };
  };

  it('lets high-risk agricultural goods go direct-through when the configured measures hold (sealed, designated site, transit limit)', async () => {
    const filed = await driver.file(await declarant(), importFiling({ containers: [{ number: CONTAINER, sealNumber: 'PL-778812' }], goods: [beef], ...(await withBeefPermit()) }));
    expect(filed.inspectionPlan.portInspection).toBe(false);
    expect(filed.inspectionPlan.reasons.map((r) => r.code)).toContain('HIGH_RISK_AGRI_MEASURES_MET');
    await throughPortChecks(filed.id);
    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    await driver.complete('CQ', inspection.id, { outcome: 'pass' });
    const released = await driver.settled(filed.id);
    expect(released.events.map((e) => e.type)).not.toContain('port-inspection-completed');
  });

  it('falls back to port inspection for high-risk agricultural goods when a measure is missing (unsealed container)', async () => {
    const filed = await driver.file(await declarant(), importFiling({ containers: [{ number: CONTAINER }], goods: [beef], ...(await withBeefPermit()) }));
    expect(filed.inspectionPlan.portInspection).toBe(true);
    const fallback = filed.inspectionPlan.reasons.find((r) => r.code === 'HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION');
    expect(fallback?.text.en).toMatch(/seal/);
    await throughPortChecks(filed.id);
    await driver.task('XJ', filed.id, 'port-inspection');
  });
});

describe('disposal of a nonconformity (不合格处置)', () => {
  async function failDestinationInspection(disposal: string) {
    const filed = await driver.file(await declarant(), importFiling());
    await throughPortChecks(filed.id);
    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    await driver.complete('CQ', inspection.id, { outcome: 'fail', details: { disposal, findings: 'labelling nonconformity' } });
    return filed.id;
  }

  it('treats the goods, then releases them', async () => {
    const id = await failDestinationInspection('treatment');
    const treatment = await driver.task('CQ', id, 'treatment');
    expect((await driver.consignment(id)).status).toBe('awaiting-disposal');
    await driver.complete('CQ', treatment.id, { outcome: 'pass', details: { method: 'relabelling under supervision' } });
    const released = await driver.settled(id);
    expect(released.status).toBe('released');
    expect(released.disposal?.kind).toBe('treatment');
  });

  it.each(['return', 'destroy'])('rejects the consignment when the destination orders %s, and tells the bureaus and HQ', async (disposal) => {
    const id = await failDestinationInspection(disposal);
    const rejected = await driver.settled(id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.disposal?.kind).toBe(disposal);
    for (const bureau of ['CQ', 'XJ', 'HQ']) {
      const token = bureau === 'HQ' ? await driver.hq() : await driver.officer(bureau);
      const kinds = (await driver.notices(token, id, ['nonconformity', 'rejected'])).map((n) => n.kind);
      expect(kinds, bureau).toEqual(expect.arrayContaining(['nonconformity', 'rejected']));
    }
  });

  it('rejects at the port when radiation monitoring alarms and the port orders the goods returned', async () => {
    const filed = await driver.file(await declarant(), importFiling());
    const portChecks = await driver.task('XJ', filed.id, 'port-checks');
    await driver.complete('XJ', portChecks.id, {
      outcome: 'fail',
      details: { containers: [{ number: CONTAINER, radiation: 'alarm', quarantine: 'pass', treatment: 'not-needed' }], disposal: 'return' },
    });
    const rejected = await driver.settled(filed.id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.events.map((e) => e.type)).not.toContain('destination-inspection-completed');
  });
});
