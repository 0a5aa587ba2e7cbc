import type { CallerIdentity } from '../../auth/claims.ts';
import { mayView } from '../../domain/access.ts';
import type { Consignment } from '../../domain/consignment.ts';
import { everyPage } from '../../data/pagination.ts';
import { repos } from '../ports.ts';
import { publicTask } from '../tasks/task-view.ts';
import { NotAllowed, NotFound } from '../errors.ts';

/** A consignment the caller may read; otherwise 404 or 403, never its contents. */
export async function visibleConsignment(id: string, caller: CallerIdentity): Promise<Consignment> {
  const consignment = await repos().consignments.find(id);
  if (!consignment) throw new NotFound(`consignment ${id} does not exist`);
  if (!mayView(caller, consignment)) throw new NotAllowed(`consignment ${id} does not involve ${caller.role === 'declarant' ? 'your enterprise' : `bureau ${caller.bureau}`}`);
  return consignment;
}

/** The consignment with what an officer needs beside it: open tasks and the audit trail. */
export async function consignmentDetail(id: string, caller: CallerIdentity) {
  const consignment = await visibleConsignment(id, caller);
  // The whole audit trail, however many escalations it holds: the newest events matter most.
  const [tasks, events] = await Promise.all([
    everyPage((page) => repos().tasks.listByConsignment(id, page)),
    everyPage((page) => repos().consignments.events(id, page)),
  ]);
  return {
    ...consignment,
    openTasks: tasks.filter((t) => t.status === 'open').map(publicTask),
    events,
  };
}
