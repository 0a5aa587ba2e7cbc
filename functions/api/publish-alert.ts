import { alertPublicationSchema } from '#shared/domain/alerts/alert.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { publish } from '#shared/lifecycle/alerts/alert-register.ts';
import { alertView } from '#shared/lifecycle/alerts/alert-view.ts';
import { alert as alertResponse } from '#shared/http/responses/alerts.ts';

/**
 * POST /alerts: a bureau or HQ publishes an epidemic, pest or nonconformity alert (疫病疫情和异常情况
 * 信息通报, 408号 三（七）) with its measure and validity; HQ's is in force at once, a bureau's waits
 * for HQ's approval.
 */
export const route = {
  summary: "Publish an alert with its measure and validity (HQ's in force at once, a bureau's after HQ's approval)",
  roles: ['officer', 'hq'],
  body: alertPublicationSchema,
  idempotent: true,
  response: alertResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller, idempotencyKey, requestId }) => {
  const alert = await publish(body, caller, { idempotencyKey, correlationId: requestId });
  return { status: 201, headers: { location: `/alerts/${alert.id}` }, body: alertView(alert, caller) };
});
