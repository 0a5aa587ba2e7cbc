import { expect } from 'vitest';
import { goodsLine } from '#test/domain/fixtures.ts';
import type { LifecycleDriver } from './lifecycle-driver.ts';
import { eventually, type TestCloud } from './test-cloud.ts';

/** The alert platform through the API, for the e2e tests. */
export interface AlertView {
  id: string;
  status: string;
  version: number;
  measure: string;
  countries: string[];
  published: boolean;
  history?: Array<{ version: number; action: string }>;
}

export interface InboxItem {
  id: string;
  kind: string;
  consignmentId?: string;
  data?: Record<string, unknown>;
}

const HOUR = 3_600_000;
export const isoFromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

/** A plant-pest alert on wooden furniture (HS 9403) from one country: goods that need no permit to file. */
export const alertBody = (country: string, overrides: Record<string, unknown> = {}) => ({
  kind: 'plant-pest',
  countries: [country],
  hsPrefixes: ['9403'],
  measure: 'port-inspection',
  validUntil: isoFromNow(30 * 24 * HOUR),
  source: 'EPPO reporting service 2016/180',
  description: { zh: '木质家具检出光肩星天牛', en: 'Asian longhorn beetle found in wooden furniture' },
  ...overrides,
});

export const furniture = (country: string) => goodsLine({ hsCode: '940360', description: 'wooden furniture / 木质家具', originCountry: country, categories: ['plant-product'] });

export async function publishAlert(t: TestCloud, token: string, body: unknown): Promise<AlertView> {
  const response = await t.call<AlertView>('POST', '/alerts', token, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** The inbox items about one alert, once every expected kind has arrived (SNS → subscriber → inbox). */
export function alertNotices(t: TestCloud, token: string, alertId: string, expectedKinds: string[], timeoutMs?: number): Promise<InboxItem[]> {
  return eventually(async () => {
    const inbox = await t.call<{ items: InboxItem[] }>('GET', '/notifications?limit=100', token);
    const about = inbox.body.items.filter((n) => n.data?.alertId === alertId);
    return expectedKinds.every((kind) => about.some((n) => n.kind === kind)) ? about : undefined;
  }, `notices ${expectedKinds.join(', ')} about alert ${alertId}`, timeoutMs);
}

/** How many alerts HQ can list: what a refused write must leave unchanged. */
export async function alertCount(t: TestCloud, driver: LifecycleDriver): Promise<number> {
  const response = await t.call<{ items: unknown[] }>('GET', '/alerts?limit=100', await driver.hq());
  return response.body.items.length;
}
