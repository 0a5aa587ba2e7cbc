import { describe, expect, it } from 'vitest';
import {
  MAX_CONTAINERS_PER_CONSIGNMENT,
  MAX_CONTAINERS_PER_TRAIN,
  MAX_FINDINGS_LENGTH,
  MAX_GOODS_DESCRIPTION_LENGTH,
  MAX_GOODS_LINES,
} from '#shared/domain/limits.ts';
import { CREDIT_CODES, importFiling } from '#test/domain/fixtures.ts';
import { chinese, DIRECT_THROUGH_CATEGORIES, maximalImportFiling, maximalPortChecks } from '#test/domain/limit-bodies.ts';
import { permitsCitedBy } from '#test/domain/permit-fixtures.ts';
import { containerNumber, DAY, inboundTrain } from '#test/domain/train-bodies.ts';
import { LifecycleDriver, passedPortChecks } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

/**
 * Issue 11, "input that the API accepts but cannot process": everything up to the documented
 * limits (docs/limits.md) goes all the way through, and anything over them is a 400 naming the
 * field before anything is written. Before the limits, 5,000 containers made every completion
 * answer 500 and 20,000 made the filing itself answer 500.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
const declarant = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);

type Problem = { type: string; errors: Array<{ field: string; message: string }> };

const containersOf = (count: number, first = 1) => Array.from({ length: count }, (_, i) => ({ number: containerNumber(first + i) }));

describe('a consignment at every limit', () => {
  it('is filed, port-checked container by container, inspected and released, all with 2xx and a full audit trail', { timeout: 60_000 }, async () => {
    const filing = maximalImportFiling({ categories: DIRECT_THROUGH_CATEGORIES });
    // The permits it cites are registered first: filing verifies and reserves each (§7).
    for (const issue of permitsCitedBy(filing)) await driver.permit(issue);
    const filed = await driver.file(await declarant(), filing, { 'idempotency-key': 'limits-largest-filing' });
    expect(filed.inspectionPlan.portInspection).toBe(false);
    const containers = filing.containers.map((c) => c.number);

    const portChecks = await driver.task('XJ', filed.id, 'port-checks');
    const answered = await t.call('POST', `/tasks/${portChecks.id}/complete`, await driver.officer('XJ'), maximalPortChecks(containers, 'pass'), { 'idempotency-key': 'limits-largest-port-checks' });
    expect(answered.status, JSON.stringify(answered.body).slice(0, 500)).toBe(200);

    const inspection = await driver.task('CQ', filed.id, 'destination-inspection');
    await driver.complete('CQ', inspection.id, { outcome: 'pass', details: { findings: chinese(MAX_FINDINGS_LENGTH, '目的地检验') } });

    expect((await driver.settled(filed.id)).status).toBe('released');
    // The close step writes off the permits right after the release.
    const released = await eventually(async () => {
      const consignment = await driver.consignment(filed.id);
      return consignment.events.some((e) => e.type === 'permits-written-off') ? consignment : undefined;
    }, 'the permits written off');
    expect(released.events.map((e) => e.type)).toEqual(['filed', 'task-opened', 'port-checks-completed', 'task-opened', 'destination-inspection-completed', 'released', 'permits-written-off']);
    const reported = released.events.find((e) => e.type === 'port-checks-completed')?.data as { details: { containers: unknown[]; findings: string } };
    expect(reported.details.containers).toHaveLength(MAX_CONTAINERS_PER_CONSIGNMENT);
    expect(reported.details.findings).toHaveLength(MAX_FINDINGS_LENGTH);

    const stored = await t.call<{ containers: unknown[]; goods: Array<{ description: string }> }>('GET', `/consignments/${filed.id}`, await declarant());
    expect(stored.body.containers).toHaveLength(MAX_CONTAINERS_PER_CONSIGNMENT);
    expect(stored.body.goods).toHaveLength(MAX_GOODS_LINES);
    expect(stored.body.goods[MAX_GOODS_LINES - 1]?.description).toHaveLength(MAX_GOODS_DESCRIPTION_LENGTH);
  });
});

describe('over the limits', () => {
  it.each([
    ['one container more than a train carries', MAX_CONTAINERS_PER_CONSIGNMENT + 1],
    ['5,000 containers', 5000],
  ])('refuses a filing with %s: 400 naming body.containers, and nothing is written', async (_what, count) => {
    const before = await driver.consignmentCount();
    const response = await t.call<Problem>('POST', '/consignments', await declarant(), importFiling({ containers: containersOf(count) }));
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.type).toBe('urn:cr-express:problem:validation');
    expect(response.body.errors).toEqual([{ field: 'body.containers', message: expect.stringContaining(String(MAX_CONTAINERS_PER_CONSIGNMENT)) }]);
    expect(await driver.consignmentCount()).toBe(before);
  });

  it('refuses a task completion over the limits (400 naming each field), and the task stays open', async () => {
    const filed = await driver.file(await declarant(), importFiling());
    const task = await driver.task('XJ', filed.id, 'port-checks');
    const xj = await driver.officer('XJ');
    const complete = (body: unknown) => t.call<Problem>('POST', `/tasks/${task.id}/complete`, xj, body);

    const longFindings = await complete({ ...passedPortChecks(['CSQU3054383']), details: { ...passedPortChecks(['CSQU3054383']).details, findings: chinese(MAX_FINDINGS_LENGTH + 1) } });
    expect(longFindings.status).toBe(400);
    expect(longFindings.body.errors.map((e) => e.field)).toEqual(['body.details.findings']);
    expect(longFindings.body.errors[0]?.message).toContain(String(MAX_FINDINGS_LENGTH));

    const manyContainers = await complete(passedPortChecks(containersOf(5000).map((c) => c.number)));
    expect(manyContainers.status).toBe(400);
    expect(manyContainers.body.errors.map((e) => e.field)).toEqual(['body.details.containers']);

    expect((await driver.consignment(filed.id)).status).toBe('awaiting-port-checks');
    expect((await driver.task('XJ', filed.id, 'port-checks')).id).toBe(task.id);
    expect((await driver.consignment(filed.id)).events.map((e) => e.type)).toEqual(['filed', 'task-opened']);
    // Within the limits the same task is then answered as usual.
    expect((await complete(passedPortChecks(['CSQU3054383']))).status).toBe(200);
  });

  it('refuses a train registered for more containers than a train carries', async () => {
    const response = await t.call<Problem>('POST', '/trains', await driver.officer('XJ'), inboundTrain('X9901', Date.now() + 2 * DAY, { containerCapacity: MAX_CONTAINERS_PER_TRAIN + 1 }));
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.field)).toEqual(['body.containerCapacity']);
  });
});
