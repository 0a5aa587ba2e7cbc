import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { mayViewApplication } from '../../domain/origin/origin-access.ts';
import type { OriginApplicationStatus, OriginCertificateApplication } from '../../domain/origin/origin-application.ts';
import type { ApplicationListing } from '../../data/origin-application-repository.ts';
import { everyPage, type PageRequest } from '../../data/pagination.ts';
import { InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { repos } from '../ports.ts';
import { publicTask } from '../tasks/task-view.ts';

/** An application the caller may read; otherwise 404 or 403, never its contents. */
export async function visibleApplication(id: string, caller: CallerIdentity): Promise<OriginCertificateApplication> {
  const application = await repos().originApplications.find(id);
  if (!application) throw new NotFound(`application ${id} does not exist`);
  if (!mayViewApplication(caller, application)) {
    throw new NotAllowed(`application ${id} is ${caller.role === 'declarant' ? "another enterprise's" : `reviewed by bureau ${application.originBureau}`}`);
  }
  return application;
}

/** GET /origin-certificate-applications/{id}: the application, its decision and certificate, and its review task. */
export async function applicationDetail(id: string, caller: CallerIdentity) {
  const application = await visibleApplication(id, caller);
  const tasks = await everyPage((page) => repos().tasks.listByApplication(id, page));
  return { ...application, tasks: tasks.map(publicTask) };
}

export interface ApplicationListRequest extends PageRequest {
  status?: OriginApplicationStatus;
  bureau?: BureauCode;
  consignmentId?: string;
}

/**
 * GET /origin-certificate-applications, newest first: a declarant lists its enterprise's, an
 * officer its bureau's (asking for another bureau's is a 403), HQ a bureau's or those in a status
 * (the applications are kept per enterprise, per bureau and per status, not in one listing).
 */
export async function listApplications(caller: CallerIdentity, request: ApplicationListRequest) {
  const { status, bureau, consignmentId, ...page } = request;
  const listing = listingOf(caller, bureau, status);
  return repos().originApplications.list(listing, { ...(status !== undefined && { status }), ...(consignmentId !== undefined && { consignmentId }) }, page);
}

function listingOf(caller: CallerIdentity, bureau: BureauCode | undefined, status: OriginApplicationStatus | undefined): ApplicationListing {
  if (caller.role === 'declarant') {
    if (bureau !== undefined) throw new NotAllowed("a declarant lists its own enterprise's applications, not a bureau's");
    return { enterprise: caller.enterprise ?? '' };
  }
  if (caller.role === 'officer') {
    if (bureau !== undefined && bureau !== caller.bureau) throw new NotAllowed(`an officer of ${caller.bureau} lists the applications ${caller.bureau} reviews, not ${bureau}'s`);
    return { bureau: caller.bureau };
  }
  if (bureau !== undefined) return { bureau };
  if (status !== undefined) return { status };
  throw new InvalidInput([{ path: 'bureau', message: '总署须指明直属局或申请状态 / HQ names a bureau or a status' }], 'query');
}
