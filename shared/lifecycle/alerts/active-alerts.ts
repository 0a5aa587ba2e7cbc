import { everyPage } from '../../data/pagination.ts';
import { policyViewsOf } from '../../domain/alerts/alert-effects.ts';
import type { EpidemicAlert } from '../../domain/policy/context.ts';
import { repos } from '../ports.ts';

/**
 * The alerts in force at `at`, as the routing policy reads them (`InspectionContext.epidemicAlerts`):
 * one Query of the sparse active index (tens of items; one page of 100 in practice), on every
 * filing. Not cached: an alert applies to the next filing once HQ's request is answered (up to the
 * index's own lag of well under a second), which a per-container cache would delay by its lifetime.
 */
export async function activeAlertViews(at: string): Promise<EpidemicAlert[]> {
  const alerts = await everyPage((page) => repos().alerts.listActive(at, page));
  return alerts.flatMap(policyViewsOf);
}
