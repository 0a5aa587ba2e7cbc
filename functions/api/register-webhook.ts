import { SubscribeCommand } from '@aws-sdk/client-sns';
import { z } from 'zod';
import { snsClient } from '#shared/aws/clients.ts';
import { ENV } from '#shared/config/environment.ts';
import { requiredEnv } from '#shared/config/required-env.ts';
import { apiRoute } from '#shared/http/api-route.ts';

/**
 * POST /webhooks: a bureau's system receives its notifications at an HTTPS endpoint. It is an
 * SNS subscription of the notifications topic filtered on the bureau's code, so SNS does the
 * delivery, retries and envelope.
 */
// Plain http only to this machine's loopback, where a developer's receiver runs beside the local cloud.
const isLoopbackHttp = (url: string) => /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(url);

export const route = {
  summary: "Register a webhook for the caller's bureau notifications",
  roles: ['officer'],
  body: z.object({
    url: z
      .url()
      .refine((url) => url.startsWith('https://') || isLoopbackHttp(url), {
        message: '回调地址须为 HTTPS / the webhook url must use https',
      }),
    kinds: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
  }),
  idempotent: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => {
  const topicArn = requiredEnv(ENV.bureauNotificationsTopicArn);
  const filterPolicy = { bureau: [caller.bureau], ...(body.kinds && { kind: body.kinds }) };
  const { SubscriptionArn } = await snsClient().send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: body.url.startsWith('https://') ? 'https' : 'http',
      Endpoint: body.url,
      ReturnSubscriptionArn: true,
      Attributes: { FilterPolicy: JSON.stringify(filterPolicy), FilterPolicyScope: 'MessageAttributes' },
    }),
  );
  return { status: 201, body: { subscriptionArn: SubscriptionArn, url: body.url, bureau: caller.bureau, filterPolicy } };
});
