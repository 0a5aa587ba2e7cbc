/**
 * The alert platform's routes (408号 三（七）: alerts, candidates, subscriptions) in the fault
 * suite: valid bodies to fuzz from, the resources their paths name, and the resources of the
 * authorisation matrix. Kept apart so the suite's files only route to them.
 *
 * Every alert here covers wooden furniture (HS 9403) from countries no fuzzed or matrix filing
 * comes from, so an alert (an entry ban above all) never changes what another request answers.
 */
export interface AlertPools {
  /** Alerts: the first HQ's (in force), the second a proposal XJ raised. */
  alerts: string[];
}

const DAY = 86_400_000;
const fromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

export const alertBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'plant-pest',
  countries: ['PL'],
  hsPrefixes: ['9403'],
  measure: 'heightened-inspection',
  validUntil: fromNow(30),
  source: 'EPPO reporting service',
  description: { zh: '木质家具检出光肩星天牛', en: 'Asian longhorn beetle found in wooden furniture' },
  ...overrides,
});

/** Candidate keys: one that may exist (a failed import of the fuzz filings, DE 8471), and one that never does. */
export const CANDIDATE_KEYS = ['DE-8471', 'PL-9403'] as const;

/** Valid bodies of the alert write routes; undefined for another route. */
export function alertSamples(routeKey: string, fresh: number): unknown[] | undefined {
  switch (routeKey) {
    case 'POST /alerts':
      return [
        alertBody(),
        alertBody({ countries: ['KZ', 'UZ'], measure: 'port-inspection', hsPrefixes: undefined, categories: ['plant-product'] }),
        alertBody({ countries: ['RU'], measure: 'entry-ban', kind: 'product-nonconformity', validFrom: fromNow(2), validUntil: fromNow(5 + (fresh % 5)) }),
      ];
    case 'PATCH /alerts/{id}':
      // Versions repeat, so that some are current and some stale (409).
      return [{ version: 1, measure: 'port-inspection' }, { version: 2, validUntil: fromNow(40) }, { version: 1, description: { zh: '范围扩大', en: 'wider coverage' }, countries: ['PL', 'LT'] }];
    case 'POST /alerts/{id}/approve':
      return [{}, { version: 1 }];
    case 'POST /alerts/{id}/reject':
    case 'POST /alerts/{id}/withdraw':
      return [{ reason: 'fuzz' }, { reason: '疫情已解除', version: 1 }];
    case 'POST /alert-candidates/{key}/publish':
      return [{ measure: 'heightened-inspection', validUntil: fromNow(7) }, { measure: 'port-inspection', validUntil: fromNow(3), kind: 'other', source: 'fuzz' }];
    case 'PUT /alert-subscription':
      return [{ countries: ['PL'] }, { hsPrefixes: ['94'], categories: ['plant-product'], active: true }, { active: false }];
    default:
      return undefined;
  }
}

/** The resources an alert route's path names; undefined for another route. */
export function alertPool(path: string, pools: AlertPools): readonly string[] | undefined {
  if (path.startsWith('/alerts/')) return pools.alerts;
  if (path.startsWith('/alert-candidates/')) return CANDIDATE_KEYS;
  return undefined;
}

type Who = { bureau: string; role: 'officer' | 'declarant' | 'hq'; enterprise?: string };
type Call = (method: string, path: string, who: Who, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> | undefined }>;

const HQ: Who = { bureau: 'HQ', role: 'hq' };

/** An alert `who` publishes (HQ's in force, a bureau's awaiting approval), at version 1. */
export async function publishedAlert(call: Call, who: Who = HQ, overrides: Record<string, unknown> = {}): Promise<string> {
  const answer = await call('POST', '/alerts', who, alertBody(overrides));
  if (answer.status !== 201) throw new Error(`setup: alert answered ${answer.status} ${JSON.stringify(answer.body)}`);
  return String(answer.body!.id);
}

/**
 * A nonconformity of the default import (DE, HS 8471): its port checks fail, so the candidate
 * DE-8471 lists it, for HQ to publish an alert from (heightened inspection: later filings of the
 * same goods are only inspected more closely).
 */
export async function failedImportCandidate(call: Call, fileImport: () => Promise<string>, portChecksTask: (consignmentId: string) => Promise<string>): Promise<string> {
  const consignment = await fileImport();
  const task = await portChecksTask(consignment);
  const failed = await call('POST', `/tasks/${task}/complete`, { bureau: 'XJ', role: 'officer' }, {
    outcome: 'fail',
    details: { containers: [{ number: 'CSQU3054383', radiation: 'alarm', quarantine: 'pass', treatment: 'done' }], disposal: 'return' },
  });
  if (failed.status !== 200) throw new Error(`setup: failed port checks answered ${failed.status} ${JSON.stringify(failed.body)}`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const listed = await call('GET', '/alert-candidates?limit=100', HQ);
    if ((listed.body?.items as Array<{ key: string }> | undefined)?.some((c) => c.key === 'DE-8471')) return 'DE-8471';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('setup: no alert candidate DE-8471');
}
