import type { CallerIdentity } from '../../auth/claims.ts';
import type { Page, PageRequest } from '../../data/pagination.ts';
import type { RecognisedBodyRecord, RecognitionChange, RecognitionStatus } from '../../domain/recognition/recognised-body.ts';
import { NotFound } from '../errors.ts';
import { repos } from '../ports.ts';

/**
 * A register entry as the API shows it. Every caller may read the register (declarants need to
 * know whose results count); who at HQ registered or withdrew a body is HQ's own business.
 */
export function publicRecognisedBody(body: RecognisedBodyRecord, caller: CallerIdentity) {
  if (caller.role === 'hq') return body;
  const { registeredBy: _by, withdrawal, ...visible } = body;
  return { ...visible, ...(withdrawal && { withdrawal: { at: withdrawal.at, reason: withdrawal.reason } }) };
}

export type PublicRecognisedBody = ReturnType<typeof publicRecognisedBody>;

/** GET /recognised-bodies: the register by id, paged, optionally one status or country. */
export async function listRecognisedBodies(
  query: { status?: RecognitionStatus | undefined; country?: string | undefined } & PageRequest,
  caller: CallerIdentity,
): Promise<Page<PublicRecognisedBody>> {
  const { status, country, ...page } = query;
  const result = await repos().recognisedBodies.list({ status, country }, page);
  return { items: result.items.map((body) => publicRecognisedBody(body, caller)), ...(result.nextToken && { nextToken: result.nextToken }) };
}

/** GET /recognised-bodies/{id}: the entry; for HQ with its audit history (who changed what when). */
export async function recognisedBodyDetail(id: string, caller: CallerIdentity): Promise<PublicRecognisedBody & { history?: RecognitionChange[] }> {
  const body = await repos().recognisedBodies.find(id);
  if (!body) throw new NotFound(`recognised body ${id} does not exist`);
  if (caller.role !== 'hq') return publicRecognisedBody(body, caller);
  return { ...body, history: await repos().recognisedBodies.history(id) };
}
