import type { CallerIdentity } from '../../auth/claims.ts';
import { retryOnConflict } from '../../data/retry-on-conflict.ts';
import {
  changeRecognisedBody,
  registerRecognisedBody,
  withdrawRecognisedBody,
  type RecognisedBodyChange,
  type RecognisedBodyRecord,
  type RecognisedBodyRegistration,
  type RecognitionWithdrawal,
} from '../../domain/recognition/recognised-body.ts';
import { actorOf } from '../../domain/train.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

/** HQ keeps the register (408号 三（八）: results of bodies "检验检疫机构认可的"); bureaus and enterprises read it. */
function refuseUnlessHq(caller: CallerIdentity, what: string): void {
  if (caller.role !== 'hq') throw new NotAllowed(`only HQ may ${what} recognised bodies`);
}

async function current(id: string): Promise<RecognisedBodyRecord> {
  const body = await repos().recognisedBodies.find(id);
  if (!body) throw new NotFound(`recognised body ${id} does not exist`);
  if (body.status === 'withdrawn') {
    throw new Conflict(`the recognition of ${id} was withdrawn on ${body.withdrawal?.at ?? 'an earlier date'}; a withdrawn body is not changed`, 'recognised-body-withdrawn');
  }
  return body;
}

/** The version HQ read must still be the body's: a change made meanwhile is not overwritten. */
function refuseStale(body: RecognisedBodyRecord, version: number | undefined): void {
  if (version !== undefined && version !== body.version) {
    throw new Conflict(`recognised body ${body.id} is at version ${body.version}, not ${version}: read it again and decide on what it says now`);
  }
}

/** POST /recognised-bodies: a new entry of the register (409 when the id is taken). */
export async function registerBody(registration: RecognisedBodyRegistration, caller: CallerIdentity): Promise<RecognisedBodyRecord> {
  refuseUnlessHq(caller, 'register');
  const { body, change } = registerRecognisedBody(registration, { at: nowIso(), by: actorOf(caller) });
  return repos().recognisedBodies.create(body, change);
}

/** PATCH /recognised-bodies/{id}: scope, validity, name or accreditation, from the version read. */
export async function changeBody(id: string, request: RecognisedBodyChange, caller: CallerIdentity): Promise<RecognisedBodyRecord> {
  refuseUnlessHq(caller, 'change');
  const body = await current(id);
  refuseStale(body, request.version);
  const outcome = changeRecognisedBody(body, request, { at: nowIso(), by: actorOf(caller) });
  if (outcome.kind === 'invalid') throw new InvalidInput(outcome.problems);
  if (outcome.kind === 'unchanged') return body;
  return repos().recognisedBodies.change(id, { expectedVersion: body.version, from: ['active'], body: outcome.body, change: outcome.change });
}

/**
 * POST /recognised-bodies/{id}/withdraw: the body's results count no longer, for every filing
 * from now on. Without a version it applies to the body as it is, re-read after a lost race.
 */
export async function withdrawBody(id: string, request: RecognitionWithdrawal, caller: CallerIdentity): Promise<RecognisedBodyRecord> {
  refuseUnlessHq(caller, 'withdraw');
  const attempt = async () => {
    const body = await current(id);
    refuseStale(body, request.version);
    const { body: withdrawn, change } = withdrawRecognisedBody(body, request.reason, { at: nowIso(), by: actorOf(caller) });
    return repos().recognisedBodies.change(id, { expectedVersion: body.version, from: ['active'], body: withdrawn, change });
  };
  // Lost to another change between the read and the write: decide again on what is there now
  // (a data ConflictError only; a body found withdrawn is answered at once).
  return request.version !== undefined ? attempt() : retryOnConflict(attempt, 3);
}
