import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { createPolicyNotice, mayPublishPolicyNotice, publicNotice, type PolicyNoticeRequest } from '../../domain/coordination/policy-notices.ts';
import { actorOf } from '../../domain/train.ts';
import type { PageRequest } from '../../data/pagination.ts';
import { NotAllowed } from '../errors.ts';
import { repos } from '../ports.ts';
import { keyedRequest } from './keyed-request.ts';
import { nowIso } from '../../clock.ts';

/** POST /policy-notices: HQ or a bureau publishes a notice for enterprises; a keyed retry lands on the same notice. */
export async function publishPolicyNotice(request: PolicyNoticeRequest, caller: CallerIdentity, idempotencyKey?: string) {
  if (!mayPublishPolicyNotice(caller)) throw new NotAllowed('HQ or a bureau publishes policy notices');
  const { id, keyed } = keyedRequest('policy-notice', caller, request, idempotencyKey);
  const replay = await repos().policyNotices.findKeyed(id, keyed);
  const notice = replay ?? (await repos().policyNotices.create(createPolicyNotice(request, { id, at: nowIso(), by: actorOf(caller) }), keyed));
  return publicNotice(notice);
}

/** GET /policy-notices: the public feed, newest first, of every publisher or one. */
export async function policyNoticeFeed(request: PageRequest & { bureau?: BureauCode }) {
  const { bureau, ...page } = request;
  const found = await repos().policyNotices.list(bureau === undefined ? {} : { bureau }, page);
  return { items: found.items.map(publicNotice), ...(found.nextToken !== undefined && { nextToken: found.nextToken }) };
}
