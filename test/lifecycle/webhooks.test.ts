import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRepositories } from '#shared/data/repositories.ts';
import type { WebhookFilterPolicy } from '#shared/data/webhook-repository.ts';
import { Conflict } from '#shared/lifecycle/errors.ts';
import { usePorts } from '#shared/lifecycle/ports.ts';
import { MAX_WEBHOOKS_PER_BUREAU, RESERVATION_TAKEOVER_MS, registerWebhook } from '#shared/lifecycle/webhooks/webhook-registration.ts';
import type { WebhookSubscriptions } from '#shared/messaging/webhooks.ts';
import { useLocalTable } from '../data/local-table.ts';

/** SNS as the registry sees it: one subscription per endpoint, refused again with other attributes. */
class FakeSubscriptions implements WebhookSubscriptions {
  readonly subscriptions = new Map<string, { arn: string; filterPolicy: string }>();
  readonly calls: string[] = [];
  /** The next subscribe subscribes, then fails as if its answer were lost with the process. */
  loseNextAnswer = false;
  /** The next subscribe fails before reaching SNS. */
  failNext = false;

  async subscribe(url: string, filterPolicy: WebhookFilterPolicy) {
    this.calls.push(`subscribe ${url}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('injected: the process died before Subscribe');
    }
    const policy = JSON.stringify(filterPolicy);
    let subscription = this.subscriptions.get(url);
    if (subscription && subscription.filterPolicy !== policy) throw new Error('InvalidParameter: Subscription already exists with different attributes');
    if (!subscription) this.subscriptions.set(url, (subscription = { arn: `arn:aws:sns:us-east-1:000000000000:BureauNotifications:${this.subscriptions.size}`, filterPolicy: policy }));
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error('injected: the answer of Subscribe was lost');
    }
    return subscription.arn;
  }

  async setFilterPolicy(subscriptionArn: string, filterPolicy: WebhookFilterPolicy) {
    this.calls.push(`set ${subscriptionArn}`);
    const subscription = [...this.subscriptions.values()].find((s) => s.arn === subscriptionArn);
    if (!subscription) throw new Error('NotFound');
    subscription.filterPolicy = JSON.stringify(filterPolicy);
  }

  policyOf(url: string): unknown {
    return JSON.parse(this.subscriptions.get(url)?.filterPolicy ?? 'null');
  }
}

const table = useLocalTable();
const sns = new FakeSubscriptions();
let restore: (() => void) | undefined;
beforeAll(() => {
  restore = usePorts({ repositories: createRepositories(table.config()), webhooks: sns });
});
afterAll(() => restore?.());
afterEach(() => vi.restoreAllMocks());

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error instanceof Conflict ? error.kind : String(error);
  }
  return 'accepted';
};

describe("a bureau's webhook registry", () => {
  it('subscribes a new URL once, and changes the filter of a URL registered again', async () => {
    const url = 'https://xj.example.cn/a';
    const first = await registerWebhook('XJ', url, ['task:port-checks']);
    expect(first).toMatchObject({ created: true, webhook: { url, kinds: ['task:port-checks'], filterPolicy: { bureau: ['XJ'], kind: ['task:port-checks'] } } });
    sns.calls.length = 0;
    expect(await registerWebhook('XJ', url, ['task:port-checks'])).toMatchObject({ created: false, webhook: { subscriptionArn: first.webhook.subscriptionArn } });
    expect(sns.calls).toEqual([]);
    const changed = await registerWebhook('XJ', url, ['escalation', 'task:port-checks']);
    expect(changed).toMatchObject({ created: false, webhook: { kinds: ['escalation', 'task:port-checks'] } });
    expect(sns.calls).toEqual([`set ${first.webhook.subscriptionArn}`]);
    expect(sns.policyOf(url)).toEqual({ bureau: ['XJ'], kind: ['escalation', 'task:port-checks'] });
    expect((await registerWebhook('XJ', url)).webhook).not.toHaveProperty('kinds');
    expect(sns.policyOf(url)).toEqual({ bureau: ['XJ'] });
  });

  it(`refuses a URL beyond ${MAX_WEBHOOKS_PER_BUREAU} with webhook-limit, before subscribing anything`, async () => {
    for (let i = 0; i < MAX_WEBHOOKS_PER_BUREAU; i++) await registerWebhook('NM', `https://nm.example.cn/${i}`);
    sns.calls.length = 0;
    expect(await refusal(registerWebhook('NM', 'https://nm.example.cn/one-more'))).toBe('webhook-limit');
    expect(sns.calls).toEqual([]);
    expect((await createRepositories(table.config()).webhooks.get('NM')).webhooks).toHaveLength(MAX_WEBHOOKS_PER_BUREAU);
    expect(await registerWebhook('NM', 'https://nm.example.cn/0', ['escalation'])).toMatchObject({ created: false });
  });

  it('keeps the cap under concurrent registrations', async () => {
    const outcomes = await Promise.all(Array.from({ length: MAX_WEBHOOKS_PER_BUREAU + 5 }, (_, i) => refusal(registerWebhook('GD', `https://gd.example.cn/${i}`))));
    const registry = await createRepositories(table.config()).webhooks.get('GD');
    expect(registry.webhooks).toHaveLength(MAX_WEBHOOKS_PER_BUREAU);
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(registry.webhooks.length);
    expect(registry.webhooks.every((w) => w.subscriptionArn !== undefined)).toBe(true);
    expect(outcomes.filter((o) => o !== 'accepted')).toEqual(Array(5).fill('webhook-limit'));
  });

  it('takes over a slot whose registration stopped before subscribing, once it is clearly abandoned', async () => {
    const url = 'https://sc.example.cn/hook';
    sns.failNext = true;
    expect(await refusal(registerWebhook('SC', url, ['escalation']))).toContain('injected');
    expect(await refusal(registerWebhook('SC', url, ['escalation']))).toBe('webhook-registration-in-progress');
    const later = Date.now() + RESERVATION_TAKEOVER_MS + 1000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    const taken = await registerWebhook('SC', url, ['task:port-checks']);
    expect(taken).toMatchObject({ created: false, webhook: { kinds: ['task:port-checks'] } });
    expect(sns.policyOf(url)).toEqual({ bureau: ['SC'], kind: ['task:port-checks'] });
  });

  it('recovers a subscription whose answer was lost: subscribing again with the stored filter is the same subscription', async () => {
    const url = 'https://cq.example.cn/hook';
    sns.loseNextAnswer = true;
    expect(await refusal(registerWebhook('CQ', url, ['escalation']))).toContain('injected');
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + RESERVATION_TAKEOVER_MS + 1000);
    const recovered = await registerWebhook('CQ', url, ['escalation', 'task:destination-inspection']);
    expect(recovered.webhook.subscriptionArn).toBe(sns.subscriptions.get(url)?.arn);
    expect(sns.policyOf(url)).toEqual({ bureau: ['CQ'], kind: ['escalation', 'task:destination-inspection'] });
    expect((await createRepositories(table.config()).webhooks.get('CQ')).webhooks).toHaveLength(1);
  });

  it('leaves SNS and the registry agreeing when one URL is registered again concurrently with different kinds', async () => {
    const url = 'https://hn.example.cn/hook';
    await registerWebhook('HN', url);
    const kinds = [['a'], ['b'], ['c'], ['d'], ['e']];
    const outcomes = await Promise.all(kinds.map((k) => refusal(registerWebhook('HN', url, k))));
    expect(outcomes.filter((o) => o !== 'accepted')).toEqual([]);
    const [stored] = (await createRepositories(table.config()).webhooks.get('HN')).webhooks;
    expect(sns.policyOf(url)).toEqual(stored?.filterPolicy);
  });
});
