import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { IdempotencyKeyReusedError } from '#shared/data/errors.ts';
import { openCaseSchema, type OpenCaseRequest } from '#shared/domain/coordination/case.ts';
import { taskAnswerSchema } from '#shared/domain/tasks/task-results.ts';
import { postCaseMessage, resolveCase, withdrawCase } from '#shared/lifecycle/coordination/case-actions.ts';
import { caseTaskId, caseTasks, completeCaseTask } from '#shared/lifecycle/coordination/case-tasks.ts';
import { caseDetail, listCases } from '#shared/lifecycle/coordination/case-view.ts';
import { closeCase } from '#shared/lifecycle/coordination/close-case.ts';
import { openCase } from '#shared/lifecycle/coordination/open-case.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { Conflict, InvalidInput, NotAllowed } from '#shared/lifecycle/errors.ts';
import { relayOutbox } from '#shared/lifecycle/outbox.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { openTask } from '#shared/lifecycle/tasks/open-task.ts';
import { taskToAnswer } from '#shared/lifecycle/tasks/task-answer.ts';
import { CREDIT_CODES, importFiling } from '../domain/fixtures.ts';
import { useApplication } from './fakes.ts';

const { workflows, notices } = useApplication();

const officer = (bureau: CallerIdentity['bureau']): CallerIdentity => ({ subject: `officer-${bureau}`, bureau, role: 'officer' });
const HQ: CallerIdentity = { subject: 'hq-1', bureau: 'HQ', role: 'hq' };
const CASE_MACHINE = 'arn:aws:states:eu-central-1:000000000000:stateMachine:CoordinationCase';

const request = (overrides: Record<string, unknown> = {}): OpenCaseRequest =>
  openCaseSchema.parse({ kind: 'documents', subject: { type: 'general' }, addressedBureau: 'SC', title: 'seal on page two', description: 'the seal', ...overrides });

let tokens = 0;
/** What the CoordinationCase workflow's callback state sends when it starts waiting (or re-arms past a deadline). */
async function openCaseTask(caseId: string, escalation = 0, enteredAt = new Date().toISOString()) {
  const taskToken = `case-token-${++tokens}`;
  const outcome = await openTask(
    {
      taskToken,
      caseId,
      kind: 'coordination-case',
      bureau: 'SC',
      leadBureau: 'XJ',
      escalation,
      timeoutSeconds: 172_800,
      enteredAt,
      executionArn: `arn:aws:states:eu-central-1:000000000000:execution:CoordinationCase:${caseId}`,
      stateName: 'AwaitAnswer',
    },
    caseTasks,
  );
  return { outcome, taskToken };
}

/** A case CQ opened with SC, waiting for SC's answer (its task open). */
async function waitingCase(overrides: Record<string, unknown> = {}) {
  const opened = await openCase(request(overrides), officer('CQ'));
  const { taskToken } = await openCaseTask(opened.id);
  return { id: opened.id, taskToken };
}

describe('opening a coordination case', () => {
  it('stores it, indexes its workflow for review under the bureaus concerned and starts it, named after the case', async () => {
    const opened = await openCase(request({ answerWithinHours: 12 }), officer('CQ'));
    expect(opened).toMatchObject({ status: 'opened', openedBy: { bureau: 'CQ' }, addressedBureau: 'SC', leadBureau: 'XJ', escalation: 0 });
    expect(workflows.started.find((s) => s.name === opened.id)).toMatchObject({
      stateMachineArn: CASE_MACHINE,
      input: { caseId: opened.id, addressedBureau: 'SC', leadBureau: 'XJ', deadlines: { 'coordination-case': 12 * 3600 } },
    });
    expect(await repos().executions.find(opened.id)).toMatchObject({ workflow: 'CoordinationCase', bureaus: ['CQ', 'SC', 'XJ'] });
    expect((await repos().cases.history(opened.id)).map((e) => e.type)).toEqual(['opened']);
  });

  it('answers a keyed retry with the same case and refuses the key for another request', async () => {
    const first = await openCase(request(), officer('CQ'), 'case-key');
    expect((await openCase(request(), officer('CQ'), 'case-key')).id).toBe(first.id);
    await expect(openCase(request({ title: 'other' }), officer('CQ'), 'case-key')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    // The same key of another officer is another request.
    expect((await openCase(request(), officer('HB'), 'case-key')).id).not.toBe(first.id);
  });

  it('refuses, before writing anything, a consignment the opener has no part in, and HQ or a declarant as opener', async () => {
    const filed = await fileConsignment(importFiling(), { subject: 'declarant', bureau: 'CQ', role: 'declarant', enterprise: CREDIT_CODES.chongqingImporter });
    const before = (await repos().cases.list({ all: true }, { limit: 100 })).items.length;
    await expect(openCase(request({ subject: { type: 'consignment', consignmentId: filed.id }, addressedBureau: 'XJ' }), officer('HL'))).rejects.toBeInstanceOf(NotAllowed);
    await expect(openCase(request(), HQ)).rejects.toBeInstanceOf(NotAllowed);
    await expect(openCase(request({ subject: { type: 'train', trainId: 'X0000-20300101' } }), officer('CQ'))).rejects.toBeInstanceOf(InvalidInput);
    expect((await repos().cases.list({ all: true }, { limit: 100 })).items.length).toBe(before);
    const aboutIt = await openCase(request({ subject: { type: 'consignment', consignmentId: filed.id }, addressedBureau: 'XJ' }), officer('CQ'));
    expect(aboutIt.leadBureau).toBe('XJ');
  });
});

describe('the addressed bureau’s task', () => {
  it('puts the case in awaiting-answer, tells the addressed bureau, and records the wait', async () => {
    const { id } = await waitingCase();
    const c = await repos().cases.get(id);
    expect(c).toMatchObject({ status: 'awaiting-answer', dueAt: expect.any(String) });
    expect(await repos().tasks.get(caseTaskId(id))).toMatchObject({ caseId: id, bureau: 'SC', kind: 'coordination-case', status: 'open', input: { title: 'seal on page two', openedBy: 'CQ', leadBureau: 'XJ' } });
    expect(notices.to('SC', 'task:coordination-case').some((n) => n.data?.caseId === id)).toBe(true);
    expect((await repos().cases.history(id)).map((e) => [e.type, e.notified])).toEqual([['opened', undefined], ['awaiting-answer', 'SC']]);
    // A retried step with the same token changes nothing.
    const again = await openTask(
      { taskToken: `case-token-${tokens}`, caseId: id, kind: 'coordination-case', bureau: 'SC', leadBureau: 'XJ', escalation: 0, timeoutSeconds: 1, enteredAt: new Date().toISOString(), executionArn: 'arn', stateName: 'AwaitAnswer' },
      caseTasks,
    );
    expect(again).toBe('already-open');
  });

  it('escalates to the addressed bureau, the lead bureau, then HQ, each step on the case and in the notices', async () => {
    const { id } = await waitingCase();
    for (const level of [1, 2, 3]) expect((await openCaseTask(id, level, `2031-01-0${level}T00:00:00Z`)).outcome).toBe('escalated');
    const c = await repos().cases.get(id);
    expect(c.escalation).toBe(3);
    expect((await repos().cases.history(id)).filter((e) => e.type === 'escalated').map((e) => [e.level, e.notified])).toEqual([
      [1, 'SC'],
      [2, 'XJ'],
      [3, 'HQ'],
    ]);
    for (const [bureau, level] of [['SC', 1], ['XJ', 2], ['HQ', 3]] as const) {
      expect(notices.to(bureau, 'escalation').some((n) => n.data?.caseId === id && n.data?.level === level), bureau).toBe(true);
    }
  });

  it('is answered through POST /tasks/{id}/complete by the addressed bureau, and the workflow resumes with the outcome', async () => {
    const { id, taskToken } = await waitingCase();
    const task = await taskToAnswer(caseTaskId(id), officer('SC'));
    const { answer } = await completeCaseTask(task, taskAnswerSchema.parse({ kind: 'coordination-case', resolution: 'moved the seal' }), officer('SC'));
    expect(answer).toMatchObject({ outcome: 'resolved', text: 'moved the seal', by: { bureau: 'SC' }, resolvedAs: 'addressed', escalation: 0 });
    expect(workflows.answers.get(taskToken)).toMatchObject({ outcome: 'resolved' });
    expect(await repos().cases.get(id)).toMatchObject({ status: 'resolved', outcome: { text: 'moved the seal' }, closedAt: answer.at });
    await expect(taskToAnswer(caseTaskId(id), officer('XJ'))).rejects.toBeInstanceOf(NotAllowed);
  });
});

describe('ending a case', () => {
  it('lets the lead bureau decide once the case has reached it, which ends the escalation', async () => {
    const { id } = await waitingCase();
    await expect(resolveCase(id, 'we decide', officer('XJ'))).rejects.toBeInstanceOf(NotAllowed);
    await openCaseTask(id, 1);
    const { taskToken } = await openCaseTask(id, 2);
    const resolved = await resolveCase(id, 'we decide', officer('XJ'));
    expect(resolved).toMatchObject({ status: 'resolved', escalation: 2, outcome: { by: { bureau: 'XJ' }, resolvedAs: 'lead', escalation: 2 } });
    expect(workflows.answers.get(taskToken)).toMatchObject({ outcome: 'resolved', resolvedAs: 'lead' });
    // The deadline passing as the answer went out: the next token gets the recorded answer, no escalation.
    workflows.expiredTokens.add(taskToken);
    const late = await openCaseTask(id, 3);
    expect(late.outcome).toBe('answered-before-escalation');
    expect(workflows.answers.get(late.taskToken)).toMatchObject({ outcome: 'resolved' });
    expect((await repos().cases.history(id)).map((e) => e.type)).toEqual(['opened', 'awaiting-answer', 'escalated', 'escalated', 'resolved']);
    await expect(resolveCase(id, 'again', officer('SC'))).rejects.toBeInstanceOf(Conflict);
  });

  it('is withdrawn by its opener only; the cancelled task hands its answer to the workflow', async () => {
    const { id, taskToken } = await waitingCase();
    await expect(withdrawCase(id, 'no longer needed', officer('SC'))).rejects.toBeInstanceOf(NotAllowed);
    const withdrawn = await withdrawCase(id, 'no longer needed', officer('CQ'), 'withdraw-key');
    expect(withdrawn).toMatchObject({ status: 'withdrawn', outcome: { outcome: 'withdrawn', text: 'no longer needed', by: { bureau: 'CQ' } } });
    expect(await repos().tasks.get(caseTaskId(id))).toMatchObject({ status: 'cancelled', answerKey: 'withdraw-key' });
    expect(workflows.answers.get(taskToken)).toMatchObject({ outcome: 'withdrawn' });
    // The same keyed request again is answered as the first time.
    expect(await withdrawCase(id, 'no longer needed', officer('CQ'), 'withdraw-key')).toEqual(withdrawn);
    await expect(withdrawCase(id, 'no longer needed', officer('CQ'), 'another-key')).rejects.toBeInstanceOf(Conflict);
    // A deadline that passed meanwhile re-enters the state: the cancelled task's answer goes to the new token.
    workflows.expiredTokens.add(taskToken);
    const late = await openCaseTask(id, 1);
    expect(late.outcome).toBe('answered-before-escalation');
    expect(workflows.answers.get(late.taskToken)).toMatchObject({ outcome: 'withdrawn' });
  });

  it('asks to try again while the workflow has not opened the task yet', async () => {
    const opened = await openCase(request(), officer('CQ'));
    await expect(resolveCase(opened.id, 'quick', officer('SC'))).rejects.toBeInstanceOf(Conflict);
    await expect(withdrawCase(opened.id, 'quick', officer('CQ'))).rejects.toBeInstanceOf(Conflict);
    expect((await repos().cases.get(opened.id)).status).toBe('opened');
  });

  it('tells the parties, and HQ once reached, how the case ended', async () => {
    const { id } = await waitingCase();
    await resolveCase(id, 'done', officer('SC'));
    notices.sent.length = 0;
    await closeCase({ caseId: id, executionArn: 'arn' });
    expect(notices.sent.filter((n) => n.data?.caseId === id).map((n) => [n.bureau, n.kind])).toEqual([
      ['CQ', 'case-resolved'],
      ['SC', 'case-resolved'],
      ['XJ', 'case-resolved'],
    ]);
    const open = await waitingCase();
    await expect(closeCase({ caseId: open.id, executionArn: 'arn' })).rejects.toThrow(/not recorded/);
  });
});

describe('the thread and the listings', () => {
  it('takes messages from the parties, the lead bureau and HQ while the case is open, and tells the others', async () => {
    const { id } = await waitingCase();
    notices.sent.length = 0;
    await postCaseMessage(id, 'please answer', officer('CQ'));
    expect(notices.sent.filter((n) => n.kind === 'case-message').map((n) => n.bureau)).toEqual(['SC', 'XJ']);
    await postCaseMessage(id, 'noted', HQ);
    await expect(postCaseMessage(id, 'me too', officer('HL'))).rejects.toBeInstanceOf(NotAllowed);
    expect((await caseDetail(id, officer('XJ'))).messages.map((m) => [m.sequence, m.by.bureau])).toEqual([[1, 'CQ'], [2, 'HQ']]);
    await withdrawCase(id, 'done', officer('CQ'));
    await expect(postCaseMessage(id, 'after', officer('CQ'))).rejects.toBeInstanceOf(Conflict);
  });

  it('lists the cases a bureau opened, is addressed by or leads, with their current status', async () => {
    const { id } = await waitingCase();
    for (const bureau of ['CQ', 'SC', 'XJ'] as const) {
      const listed = await listCases(officer(bureau), { limit: 100 });
      expect(listed.items.find((c) => c.id === id), bureau).toMatchObject({ status: 'awaiting-answer', stage: 'addressed', open: true });
      expect(listed.items[0]).not.toHaveProperty('description');
    }
    expect((await listCases(officer('HL'), { limit: 100 })).items.map((c) => c.id)).not.toContain(id);
    await expect(listCases(officer('HL'), { bureau: 'CQ' })).rejects.toBeInstanceOf(NotAllowed);
    expect((await listCases(HQ, { status: 'awaiting-answer', limit: 100 })).items.map((c) => c.id)).toContain(id);
    expect((await listCases(officer('CQ'), { status: 'resolved', limit: 100 })).items.map((c) => c.id)).not.toContain(id);
  });
});

describe('the outbox relay', () => {
  it('starts the workflow of a case whose start a crash prevented, and delivers an outcome a crash kept back', async () => {
    workflows.failStarts = 1;
    await expect(openCase(request(), officer('CQ'), 'crashed-start')).rejects.toThrow(/injected/);
    const stranded = (await repos().cases.list({ status: 'opened' }, { limit: 100 })).items.find((c) => c.title === 'seal on page two' && !workflows.started.some((s) => s.name === c.id));
    expect(stranded).toBeDefined();
    const report = await relayOutbox({ inFlightSeconds: 0 });
    expect(report.casesStarted).toBeGreaterThanOrEqual(1);
    expect(workflows.started.some((s) => s.name === stranded!.id)).toBe(true);

    const { id, taskToken } = await waitingCase();
    workflows.failAnswers = 1;
    await expect(resolveCase(id, 'lost answer', officer('SC'))).rejects.toThrow(/injected/);
    expect(workflows.answers.has(taskToken)).toBe(false);
    await relayOutbox({ inFlightSeconds: 0 });
    expect(workflows.answers.get(taskToken)).toMatchObject({ outcome: 'resolved', text: 'lost answer' });
    expect((await repos().cases.get(id)).status).toBe('resolved');
  });
});
