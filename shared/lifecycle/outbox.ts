import type { EventActor } from '../data/consignment-records.ts';
import { everyPage } from '../data/pagination.ts';
import type { PendingTask } from '../data/task-repository.ts';
import { currentLogger } from '../observability/logger.ts';
import { followUpConsignmentAnswer } from './consignments/consignment-answers.ts';
import { followUpCaseAnswer } from './coordination/case-tasks.ts';
import { startCaseWorkflow } from './coordination/case-workflow.ts';
import { startAlertEffect } from './alerts/alert-workflow.ts';
import { startLifecycle } from './consignments/lifecycle-start.ts';
import { followUpOriginReviewAnswer } from './origin/origin-review-tasks.ts';
import { startOriginReview } from './origin/origin-workflow.ts';
import { repos } from './ports.ts';
import { finishStaleCounts } from './statistics/record-closing-statistics.ts';
import { followUpTrainAnswer } from './trains/train-tasks.ts';
import { now } from '../clock.ts';

/**
 * The things a request or step must finish once it has committed, and that a crash between
 * the commit and the finish would otherwise leave undone:
 * - an answered task whose answer has not reached the waiting workflow (closing a task puts it
 *   in the outbox; delivering it takes it out), which would strand the workflow until its deadline;
 * - a filed consignment whose lifecycle workflow was never started, which nothing would ever move;
 * - likewise a certificate-of-origin application whose review was never started (`submitted`
 *   until its review task opens), and a coordination case whose workflow was never started
 *   (`opened` until the addressed bureau's task opens), and an alert change whose AlertEffect
 *   execution (notices, re-planning, the waits for its start and end) was never started.
 * The relay finishes them. It runs when the local cloud starts (after a crash, nothing is in
 * flight), and on AWS every minute, leaving alone what is younger than `inFlightSeconds`: the
 * request that wrote it may still be finishing it.
 */
export const IN_FLIGHT_SECONDS = 60;

export interface RelayReport {
  answersDelivered: number;
  lifecyclesStarted: number;
  reviewsStarted: number;
  /** Coordination cases stored whose workflow a crash kept from starting, started. */
  casesStarted: number;
  /** Statistics counts a crashed close left unfinished, finished. */
  countsFinished: number;
  /** Alert changes whose AlertEffect execution a crash kept from starting, started. */
  alertEffectsStarted: number;
  failed: number;
}

export async function relayOutbox(options: { now?: Date; inFlightSeconds?: number } = {}): Promise<RelayReport> {
  const at = options.now ?? now();
  const before = new Date(at.getTime() - (options.inFlightSeconds ?? IN_FLIGHT_SECONDS) * 1000).toISOString();
  const report: RelayReport = { answersDelivered: 0, lifecyclesStarted: 0, reviewsStarted: 0, casesStarted: 0, countsFinished: 0, alertEffectsStarted: 0, failed: 0 };
  const attempt = async (what: string, work: () => Promise<void>, done: keyof Omit<RelayReport, 'failed'>) => {
    try {
      await work();
      report[done]++;
    } catch (error) {
      // One item that cannot be finished now must not hold back the others; the next run retries it.
      report.failed++;
      currentLogger().error('outbox relay could not finish an item', { item: what, error: error as Error });
    }
  };

  for (const task of await everyPage((page) => repos().tasks.listUndelivered(before, page))) {
    await attempt(
      `task ${task.taskId}`,
      async () => {
        if (!(await followUpAnswer(task, { recovering: true }))) throw new Error('its follow-up failed again');
      },
      'answersDelivered',
    );
  }
  const filed = await everyPage((page) => repos().consignments.list({ status: 'filed' }, page));
  for (const { id } of filed.filter((c) => c.createdAt < before)) {
    await attempt(`consignment ${id}`, async () => {
      const consignment = await repos().consignments.get(id);
      const train = consignment.trainId === undefined ? undefined : await repos().trains.find(consignment.trainId);
      await startLifecycle(consignment, train);
    }, 'lifecyclesStarted');
  }
  const submitted = await everyPage((page) => repos().originApplications.list({ status: 'submitted' }, {}, page));
  for (const application of submitted.filter((a) => a.createdAt < before)) {
    await attempt(`application ${application.id}`, () => startOriginReview(application), 'reviewsStarted');
  }
  // A case stays `opened` until its workflow opens the addressed bureau's task.
  const opened = await everyPage((page) => repos().cases.list({ status: 'opened' }, page));
  for (const c of opened.filter((c) => c.openedAt < before)) {
    await attempt(`case ${c.id}`, () => startCaseWorkflow(c), 'casesStarted');
  }
  // An alert stays in the outbox index from a change until the execution that change named runs.
  for (const alert of await everyPage((page) => repos().alerts.listUnstartedEffects(before, page))) {
    await attempt(`alert ${alert.id}`, () => startAlertEffect(alert), 'alertEffectsStarted');
  }
  // A count's lease is its in-flight time: one past it belongs to a close that died counting.
  try {
    report.countsFinished = await finishStaleCounts(at);
  } catch (error) {
    report.failed++;
    currentLogger().error('outbox relay could not finish statistics counts', { error: error as Error });
  }
  return report;
}

/**
 * What follows an answered task, by its subject: a train task's result goes on the train, an
 * origin review's decision on the application, a consignment task's into the consignment's audit
 * trail; then the workflow resumes. True when nothing is left to do.
 */
export function followUpAnswer(task: PendingTask, options: { recovering?: boolean } = {}): Promise<boolean> {
  if (task.trainId !== undefined) return followUpTrainAnswer(task);
  if (task.applicationId !== undefined) return followUpOriginReviewAnswer(task);
  if (task.caseId !== undefined) return followUpCaseAnswer(task);
  const closedBy = task.closedBy ?? '';
  const actor: EventActor = { role: closedBy.startsWith('system') ? 'system' : 'officer', bureau: task.bureau, subject: closedBy };
  return followUpConsignmentAnswer(task, actor, options);
}

/**
 * The answer of a task answered before, for a retry of the request that answered it: delivered
 * to the workflow first if a crash kept it back.
 */
export async function answerAgain(task: PendingTask): Promise<PendingTask['result']> {
  if (task.deliveredAt === undefined) await followUpAnswer(task, { recovering: true });
  return task.result;
}
