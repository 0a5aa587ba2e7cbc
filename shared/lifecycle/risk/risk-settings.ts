import type { CallerIdentity } from '../../auth/claims.ts';
import { nowIso } from '../../clock.ts';
import {
  DEFAULT_RISK_SETTINGS,
  changeRiskSettings,
  type RiskSettingsChange,
  type RiskSettingsChangeRequest,
  type RiskSettingsRecord,
} from '../../domain/risk/risk-settings.ts';
import { actorOf } from '../../domain/train.ts';
import { Conflict, NotAllowed } from '../errors.ts';
import { repos } from '../ports.ts';

/** The thresholds in force: HQ's last change, or the defaults (version 0) until the first. */
export async function currentRiskSettings(): Promise<RiskSettingsRecord> {
  const stored = await repos().riskSettings.find();
  if (!stored) return { settings: DEFAULT_RISK_SETTINGS, version: 0 };
  const { lastChange: _lastChange, ...record } = stored;
  return record;
}

/** GET /risk-settings: bureaus read the thresholds; HQ also who changed what, when and why. */
export async function riskSettingsView(caller: CallerIdentity): Promise<RiskSettingsRecord & { history?: RiskSettingsChange[] }> {
  const record = await currentRiskSettings();
  if (caller.role !== 'hq') return record;
  return { ...record, history: await repos().riskSettings.history() };
}

/**
 * PUT /risk-settings: HQ replaces the thresholds from the version it read (a change made
 * meanwhile is refused, 409, not overwritten). The same thresholds again change nothing.
 */
export async function changeSettings(request: RiskSettingsChangeRequest, caller: CallerIdentity): Promise<RiskSettingsRecord> {
  if (caller.role !== 'hq') throw new NotAllowed('only HQ sets the risk-grade thresholds');
  const current = await currentRiskSettings();
  if (request.version !== current.version) {
    throw new Conflict(`the risk settings are at version ${current.version}, not ${request.version}: read them again and decide on what they say now`);
  }
  const next = changeRiskSettings(current, request, { at: nowIso(), by: actorOf(caller) });
  if (!next) return current;
  return repos().riskSettings.change(current.version, next.record, next.change);
}
