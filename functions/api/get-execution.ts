import { z } from 'zod';
import { apiRoute } from '#shared/http/api-route.ts';
import { reviewExecution } from '#shared/review/executions.ts';
import { executionReview as executionReviewResponse } from '#shared/http/responses/review.ts';

/**
 * GET /executions/{id}: the execution, its full history (all pages, AWS shape) and a readable
 * timeline. `id` is the execution name (a consignment's is the consignment id) or the execution
 * ARN (URL-encoded or not: an ARN has no `/`).
 */
export const route = {
  summary: 'Review one workflow execution: the execution, its full history and a readable timeline',
  roles: ['hq', 'officer', 'declarant'],
  params: z.object({
    id: z
      .string()
      .min(1)
      .max(2048)
      .transform((id, ctx) => {
        if (!id.includes('%')) return id;
        try {
          return decodeURIComponent(id);
        } catch {
          ctx.addIssue({ code: 'custom', message: '不是有效的 URL 编码 / not a valid percent-encoding' });
          return z.NEVER;
        }
      }),
  }),
  response: executionReviewResponse,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({
  status: 200,
  body: await reviewExecution(params.id, caller),
}));
