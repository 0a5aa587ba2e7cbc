import { describe, expect, it } from 'vitest';
import { snsBureauNotices } from '#shared/messaging/bureau-notices.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);

describe('bureau notices', () => {
  it('reach every inbox even when together they are more than one SNS batch may carry', async () => {
    // Ten notices of about 60 KB: a full train's run summary sent to every bureau involved.
    const summary = 'X'.repeat(60 * 1024);
    const bureaus = ['XJ', 'NM', 'CQ', 'SC', 'HA', 'HB', 'ZJ', 'HL', 'LN', 'HQ'] as const;
    await snsBureauNotices.notify(bureaus.map((bureau) => ({ bureau, kind: 'train:summary', title: { zh: '班列小结', en: 'Train summary' }, consignmentId: 'BATCH-SIZE', data: { summary } })));
    for (const bureau of bureaus) {
      const token = bureau === 'HQ' ? await driver.hq() : await driver.officer(bureau);
      const [notice] = await driver.notices(token, 'BATCH-SIZE', ['train:summary']);
      expect((notice as { data?: { summary?: string } }).data?.summary).toHaveLength(summary.length);
    }
  });
});
