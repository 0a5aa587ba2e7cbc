import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { CallerIdentity } from '../../auth/claims.ts';
import { inlandBureauOf } from '../../domain/consignment.ts';
import { mayApplyForOrigin } from '../../domain/origin/origin-access.ts';
import {
  applicationProblems,
  createApplication,
  isLiveApplication,
  type OriginApplicationRequest,
  type OriginCertificateApplication,
} from '../../domain/origin/origin-application.ts';
import { leadBureauForPort } from '../../domain/reference/ports.ts';
import { executionArnOf } from '../../orchestration/execution-arn.ts';
import { originCertificateStateMachineArn } from '../../orchestration/state-machines.ts';
import { deterministicId } from '../deterministic-id.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { startOriginReview } from './origin-workflow.ts';
import { nowIso } from '../../clock.ts';

/**
 * A claim whose application was never written (the request died between the two writes) is
 * given up after this long: longer than any API function may run, so its request is dead.
 */
const ABANDONED_CLAIM_SECONDS = 60;
const MAX_CLAIM_ATTEMPTS = 3;

/**
 * 原产地签证无纸化申报: the declarant of an export's consignor applies for a certificate of origin.
 * Everything is checked before anything is written (the caller, the consignment, the form's rules
 * against the goods); the application then takes its consignment and form's one live slot,
 * is stored, and its review workflow starts. A keyed retry (same caller, same Idempotency-Key)
 * lands on the same application, whenever it comes, and is answered as the first time.
 */
export async function applyForOriginCertificate(
  request: OriginApplicationRequest,
  caller: CallerIdentity,
  idempotencyKey?: string,
  correlationId?: string,
): Promise<OriginCertificateApplication> {
  if (caller.role !== 'declarant' || caller.enterprise === undefined) throw new NotAllowed('a declarant of the exporting enterprise applies for a certificate of origin');
  const keyed = idempotencyKey === undefined ? {} : { idempotencyKey, fingerprint: createHash('sha256').update(JSON.stringify(request)).digest('base64url') };
  const id = idempotencyKey === undefined ? ulid() : deterministicId('origin-certificate-application', caller.subject, idempotencyKey);

  // Made before by this very request: the consignment may have moved on since, the answer has not.
  const replay = await repos().originApplications.findKeyed(id, keyed);
  if (replay) {
    await startOriginReview(replay, correlationId);
    return replay;
  }

  const consignment = await repos().consignments.find(request.consignmentId);
  if (!consignment) throw new NotFound(`consignment ${request.consignmentId} does not exist`);
  if (!mayApplyForOrigin(caller, consignment)) throw new NotAllowed(`consignment ${request.consignmentId} was not declared by your enterprise as its exporter`);
  const at = nowIso();
  const problems = applicationProblems(request, consignment, at);
  if (problems.length > 0) throw new InvalidInput(problems);
  if (consignment.status === 'rejected') throw new Conflict(`consignment ${consignment.id} was rejected: its goods are not exported, and no certificate of origin is issued for them`);

  const application = createApplication(request, consignment, {
    id,
    at,
    applicant: { enterprise: caller.enterprise, subject: caller.subject },
    originBureau: inlandBureauOf(consignment),
    leadBureau: leadBureauForPort(consignment.portCode),
    executionArn: executionArnOf(originCertificateStateMachineArn(), id),
  });
  await takeTheLiveSlot(application);
  const stored = await repos().originApplications.create(application, keyed);
  await startOriginReview(stored, correlationId);
  return stored;
}

/**
 * One live application per consignment and form: the claim is this application's, or it is taken
 * over from one that is refused, or whose request died before storing it; otherwise a Conflict
 * naming the live application, with nothing written.
 */
async function takeTheLiveSlot(application: OriginCertificateApplication): Promise<void> {
  const { consignmentId, form, id, createdAt: at } = application;
  for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
    const holder = await repos().originApplications.claim(consignmentId, form, id, at);
    if (holder === undefined) return;
    const live = await repos().originApplications.find(holder.applicationId);
    const abandoned = live === undefined && Date.parse(at) - Date.parse(holder.claimedAt) > ABANDONED_CLAIM_SECONDS * 1000;
    if (live !== undefined && isLiveApplication(live.status)) {
      throw new Conflict(`consignment ${consignmentId} already has a ${form} application, ${live.id} (${live.status}); a new one may follow only a refusal`);
    }
    if (live === undefined && !abandoned) throw new Conflict(`a ${form} application for consignment ${consignmentId} is being made right now`);
    // Refused or abandoned: it is ours if no one else took it over meanwhile (else look again).
    if (await repos().originApplications.takeOverClaim(consignmentId, form, holder.applicationId, id, at)) return;
  }
  throw new Conflict(`the ${form} application for consignment ${consignmentId} changed hands while applying; try again`);
}
