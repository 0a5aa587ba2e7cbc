import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import { listingScope } from '../../domain/access.ts';
import type { PageRequest } from '../../data/pagination.ts';
import { InvalidInput, NotAllowed } from '../errors.ts';
import { repos } from '../ports.ts';
import { publicTask } from './task-view.ts';

/**
 * A bureau's open tasks, most urgent first. An officer reads its own bureau's queue; HQ reads any
 * bureau's, and names it: the queues are kept per bureau, so there is no one listing of every
 * open task to page through.
 */
export async function openTasksOf(caller: CallerIdentity, asked: BureauCode | undefined, page: PageRequest) {
  const scope = listingScope(caller, asked);
  if (!scope) throw new NotAllowed(`an officer of ${caller.bureau} reads only the tasks of ${caller.bureau}, not of ${asked}`);
  const bureau = scope.bureau ?? asked;
  if (bureau === undefined) throw new InvalidInput([{ path: 'bureau', message: '总署须指明直属局 / HQ names the bureau whose open tasks it reads' }], 'query');
  const tasks = await repos().tasks.listOpenByBureau(bureau, page);
  return { items: tasks.items.map(publicTask), ...(tasks.nextToken && { nextToken: tasks.nextToken }) };
}
