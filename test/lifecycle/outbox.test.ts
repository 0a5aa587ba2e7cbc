import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { IdempotencyKeyReusedError } from '#shared/data/errors.ts';
import { everyPage } from '#shared/data/pagination.ts';
import { taskAnswerSchema, type ConsignmentTaskAnswerInput } from '#shared/domain/tasks/task-results.ts';
import { completeConsignmentTask, consignmentTasks } from '#shared/lifecycle/consignments/consignment-tasks.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { relayOutbox } from '#shared/lifecycle/outbox.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { openTask } from '#shared/lifecycle/tasks/open-task.ts';
import { taskToAnswer } from '#shared/lifecycle/tasks/task-answer.ts';
import { CREDIT_CODES, importFiling } from '../domain/fixtures.ts';
import { useApplication } from './fakes.ts';

const { workflows } = useApplication();

const importer: CallerIdentity = { subject: 'declarant-1', bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
const xj: CallerIdentity = { subject: 'officer-xj', bureau: 'XJ', role: 'officer' };
// A consignment task's answer: the union also holds answers without `details` (origin reviews).
const passed: ConsignmentTaskAnswerInput = taskAnswerSchema.parse({ kind: 'port-checks', outcome: 'pass', details: { containers: [{ number: 'CSQU3054383', radiation: 'normal', quarantine: 'pass', treatment: 'done' }] } }) as ConsignmentTaskAnswerInput;
/** Everything left behind is past its in-flight time: the relay as it runs when the local cloud restarts. */
const afterRestart = { inFlightSeconds: 0 };

let tokens = 0;
async function awaitingPortChecks(filingKey?: string) {
  const consignment = await fileConsignment(importFiling(), importer, filingKey);
  const taskToken = `outbox-token-${++tokens}`;
  await openTask(
    {
      taskToken,
      consignmentId: consignment.id,
      kind: 'port-checks',
      bureau: 'XJ',
      leadBureau: 'XJ',
      escalation: 0,
      timeoutSeconds: 14_400,
      enteredAt: new Date().toISOString(),
      executionArn: `arn:aws:states:eu-central-1:000000000000:execution:ConsignmentImport:${consignment.id}`,
      stateName: 'AwaitPortChecks',
    },
    consignmentTasks,
  );
  return { consignment, taskId: `${consignment.id}.port-checks`, taskToken };
}

const completions = async (consignmentId: string) =>
  (await everyPage((page) => repos().consignments.events(consignmentId, page))).filter((e) => e.type === 'port-checks-completed');

describe('an answer a crash kept from its workflow', () => {
  it('is delivered by the relay, with its audit event written once, and then leaves the outbox', async () => {
    const { consignment, taskId, taskToken } = await awaitingPortChecks();
    workflows.failAnswers = 1;
    await expect(completeConsignmentTask(await taskToAnswer(taskId, xj), passed, xj, 'answer-1')).rejects.toThrow(/injected/);
    expect(workflows.answers.has(taskToken)).toBe(false);
    expect((await repos().tasks.get(taskId)).deliveredAt).toBeUndefined();

    expect(await relayOutbox(afterRestart)).toMatchObject({ answersDelivered: 1, failed: 0 });
    expect(workflows.answers.get(taskToken)).toMatchObject({ outcome: 'pass', by: { bureau: 'XJ', subject: 'officer-xj' } });
    expect((await repos().tasks.get(taskId)).deliveredAt).toBeDefined();
    expect(await completions(consignment.id)).toHaveLength(1);
    expect(await relayOutbox(afterRestart)).toMatchObject({ answersDelivered: 0 });
  });

  it('is written to the audit trail by the relay when the crash came right after the task closed', async () => {
    const { consignment, taskId, taskToken } = await awaitingPortChecks();
    // What the completion had done when it died: the task closed with the answer, nothing more.
    await repos().tasks.close(taskId, { status: 'completed', by: 'officer-xj', result: { outcome: 'pass', details: passed.details, disposal: null, by: { bureau: 'XJ', subject: 'officer-xj' }, at: new Date().toISOString() } });
    await relayOutbox(afterRestart);
    expect(workflows.answers.has(taskToken)).toBe(true);
    const [completed] = await completions(consignment.id);
    expect(completed?.actor).toMatchObject({ role: 'officer', bureau: 'XJ', subject: 'officer-xj' });
  });

  it('is left alone while the request that wrote it may still be finishing it', async () => {
    const { taskId } = await awaitingPortChecks();
    await repos().tasks.close(taskId, { status: 'completed', by: 'officer-xj', result: { outcome: 'pass', disposal: null, at: new Date().toISOString() } });
    expect(await relayOutbox({ inFlightSeconds: 60 })).toMatchObject({ answersDelivered: 0 });
    expect((await repos().tasks.get(taskId)).deliveredAt).toBeUndefined();
  });

  it('is given back to a retry of the request that answered, which the task no longer refuses', async () => {
    const { taskId } = await awaitingPortChecks();
    workflows.failAnswers = 1;
    await expect(completeConsignmentTask(await taskToAnswer(taskId, xj), passed, xj, 'answer-2')).rejects.toThrow(/injected/);
    const retried = await taskToAnswer(taskId, xj, 'answer-2');
    expect(retried.status).toBe('completed');
    await expect(taskToAnswer(taskId, xj, 'another-key')).rejects.toThrow(/already completed/);
    await expect(taskToAnswer(taskId, { ...xj, subject: 'officer-xj-2' }, 'answer-2')).rejects.toThrow(/already completed/);
  });
});

describe('a filing a crash interrupted', () => {
  it('has its lifecycle started by the relay, indexed for review before it starts', async () => {
    workflows.failStarts = 1;
    const filing = importFiling();
    await expect(fileConsignment(filing, importer)).rejects.toThrow(/injected/);
    const [stranded] = (await repos().consignments.list({ status: 'filed' })).items.filter((c) => !workflows.started.some((s) => s.name === c.id));
    expect(stranded).toBeDefined();
    expect(await repos().executions.find(stranded?.id ?? '')).toBeDefined();
    expect(await relayOutbox(afterRestart)).toMatchObject({ failed: 0 });
    expect(workflows.started.filter((s) => s.name === stranded?.id)).toHaveLength(1);
  });

  it('lands on the same consignment when retried with its key, however far its lifecycle has gone', async () => {
    const { consignment } = await awaitingPortChecks('filing-key-1');
    const retried = await fileConsignment(importFiling(), importer, 'filing-key-1');
    expect(retried.id).toBe(consignment.id);
    expect(retried.status).toBe('awaiting-port-checks');
    expect(workflows.started.filter((s) => s.name === consignment.id)).toHaveLength(1);
    await expect(fileConsignment(importFiling({ tradeMode: 'postal' }), importer, 'filing-key-1')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });
});
