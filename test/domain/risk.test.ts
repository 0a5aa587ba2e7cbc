import { describe, expect, it } from 'vitest';
import { createConsignment } from '#shared/domain/consignment.ts';
import { commodityRiskEffect } from '#shared/domain/policy/commodity-risk.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { changedBy, outcomeOf, policyReplaySchema, reasonDiff, replayTotals, type ReplayedConsignment } from '#shared/domain/risk/policy-replay.ts';
import { qualityAssessmentQuerySchema, windowFigures } from '#shared/domain/risk/quality-assessment.ts';
import { gradeFrom } from '#shared/domain/risk/risk-grade.ts';
import { DEFAULT_RISK_SETTINGS, changeRiskSettings, riskSettingsChangeSchema, riskSettingsSchema, settingsDiff, type GradeThresholds } from '#shared/domain/risk/risk-settings.ts';
import { exportFiling, goodsLine, importFiling, inspectionContext } from './fixtures.ts';

const T: GradeThresholds = { windowDays: 365, minInspected: 5, gradeA: { minInspected: 20, maxRate: 0 }, gradeC: { minRate: 0.1 }, gradeD: { minRate: 0.3 } };
const history = (inspected: number, nonconforming: number) => ({ inspected, nonconforming, from: '2023-05-22', to: '2024-05-20' });

describe('risk grades from nonconformity history', () => {
  it('grades at the thresholds: D from 30 %, C from 10 %, A for 20 clean inspections, B otherwise', () => {
    expect(gradeFrom(history(10, 3), T).grade).toBe('D');
    expect(gradeFrom(history(10, 2), T).grade).toBe('C');
    expect(gradeFrom(history(10, 1), T).grade).toBe('C');
    expect(gradeFrom(history(11, 1), T).grade).toBe('B');
    expect(gradeFrom(history(20, 0), T).grade).toBe('A');
    expect(gradeFrom(history(19, 0), T).grade).toBe('B');
    expect(gradeFrom({ ...history(20, 0) }, { ...T, gradeA: null }).grade).toBe('B');
  });

  it('says too little history is no reason to adjust, and explains each grade', () => {
    const few = gradeFrom(history(4, 4), T);
    expect(few).toMatchObject({ grade: 'B', rate: 1 });
    expect(few.basis.en).toContain('fewer than 5');
    expect(gradeFrom(history(0, 0), T)).toMatchObject({ grade: 'B', rate: null });
    const d = gradeFrom(history(10, 3), T);
    expect(d.basis.en).toBe('2023-05-22 to 2024-05-20: 3 of 10 inspected consignments nonconforming (30.0%), at or above the grade D threshold of 30.0%');
    expect(d.basis.zh).toContain('不合格 3 批');
  });
});

describe('HQ risk settings', () => {
  it('accepts the defaults and refuses inconsistent thresholds, naming the field', () => {
    expect(riskSettingsSchema.parse(DEFAULT_RISK_SETTINGS)).toEqual(DEFAULT_RISK_SETTINGS);
    const bad = riskSettingsSchema.safeParse({ ...DEFAULT_RISK_SETTINGS, enterprise: { ...T, gradeD: { minRate: 0.05 } } });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['enterprise.gradeD.minRate']);
    const a = riskSettingsSchema.safeParse({ ...DEFAULT_RISK_SETTINGS, commodity: { ...T, gradeA: { minInspected: 2, maxRate: 0.2 } } });
    expect(a.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['commodity.gradeA.maxRate', 'commodity.gradeA.minInspected']);
    expect(riskSettingsSchema.safeParse({ ...DEFAULT_RISK_SETTINGS, enterprise: { ...T, windowDays: 400 } }).error?.issues[0]?.path).toEqual(['enterprise', 'windowDays']);
    expect(riskSettingsChangeSchema.safeParse({ version: 0, settings: DEFAULT_RISK_SETTINGS }).error?.issues[0]?.path).toEqual(['reason']);
  });

  it('records each threshold changed, from what to what, and nothing for the same thresholds', () => {
    const next = { ...DEFAULT_RISK_SETTINGS, enterprise: { ...DEFAULT_RISK_SETTINGS.enterprise, minInspected: 1, gradeA: null } };
    expect(settingsDiff(DEFAULT_RISK_SETTINGS, next)).toEqual({
      'enterprise.minInspected': { from: 5, to: 1 },
      'enterprise.gradeA.minInspected': { from: 20, to: null },
      'enterprise.gradeA.maxRate': { from: 0, to: null },
    });
    const meta = { at: '2024-05-20T08:00:00Z', by: { bureau: 'HQ' as const, subject: 'hq-1' } };
    const changed = changeRiskSettings({ settings: DEFAULT_RISK_SETTINGS, version: 0 }, { version: 0, settings: next, reason: '严格管理' }, meta);
    expect(changed?.record).toEqual({ settings: next, version: 1, updatedAt: meta.at, updatedBy: meta.by });
    expect(changed?.change).toMatchObject({ version: 1, reason: '严格管理', at: meta.at });
    expect(changeRiskSettings({ settings: next, version: 1 }, { version: 1, settings: next, reason: 'again' }, meta)).toBeUndefined();
  });
});

describe('the (country, HS heading) grade in the plan', () => {
  const lines = [goodsLine(), goodsLine({ hsCode: '020329', originCountry: 'FR', categories: ['food'] })];

  it('takes the worst grade: D holds intensified, C one step up, A only when every line is A', () => {
    expect(commodityRiskEffect(lines, undefined)).toBeUndefined();
    expect(commodityRiskEffect(lines, [{ country: 'FR', hsHeading: '0203', grade: 'C' }])).toMatchObject({ code: 'COMMODITY_RISK_GRADE_C', levelStep: 1, goodsLines: [1], refs: ['FR 0203'] });
    expect(commodityRiskEffect(lines, [{ country: 'FR', hsHeading: '0203', grade: 'C' }, { country: 'DE', hsHeading: '8471', grade: 'D' }])).toMatchObject({ code: 'COMMODITY_RISK_GRADE_D', levelFloor: 'intensified', goodsLines: [0] });
    expect(commodityRiskEffect(lines, [{ country: 'DE', hsHeading: '8471', grade: 'A' }])).toBeUndefined();
    expect(commodityRiskEffect(lines, [{ country: 'DE', hsHeading: '8471', grade: 'A' }, { country: 'FR', hsHeading: '0203', grade: 'A' }])).toMatchObject({ code: 'COMMODITY_RISK_GRADE_A', levelStep: -1 });
  });

  it('raises the inland level with a reason code naming the lines, pairs and the history behind', () => {
    const basis = { zh: '近一年不合格 3 批', en: '3 nonconforming in a year' };
    const plan = planInspection(importFiling({ goods: lines }), inspectionContext({ commodityRiskGrades: [{ country: 'FR', hsHeading: '0203', grade: 'C', basis }] }));
    expect(plan.destinationInspection?.level).toBe('intensified');
    const reason = plan.reasons.find((r) => r.code === 'COMMODITY_RISK_GRADE_C');
    expect(reason).toMatchObject({ goodsLines: [1], refs: ['FR 0203'], rule: '国质检通〔2016〕408号 三（二）' });
    expect(reason?.text.en).toContain('3 nonconforming in a year');
    const plain = planInspection(importFiling({ goods: lines }), inspectionContext());
    expect(plain.destinationInspection?.level).toBe('standard');
  });

  it("explains the enterprise's grade with its history", () => {
    const basis = { zh: '不合格率 40%', en: 'nonconformity 40%' };
    const plan = planInspection(exportFiling(), inspectionContext({ enterpriseRiskGrade: 'D', enterpriseRiskBasis: basis }));
    expect(plan.originInspection?.level).toBe('intensified');
    expect(plan.reasons.find((r) => r.code === 'ENTERPRISE_RISK_GRADE_D')?.text.en).toBe('enterprise risk grade D: intensified inspection: nonconformity 40%');
  });
});

describe('export quality assessment and policy replay', () => {
  it('sums a window of one direction', () => {
    const totals = { 'e.n': 4, 'e.rel': 3, 'e.rej': 1, 'e.ins': 4, 'e.nc': 1, 'e.ctr': 5, 'e.kg': 1234.5, 'i.n': 9 };
    expect(windowFigures(totals, 'export', { from: '2024-02-21', to: '2024-05-20', days: 90 })).toEqual({
      from: '2024-02-21',
      to: '2024-05-20',
      days: 90,
      consignments: 4,
      released: 3,
      rejected: 1,
      containers: 5,
      netWeightKg: 1234.5,
      inspected: 4,
      nonconforming: 1,
      nonconformityRate: 0.25,
    });
    expect(windowFigures({}, 'import', { from: 'a', to: 'b', days: 1 }).nonconformityRate).toBeNull();
    expect(qualityAssessmentQuerySchema.parse({}).direction).toBe('export');
  });

  it('compares plans and totals the changes', () => {
    const c = createConsignment(importFiling(), { id: 'C', at: '2024-03-01T00:00:00Z' });
    const before = outcomeOf(planInspection(c, inspectionContext()));
    const after = outcomeOf(planInspection(c, inspectionContext({ enterpriseRiskGrade: 'D' })));
    expect(before).toMatchObject({ level: 'standard', portInspection: false });
    expect(after.level).toBe('intensified');
    expect(reasonDiff(before, after)).toEqual({ added: ['ENTERPRISE_RISK_GRADE_D'], removed: [] });
    const row = (current: typeof before, proposed: typeof before): ReplayedConsignment => ({
      consignmentId: 'C',
      filedAt: c.createdAt,
      direction: 'import',
      recorded: current,
      current,
      proposed,
      reasonCodes: reasonDiff(current, proposed),
    });
    const rows = [row(before, after), row(after, before), row(before, before), row({ ...before, portInspection: true }, before)];
    expect(rows.map(changedBy)).toEqual([true, true, false, true]);
    expect(replayTotals(rows)).toEqual({
      consignments: 4,
      changed: 3,
      levelRaised: 1,
      levelLowered: 1,
      portInspectionAdded: 0,
      portInspectionRemoved: 1,
      byLevel: { current: { 'document-review': 0, standard: 3, intensified: 1 }, proposed: { 'document-review': 0, standard: 3, intensified: 1 } },
    });
    expect(outcomeOf(undefined)).toEqual({ level: null, portInspection: false, reasonCodes: [] });
    const bad = policyReplaySchema.safeParse({ from: '2024-03-02T00:00:00Z', to: '2024-03-01T00:00:00Z', settings: DEFAULT_RISK_SETTINGS });
    expect(bad.error?.issues.map((i) => i.path)).toEqual([['to']]);
  });
});
