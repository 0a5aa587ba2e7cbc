import type { OriginCertificateApplication } from '../../domain/origin/origin-application.ts';
import { TASK_DEADLINE_SECONDS } from '../../domain/tasks/task-kinds.ts';
import { originCertificateStateMachineArn } from '../../orchestration/state-machines.ts';
import { repos, workflows } from '../ports.ts';

/** The input of the OriginCertificate workflow (`workflows/origin-certificate.asl.json`). */
export interface OriginCertificateInput {
  applicationId: string;
  consignmentId: string;
  originBureau: string;
  leadBureau: string;
  deadlines: Record<'origin-certificate-review', number>;
  /** What ties the execution's steps to the request that started it, in every log line. */
  correlationId: string;
}

export const originCertificateInput = (application: OriginCertificateApplication, correlationId: string): OriginCertificateInput => ({
  applicationId: application.id,
  consignmentId: application.consignmentId,
  originBureau: application.originBureau,
  leadBureau: application.leadBureau,
  deadlines: { 'origin-certificate-review': TASK_DEADLINE_SECONDS['origin-certificate-review'] },
  correlationId,
});

/**
 * Starts the review of a stored application, named after it. As a consignment's lifecycle, the
 * execution is filed in the review index first (under the origin bureau, which HQ and that bureau
 * review), so none runs unindexed; both steps may be repeated (a keyed retry, the outbox relay).
 */
export async function startOriginReview(
  application: OriginCertificateApplication,
  // A review started by the outbox relay is traced by the application it belongs to.
  correlationId: string = application.id,
): Promise<void> {
  const stateMachine = originCertificateStateMachineArn();
  await repos().executions.record({
    executionArn: application.executionArn,
    name: application.id,
    stateMachine,
    bureaus: [application.originBureau],
    startedAt: application.createdAt,
  });
  await workflows().start(stateMachine, application.id, originCertificateInput(application, correlationId));
}
