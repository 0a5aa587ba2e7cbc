import type { CallerIdentity } from '../../auth/claims.ts';
import type { Page, PageRequest } from '../../data/pagination.ts';
import { mayActOnCandidates } from '../../domain/alerts/alert-access.ts';
import { publicationFromCandidate, type AlertCandidate, type CandidatePublication } from '../../domain/alerts/alert-candidate.ts';
import { Conflict, NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { publish } from './alert-register.ts';
import type { AlertRecord } from '../../domain/alerts/alert.ts';

/** GET /alert-candidates: HQ's list of pairs with unpublished nonconformities, the latest first. */
export async function listCandidates(page: PageRequest, caller: CallerIdentity): Promise<Page<AlertCandidate>> {
  if (!mayActOnCandidates(caller)) throw new NotAllowed('alert candidates are for HQ');
  return repos().alertCandidates.list(page);
}

/**
 * POST /alert-candidates/{key}/publish: one request makes the candidate an alert of HQ's, in force
 * at once; its consignments leave the candidate (nonconformities found later start it anew).
 */
export async function publishFromCandidate(
  key: string,
  request: CandidatePublication,
  caller: CallerIdentity,
  options: { idempotencyKey?: string | undefined; correlationId?: string | undefined } = {},
): Promise<AlertRecord> {
  if (!mayActOnCandidates(caller)) throw new NotAllowed('only HQ publishes an alert from a candidate');
  const candidate = await repos().alertCandidates.find(key);
  if (!candidate) throw new NotFound(`no nonconformity has been found for ${key}`);
  if (candidate.nonconformities.length === 0) throw new Conflict(`candidate ${key} has no nonconformity since alert ${candidate.lastPublished?.alertId ?? ''} was published from it`);
  const consignmentIds = candidate.nonconformities.map((n) => n.consignmentId);
  const alert = await publish(publicationFromCandidate(candidate, request), caller, {
    ...options,
    fromCandidate: { key, nonconformities: consignmentIds.length, consignmentIds },
  });
  await repos().alertCandidates.consume(key, consignmentIds, { alertId: alert.id, at: alert.createdAt });
  return alert;
}
