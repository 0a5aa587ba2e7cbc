import { describe, expect, it } from 'vitest';
import type { Caller } from '#shared/domain/access.ts';
import { caseListingScope, mayOpenCase, mayViewCase, mayWithdrawCase, resolvingCapacity } from '#shared/domain/coordination/case-access.ts';
import { caseStatistics } from '#shared/domain/coordination/case-stats.ts';
import {
  bureausToTell,
  caseLeadBureau,
  caseParties,
  createCase,
  openCaseProblems,
  openCaseSchema,
  stageOf,
  type CoordinationCase,
} from '#shared/domain/coordination/case.ts';
import { bureauListing, directoryUpdateSchema, dockingListing, dockingPairs, mayMaintainEntry, updateEntry, type DirectoryEntry } from '#shared/domain/coordination/directory.ts';
import { createPolicyNotice, policyNoticeSchema, publicNotice } from '#shared/domain/coordination/policy-notices.ts';
import { createReport, mayViewReport, reportSchema } from '#shared/domain/coordination/reports.ts';
import { bureauByCode } from '#shared/domain/reference/bureaus.ts';
import { cooperationGroups } from '#shared/domain/reference/cooperation-groups.ts';
import { CORRIDORS } from '#shared/domain/reference/corridors.ts';
import { PORTS } from '#shared/domain/reference/ports.ts';
import { TASK_DEADLINE_SECONDS } from '#shared/domain/tasks/task-kinds.ts';

const officer = (bureau: string): Caller => ({ role: 'officer', bureau });
const HQ: Caller = { role: 'hq', bureau: 'HQ' };
const DECLARANT: Caller = { role: 'declarant', bureau: 'CQ', enterprise: '91500000MA5U000010' };
const groups = cooperationGroups();

const request = (overrides: Record<string, unknown> = {}) =>
  openCaseSchema.parse({ kind: 'documents', subject: { type: 'general' }, addressedBureau: 'SC', title: 'seal on page two', description: 'the seal', ...overrides });

function aCase(overrides: Partial<CoordinationCase> = {}): CoordinationCase {
  const { coordinationCase } = createCase(request(), { id: 'C1', at: '2016-09-01T00:00:00Z', by: { bureau: 'CQ', subject: 'cq-1' }, leadBureau: 'XJ', executionArn: 'arn' });
  return { ...coordinationCase, ...overrides };
}

describe('opening a coordination case', () => {
  it('escalates in the group of the port of a consignment or train, whichever bureaus it is between', () => {
    expect(caseLeadBureau({ addressedBureau: 'HN' }, { opener: 'JS', port: 'ALASHANKOU', groups })).toEqual({ lead: 'XJ' });
    expect(caseLeadBureau({ addressedBureau: 'CQ' }, { opener: 'SC', port: 'MANZHOULI', groups })).toEqual({ lead: 'NM' });
    expect(caseLeadBureau({ addressedBureau: 'CQ', leadBureau: 'NM' }, { opener: 'SC', port: 'ALASHANKOU', groups })).toMatchObject({ problem: { path: 'leadBureau' } });
    expect(caseLeadBureau({ addressedBureau: 'CQ', leadBureau: 'XJ' }, { opener: 'SC', port: 'ALASHANKOU', groups })).toEqual({ lead: 'XJ' });
  });

  it('puts a general case in the group both bureaus share, and asks for the lead when that is not one group', () => {
    expect(caseLeadBureau({ addressedBureau: 'SC' }, { opener: 'CQ', groups })).toEqual({ lead: 'XJ' });
    expect(caseLeadBureau({ addressedBureau: 'JS' }, { opener: 'HN', groups })).toEqual({ lead: 'NM' });
    // Henan and Hunan are in both groups; Jiangsu (NM) and Chongqing (XJ) share none.
    expect(caseLeadBureau({ addressedBureau: 'HA' }, { opener: 'HN', groups })).toMatchObject({ problem: { path: 'leadBureau' } });
    expect(caseLeadBureau({ addressedBureau: 'CQ' }, { opener: 'JS', groups })).toMatchObject({ problem: { path: 'leadBureau' } });
    expect(caseLeadBureau({ addressedBureau: 'HA', leadBureau: 'NM' }, { opener: 'HN', groups })).toEqual({ lead: 'NM' });
    expect(caseLeadBureau({ addressedBureau: 'CQ', leadBureau: 'NM' }, { opener: 'JS', groups })).toEqual({ lead: 'NM' });
    expect(caseLeadBureau({ addressedBureau: 'SC', leadBureau: 'NM' }, { opener: 'CQ', groups })).toMatchObject({ problem: { path: 'leadBureau' } });
    expect(caseLeadBureau({ addressedBureau: 'SC' }, { opener: 'CQ', groups: [] })).toMatchObject({ problem: { path: 'leadBureau' } });
  });

  it('is addressed to another bureau, never to the opener or HQ', () => {
    expect(openCaseProblems({ addressedBureau: 'SC' }, 'CQ')).toEqual([]);
    expect(openCaseProblems({ addressedBureau: 'CQ' }, 'CQ')).toMatchObject([{ path: 'addressedBureau' }]);
    expect(openCaseProblems({ addressedBureau: 'HQ' }, 'CQ')).toMatchObject([{ path: 'addressedBureau' }]);
  });

  it('gives the addressed bureau two working days unless the opener asks otherwise', () => {
    expect(aCase()).toMatchObject({ status: 'opened', escalation: 0, messageCount: 0, version: 1, answerWithinSeconds: TASK_DEADLINE_SECONDS['coordination-case'] });
    const { coordinationCase } = createCase(request({ answerWithinHours: 4 }), { id: 'C2', at: '2016-09-01T00:00:00Z', by: { bureau: 'CQ', subject: 's' }, leadBureau: 'XJ', executionArn: 'arn' });
    expect(coordinationCase.answerWithinSeconds).toBe(4 * 3600);
  });

  it('refuses a request by field', () => {
    const fields = (body: unknown) => {
      const parsed = openCaseSchema.safeParse(body);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    };
    expect(fields({ ...request(), subject: { type: 'consignment' } })).toEqual(['subject.consignmentId']);
    expect(fields({ ...request(), subject: { type: 'ship' } })).toEqual(['subject.type']);
    expect(fields({ ...request(), answerWithinHours: 169 })).toEqual(['answerWithinHours']);
    expect(fields({ ...request(), extra: 1 })).toEqual(['']);
  });
});

describe('who does what with a case', () => {
  it('lets officers open cases, and the parties, the lead bureau and HQ read them', () => {
    expect(mayOpenCase(officer('CQ'))).toBe(true);
    expect(mayOpenCase(HQ)).toBe(false);
    expect(mayOpenCase(DECLARANT)).toBe(false);
    const c = aCase();
    expect(caseParties(c)).toEqual(['CQ', 'SC', 'XJ']);
    for (const bureau of ['CQ', 'SC', 'XJ']) expect(mayViewCase(officer(bureau), c)).toBe(true);
    expect(mayViewCase(HQ, c)).toBe(true);
    expect(mayViewCase(officer('HL'), c)).toBe(false);
    expect(mayViewCase(DECLARANT, c)).toBe(false);
    expect(mayWithdrawCase(officer('CQ'), c)).toBe(true);
    expect(mayWithdrawCase(officer('SC'), c)).toBe(false);
  });

  it('lets the addressed bureau resolve at once, the lead bureau and HQ once the case has left it', () => {
    expect(resolvingCapacity(officer('SC'), aCase())).toEqual({ as: 'addressed' });
    expect(resolvingCapacity(officer('XJ'), aCase({ escalation: 1 }))).toHaveProperty('refused');
    expect(resolvingCapacity(HQ, aCase({ escalation: 1 }))).toHaveProperty('refused');
    expect(resolvingCapacity(officer('XJ'), aCase({ escalation: 2 }))).toEqual({ as: 'lead' });
    expect(resolvingCapacity(HQ, aCase({ escalation: 2 }))).toEqual({ as: 'hq' });
    expect(resolvingCapacity(officer('XJ'), aCase({ escalation: 5 }))).toEqual({ as: 'lead' });
    expect(resolvingCapacity(officer('CQ'), aCase({ escalation: 5 }))).toHaveProperty('refused');
    expect(resolvingCapacity(officer('SC'), aCase({ escalation: 5 }))).toEqual({ as: 'addressed' });
  });

  it('tells the parties, and HQ once the case has reached it, never the bureau that made the news', () => {
    expect(stageOf(0)).toBe('addressed');
    expect(stageOf(1)).toBe('addressed');
    expect(stageOf(2)).toBe('lead');
    expect(stageOf(7)).toBe('hq');
    expect(bureausToTell(aCase(), 'CQ')).toEqual(['SC', 'XJ']);
    expect(bureausToTell(aCase({ escalation: 3 }))).toEqual(['CQ', 'SC', 'XJ', 'HQ']);
  });

  it('scopes listings: HQ all or a bureau, an officer its own bureau only', () => {
    expect(caseListingScope(HQ)).toEqual({});
    expect(caseListingScope(HQ, 'CQ')).toEqual({ bureau: 'CQ' });
    expect(caseListingScope(officer('CQ'))).toEqual({ bureau: 'CQ' });
    expect(caseListingScope(officer('CQ'), 'CQ')).toEqual({ bureau: 'CQ' });
    expect(caseListingScope(officer('CQ'), 'SC')).toBeUndefined();
    expect(caseListingScope(DECLARANT)).toBeUndefined();
  });
});

describe('case statistics', () => {
  const hoursAfter = (hours: number) => new Date(Date.parse('2016-09-01T00:00:00Z') + hours * 3600_000).toISOString();
  const resolved = (kind: CoordinationCase['kind'], hours: number, resolvedAs: 'addressed' | 'lead' | 'hq', escalation = 0) =>
    aCase({ kind, status: 'resolved', escalation, outcome: { outcome: 'resolved', text: 'ok', by: { bureau: 'SC', subject: 's' }, at: hoursAfter(hours), escalation, resolvedAs } });

  it('counts by kind, escalation and who resolved, with the time to resolution', () => {
    const stats = caseStatistics(
      [
        resolved('documents', 2, 'addressed'),
        resolved('documents', 4, 'addressed'),
        resolved('documents', 100, 'lead', 2),
        resolved('release', 200, 'hq', 3),
        aCase({ kind: 'documents', status: 'withdrawn', outcome: { outcome: 'withdrawn', text: 'x', by: { bureau: 'CQ', subject: 'c' }, at: hoursAfter(1), escalation: 0 } }),
        aCase({ kind: 'inspection', status: 'awaiting-answer', escalation: 3 }),
      ],
      { from: 'a', to: 'b' },
    );
    expect(stats.byKind.documents).toEqual({
      opened: 4,
      open: 0,
      resolved: 3,
      withdrawn: 1,
      reachedLead: 1,
      reachedHq: 0,
      resolvedBy: { addressed: 2, lead: 1, hq: 0 },
      timeToResolution: { count: 3, meanHours: 35.33, medianHours: 4, p90Hours: 100, maxHours: 100 },
    });
    expect(stats.byKind.inspection).toMatchObject({ opened: 1, open: 1, reachedLead: 1, reachedHq: 1 });
    expect(stats.byKind.inspection.timeToResolution).toBeUndefined();
    expect(stats.byKind.other.opened).toBe(0);
    expect(stats.total).toMatchObject({ opened: 6, resolved: 4, resolvedBy: { addressed: 2, lead: 1, hq: 1 }, timeToResolution: { count: 4, medianHours: 52 } });
  });
});

describe('the cooperation directory', () => {
  const update = directoryUpdateSchema.parse({ version: 0, division: { zh: '通关处' }, contacts: [{ name: '李明', phone: '+86 23 6888 1234', dockingPorts: ['ALASHANKOU'] }, { name: '王芳', phone: '023-68885678' }] });
  const by = { bureau: 'CQ' as const, subject: 'cq-1' };

  it('docks every node city with each port its corridors use', () => {
    const pairs = dockingPairs(CORRIDORS, PORTS);
    expect(pairs.find((p) => p.nodeBureau === 'CQ')).toMatchObject({ nodeCity: { zh: '重庆' }, port: 'ALASHANKOU', portBureau: 'XJ', corridors: ['chongqing-duisburg'] });
    expect(pairs.filter((p) => p.nodeBureau === 'ZJ').map((p) => p.port)).toEqual(['ALASHANKOU', 'KHORGOS']);
    expect(new Set(pairs.map((p) => `${p.nodeBureau}${p.nodeCity.zh}${p.port}`)).size).toBe(pairs.length);
    // Every corridor's origin bureau docks with every port of its route.
    for (const corridor of CORRIDORS) for (const port of corridor.ports) expect(pairs.some((p) => p.nodeBureau === corridor.originBureau && p.port === port && p.corridors.includes(corridor.id))).toBe(true);
  });

  it('versions each change and records what changed from what; an unchanged entry writes nothing', () => {
    const first = updateEntry('CQ', undefined, update, { at: 't1', by });
    if (first.kind !== 'changed') throw new Error('expected a change');
    expect(first.entry).toMatchObject({ bureau: 'CQ', version: 1, updatedBy: by });
    expect(first.change).toEqual({ version: 1, at: 't1', by, changes: { division: { to: { zh: '通关处' } }, contacts: { to: update.contacts } } });
    expect(updateEntry('CQ', first.entry, { ...update, version: 1 }, { at: 't2', by })).toEqual({ kind: 'unchanged', entry: first.entry });
    const second = updateEntry('CQ', first.entry, { ...update, version: 1, division: { zh: '通关业务处' } }, { at: 't2', by });
    expect(second).toMatchObject({ kind: 'changed', entry: { version: 2 }, change: { changes: { division: { from: { zh: '通关处' }, to: { zh: '通关业务处' } } } } });
    if (second.kind === 'changed') expect(second.change.changes.contacts).toBeUndefined();
  });

  it('is maintained by the bureau itself and HQ; contacts are shown to bureaus and HQ, never to declarants', () => {
    expect(mayMaintainEntry(officer('CQ'), 'CQ')).toBe(true);
    expect(mayMaintainEntry(HQ, 'CQ')).toBe(true);
    expect(mayMaintainEntry(officer('SC'), 'CQ')).toBe(false);
    expect(mayMaintainEntry(DECLARANT, 'CQ')).toBe(false);
    const outcome = updateEntry('CQ', undefined, update, { at: 't1', by });
    if (outcome.kind !== 'changed') throw new Error('expected a change');
    const entry: DirectoryEntry = outcome.entry;
    expect(bureauListing(bureauByCode('CQ'), cooperationGroups(), entry, officer('XJ'))).toMatchObject({ code: 'CQ', groups: ['group-XJ'], version: 1, contacts: entry.contacts });
    const forDeclarant = bureauListing(bureauByCode('CQ'), cooperationGroups(), entry, DECLARANT);
    expect(forDeclarant).toMatchObject({ division: { zh: '通关处' }, version: 1 });
    expect(forDeclarant).not.toHaveProperty('contacts');
    expect(forDeclarant).not.toHaveProperty('updatedBy');
    const pair = dockingPairs(CORRIDORS, PORTS).find((p) => p.nodeBureau === 'CQ')!;
    expect(dockingListing(pair, new Map([['CQ', entry]]), officer('XJ'))).toMatchObject({ contacts: { node: entry.contacts, port: [] } });
    expect(dockingListing({ ...pair, port: 'KHORGOS' }, new Map([['CQ', entry]]), officer('XJ'))).toMatchObject({ contacts: { node: [entry.contacts[1]] } });
    expect(dockingListing(pair, new Map([['CQ', entry]]), DECLARANT)).not.toHaveProperty('contacts');
  });

  it('checks phones, addresses and ports by field', () => {
    const fields = (contact: Record<string, unknown>) => {
      const parsed = directoryUpdateSchema.safeParse({ version: 0, division: { zh: '通关处' }, contacts: [{ name: '李明', phone: '0991-1234567', ...contact }] });
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    };
    expect(fields({})).toEqual([]);
    expect(fields({ phone: '010-6599 4420 ext. 12' })).toEqual([]);
    expect(fields({ phone: 'call me' })).toEqual(['contacts.0.phone']);
    expect(fields({ phone: '1'.repeat(41) })).toEqual(['contacts.0.phone']);
    expect(fields({ email: 'li@' })).toEqual(['contacts.0.email']);
    expect(fields({ dockingPorts: ['ALASHANKOU', 'ALASHANKOU'] })).toEqual(['contacts.0.dockingPorts']);
    expect(fields({ dockingPorts: ['SHANGHAI'] })).toEqual(['contacts.0.dockingPorts.0']);
  });
});

describe('reports to HQ and policy notices', () => {
  const by = { bureau: 'CQ' as const, subject: 'cq-1' };

  it('files a report for the bureau, read by it and HQ', () => {
    const report = createReport(reportSchema.parse({ kind: 'suggestion', title: 't', body: 'b' }), { id: 'R1', at: 't1', by });
    expect(report).toMatchObject({ bureau: 'CQ', status: 'filed', relatedCases: [], relatedTrains: [], version: 1 });
    expect(mayViewReport(HQ, report)).toBe(true);
    expect(mayViewReport(officer('CQ'), report)).toBe(true);
    expect(mayViewReport(officer('SC'), report)).toBe(false);
    expect(reportSchema.safeParse({ kind: 'suggestion', title: 't', body: 'b', relatedTrains: ['X', 'X'] }).success).toBe(false);
  });

  it('publishes a notice without the officer who published it, with an https link only', () => {
    const notice = createPolicyNotice(policyNoticeSchema.parse({ title: 't', body: 'b', url: 'https://example.gov.cn/a' }), { id: 'N1', at: 't1', by });
    expect(publicNotice(notice)).toEqual({ id: 'N1', title: 't', body: 'b', url: 'https://example.gov.cn/a', bureau: 'CQ', publishedAt: 't1' });
    expect(policyNoticeSchema.safeParse({ title: 't', body: 'b', url: 'http://example.gov.cn/a' }).success).toBe(false);
    expect(policyNoticeSchema.safeParse({ title: 't', body: 'b', url: 'javascript:alert(1)' }).success).toBe(false);
  });
});
