import type { BureauCode } from '../domain/codes.ts';
import type { PolicyNotice } from '../domain/coordination/policy-notices.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { withoutKeys } from './items.ts';
import { createKeyed, findKeyed, REQUEST_KEY, type RequestKey } from './keyed-items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

const subject = (id: string) => ({ entity: 'policy notice', id, key: keys.policyNotice(id) });
const toNotice = (item: Record<string, unknown>) => withoutKeys(item, [REQUEST_KEY]) as unknown as PolicyNotice;

/** Policy notices for enterprises: the public feed, newest first, all publishers or one. */
export class PolicyNoticeRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async create(notice: PolicyNotice, keyed: RequestKey = {}): Promise<PolicyNotice> {
    const order = keys.timeOrder(notice.publishedAt, notice.id);
    const item = await createKeyed(
      this.config,
      subject(notice.id),
      { entity: 'PolicyNotice', gsi1pk: keys.allPolicyNotices, gsi1sk: order, gsi2pk: keys.policyNoticesOfBureau(notice.bureau), gsi2sk: order, ...notice },
      keyed,
    );
    return toNotice(item);
  }

  async findKeyed(id: string, keyed: RequestKey): Promise<PolicyNotice | undefined> {
    const item = await findKeyed(this.config, subject(id), keyed);
    return item && toNotice(item);
  }

  list(listing: { bureau?: BureauCode }, page: PageRequest = {}): Promise<Page<PolicyNotice>> {
    return listing.bureau === undefined
      ? queryPage(this.config, { index: 'gsi1', partition: keys.allPolicyNotices, forward: false, page, map: toNotice })
      : queryPage(this.config, { index: 'gsi2', partition: keys.policyNoticesOfBureau(listing.bureau), forward: false, page, map: toNotice });
  }
}
