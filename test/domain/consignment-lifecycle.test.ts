import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { DIRECTIONS, type Direction } from '#shared/domain/codes.ts';
import {
  allowedFromStatuses,
  CONSIGNMENT_LIFECYCLE,
  conditionHolds,
  lifecycleStep,
  nextStep,
  reachableFrom,
  STATUS_WHILE_AWAITING,
  type NextStep,
  type StepAnswer,
} from '#shared/domain/lifecycle/consignment-lifecycle.ts';
import { DISPOSALS } from '#shared/domain/lifecycle-records.ts';
import { CONSIGNMENT_TASK_KINDS, STATUS_WHILE_AWAITING as REEXPORTED, type ConsignmentTaskKind } from '#shared/domain/tasks/task-kinds.ts';
import { taskOutcomeSchema } from '#shared/domain/tasks/task-results.ts';

/** The lifecycle as the workflows ran it before the table existed, written out as plain code. */
function expectedNext(direction: Direction, kind: ConsignmentTaskKind, { outcome, disposal }: StepAnswer, portInspection: boolean): NextStep {
  const failed = outcome === 'fail';
  if (direction === 'import') {
    switch (kind) {
      case 'port-checks':
        return failed && disposal !== 'treatment' ? 'reject' : portInspection ? 'port-inspection' : 'destination-inspection';
      case 'port-inspection':
        return failed && disposal !== 'treatment' ? 'reject' : 'destination-inspection';
      case 'destination-inspection':
        return !failed ? 'release' : disposal === 'treatment' ? 'treatment' : 'reject';
      case 'treatment':
        return !failed ? 'release' : 'reject';
      case 'mode-hand-over':
        return failed ? 'reject' : 'destination-inspection';
    }
  } else {
    switch (kind) {
      case 'origin-inspection':
        return failed && disposal === 'treatment' ? 'treatment' : failed ? 'reject' : portInspection ? 'port-inspection' : 'release';
      case 'treatment':
        return failed ? 'reject' : portInspection ? 'port-inspection' : 'release';
      case 'port-inspection':
        return failed ? 'reject' : 'release';
      case 'mode-hand-over':
        return failed ? 'reject' : portInspection ? 'port-inspection' : 'release';
    }
  }
  throw new Error(`no ${kind} step on ${direction}`);
}

const ANSWERS: StepAnswer[] = (['pass', 'fail'] as const).flatMap((outcome) => [null, ...DISPOSALS].map((disposal) => ({ outcome, disposal })));
const KINDS_BY_DIRECTION: Record<Direction, ConsignmentTaskKind[]> = {
  import: ['port-checks', 'port-inspection', 'mode-hand-over', 'destination-inspection', 'treatment'],
  export: ['origin-inspection', 'treatment', 'mode-hand-over', 'port-inspection'],
};

describe('the consignment lifecycle table', () => {
  it('starts an import with the port checks and an export with the origin inspection, each in its own workflow', () => {
    expect(CONSIGNMENT_LIFECYCLE.import).toMatchObject({ workflow: 'ConsignmentImport', firstStep: 'port-checks' });
    expect(CONSIGNMENT_LIFECYCLE.export).toMatchObject({ workflow: 'ConsignmentExport', firstStep: 'origin-inspection' });
  });

  it('has exactly the steps of each direction, once each, with the acting bureau', () => {
    for (const direction of DIRECTIONS) expect(CONSIGNMENT_LIFECYCLE[direction].steps.map((s) => s.kind)).toEqual(KINDS_BY_DIRECTION[direction]);
    const bureaus = (direction: Direction) => Object.fromEntries(CONSIGNMENT_LIFECYCLE[direction].steps.map((s) => [s.kind, s.bureau]));
    expect(bureaus('import')).toEqual({ 'port-checks': 'portBureau', 'port-inspection': 'portBureau', 'mode-hand-over': 'handOverBureau', 'destination-inspection': 'inlandBureau', treatment: 'inlandBureau' });
    expect(bureaus('export')).toEqual({ 'origin-inspection': 'inlandBureau', treatment: 'inlandBureau', 'mode-hand-over': 'handOverBureau', 'port-inspection': 'portBureau' });
  });

  it.each(DIRECTIONS)('routes every %s answer, with and without a planned port inspection, as the workflows always have', (direction) => {
    for (const kind of KINDS_BY_DIRECTION[direction]) {
      for (const answer of ANSWERS) {
        for (const portInspection of [true, false]) {
          expect(nextStep(direction, kind, answer, { portInspection }), `${direction} ${kind} ${JSON.stringify(answer)} portInspection=${portInspection}`).toBe(
            expectedNext(direction, kind, answer, portInspection),
          );
        }
      }
    }
  });

  it('reads the main paths the way the notice describes them', () => {
    const pass = { outcome: 'pass', disposal: null } as const;
    expect(nextStep('import', 'port-checks', pass, { portInspection: false })).toBe('destination-inspection');
    expect(nextStep('import', 'port-checks', { outcome: 'fail', disposal: 'destroy' }, { portInspection: true })).toBe('reject');
    expect(nextStep('import', 'destination-inspection', { outcome: 'fail', disposal: 'treatment' }, { portInspection: false })).toBe('treatment');
    expect(nextStep('export', 'origin-inspection', pass, { portInspection: false })).toBe('release');
    expect(nextStep('export', 'origin-inspection', pass, { portInspection: true })).toBe('port-inspection');
  });

  it('passes a multimodal journey through the hand-over where it changes mode: after the port on import, before it on export (408号 三（九）)', () => {
    const pass = { outcome: 'pass', disposal: null } as const;
    const broken = { outcome: 'fail', disposal: 'return' } as const;
    expect(nextStep('import', 'port-checks', pass, { portInspection: false, handOver: true })).toBe('mode-hand-over');
    expect(nextStep('import', 'port-checks', pass, { portInspection: true, handOver: true })).toBe('port-inspection');
    expect(nextStep('import', 'port-inspection', pass, { portInspection: true, handOver: true })).toBe('mode-hand-over');
    expect(nextStep('import', 'mode-hand-over', pass, { portInspection: false, handOver: true })).toBe('destination-inspection');
    expect(nextStep('import', 'mode-hand-over', broken, { portInspection: false, handOver: true })).toBe('reject');
    expect(nextStep('export', 'origin-inspection', pass, { portInspection: true, handOver: true })).toBe('mode-hand-over');
    expect(nextStep('export', 'treatment', pass, { portInspection: false, handOver: true })).toBe('mode-hand-over');
    expect(nextStep('export', 'mode-hand-over', pass, { portInspection: true, handOver: true })).toBe('port-inspection');
    expect(nextStep('export', 'mode-hand-over', broken, { portInspection: true, handOver: true })).toBe('reject');
  });

  it('routes on the outcomes a bureau can answer with', () => {
    expect(taskOutcomeSchema.options).toEqual(['pass', 'fail']);
    expectTypeOf<StepAnswer['outcome']>().toEqualTypeOf<z.infer<typeof taskOutcomeSchema>>();
  });

  it('refuses a step the direction does not have', () => {
    expect(() => nextStep('export', 'port-checks', { outcome: 'pass', disposal: null }, { portInspection: false })).toThrow(/export consignment has no port-checks/);
    expect(() => lifecycleStep('import', 'origin-inspection')).toThrow();
  });

  it('leads only to steps of the same direction, and reaches each of them from the first step', () => {
    for (const direction of DIRECTIONS) {
      const { firstStep, steps } = CONSIGNMENT_LIFECYCLE[direction];
      const kinds = new Set<NextStep>(steps.map((s) => s.kind));
      const reached = new Set<NextStep>([firstStep]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const step of steps.filter((s) => reached.has(s.kind))) {
          for (const next of reachableFrom(step)) {
            if (next !== 'release' && next !== 'reject') expect(kinds.has(next), `${direction} ${step.kind} → ${next}`).toBe(true);
            if (reached.has(next)) continue;
            reached.add(next);
            grew = true;
          }
        }
      }
      expect([...kinds].filter((k) => !reached.has(k))).toEqual([]);
      expect(reached.has('release') && reached.has('reject')).toBe(true);
    }
  });

  it('treats an empty condition as always holding, and a negated disposal as holding for no disposal', () => {
    expect(conditionHolds({}, { outcome: 'fail', disposal: 'destroy' }, { portInspection: false })).toBe(true);
    expect(conditionHolds({ disposal: { not: 'treatment' } }, { outcome: 'fail', disposal: null }, { portInspection: false })).toBe(true);
    expect(conditionHolds({ portInspectionPlanned: false }, { outcome: 'pass', disposal: null }, { portInspection: true })).toBe(false);
  });
});

describe('statuses derived from the table', () => {
  it('names the step awaited, the same in both directions, and task-kinds.ts passes it on', () => {
    expect(STATUS_WHILE_AWAITING).toEqual({
      'port-checks': 'awaiting-port-checks',
      'port-inspection': 'awaiting-port-inspection',
      'destination-inspection': 'awaiting-destination-inspection',
      'origin-inspection': 'awaiting-origin-inspection',
      treatment: 'awaiting-disposal',
      'mode-hand-over': 'awaiting-hand-over',
    });
    expect(REEXPORTED).toBe(STATUS_WHILE_AWAITING);
    for (const direction of DIRECTIONS) for (const step of CONSIGNMENT_LIFECYCLE[direction].steps) expect(step.status).toBe(STATUS_WHILE_AWAITING[step.kind]);
  });

  it('allows a task to open from filed (a first step) or from a step that can lead to it, in either direction', () => {
    const allowed = Object.fromEntries(CONSIGNMENT_TASK_KINDS.map((kind) => [kind, allowedFromStatuses(kind)]));
    expect(allowed).toEqual({
      'port-checks': ['filed'],
      'port-inspection': ['awaiting-port-checks', 'awaiting-hand-over', 'awaiting-origin-inspection', 'awaiting-disposal'],
      'destination-inspection': ['awaiting-port-checks', 'awaiting-port-inspection', 'awaiting-hand-over'],
      'origin-inspection': ['filed'],
      treatment: ['awaiting-destination-inspection', 'awaiting-origin-inspection'],
      'mode-hand-over': ['awaiting-port-checks', 'awaiting-port-inspection', 'awaiting-origin-inspection', 'awaiting-disposal'],
    });
  });
});
