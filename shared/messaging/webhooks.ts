import { InvalidParameterException, SetSubscriptionAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { snsClient } from '../aws/clients.ts';
import { ENV } from '../config/environment.ts';
import { requiredEnv } from '../config/required-env.ts';
import type { WebhookFilterPolicy } from '../data/webhook-repository.ts';

/**
 * A bureau's system receives its notifications at an HTTP endpoint: an SNS subscription of the
 * notifications topic filtered on the bureau's code (and the kinds asked for), so SNS does the
 * delivery, retries and envelope. SNS keeps one subscription per endpoint and refuses a second
 * Subscribe with other attributes, so a changed filter is set on the existing subscription (and
 * a URL serves one bureau: `EndpointTaken`).
 */
export interface WebhookSubscriptions {
  /** Subscribes the endpoint with this filter; the same endpoint and filter again is the same subscription. */
  subscribe(url: string, filterPolicy: WebhookFilterPolicy): Promise<string>;
  /** Replaces the filter of an existing subscription. */
  setFilterPolicy(subscriptionArn: string, filterPolicy: WebhookFilterPolicy): Promise<void>;
}

/** The filter of a bureau's webhook: its own notices, and only the kinds asked for (in a stable order). */
export function webhookFilterPolicy(bureau: string, kinds?: readonly string[]): WebhookFilterPolicy {
  return { bureau: [bureau], ...(kinds && { kind: [...new Set(kinds)].sort() }) };
}

/**
 * SNS keeps one subscription per endpoint: an endpoint another bureau subscribed (with its own
 * filter) cannot be subscribed again with this one.
 */
export class EndpointTaken extends Error {}

export const snsWebhookSubscriptions: WebhookSubscriptions = {
  async subscribe(url, filterPolicy) {
    const { SubscriptionArn } = await snsClient()
      .send(
      new SubscribeCommand({
        TopicArn: requiredEnv(ENV.bureauNotificationsTopicArn),
        Protocol: url.startsWith('https://') ? 'https' : 'http',
        Endpoint: url,
        // The ARN even while the endpoint has not confirmed yet, to change its filter later.
        ReturnSubscriptionArn: true,
        Attributes: { FilterPolicy: JSON.stringify(filterPolicy), FilterPolicyScope: 'MessageAttributes' },
      }),
      )
      .catch((error: unknown) => {
        if (error instanceof InvalidParameterException && /already exists with different attributes/.test(error.message)) throw new EndpointTaken(`${url} is subscribed with another filter`, { cause: error });
        throw error;
      });
    if (!SubscriptionArn) throw new Error(`SNS returned no subscription ARN for ${url}`);
    return SubscriptionArn;
  },

  async setFilterPolicy(subscriptionArn, filterPolicy) {
    await snsClient().send(
      new SetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify(filterPolicy) }),
    );
  },
};
