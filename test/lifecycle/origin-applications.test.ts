import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '#shared/auth/claims.ts';
import { IdempotencyKeyReusedError } from '#shared/data/errors.ts';
import { originApplicationSchema, type OriginApplicationInput } from '#shared/domain/origin/origin-application.ts';
import { taskAnswerSchema } from '#shared/domain/tasks/task-results.ts';
import { fileConsignment } from '#shared/lifecycle/consignments/file-consignment.ts';
import { Conflict } from '#shared/lifecycle/errors.ts';
import { applyForOriginCertificate } from '#shared/lifecycle/origin/apply-for-origin-certificate.ts';
import { closeRefusedApplication } from '#shared/lifecycle/origin/close-refused-application.ts';
import { completeOriginReviewTask, originReviewTasks } from '#shared/lifecycle/origin/origin-review-tasks.ts';
import { relayOutbox } from '#shared/lifecycle/outbox.ts';
import { repos } from '#shared/lifecycle/ports.ts';
import { openTask } from '#shared/lifecycle/tasks/open-task.ts';
import { taskToAnswer } from '#shared/lifecycle/tasks/task-answer.ts';
import { CREDIT_CODES, exportFiling } from '../domain/fixtures.ts';
import { generalApplication } from '../domain/origin-bodies.ts';
import { useApplication } from './fakes.ts';

const { workflows, notices } = useApplication();

const exporter: CallerIdentity = { subject: 'declarant-yiwu', bureau: 'ZJ', role: 'declarant', enterprise: CREDIT_CODES.yiwuExporter };
const zj: CallerIdentity = { subject: 'officer-zj', bureau: 'ZJ', role: 'officer' };
const ORIGIN_MACHINE = 'arn:aws:states:eu-central-1:000000000000:stateMachine:OriginCertificate';

const apply = (input: OriginApplicationInput, key?: string) => applyForOriginCertificate(originApplicationSchema.parse(input), exporter, key);
const anExport = () => fileConsignment(exportFiling(), exporter);

let tokens = 0;
/** What the OriginCertificate workflow's callback state sends when the review starts (or re-arms). */
async function openReview(applicationId: string, escalation = 0) {
  const taskToken = `origin-token-${++tokens}`;
  const outcome = await openTask(
    {
      taskToken,
      applicationId,
      kind: 'origin-certificate-review',
      bureau: 'ZJ',
      leadBureau: 'XJ',
      escalation,
      timeoutSeconds: 172_800,
      enteredAt: new Date().toISOString(),
      executionArn: `arn:aws:states:eu-central-1:000000000000:execution:OriginCertificate:${applicationId}`,
      stateName: 'AwaitOriginCertificateReview',
    },
    originReviewTasks,
  );
  return { outcome, taskToken, taskId: `${applicationId}.origin-certificate-review` };
}

const answer = (body: Record<string, unknown>) => taskAnswerSchema.parse({ kind: 'origin-certificate-review', ...body });

describe('applying for a certificate of origin', () => {
  it('stores the application, indexes its review for HQ and starts it, named after the application', async () => {
    const consignment = await anExport();
    const application = await apply(generalApplication(consignment.id));
    expect(application).toMatchObject({ status: 'submitted', originBureau: 'ZJ', leadBureau: 'XJ', applicant: { enterprise: CREDIT_CODES.yiwuExporter } });
    expect(workflows.started.find((s) => s.name === application.id)).toMatchObject({
      stateMachineArn: ORIGIN_MACHINE,
      input: { applicationId: application.id, consignmentId: consignment.id, originBureau: 'ZJ', leadBureau: 'XJ', deadlines: { 'origin-certificate-review': 172_800 } },
    });
    expect(await repos().executions.find(application.id)).toMatchObject({ workflow: 'OriginCertificate', bureaus: ['ZJ'] });
  });

  it('answers a keyed retry with the same application, however late, and refuses the key for another request', async () => {
    const consignment = await anExport();
    const first = await apply(generalApplication(consignment.id), 'co-key-1');
    const again = await apply(generalApplication(consignment.id), 'co-key-1');
    expect(again.id).toBe(first.id);
    await expect(apply(generalApplication(consignment.id, { remarks: 'other' }), 'co-key-1')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('takes over the slot of a request that died before storing its application, but not of one still running', async () => {
    const consignment = await anExport();
    const longAgo = new Date(Date.now() - 120_000).toISOString();
    await repos().originApplications.claim(consignment.id, 'general', 'DIED-BEFORE-STORING', longAgo);
    const application = await apply(generalApplication(consignment.id));
    expect((await repos().originApplications.claimOf(consignment.id, 'general'))?.applicationId).toBe(application.id);

    const other = await anExport();
    await repos().originApplications.claim(other.id, 'general', 'STILL-RUNNING', new Date().toISOString());
    await expect(apply(generalApplication(other.id))).rejects.toThrow(/being made right now/);
  });

  it('is started by the outbox relay when the start was lost to a crash', async () => {
    const consignment = await anExport();
    workflows.failStarts = 1;
    await expect(apply(generalApplication(consignment.id))).rejects.toThrow(/injected/);
    const [stranded] = (await repos().originApplications.list({ enterprise: CREDIT_CODES.yiwuExporter }, { consignmentId: consignment.id })).items;
    expect(stranded?.status).toBe('submitted');
    expect(workflows.started.some((s) => s.name === stranded?.id)).toBe(false);
    const report = await relayOutbox({ inFlightSeconds: 0 });
    expect(report.reviewsStarted).toBeGreaterThanOrEqual(1);
    expect(workflows.started.some((s) => s.name === stranded?.id)).toBe(true);
  });
});

describe("the origin bureau's review", () => {
  it('puts the application under review, tells the bureau, and escalates to the lead bureau as deadlines pass', async () => {
    const application = await apply(generalApplication((await anExport()).id));
    const first = await openReview(application.id);
    expect(first.outcome).toBe('opened');
    expect((await repos().originApplications.get(application.id)).status).toBe('under-review');
    const task = await repos().tasks.get(first.taskId);
    expect(task).toMatchObject({ applicationId: application.id, bureau: 'ZJ', kind: 'origin-certificate-review', input: { consignmentId: application.consignmentId, form: 'general' } });
    expect(notices.to('ZJ', 'task:origin-certificate-review').some((n) => n.taskId === first.taskId)).toBe(true);

    expect((await openReview(application.id, 1)).outcome).toBe('escalated');
    expect((await openReview(application.id, 2)).outcome).toBe('escalated');
    const toLead = notices.to('XJ', 'escalation').find((n) => n.taskId === first.taskId);
    expect(toLead?.data).toMatchObject({ level: 2, responsibleBureau: 'ZJ', applicationId: application.id });
  });

  it('records a refusal with its reason, then frees the consignment and form and tells the applicant', async () => {
    const consignment = await anExport();
    const application = await apply(generalApplication(consignment.id));
    await expect(apply(generalApplication(consignment.id, { remarks: 'a second one' }))).rejects.toBeInstanceOf(Conflict);
    const { taskId, taskToken } = await openReview(application.id);

    await completeOriginReviewTask(await taskToAnswer(taskId, zj), answer({ decision: 'refuse', reason: 'the RVC leaves out the imported motors' }), zj);
    expect(workflows.answers.get(taskToken)).toMatchObject({ decision: 'refuse', reason: 'the RVC leaves out the imported motors', by: { bureau: 'ZJ', subject: 'officer-zj' } });
    expect(await repos().originApplications.get(application.id)).toMatchObject({ status: 'refused', review: { decision: 'refuse', reason: 'the RVC leaves out the imported motors' } });

    await closeRefusedApplication({ applicationId: application.id, executionArn: 'x' });
    await closeRefusedApplication({ applicationId: application.id, executionArn: 'x' });
    expect(await repos().originApplications.claimOf(consignment.id, 'general')).toBeUndefined();
    const told = notices.sent.filter((n) => n.kind === 'origin-certificate-refused' && n.data?.applicationId === application.id);
    expect(told[0]).toMatchObject({ bureau: 'ZJ', enterprise: CREDIT_CODES.yiwuExporter, data: { reason: 'the RVC leaves out the imported motors' } });

    const again = await apply(generalApplication(consignment.id, { remarks: 'corrected' }));
    expect(again.id).not.toBe(application.id);
  });

  it('records an approval once, even when the relay runs its follow-up again', async () => {
    const application = await apply(generalApplication((await anExport()).id));
    const { taskId, taskToken } = await openReview(application.id);
    workflows.failAnswers = 1;
    await expect(completeOriginReviewTask(await taskToAnswer(taskId, zj), answer({ decision: 'approve', remarks: 'fine' }), zj)).rejects.toThrow(/injected/);
    expect((await repos().originApplications.get(application.id)).status).toBe('approved');
    expect(await relayOutbox({ inFlightSeconds: 0 })).toMatchObject({ answersDelivered: 1 });
    expect(workflows.answers.get(taskToken)).toMatchObject({ decision: 'approve' });
    expect(await repos().originApplications.get(application.id)).toMatchObject({ status: 'approved', review: { decision: 'approve', remarks: 'fine' } });
  });
});
