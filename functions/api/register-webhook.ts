import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { subscribeWebhook } from '#shared/messaging/webhooks.ts';

/** POST /webhooks: a bureau's system receives its notifications at an HTTPS endpoint. */
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

export const handler = apiRoute(route, async ({ body, caller }) => ({
  status: 201,
  body: await subscribeWebhook(caller.bureau, body.url, body.kinds),
}));
