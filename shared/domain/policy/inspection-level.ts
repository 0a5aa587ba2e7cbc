import { INSPECTION_LEVELS, type InspectionLevel } from '../inspection-plan.ts';

/**
 * The inland level starts at `standard`; steps move it (clamped to the scale) and floors then
 * hold it up, so no facilitation can undo an escalation.
 */
export function resolveInspectionLevel(steps: readonly number[], floors: readonly InspectionLevel[]): InspectionLevel {
  const top = INSPECTION_LEVELS.length - 1;
  const stepped = Math.min(top, Math.max(0, 1 + steps.reduce((a, b) => a + b, 0)));
  const floor = Math.max(0, ...floors.map((f) => INSPECTION_LEVELS.indexOf(f)));
  return INSPECTION_LEVELS[Math.max(stepped, floor)] ?? 'standard';
}
