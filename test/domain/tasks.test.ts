import { describe, expect, it } from 'vitest';
import { listingScope, mayComplete, mayFile, mayView } from '#shared/domain/access.ts';
import { createConsignment } from '#shared/domain/consignment.ts';
import { estimatedTransitHours } from '#shared/domain/reference/rail-distances.ts';
import { PORT_CODES, BUREAU_CODES } from '#shared/domain/codes.ts';
import { lifecycleDeadlines } from '#shared/domain/tasks/deadlines.ts';
import { CONSIGNMENT_TASK_KINDS, escalationTarget, STATUS_WHILE_AWAITING, TASK_DEADLINE_SECONDS, taskIdFor } from '#shared/domain/tasks/task-kinds.ts';
import { resultProblems, taskResultSchema } from '#shared/domain/tasks/task-results.ts';
import { CREDIT_CODES, exportFiling, importFiling } from './fixtures.ts';

const containers = [{ number: 'CSQU3054383' }, { number: 'MSKU1234565' }];
const check = (number: string, radiation = 'normal', quarantine = 'pass') => ({ number, radiation, quarantine, treatment: 'done' });

describe('task results (POST /tasks/{id}/complete bodies)', () => {
  it('requires port checks to report containers, and every failure to name a disposal', () => {
    expect(taskResultSchema('port-checks').safeParse({ outcome: 'pass' }).success).toBe(false);
    const fail = taskResultSchema('destination-inspection').safeParse({ outcome: 'fail' });
    expect(fail.success).toBe(false);
    expect(fail.error?.issues[0]?.path).toEqual(['details', 'disposal']);
    expect(taskResultSchema('destination-inspection').safeParse({ outcome: 'pass' }).success).toBe(true);
    expect(taskResultSchema('origin-inspection').safeParse({ outcome: 'pass', details: { disposal: 'return' } }).success).toBe(false);
    expect(taskResultSchema('treatment').safeParse({ outcome: 'fail', details: { disposal: 'treatment' } }).success).toBe(false);
    expect(taskResultSchema('treatment').safeParse({ outcome: 'fail', details: { disposal: 'destroy' } }).success).toBe(true);
  });

  it('checks port checks against the consignment: every container once, and no pass over an alarm', () => {
    const parse = (body: unknown) => taskResultSchema('port-checks').parse(body);
    expect(resultProblems('port-checks', parse({ outcome: 'pass', details: { containers: [check('CSQU3054383'), check('MSKU1234565')] } }), { containers })).toEqual([]);
    const missing = resultProblems('port-checks', parse({ outcome: 'pass', details: { containers: [check('CSQU3054383')] } }), { containers });
    expect(missing.map((p) => p.path)).toEqual(['details.containers']);
    const foreign = resultProblems('port-checks', parse({ outcome: 'pass', details: { containers: [check('CSQU3054383'), check('MSKU1234565'), check('MSKU1234565'), check('TGHU0000013')] } }), { containers });
    expect(foreign.map((p) => p.path)).toEqual(['details.containers.2.number', 'details.containers.3.number']);
    const alarm = resultProblems('port-checks', parse({ outcome: 'pass', details: { containers: [check('CSQU3054383', 'alarm'), check('MSKU1234565', 'normal', 'fail')] } }), { containers });
    expect(alarm).toHaveLength(1);
    expect(alarm[0]?.message).toContain('CSQU3054383, MSKU1234565');
    expect(resultProblems('destination-inspection', { outcome: 'pass' }, { containers })).toEqual([]);
  });
});

describe('task kinds', () => {
  it('names each task after its consignment and kind, and maps each kind to the status awaited', () => {
    expect(taskIdFor('01ABC', 'port-checks')).toBe('01ABC.port-checks');
    for (const kind of CONSIGNMENT_TASK_KINDS) expect(STATUS_WHILE_AWAITING[kind]).toMatch(/^awaiting-/);
  });

  it('escalates to the responsible bureau, then the lead bureau, then HQ', () => {
    const bureaus = { responsible: 'CQ', lead: 'XJ' } as const;
    expect([1, 2, 3, 7].map((level) => escalationTarget(level, bureaus))).toEqual(['CQ', 'XJ', 'HQ', 'HQ']);
  });
});

describe('who may act', () => {
  const imported = createConsignment(importFiling(), { id: 'c1', at: '2016-09-01T08:00:00+08:00' });
  const exported = createConsignment(exportFiling(), { id: 'c2', at: '2016-09-01T08:00:00+08:00' });

  it('lets the Chinese party or the inland bureau file', () => {
    expect(mayFile({ role: 'declarant', bureau: 'CQ', enterprise: CREDIT_CODES.chongqingImporter }, importFiling())).toBe(true);
    expect(mayFile({ role: 'declarant', bureau: 'CQ', enterprise: CREDIT_CODES.yiwuExporter }, importFiling())).toBe(false);
    expect(mayFile({ role: 'declarant', bureau: 'CQ' }, importFiling())).toBe(false);
    expect(mayFile({ role: 'officer', bureau: 'CQ' }, importFiling())).toBe(true);
    expect(mayFile({ role: 'officer', bureau: 'XJ' }, importFiling())).toBe(false);
    expect(mayFile({ role: 'officer', bureau: 'ZJ' }, exportFiling())).toBe(true);
    expect(mayFile({ role: 'hq', bureau: 'HQ' }, importFiling())).toBe(false);
  });

  it('shows a consignment to HQ, its bureaus and its declarant only', () => {
    expect(mayView({ role: 'hq', bureau: 'HQ' }, imported)).toBe(true);
    expect(mayView({ role: 'officer', bureau: 'XJ' }, imported)).toBe(true);
    expect(mayView({ role: 'officer', bureau: 'CQ' }, imported)).toBe(true);
    expect(mayView({ role: 'officer', bureau: 'HL' }, imported)).toBe(false);
    expect(mayView({ role: 'declarant', bureau: 'ZJ', enterprise: CREDIT_CODES.yiwuExporter }, exported)).toBe(true);
    expect(mayView({ role: 'declarant', bureau: 'ZJ', enterprise: CREDIT_CODES.yiwuExporter }, imported)).toBe(false);
  });

  it('narrows listings to the caller: its bureau, its enterprise, or everything for HQ', () => {
    expect(listingScope({ role: 'hq', bureau: 'HQ' }, 'CQ')).toEqual({});
    expect(listingScope({ role: 'officer', bureau: 'XJ' })).toEqual({ bureau: 'XJ' });
    expect(listingScope({ role: 'officer', bureau: 'XJ' }, 'XJ')).toEqual({ bureau: 'XJ' });
    expect(listingScope({ role: 'officer', bureau: 'XJ' }, 'CQ')).toBeUndefined();
    expect(listingScope({ role: 'declarant', bureau: 'CQ', enterprise: CREDIT_CODES.chongqingImporter })).toEqual({ enterprise: CREDIT_CODES.chongqingImporter });
  });

  it('lets only an officer of the task bureau complete it', () => {
    expect(mayComplete({ role: 'officer', bureau: 'XJ' }, { bureau: 'XJ' })).toBe(true);
    expect(mayComplete({ role: 'officer', bureau: 'NM' }, { bureau: 'XJ' })).toBe(false);
    expect(mayComplete({ role: 'hq', bureau: 'XJ' }, { bureau: 'XJ' })).toBe(false);
  });
});

describe('rail transit estimates', () => {
  it('has a distance from every port to every member bureau, longer inland than at the port', () => {
    for (const port of PORT_CODES) {
      for (const bureau of BUREAU_CODES.filter((b) => b !== 'HQ')) expect(estimatedTransitHours(port, bureau), `${port}→${bureau}`).toBeGreaterThan(0);
    }
    expect(estimatedTransitHours('ALASHANKOU', 'CQ')!).toBeGreaterThan(estimatedTransitHours('ALASHANKOU', 'XJ')!);
    expect(estimatedTransitHours('ALASHANKOU', 'HQ')).toBeUndefined();
  });
});

describe('lifecycle deadlines', () => {
  const filedAt = '2026-11-30T08:00:00Z';

  it('counts port work from the train reaching the border, not from filing', () => {
    const base = lifecycleDeadlines({ direction: 'import', portCode: 'ALASHANKOU', inlandBureau: 'CQ', filedAt });
    const onTrain = lifecycleDeadlines({ direction: 'import', portCode: 'ALASHANKOU', inlandBureau: 'CQ', filedAt, plannedBorderCrossing: '2026-12-01T08:00:00Z' });
    expect(base['port-checks']).toBe(TASK_DEADLINE_SECONDS['port-checks']);
    expect(onTrain['port-checks'] - base['port-checks']).toBe(24 * 3600);
    expect(onTrain['port-inspection'] - base['port-inspection']).toBe(24 * 3600);
    const crossedAlready = lifecycleDeadlines({ direction: 'import', portCode: 'ALASHANKOU', inlandBureau: 'CQ', filedAt, plannedBorderCrossing: '2026-11-29T08:00:00Z' });
    expect(crossedAlready['port-checks']).toBe(base['port-checks']);
  });

  it("gives the destination its inspection time after the goods' rail journey inland, farther inland later", () => {
    const chongqing = lifecycleDeadlines({ direction: 'import', portCode: 'ALASHANKOU', inlandBureau: 'CQ', filedAt });
    const urumqi = lifecycleDeadlines({ direction: 'import', portCode: 'ALASHANKOU', inlandBureau: 'XJ', filedAt });
    expect(urumqi['destination-inspection']).toBeGreaterThan(TASK_DEADLINE_SECONDS['destination-inspection']);
    expect(chongqing['destination-inspection']).toBeGreaterThan(urumqi['destination-inspection']);
    const exported = lifecycleDeadlines({ direction: 'export', portCode: 'ALASHANKOU', inlandBureau: 'ZJ', filedAt });
    expect(exported['origin-inspection']).toBe(TASK_DEADLINE_SECONDS['origin-inspection']);
  });
});
