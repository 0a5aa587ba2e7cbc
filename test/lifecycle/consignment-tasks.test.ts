import { describe, expect, it, vi } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { ConflictError } from '#shared/data/errors.ts';
import { taskAnswerSchema } from '#shared/domain/tasks/task-results.ts';
import { closeConsignment } from '#shared/lifecycle/consignments/close-consignment.ts';
import { completeConsignmentTask, consignmentTasks } from '#shared/lifecycle/consignments/consignment-tasks.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import type { LifecycleInput } from '#shared/lifecycle/consignments/lifecycle-start.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '#shared/lifecycle/errors.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { openTask, type OpenTaskRequest } from '#shared/lifecycle/tasks/open-task.ts';
import { taskToAnswer } from '#shared/lifecycle/tasks/task-answer.ts';
import { CREDIT_CODES, exportFiling, importFiling } from '../domain/fixtures.ts';
import { useApplication } from './fakes.ts';

const { workflows, notices } = useApplication();

const importer: CallerIdentity = { subject: 'declarant-1', bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter };
const xj: CallerIdentity = { subject: 'officer-xj', bureau: 'XJ', role: 'officer' };
const cq: CallerIdentity = { subject: 'officer-cq', bureau: 'CQ', role: 'officer' };

let tokens = 0;
function portChecksEntry(consignmentId: string, overrides: Partial<OpenTaskRequest> = {}): OpenTaskRequest {
  return {
    taskToken: `token-${++tokens}`,
    consignmentId,
    kind: 'port-checks',
    bureau: 'XJ',
    leadBureau: 'XJ',
    escalation: 0,
    timeoutSeconds: 4 * 3600,
    enteredAt: '2026-12-07T08:00:00.000Z',
    executionArn: `arn:aws:states:eu-central-1:000000000000:execution:ConsignmentImport:${consignmentId}`,
    stateName: 'AwaitPortChecks',
    ...overrides,
  };
}

const answer = (body: unknown) => taskAnswerSchema.parse(body);
const portChecksPass = (container = 'CSQU3054383') =>
  answer({ kind: 'port-checks', outcome: 'pass', details: { containers: [{ number: container, radiation: 'normal', quarantine: 'pass', treatment: 'done' }] } });

async function importAwaitingPortChecks() {
  const consignment = await fileConsignment(importFiling(), importer);
  const entry = portChecksEntry(consignment.id);
  expect(await openTask(entry, consignmentTasks)).toBe('opened');
  return { consignment, entry, taskId: `${consignment.id}.port-checks` };
}

describe('filing', () => {
  it('stores the planned consignment and starts its lifecycle workflow under its id', async () => {
    const consignment = await fileConsignment(importFiling(), importer);
    const started = workflows.started.find((s) => s.name === consignment.id);
    expect(started?.stateMachineArn).toBe(process.env.CONSIGNMENT_IMPORT_STATE_MACHINE_ARN);
    expect(started?.input).toMatchObject({ consignmentId: consignment.id, portBureau: 'XJ', inlandBureau: 'CQ', portInspection: false } satisfies Partial<LifecycleInput>);
    expect((await repos().consignments.get(consignment.id)).status).toBe('filed');
  });

  it('lands a retried keyed filing on the same consignment and the same execution', async () => {
    const first = await fileConsignment(exportFiling(), { subject: 'exporter', bureau: 'ZJ', role: 'declarant', enterprise: CREDIT_CODES.yiwuExporter }, 'key-1');
    const again = await fileConsignment(exportFiling(), { subject: 'exporter', bureau: 'ZJ', role: 'declarant', enterprise: CREDIT_CODES.yiwuExporter }, 'key-1');
    expect(again.id).toBe(first.id);
    expect(workflows.started.filter((s) => s.name === first.id)).toHaveLength(1);
  });

  it('refuses a declarant filing for another enterprise, and writes nothing', async () => {
    const before = workflows.started.length;
    await expect(fileConsignment(importFiling(), { ...importer, enterprise: CREDIT_CODES.yiwuExporter })).rejects.toBeInstanceOf(NotAllowed);
    expect(workflows.started).toHaveLength(before);
  });

  it('names trainId when the train does not exist', async () => {
    const refused = await fileConsignment(importFiling({ trainId: 'X8001-20261207' }), importer).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InvalidInput);
    expect((refused as InvalidInput).issues).toEqual([{ path: 'trainId', message: 'train X8001-20261207 does not exist' }]);
  });
});

describe('opening a task', () => {
  it('moves the consignment to the step awaited, records the task and tells the bureau once', async () => {
    const { consignment, entry, taskId } = await importAwaitingPortChecks();
    expect((await repos().consignments.get(consignment.id)).status).toBe('awaiting-port-checks');
    expect((await repos().tasks.get(taskId)).status).toBe('open');
    expect(notices.to('XJ', 'task:port-checks').filter((n) => n.taskId === taskId)).toHaveLength(1);
    // Step Functions runs the step at least once: a retry with the same token changes nothing.
    expect(await openTask(entry, consignmentTasks)).toBe('already-open');
    expect(notices.to('XJ', 'task:port-checks').filter((n) => n.taskId === taskId)).toHaveLength(1);
  });

  it('re-arms the task on each deadline and escalates: the bureau, then the lead bureau, then HQ', async () => {
    const { consignment, entry, taskId } = await importAwaitingPortChecks();
    const escalations = [
      { level: 1, notified: 'XJ' },
      { level: 2, notified: 'XJ' },
      { level: 3, notified: 'HQ' },
    ];
    for (const { level } of escalations) {
      expect(await openTask(portChecksEntry(consignment.id, { escalation: level, enteredAt: `2026-12-07T1${level}:00:00.000Z` }), consignmentTasks)).toBe('escalated');
    }
    const task = await repos().tasks.get(taskId);
    expect(task.escalation).toBe(3);
    expect(task.taskToken).not.toBe(entry.taskToken);
    const events = (await repos().consignments.events(consignment.id)).items.filter((e) => e.type === 'task-escalated');
    expect(events.map((e) => (e.data as { notified: string }).notified)).toEqual(escalations.map((e) => e.notified));
    expect(notices.sent.filter((n) => n.kind === 'escalation' && n.taskId === taskId).map((n) => n.bureau)).toEqual(escalations.map((e) => e.notified));
  });

  it('hands an answer given as the deadline passed to the new token, so the workflow goes on', async () => {
    const { taskId, consignment } = await importAwaitingPortChecks();
    await completeConsignmentTask(await taskToAnswer(taskId, xj), portChecksPass(), xj);
    const late = portChecksEntry(consignment.id, { escalation: 1 });
    expect(await openTask(late, consignmentTasks)).toBe('answered-before-escalation');
    expect(workflows.answers.get(late.taskToken)).toMatchObject({ outcome: 'pass', by: { bureau: 'XJ', subject: 'officer-xj' } });
  });
});

describe('answering a task', () => {
  it('is refused for an unknown task, another bureau, and a task already answered', async () => {
    const { taskId } = await importAwaitingPortChecks();
    await expect(taskToAnswer('no-such-task', xj)).rejects.toBeInstanceOf(NotFound);
    await expect(taskToAnswer(taskId, cq)).rejects.toBeInstanceOf(NotAllowed);
    const task = await taskToAnswer(taskId, xj);
    await completeConsignmentTask(task, portChecksPass(), xj);
    await expect(taskToAnswer(taskId, xj)).rejects.toBeInstanceOf(Conflict);
    // Two officers who both read the open task: the second answer loses.
    await expect(completeConsignmentTask(task, portChecksPass(), xj)).rejects.toBeInstanceOf(Conflict);
  });

  it('refuses an answer of another kind, and port checks that do not cover the containers, by field', async () => {
    const { taskId } = await importAwaitingPortChecks();
    const task = await taskToAnswer(taskId, xj);
    const wrongKind = await completeConsignmentTask(task, answer({ kind: 'destination-inspection', outcome: 'pass' }), xj).catch((e: unknown) => e);
    expect(wrongKind).toBeInstanceOf(InvalidInput);
    expect((wrongKind as InvalidInput).issues.map((i) => i.path)).toEqual(['kind']);
    const wrongContainer = await completeConsignmentTask(task, portChecksPass('MSKU1234565'), xj).catch((e: unknown) => e);
    expect((wrongContainer as InvalidInput).issues.map((i) => i.path)).toEqual(['details.containers.0.number', 'details.containers']);
    expect((await repos().tasks.get(taskId)).status).toBe('open');
    expect(workflows.answers.has(task.taskToken)).toBe(false);
  });

  it('closes the task, records the audit event and resumes the workflow with the answer', async () => {
    const { consignment, taskId } = await importAwaitingPortChecks();
    const task = await taskToAnswer(taskId, xj);
    const { answer: given } = await completeConsignmentTask(task, portChecksPass(), xj);
    expect(given).not.toHaveProperty('kind');
    expect(workflows.answers.get(task.taskToken)).toEqual(given);
    expect((await repos().tasks.get(taskId)).status).toBe('completed');
    const types = (await repos().consignments.events(consignment.id)).items.map((e) => e.type);
    expect(types).toContain('port-checks-completed');
  });

  it('reports a failed result to every bureau involved and HQ, with the disposal', async () => {
    const { consignment, taskId } = await importAwaitingPortChecks();
    const failed = answer({
      kind: 'port-checks',
      outcome: 'fail',
      details: { containers: [{ number: 'CSQU3054383', radiation: 'alarm', quarantine: 'pass', treatment: 'done' }], disposal: 'return' },
    });
    await completeConsignmentTask(await taskToAnswer(taskId, xj), failed, xj);
    const reported = notices.sent.filter((n) => n.kind === 'nonconformity' && n.consignmentId === consignment.id);
    expect(reported.map((n) => n.bureau).sort()).toEqual(['CQ', 'HQ', 'XJ']);
    expect((await repos().consignments.get(consignment.id)).disposal).toMatchObject({ kind: 'return', decidedIn: 'port-checks', bureau: 'XJ' });
  });

  it('of two officers answering at once, records one answer on the consignment; the other gets a Conflict', async () => {
    const { consignment, taskId } = await importAwaitingPortChecks();
    const other: CallerIdentity = { subject: 'officer-xj-2', bureau: 'XJ', role: 'officer' };
    const [first, second] = [await taskToAnswer(taskId, xj), await taskToAnswer(taskId, other)];
    const results = await Promise.allSettled([completeConsignmentTask(first, portChecksPass(), xj, 'key-a'), completeConsignmentTask(second, portChecksPass(), other, 'key-b')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason).toBeInstanceOf(Conflict);
    const closed = await repos().tasks.get(taskId);
    const events = (await repos().consignments.events(consignment.id)).items.filter((e) => e.type === 'port-checks-completed');
    // The answer on the consignment is the one whose task close committed with it.
    expect(events.map((e) => e.actor.subject)).toEqual([closed.closedBy]);
    expect(closed.answerKey).toBe(closed.closedBy === xj.subject ? 'key-a' : 'key-b');
  });

  it('still answers when the consignment keeps changing under the transaction: the task closes alone, the follow-up records it', async () => {
    const { consignment, taskId } = await importAwaitingPortChecks();
    const task = await taskToAnswer(taskId, xj);
    const lost = vi.spyOn(repos().consignments, 'changeWith').mockRejectedValue(new ConflictError('moved on', { entity: 'consignment', id: consignment.id }));
    try {
      const { answer: given } = await completeConsignmentTask(task, portChecksPass(), xj, 'key-c');
      expect(lost).toHaveBeenCalledTimes(5);
      expect(workflows.answers.get(task.taskToken)).toEqual(given);
    } finally {
      lost.mockRestore();
    }
    expect(await repos().tasks.get(taskId)).toMatchObject({ status: 'completed', answerKey: 'key-c' });
    const types = (await repos().consignments.events(consignment.id)).items.map((e) => e.type);
    expect(types.filter((t) => t === 'port-checks-completed')).toHaveLength(1);
  });
});

describe('closing', () => {
  it('releases an export with its electronic clearance document, once', async () => {
    const exporter: CallerIdentity = { subject: 'exporter', bureau: 'ZJ', role: 'declarant', enterprise: CREDIT_CODES.yiwuExporter };
    const consignment = await fileConsignment(exportFiling(), exporter);
    const request = { consignmentId: consignment.id, outcome: 'released' as const, executionArn: 'arn:aws:states:eu-central-1:000000000000:execution:ConsignmentExport:x' };
    const released = await closeConsignment(request);
    expect(released.status).toBe('released');
    expect(released.clearanceDocument?.issuedBy).toBe('ZJ');
    const sent = notices.sent.filter((n) => n.kind === 'released' && n.consignmentId === consignment.id).length;
    expect(sent).toBeGreaterThan(0);
    expect((await closeConsignment(request)).version).toBe(released.version);
    expect(notices.sent.filter((n) => n.kind === 'released' && n.consignmentId === consignment.id)).toHaveLength(sent);
  });
});
