import { retryOnConflict } from '../../data/retry-on-conflict.ts';
import { webhookIdOf, type Webhook, type WebhookFilterPolicy } from '../../data/webhook-repository.ts';
import { EndpointTaken, webhookFilterPolicy } from '../../messaging/webhooks.ts';
import { Conflict } from '../errors.ts';
import { repos, webhookSubscriptions } from '../ports.ts';
import { nowIso, nowMs } from '../../clock.ts';

/**
 * How many webhooks a bureau may register. A bureau's systems (its own inbox service, a port
 * office, a monitoring feed) need a handful; the cap keeps a client loop from filling the topic
 * with subscriptions (SNS allows 12.5 million per topic, and every one is a delivery per notice).
 */
export const MAX_WEBHOOKS_PER_BUREAU = 10;

/**
 * A registration that reserved a slot and then stopped (its function died before it recorded
 * the subscription) is taken over after this long; until then a second registration of the same
 * URL waits for it (409). Longer than any function runs.
 */
export const RESERVATION_TAKEOVER_MS = 60_000;

/**
 * A reservation loses its race only to another reservation, which took a slot: after the cap's
 * worth of lost races the registry is full and the answer is `webhook-limit`. The few more are
 * for filter changes of one URL racing each other.
 */
const MAX_ATTEMPTS = MAX_WEBHOOKS_PER_BUREAU + 5;

export interface WebhookView {
  id: string;
  bureau: string;
  url: string;
  kinds?: string[];
  filterPolicy: WebhookFilterPolicy;
  subscriptionArn: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * POST /webhooks: the bureau's webhook registry. A new URL takes a slot (at most
 * MAX_WEBHOOKS_PER_BUREAU) and an SNS subscription; a URL registered before keeps its
 * subscription and gets the new filter (SetSubscriptionAttributes), since SNS refuses a second
 * subscription of one endpoint with other attributes.
 *
 * Every step can be repeated after a crash: the slot is reserved before subscribing (so the cap
 * holds however many register at once, and nothing is written when the cap refuses), the
 * subscription is made with the filter stored in the slot (so subscribing again is the same
 * subscription) and recorded at once, and a filter change is guarded by the webhook's version
 * (a change that lost the race sets its filter again, after the winner's).
 */
export function registerWebhook(bureau: string, url: string, kinds?: readonly string[]): Promise<{ created: boolean; webhook: WebhookView }> {
  const filterPolicy = webhookFilterPolicy(bureau, kinds);
  const wanted = { ...(filterPolicy.kind && { kinds: filterPolicy.kind }), filterPolicy };
  let created = false;
  return retryOnConflict(async () => {
    const registry = await repos().webhooks.get(bureau);
    let webhook = registry.webhooks.find((w) => w.id === webhookIdOf(url));
    if (!webhook) {
      // Read before anything is written: a URL another bureau uses is refused as it is.
      if ((await repos().webhooks.holderOf(url)) !== undefined) throw urlTaken(url);
      if (registry.webhooks.length >= MAX_WEBHOOKS_PER_BUREAU) {
        throw new Conflict(`bureau ${bureau} has ${MAX_WEBHOOKS_PER_BUREAU} webhooks, the most it may have; register again one of its URLs to change its filter`, 'webhook-limit');
      }
      webhook = await repos().webhooks.reserve(bureau, registry.version, { url, ...wanted });
      created = true;
    } else if (webhook.subscriptionArn === undefined && !created && nowMs() - Date.parse(webhook.updatedAt) < RESERVATION_TAKEOVER_MS) {
      throw new Conflict(`webhook ${url} of bureau ${bureau} is being registered by another request; retry in a moment`, 'webhook-registration-in-progress');
    }
    if (webhook.subscriptionArn === undefined) {
      const subscriptionArn = await webhookSubscriptions()
        .subscribe(url, webhook.filterPolicy)
        .catch(async (error: unknown) => {
          // Another bureau registered the URL meanwhile (or before the URLs were recorded).
          if (!(error instanceof EndpointTaken)) throw error;
          await repos().webhooks.release(bureau, webhook!.id);
          throw urlTaken(url);
        });
      await repos().webhooks.recordSubscription(bureau, webhook.id, subscriptionArn);
      webhook = { ...webhook, subscriptionArn };
    }
    // Also when a crash came between recording the subscription and this.
    await repos().webhooks.claimUrl(url, bureau);
    if (!sameFilter(webhook, wanted)) {
      await webhookSubscriptions().setFilterPolicy(webhook.subscriptionArn!, filterPolicy);
      await repos().webhooks.updateFilter(bureau, webhook.id, webhook.version, wanted);
      webhook = { ...webhook, ...wanted, version: webhook.version + 1, updatedAt: nowIso() };
      if (!wanted.kinds) delete webhook.kinds;
    }
    return { created, webhook: view(bureau, webhook) };
  }, MAX_ATTEMPTS);
}

const urlTaken = (url: string) => new Conflict(`${url} already receives another bureau's notifications: a webhook URL serves one bureau`, 'webhook-url-taken');

/** Compared field by field: a map read back from DynamoDB need not keep its keys' order. */
function sameFilter(webhook: Webhook, wanted: { filterPolicy: WebhookFilterPolicy }): boolean {
  const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) => (a ?? []).join('\n') === (b ?? []).join('\n') && (a === undefined) === (b === undefined);
  return same(webhook.filterPolicy.bureau, wanted.filterPolicy.bureau) && same(webhook.filterPolicy.kind, wanted.filterPolicy.kind);
}

function view(bureau: string, webhook: Webhook): WebhookView {
  return {
    id: webhook.id,
    bureau,
    url: webhook.url,
    ...(webhook.kinds && { kinds: webhook.kinds }),
    filterPolicy: webhook.filterPolicy,
    subscriptionArn: webhook.subscriptionArn!,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
  };
}
