import type { GoodsCategory } from '../codes.ts';
import { inlandBureauOf, type Consignment } from '../consignment.ts';

/**
 * The manifest summary the port bureau gets before a train arrives (pre-arrival notice) and
 * sees on its train tasks: how many consignments and containers, which excepted categories are
 * aboard, and which consignments are planned for port inspection, so it can staff the channel
 * and the inspection yard.
 */
export type ManifestConsignment = Pick<Consignment, 'id' | 'direction' | 'status' | 'containers' | 'inspectionPlan' | 'destinationBureau' | 'originBureau'>;

export interface ManifestSummary {
  consignments: number;
  containers: { count: number; numbers: string[] };
  exceptedCategories: Array<{ category: GoodsCategory; consignmentIds: string[] }>;
  plannedPortInspections: Array<{ consignmentId: string; categories: GoodsCategory[]; containers: string[] }>;
  /** Consignments per inland (destination or origin) bureau. */
  byInlandBureau: Record<string, number>;
}

export function manifestSummary(consignments: readonly ManifestConsignment[]): ManifestSummary {
  const numbers = [...new Set(consignments.flatMap((c) => c.containers.map((k) => k.number)))];
  const excepted = new Map<GoodsCategory, string[]>();
  const byInlandBureau: Record<string, number> = {};
  for (const consignment of consignments) {
    for (const category of consignment.inspectionPlan?.exceptedCategories ?? []) excepted.set(category, [...(excepted.get(category) ?? []), consignment.id]);
    const inland = inlandBureauOf(consignment);
    byInlandBureau[inland] = (byInlandBureau[inland] ?? 0) + 1;
  }
  return {
    consignments: consignments.length,
    containers: { count: numbers.length, numbers },
    exceptedCategories: [...excepted].map(([category, consignmentIds]) => ({ category, consignmentIds })),
    plannedPortInspections: consignments
      .filter((c) => c.inspectionPlan?.portInspection)
      .map((c) => ({ consignmentId: c.id, categories: c.inspectionPlan?.exceptedCategories ?? [], containers: c.containers.map((k) => k.number) })),
    byInlandBureau,
  };
}
