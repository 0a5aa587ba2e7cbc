import { expect } from 'vitest';
import type { LifecycleDriver } from './lifecycle-driver.ts';
import type { TestCloud } from './test-cloud.ts';

/** A register entry as the API answers it. */
export interface RecognisedBodyView {
  id: string;
  name: string;
  country: string;
  status: 'active' | 'withdrawn';
  version: number;
  scope: { hsPrefixes: string[]; categories: string[] };
  recognisedFrom: string;
  recognisedUntil?: string;
  withdrawal?: { at: string; reason: string; by?: { bureau: string } };
  registeredBy?: { bureau: string; subject: string };
  history?: Array<{ version: number; action: string; by: { bureau: string; subject: string }; at: string; changes: Record<string, { from?: unknown; to?: unknown }>; reason?: string }>;
}

const DAY = 24 * 60 * 60 * 1000;
export const isoFromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

/** A registration HQ would send: recognised since last year for HS chapters 84 and 85. */
export function bodyRegistration(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    name: 'SGS Société Générale de Surveillance SA',
    country: 'CH',
    accreditation: { body: 'SAS', number: 'SCESp 0030' },
    scope: { hsPrefixes: ['84', '85'] },
    recognisedFrom: isoFromNow(-365 * DAY),
    recognisedUntil: isoFromNow(2 * 365 * DAY),
    ...overrides,
  };
}

/** Tests rely on a body the way a deployment does: HQ registers it through the API first. */
export async function registerRecognisedBody(t: TestCloud, driver: LifecycleDriver, id: string, overrides: Record<string, unknown> = {}): Promise<RecognisedBodyView> {
  const response = await t.call<RecognisedBodyView>('POST', '/recognised-bodies', await driver.hq(), bodyRegistration(id, overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A certificate of the body, valid now, for the goods of `importFiling()` (HS 847130). */
export function certificateOf(bodyId: string, certificateNumber: string, overrides: Record<string, unknown> = {}) {
  return { bodyId, certificateNumber, issuedAt: isoFromNow(-30 * DAY), validUntil: isoFromNow(365 * DAY), scope: ['8471'], ...overrides };
}
