import { SubscribeCommand } from '@aws-sdk/client-sns';
import { snsClient } from '../aws/clients.ts';
import { ENV } from '../config/environment.ts';
import { requiredEnv } from '../config/required-env.ts';

/**
 * A bureau's system receives its notifications at an HTTP endpoint: an SNS subscription of the
 * notifications topic filtered on the bureau's code (and the kinds asked for), so SNS does the
 * delivery, retries and envelope.
 */
export async function subscribeWebhook(bureau: string, url: string, kinds?: string[]) {
  const filterPolicy = { bureau: [bureau], ...(kinds && { kind: kinds }) };
  const { SubscriptionArn } = await snsClient().send(
    new SubscribeCommand({
      TopicArn: requiredEnv(ENV.bureauNotificationsTopicArn),
      Protocol: url.startsWith('https://') ? 'https' : 'http',
      Endpoint: url,
      ReturnSubscriptionArn: true,
      Attributes: { FilterPolicy: JSON.stringify(filterPolicy), FilterPolicyScope: 'MessageAttributes' },
    }),
  );
  return { subscriptionArn: SubscriptionArn, url, bureau, filterPolicy };
}
