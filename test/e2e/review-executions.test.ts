import { beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { expectValidHistory } from './support/history-order.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);

interface ExecutionItem {
  executionArn: string;
  name: string;
  workflow: string;
  status: string;
  startDate: string;
  stopDate?: string;
  consignmentId?: string;
  bureaus: string[];
}
interface Listing {
  items: ExecutionItem[];
  nextToken?: string;
}
interface Step {
  state: string;
  task?: { kind: string; bureau?: string };
  actedBy?: { role: string; bureau?: string; subject?: string };
  outcome?: string;
  enteredAt: string;
  exitedAt?: string;
  waitedMs?: number;
  escalations: unknown[];
}
interface Review {
  execution: ExecutionItem & { stateMachineArn: string };
  history: { events: Array<Record<string, unknown>> };
  timeline: { status: string; steps: Step[] };
}

const list = async (token: string, query = '') => t.call<Listing>('GET', `/executions${query}`, token);

/**
 * Three consignments of three bureaus: an import to Chongqing through Alashankou (XJ, CQ), an
 * import to Henan through Erenhot (NM, HA), and an export from Zhejiang through Alashankou (XJ, ZJ).
 */
const filed: { cq: string; ha: string; zj: string } = { cq: '', ha: '', zj: '' };
let startedBefore = '';

beforeAll(async () => {
  startedBefore = new Date(Date.now() - 1000).toISOString();
  filed.cq = (await driver.file(await driver.declarant('CQ', CREDIT_CODES.chongqingImporter), importFiling())).id;
  filed.ha = (await driver.file(await driver.officer('HA'), importFiling({ portCode: 'ERENHOT', destinationBureau: 'HA' }))).id;
  filed.zj = (await driver.file(await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter), exportFiling())).id;
});

describe('GET /executions (HQ review)', () => {
  it('shows HQ every execution, newest first, with its workflow, bureaus and live status', async () => {
    const { status, body } = await list(await driver.hq());
    expect(status).toBe(200);
    expect(body.items.map((e) => e.name)).toEqual([filed.zj, filed.ha, filed.cq]);
    expect(body.items.map((e) => e.workflow)).toEqual(['ConsignmentExport', 'ConsignmentImport', 'ConsignmentImport']);
    expect(body.items[1]).toMatchObject({ consignmentId: filed.ha, status: 'RUNNING', bureaus: expect.arrayContaining(['NM', 'HA']) });
    expect(body.items[1]?.executionArn).toMatch(/:execution:ConsignmentImport:/);
  });

  it('shows a bureau only the executions that involve it, and refuses another bureau (403)', async () => {
    expect((await list(await driver.officer('XJ'))).body.items.map((e) => e.name)).toEqual([filed.zj, filed.cq]);
    expect((await list(await driver.officer('NM'))).body.items.map((e) => e.name)).toEqual([filed.ha]);
    expect((await list(await driver.officer('HL'))).body.items).toEqual([]);
    const other = await list(await driver.officer('XJ'), '?bureau=NM');
    expect(other.status).toBe(403);
    expect(other.contentType).toBe('application/problem+json');
    expect((await list(await driver.officer('XJ'), '?bureau=XJ')).body.items).toHaveLength(2);
    // Another bureau's consignment named explicitly is filtered out, never shown.
    expect((await list(await driver.officer('XJ'), `?consignment=${filed.ha}`)).body.items).toEqual([]);
    for (const id of [filed.ha, `arn:aws:states:us-east-1:000000000000:execution:ConsignmentImport:${filed.ha}`]) {
      expect((await t.call('GET', `/executions/${encodeURIComponent(id)}`, await driver.officer('XJ'))).status).toBe(403);
    }
  });

  it('lets a declarant see only its own consignment executions, named', async () => {
    const importer = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
    expect((await list(importer)).status).toBe(403);
    expect((await list(importer, `?consignment=${filed.zj}`)).status).toBe(403);
    expect((await list(importer, `?consignment=${filed.cq}`)).body.items.map((e) => e.name)).toEqual([filed.cq]);
    expect((await t.call('GET', `/executions/${filed.cq}`, importer)).status).toBe(200);
    expect((await t.call('GET', `/executions/${filed.zj}`, importer)).status).toBe(403);
  });

  it('filters by workflow, bureau, consignment and start time, and pages', async () => {
    const hq = await driver.hq();
    expect((await list(hq, '?workflow=ConsignmentExport')).body.items.map((e) => e.name)).toEqual([filed.zj]);
    expect((await list(hq, '?workflow=ConsignmentImport&bureau=XJ')).body.items.map((e) => e.name)).toEqual([filed.cq]);
    expect((await list(hq, `?consignment=${filed.ha}`)).body.items.map((e) => e.name)).toEqual([filed.ha]);
    expect((await list(hq, '?workflow=TrainRun')).body.items).toEqual([]);
    const all = (await list(hq)).body.items;
    const middle = all[1]!.startDate;
    expect((await list(hq, `?from=${encodeURIComponent(middle)}`)).body.items.map((e) => e.name)).toEqual([filed.zj, filed.ha]);
    expect((await list(hq, `?to=${encodeURIComponent(middle)}`)).body.items.map((e) => e.name)).toEqual([filed.ha, filed.cq]);
    expect((await list(hq, `?to=${encodeURIComponent(startedBefore)}`)).body.items).toEqual([]);

    const first = await list(hq, '?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await list(hq, `?limit=2&nextToken=${first.body.nextToken}`);
    expect([...first.body.items, ...second.body.items].map((e) => e.name)).toEqual([filed.zj, filed.ha, filed.cq]);
    expect(second.body.nextToken).toBeUndefined();
    expect((await list(hq, `?workflow=ConsignmentExport&nextToken=${first.body.nextToken}`)).status).toBe(400);
    expect((await list(hq, '?status=DONE&from=yesterday')).status).toBe(400);
  });

  it('filters by status once an execution has ended, as Step Functions reports it', async () => {
    const origin = await driver.task('ZJ', filed.zj, 'origin-inspection');
    await driver.complete('ZJ', origin.id, { outcome: 'pass' });
    await driver.settled(filed.zj);
    const hq = await driver.hq();
    const succeeded = await eventually(async () => {
      const page = (await list(hq, '?status=SUCCEEDED')).body.items;
      return page.length > 0 ? page : undefined;
    }, 'the export execution to succeed');
    expect(succeeded.map((e) => e.name)).toEqual([filed.zj]);
    expect(succeeded[0]?.stopDate).toBeDefined();
    expect((await list(hq, '?status=RUNNING')).body.items.map((e) => e.name)).toEqual([filed.ha, filed.cq]);
    expect((await list(hq, '?status=FAILED')).body.items).toEqual([]);
    // Read again from the index (the final status was written back): the same answer.
    expect((await list(await driver.officer('ZJ'), '?status=SUCCEEDED')).body.items.map((e) => e.status)).toEqual(['SUCCEEDED']);
  });
});

describe('GET /executions/{id}', () => {
  it('returns the execution, its full AWS-shaped history and a timeline naming the acting bureaus and officers', async () => {
    const xj = await driver.task('XJ', filed.cq, 'port-checks');
    await driver.complete('XJ', xj.id, passedPortChecks(['CSQU3054383']));
    const cq = await driver.task('CQ', filed.cq, 'destination-inspection');
    await driver.complete('CQ', cq.id, { outcome: 'pass' });
    await driver.settled(filed.cq);
    const officerOf = async (bureau: string) => (await t.call<{ subject: string }>('GET', '/me', await driver.officer(bureau))).body.subject;

    const review = await eventually(async () => {
      const response = await t.call<Review>('GET', `/executions/${filed.cq}`, await driver.officer('CQ'));
      expect(response.status).toBe(200);
      return response.body.execution.status === 'SUCCEEDED' ? response.body : undefined;
    }, 'the import execution to succeed');
    expect(review.execution).toMatchObject({ name: filed.cq, workflow: 'ConsignmentImport', consignmentId: filed.cq, status: 'SUCCEEDED' });
    expectValidHistory(review.history.events);
    expect(review.history.events.filter((e) => String(e.type).endsWith('StateEntered'))).toHaveLength(review.timeline.steps.length);

    const steps = review.timeline.steps;
    expect(steps.map((s) => s.state)).toEqual(['Planned', 'AwaitPortChecks', 'PlanAfterPortChecks', 'AfterPortChecks', 'AwaitDestinationInspection', 'Decide', 'Release']);
    expect(steps[1]).toMatchObject({ task: { kind: 'port-checks', bureau: 'XJ' }, actedBy: { role: 'officer', bureau: 'XJ', subject: await officerOf('XJ') }, outcome: 'pass', escalations: [] });
    expect(steps[4]).toMatchObject({ task: { kind: 'destination-inspection', bureau: 'CQ' }, actedBy: { role: 'officer', bureau: 'CQ', subject: await officerOf('CQ') } });
    for (const step of steps) {
      expect(Date.parse(step.exitedAt!)).toBeGreaterThanOrEqual(Date.parse(step.enteredAt));
      expect(step.waitedMs).toBe(Date.parse(step.exitedAt!) - Date.parse(step.enteredAt));
    }
    expect(review.timeline.status).toBe('SUCCEEDED');

    // A bureau sees the steps, not the data (other bureaus' results); nobody sees a callback token.
    const succeededOf = (events: Array<Record<string, unknown>>) => events.filter((e) => e.type === 'TaskSucceeded').map((e) => e.taskSucceededEventDetails as Record<string, unknown>);
    expect(succeededOf(review.history.events).length).toBeGreaterThan(0);
    expect(succeededOf(review.history.events).every((d) => d.output === undefined)).toBe(true);

    // The same through the URL-encoded ARN, for HQ, with the data; an unknown name is a 404.
    const byArn = await t.call<Review>('GET', `/executions/${encodeURIComponent(review.execution.executionArn)}`, await driver.hq());
    expect(byArn.status).toBe(200);
    expect(byArn.body.history.events).toHaveLength(review.history.events.length);
    expect(succeededOf(byArn.body.history.events).some((d) => String(d.output).includes('"by"'))).toBe(true);
    expect(JSON.stringify(byArn.body.history)).not.toMatch(/"taskToken\\?":\\?"(?!\[redacted\])/);
    expect((await t.call('GET', '/executions/01NOSUCHEXECUTION0000000000', await driver.hq())).status).toBe(404);
    for (const arn of ['arn:aws:states:us-east-1:000000000000:execution:ConsignmentImport:nope', 'arn:aws:states:us-east-1:000000000000:execution:SomeoneElses:x']) {
      expect((await t.call('GET', `/executions/${encodeURIComponent(arn)}`, await driver.hq())).status, arn).toBe(404);
    }
  });
});
