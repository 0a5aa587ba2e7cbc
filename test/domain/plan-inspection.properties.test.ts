import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOODS_CATEGORIES, type GoodsCategory } from '#shared/domain/codes.ts';
import { consignmentFilingSchema } from '#shared/domain/consignment.ts';
import { INSPECTION_LEVELS, inspectionPlanSchema, type InspectionPlan } from '#shared/domain/inspection-plan.ts';
import {
  EXPORT_EXCEPTED_CATEGORIES,
  IMPORT_EXCEPTED_CATEGORIES,
  exceptedCategories,
} from '#shared/domain/policy/excepted-categories.ts';
import { planInspection } from '#shared/domain/policy/plan-inspection.ts';
import { REASON_CODES } from '#shared/domain/reason-codes.ts';
import { portBureau } from '#shared/domain/reference/ports.ts';
import { alertArb, categoriesArb, contextArb, filingArb } from './arbitraries.ts';

const directionArb = fc.constantFrom('import' as const, 'export' as const);
const anyFiling = directionArb.chain((d) => filingArb(d));
const levelOf = (plan: InspectionPlan) =>
  INSPECTION_LEVELS.indexOf((plan.destinationInspection ?? plan.originInspection)?.level ?? 'standard');

/** Categories that contain none of the given ones. */
const without = (excluded: readonly GoodsCategory[]) =>
  categoriesArb.filter((cs) => !cs.some((c) => excluded.includes(c)));

describe('inspection routing policy: invariants', () => {
  it('generated filings are valid filings (the generators tell the truth)', () => {
    fc.assert(
      fc.property(anyFiling, (filing) => {
        expect(consignmentFilingSchema.safeParse(filing).error?.issues ?? []).toEqual([]);
      }),
    );
  });

  it('every plan is a valid plan with non-empty reasons from the known set', () => {
    fc.assert(
      fc.property(anyFiling, contextArb(), (filing, context) => {
        const plan = planInspection(filing, context);
        expect(inspectionPlanSchema.safeParse(plan).success).toBe(true);
        expect(plan.reasons.length).toBeGreaterThan(0);
        for (const reason of plan.reasons) expect(REASON_CODES).toContain(reason.code);
        expect(plan.portInspection).toBe(plan.portInspectionBureau !== null);
      }),
    );
  });

  it('an import with an excepted category always gets port inspection', () => {
    // Excepted categories alone or mixed with others (special items need a permit, left out here).
    const withException = fc
      .uniqueArray(
        fc.constantFrom(...GOODS_CATEGORIES.filter((c) => c !== 'general' && c !== 'special-item')),
        { minLength: 1, maxLength: 3 },
      )
      .filter((cs) => cs.some((c) => (IMPORT_EXCEPTED_CATEGORIES as readonly string[]).includes(c)));
    const filing = filingArb('import').chain((f) =>
      withException.map((categories) => ({ ...f, goods: [...f.goods, { ...f.goods[0]!, categories }] })),
    );
    fc.assert(
      fc.property(filing, contextArb(), (f, context) => {
        const plan = planInspection(consignmentFilingSchema.parse(f), context);
        expect(plan.portInspection).toBe(true);
        expect(plan.portInspectionBureau).toBe(portBureau(f.portCode));
        expect(plan.exceptedCategories.length).toBeGreaterThan(0);
      }),
    );
  });

  it('a general import with no alert and no excepted category never gets port inspection', () => {
    fc.assert(
      fc.property(filingArb('import', fc.constant<GoodsCategory[]>(['general'])), contextArb(fc.constant([])), (f, context) => {
        const plan = planInspection(f, context);
        expect(plan.portInspection).toBe(false);
        expect(plan.reasons.map((r) => r.code)).toContain('IMPORT_DIRECT_THROUGH');
      }),
    );
  });

  it('import port checks and entry train quarantine are never removed', () => {
    fc.assert(
      fc.property(filingArb('import'), contextArb(), (f, context) => {
        const plan = planInspection(f, context);
        const bureau = portBureau(f.portCode);
        expect(plan.portChecks).toEqual({
          bureau,
          checks: ['radiation-monitoring', 'container-quarantine', 'surface-treatment'],
        });
        expect(plan.trainQuarantine).toEqual({ bureau, kind: 'entry' });
        expect(plan.destinationInspection?.bureau).toBe(f.destinationBureau);
      }),
    );
  });

  it('an export without exceptions never has port inspection, and the origin bureau issues the clearance', () => {
    fc.assert(
      fc.property(filingArb('export', without(EXPORT_EXCEPTED_CATEGORIES)), contextArb(), (f, context) => {
        const plan = planInspection(f, context);
        expect(plan.portInspection).toBe(false);
        expect(plan.portChecks).toBeNull();
        expect(plan.clearanceDocument).toEqual({ issuingBureau: f.originBureau, route: 'direct-release' });
        expect(plan.trainQuarantine).toEqual({ bureau: portBureau(f.portCode), kind: 'exit' });
      }),
    );
  });

  it('an export with an exception always gets port inspection', () => {
    const filing = filingArb('export').chain((f) =>
      fc.constantFrom(...exceptedCategories('export')).map((c) => ({
        ...f,
        goods: [{ ...f.goods[0]!, categories: [c] }, ...f.goods.slice(1)],
      })),
    );
    fc.assert(
      fc.property(filing, contextArb(), (f, context) => {
        expect(planInspection(f, context).portInspection).toBe(true);
      }),
    );
  });

  it('third-party results never remove port checks or port inspection and never raise the level', () => {
    fc.assert(
      fc.property(anyFiling, contextArb(), (f, context) => {
        const { thirdPartyCertificates: _certs, ...bare } = f;
        const withCerts = planInspection(f, context);
        const withoutCerts = planInspection(bare, context);
        expect(withCerts.portChecks).toEqual(withoutCerts.portChecks);
        expect(withCerts.portInspection).toBe(withoutCerts.portInspection);
        expect(levelOf(withCerts)).toBeLessThanOrEqual(levelOf(withoutCerts));
      }),
    );
  });

  it('an epidemic alert never lowers the level or lifts port inspection', () => {
    fc.assert(
      fc.property(anyFiling, contextArb(), alertArb, (f, context, alert) => {
        const before = planInspection(f, context);
        const after = planInspection(f, { ...context, epidemicAlerts: [...context.epidemicAlerts, alert] });
        expect(levelOf(after)).toBeGreaterThanOrEqual(levelOf(before));
        if (before.portInspection) expect(after.portInspection).toBe(true);
      }),
    );
  });

  it('an import hit by an active alert for its origin country and chapter gets port inspection, intensified', () => {
    fc.assert(
      fc.property(filingArb('import'), contextArb(), (f, context) => {
        const line = f.goods[0]!;
        const alert = { id: 'A', country: line.originCountry, hsPrefixes: [line.hsCode.slice(0, 2)] };
        const plan = planInspection(f, { ...context, epidemicAlerts: [alert] });
        expect(plan.portInspection).toBe(true);
        expect(plan.destinationInspection?.level).toBe('intensified');
      }),
    );
  });

  it('is pure: the same input gives the same plan and the input is not changed', () => {
    fc.assert(
      fc.property(anyFiling, contextArb(), (f, context) => {
        const snapshot = structuredClone({ f, context });
        expect(planInspection(f, context)).toEqual(planInspection(f, context));
        expect({ f, context }).toEqual(snapshot);
      }),
    );
  });
});
