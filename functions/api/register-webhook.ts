import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { MAX_WEBHOOKS_PER_BUREAU, registerWebhook } from '#shared/lifecycle/webhooks/webhook-registration.ts';
import { webhook as webhookResponse } from '#shared/http/responses/tasks.ts';

/**
 * POST /webhooks: a bureau's system receives its notifications at an HTTPS endpoint. A new URL is
 * registered (201); a URL the bureau registered before gets the new `kinds` (200); a bureau has at
 * most MAX_WEBHOOKS_PER_BUREAU webhooks (409 `webhook-limit` beyond).
 */
// Plain http only to this machine's loopback, where a developer's receiver runs beside the local cloud.
const isLoopbackHttp = (url: string) => /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(url);

export const route = {
  summary: `Register a webhook for the caller's bureau notifications (201), or change the kinds of one registered before (200); at most ${MAX_WEBHOOKS_PER_BUREAU} per bureau`,
  roles: ['officer'],
  body: z.object({
    url: z
      .url()
      .max(2048)
      .refine((url) => url.startsWith('https://') || isLoopbackHttp(url), {
        message: '回调地址须为 HTTPS / the webhook url must use https',
      }),
    kinds: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
  }),
  idempotent: true,
  response: webhookResponse,
  created: 'when-new',
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => {
  const { created, webhook } = await registerWebhook(caller.bureau, body.url, body.kinds);
  return { status: created ? 201 : 200, body: webhook };
});
