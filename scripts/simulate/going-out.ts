import type { BureauCode } from '#shared/domain/codes.ts';
import type { Plan } from './plan.ts';
import type { World } from './world.ts';

/**
 * The going-out risk assessments (408号 三（五）) the simulated bureaus keep: every enterprise that
 * ships its own building materials, machinery or staff belongings abroad (`going-out-own-use`) has
 * been assessed by its bureau for the headings it ships, low risk, before the day. Without the
 * record the policy gives no facilitation (and says so), so the simulated day matches the policy
 * the bureaus run, not a shortcut of it.
 */
export interface PlannedAssessment {
  bureau: BureauCode;
  creditCode: string;
  name: string;
  hsPrefixes: string[];
  country: string;
}

export function plannedAssessments(plan: Plan): PlannedAssessment[] {
  const byEnterprise = new Map<string, PlannedAssessment>();
  for (const consignment of plan.trains.flatMap((train) => train.consignments)) {
    const filing = consignment.filing;
    if (filing.tradeMode !== 'going-out-own-use' || filing.direction !== 'export') continue;
    const { creditCode, name, bureau } = consignment.declarant;
    // The origin bureau keeps the record of an export.
    const entry = byEnterprise.get(creditCode) ?? { bureau: filing.originBureau ?? bureau, creditCode, name, hsPrefixes: [], country: filing.consignee?.country ?? 'KZ' };
    for (const line of filing.goods ?? []) {
      const heading = line.hsCode.slice(0, 4);
      if (!entry.hsPrefixes.includes(heading)) entry.hsPrefixes.push(heading);
    }
    byEnterprise.set(creditCode, entry);
  }
  return [...byEnterprise.values()].filter((entry) => entry.hsPrefixes.length > 0);
}

/** Each bureau records its assessments (POST /going-out/risk-assessments) before anything is filed. */
export async function recordAssessments(world: World): Promise<void> {
  const validFrom = new Date(Date.now() - 24 * 3600_000).toISOString();
  const validUntil = new Date(Date.now() + 365 * 24 * 3600_000).toISOString();
  for (const planned of plannedAssessments(world.plan)) {
    await world.api.ok('POST', '/going-out/risk-assessments', await world.officer(planned.bureau), {
      kind: 'own-use',
      enterprise: { creditCode: planned.creditCode, name: planned.name },
      product: { description: { zh: '境外项目自用设备物资', en: 'own-use equipment and materials for a project abroad' }, hsPrefixes: planned.hsPrefixes.slice(0, 20) },
      country: planned.country === 'CN' ? 'KZ' : planned.country,
      risk: 'low',
      summary: '境外项目自用，风险低 / own use on a project abroad, low risk',
      validFrom,
      validUntil,
    }, { 'idempotency-key': `sim-going-out-${planned.creditCode}-${world.plan.seed}` });
  }
}
