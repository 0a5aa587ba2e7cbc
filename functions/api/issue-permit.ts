import { permitIssueSchema } from '#shared/domain/permits/permit.ts';
import { apiRoute } from '#shared/http/api-route.ts';
import { issuePermit } from '#shared/lifecycle/permits/permit-register.ts';
import { permitDetail } from '#shared/lifecycle/permits/permit-view.ts';
import { permitDetail as permitDetailResponse } from '#shared/http/responses/permits.ts';

/**
 * POST /permits: an officer registers a quarantine permit (进境动植物检疫许可证) or special-item
 * approval (特殊物品卫生检疫审批单) its bureau issued, HQ one it issued; filings then cite it.
 */
export const route = {
  summary: 'Register a quarantine permit or special-item approval for automatic verification and write-off',
  roles: ['officer', 'hq'],
  body: permitIssueSchema,
  idempotent: true,
  response: permitDetailResponse,
  created: true,
} as const;

export const handler = apiRoute(route, async ({ body, caller }) => {
  const permit = await issuePermit(body, caller);
  return { status: 201, headers: { location: `/permits/${encodeURIComponent(permit.number)}` }, body: permitDetail(permit) };
});
