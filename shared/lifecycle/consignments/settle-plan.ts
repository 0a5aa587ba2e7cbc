import { z } from 'zod';
import type { LifecyclePlan } from '../../domain/lifecycle/consignment-lifecycle.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

export const settlePlanRequestSchema = z.object({
  consignmentId: z.string().min(1),
  /** The step whose answer the workflow is about to route. */
  after: z.string().min(1),
  correlationId: z.string().optional(),
});
export type SettlePlanRequest = z.infer<typeof settlePlanRequestSchema>;

/**
 * The plan a consignment workflow routes on at a Choice that reads it (port inspection or not),
 * read from the consignment as it is now rather than from the execution's input: an alert that
 * took effect since filing may have re-planned it (`alerts/replan-consignment.ts`). Reading it
 * also settles it (`planSettled`, the first time), so that a re-planning either came before and
 * is routed on here, or comes after and leaves port inspection alone.
 */
export async function settlePlan(request: SettlePlanRequest): Promise<LifecyclePlan> {
  const consignment = await repos().consignments.settlePlan(request.consignmentId, request.after, nowIso());
  return { portInspection: consignment.inspectionPlan?.portInspection ?? false };
}
