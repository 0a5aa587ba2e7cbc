import { DEFAULT_RISK_SETTINGS, type RiskSettings } from '#shared/domain/risk/risk-settings.ts';

/**
 * The risk-feedback routes (408号 三（二）: risk settings, policy replay) in the fault suite:
 * valid bodies to fuzz from, and the requests of the authorisation matrix. Kept apart so the
 * suite's files only route to them.
 */

/** The defaults with one threshold moved, so that every change is a change. */
export function settingsVariant(n: number): RiskSettings {
  return { ...DEFAULT_RISK_SETTINGS, enterprise: { ...DEFAULT_RISK_SETTINGS.enterprise, minInspected: 1 + (n % 20) } };
}

/** A replay of the last hour under the defaults (the fuzzing filings fall in it). */
export const replayBody = (overrides: Record<string, unknown> = {}) => ({
  from: new Date(Date.now() - 3_600_000).toISOString(),
  to: new Date(Date.now() + 60_000).toISOString(),
  settings: DEFAULT_RISK_SETTINGS,
  ...overrides,
});

/** Valid bodies of the risk-feedback write routes; undefined for another route. Versions repeat: most are stale (409). */
export function riskSamples(routeKey: string, fresh: number): unknown[] | undefined {
  switch (routeKey) {
    case 'PUT /risk-settings':
      return [
        { version: fresh % 4, settings: settingsVariant(fresh), reason: '按统计调整' },
        { version: 0, settings: DEFAULT_RISK_SETTINGS, reason: 'reset, "quoted", 多行\n说明' },
        { version: fresh % 3, settings: { ...DEFAULT_RISK_SETTINGS, commodity: { ...DEFAULT_RISK_SETTINGS.commodity, gradeA: null } }, reason: 'no grade A' },
      ];
    case 'POST /policy/replay':
      return [replayBody(), replayBody({ settings: settingsVariant(fresh), direction: 'export' }), replayBody({ bureau: 'CQ' })];
    default:
      return undefined;
  }
}

type Call = (method: string, path: string, who: { bureau: string; role: 'hq' }, body?: unknown) => Promise<{ status: number; body?: Record<string, unknown> }>;

/** A change HQ may make now: the version it reads, and thresholds not yet set. */
export async function currentSettingsChange(call: Call, n: number): Promise<Record<string, unknown>> {
  const read = await call('GET', '/risk-settings', { bureau: 'HQ', role: 'hq' });
  if (read.status !== 200) throw new Error(`setup: reading the risk settings answered ${read.status}`);
  return { version: Number(read.body?.version ?? 0), settings: settingsVariant(n), reason: 'matrix' };
}
