import { describe, expect, it } from 'vitest';
import { consignmentFilingSchema } from '#shared/domain/consignment.ts';
import { isOverdue, reExportDeadline, reExportDeadlineIssue, reExportIssue, type MaintenancePair } from '#shared/domain/maintenance/maintenance-pair.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { CREDIT_CODES, exportFiling, importFiling, inspectionContext } from './fixtures.ts';

const FILED = '2016-09-01T00:00:00.000Z';
const DAY = 86_400_000;
const after = (days: number) => new Date(Date.parse(FILED) + days * DAY).toISOString();
const PAIR: MaintenancePair = { importId: 'C-REPAIR', bureau: 'CQ', enterprise: CREDIT_CODES.chongqingImporter, status: 'awaiting-re-export', filedAt: FILED, reExportBy: after(90), version: 1 };
const pathsOf = (filing: unknown) => consignmentFilingSchema.safeParse(filing).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('global maintenance: the repair import and its re-export (408号 三（四）)', () => {
  it('declares a deadline on the import and the import on the re-export, nowhere else', () => {
    expect(pathsOf(importFiling({ tradeMode: 'global-maintenance', maintenance: { reExportBy: after(90) } }))).toEqual([]);
    expect(pathsOf(importFiling({ tradeMode: 'global-maintenance' }))).toEqual([]);
    expect(pathsOf(importFiling({ tradeMode: 'global-maintenance', maintenance: { importId: 'X' } }))).toEqual(['maintenance.importId']);
    expect(pathsOf(exportFiling({ tradeMode: 'global-maintenance' }))).toEqual(['maintenance.importId']);
    expect(pathsOf(exportFiling({ tradeMode: 'global-maintenance', maintenance: { importId: 'C-REPAIR', reExportBy: after(1) } }))).toEqual(['maintenance.reExportBy']);
    expect(pathsOf(importFiling({ maintenance: { reExportBy: after(90) } }))).toEqual(['maintenance']);
  });

  it('takes a deadline after the filing and within 366 days, or 180 days without one', () => {
    expect(reExportDeadlineIssue(after(90), FILED)).toBeUndefined();
    expect(reExportDeadlineIssue(FILED, FILED)).toContain('after the filing');
    expect(reExportDeadlineIssue(after(367), FILED)).toContain('366 days');
    expect(reExportDeadline(undefined, FILED)).toBe(after(180));
    expect(reExportDeadline({ reExportBy: '2016-12-01T08:00:00+08:00' }, FILED)).toBe('2016-12-01T00:00:00.000Z');
  });

  it('is overdue past its deadline until the goods leave', () => {
    expect(isOverdue(PAIR, after(89))).toBe(false);
    expect(isOverdue(PAIR, after(90))).toBe(true);
    expect(isOverdue({ ...PAIR, status: 're-exported' }, after(200))).toBe(false);
  });

  it('lets the same enterprise re-export its import once', () => {
    expect(reExportIssue(PAIR, CREDIT_CODES.chongqingImporter, 'C-OUT')).toBeUndefined();
    expect(reExportIssue(PAIR, CREDIT_CODES.yiwuExporter, 'C-OUT')).toContain('no global-maintenance import');
    expect(reExportIssue(undefined, CREDIT_CODES.chongqingImporter, 'C-OUT')).toContain('no global-maintenance import');
    const left = { ...PAIR, status: 're-exported' as const, reExportId: 'C-OUT' };
    expect(reExportIssue(left, CREDIT_CODES.chongqingImporter, 'C-OUT')).toBeUndefined();
    expect(reExportIssue(left, CREDIT_CODES.chongqingImporter, 'C-OTHER')).toContain('has left already');
  });

  it('says the deadline or the import in the plan', () => {
    const imported = planInspection(importFiling({ tradeMode: 'global-maintenance', maintenance: { reExportBy: after(90) } }), inspectionContext({ at: FILED }));
    expect(imported.reasons.find((r) => r.code === 'GLOBAL_MAINTENANCE_RE_EXPORT_DUE')?.refs).toEqual([after(90)]);
    const exported = planInspection(exportFiling({ tradeMode: 'global-maintenance', maintenance: { importId: 'C-REPAIR' } }), inspectionContext({ at: FILED }));
    expect(exported.reasons.find((r) => r.code === 'GLOBAL_MAINTENANCE_RE_EXPORT_OF')?.refs).toEqual(['C-REPAIR']);
  });
});
