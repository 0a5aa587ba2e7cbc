import { apiRoute } from '#shared/http/api-route.ts';
import { idParamsSchema } from '#shared/http/query-schemas.ts';
import { applicationDetail } from '#shared/lifecycle/origin/origin-application-view.ts';
import { originApplicationDetail as originApplicationDetailResponse } from '#shared/http/responses/registers.ts';

/** GET /origin-certificate-applications/{id}: the application, its decision and certificate. */
export const route = {
  summary: 'Read a certificate-of-origin application with its review task, decision and certificate',
  roles: ['declarant', 'officer', 'hq'],
  params: idParamsSchema,
  response: originApplicationDetailResponse,
  versioned: true,
} as const;

export const handler = apiRoute(route, async ({ params, caller }) => ({
  status: 200,
  body: await applicationDetail(params.id, caller),
}));
