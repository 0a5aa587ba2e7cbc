import type { CallerIdentity } from '../../auth/claims.ts';
import type { PortCode } from '../../domain/codes.ts';
import { mayReadTrains } from '../../domain/trains/train-access.ts';
import { trainCapacity } from '../../domain/trains/train-load.ts';
import { beijingDay } from '../../domain/trains/train-registration.ts';
import { preArrivalNoticeAt } from '../../domain/trains/timetable.ts';
import type { Train } from '../../domain/train.ts';
import type { Page, PageRequest } from '../../data/pagination.ts';
import { publicTask } from '../tasks/task-view.ts';
import { repos } from '../ports.ts';
import { trainConsignmentSummaries } from './train-consignments.ts';
import { trainScheduleNames } from './train-schedules.ts';
import { NotAllowed, NotFound } from '../errors.ts';
import { nowIso } from '../../clock.ts';

/**
 * A train as the API shows it: never the run's callback token, nor which consignments booked it
 * (an officer sees only the consignments that involve the bureau), only how full it is.
 */
export function publicTrain(train: Train) {
  const { arrivalWait: _token, load: _load, booked, ...visible } = train;
  const names = trainScheduleNames(train.id);
  return {
    ...visible,
    bookedContainers: booked ?? 0,
    capacity: trainCapacity(train),
    schedules: {
      preArrivalNotice: { name: names.preArrivalNotice, at: preArrivalNoticeAt(train), ...(train.preArrivalNotice && { sentAt: train.preArrivalNotice.sentAt }) },
      borderCrossing: { name: names.borderCrossing, at: train.plannedBorderCrossing, ...(train.run && { runStartedAt: train.run.startedAt }) },
    },
  };
}

/**
 * GET /trains/{id}: the run, its schedules, its train tasks and its consignments with their
 * statuses. Timetables are shared by all bureaus (408号 三（三）); the consignments listed are
 * those the caller may see (HQ and the port bureau: all of them), the counts cover all.
 */
export async function trainDetail(id: string, caller: CallerIdentity) {
  if (!mayReadTrains(caller)) throw new NotAllowed('trains are read by bureau officers and HQ');
  const train = await repos().trains.find(id);
  if (!train) throw new NotFound(`train ${id} does not exist`);
  const [summaries, tasks] = await Promise.all([trainConsignmentSummaries(id), repos().tasks.listByTrain(id, { limit: 20 })]);
  const seesAll = caller.role === 'hq' || caller.bureau === train.portBureau;
  const byStatus: Record<string, number> = {};
  for (const c of summaries) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  return {
    ...publicTrain(train),
    tasks: tasks.items.map(publicTask),
    consignmentCounts: { total: summaries.length, byStatus },
    consignments: summaries
      .filter((c) => seesAll || c.responsibleBureaus.includes(caller.bureau))
      .map((c) => ({ id: c.id, direction: c.direction, status: c.status, responsibleBureaus: c.responsibleBureaus, updatedAt: c.updatedAt })),
  };
}

/**
 * GET /trains?date=&port=: runs due at the border on a day (Beijing time, today by default),
 * optionally at one port; or, with a port and no date, every run of that port, earliest first.
 */
export async function listTrains(query: { date?: string; port?: PortCode } & PageRequest, caller: CallerIdentity): Promise<Page<ReturnType<typeof publicTrain>>> {
  if (!mayReadTrains(caller)) throw new NotAllowed('trains are read by bureau officers and HQ');
  const result =
    query.date === undefined && query.port !== undefined
      ? await repos().trains.listByPort(query.port, {}, query)
      : await repos().trains.listByDay(query.date ?? beijingDay(nowIso()), query.port !== undefined ? { port: query.port } : {}, query);
  return { items: result.items.map(publicTrain), ...(result.nextToken && { nextToken: result.nextToken }) };
}
