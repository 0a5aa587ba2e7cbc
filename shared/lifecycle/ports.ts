import { repositories, type Repositories } from '../data/repositories.ts';
import type { CertificateSigner } from '../certificates/certificate-signer.ts';
import { KmsCertificateSigner } from '../certificates/kms-certificate-signer.ts';
import { ENV } from '../config/environment.ts';
import { requiredEnv } from '../config/required-env.ts';
import { snsBureauNotices, type BureauNotices } from '../messaging/bureau-notices.ts';
import { snsWebhookSubscriptions, type WebhookSubscriptions } from '../messaging/webhooks.ts';
import { stepFunctionsEngine } from '../orchestration/step-functions-engine.ts';
import type { WorkflowEngine } from '../orchestration/workflow-engine.ts';
import { eventBridgeSchedules } from '../scheduling/eventbridge-schedules.ts';
import type { WorkflowSchedules } from '../scheduling/workflow-schedules.ts';

/**
 * The outside world the application layer talks to, each behind its own interface: the data
 * layer (DynamoDB), the workflow engine (Step Functions), bureau notices and webhook
 * subscriptions (SNS) and workflow schedules (EventBridge Scheduler) and the certificate signer (KMS). Handlers use the AWS adapters; unit tests put in-memory fakes
 * in their place with `usePorts`. One accessor per port, so a function's bundle carries only the
 * adapters its code reaches.
 */
export interface Ports {
  repositories: Repositories;
  workflows: WorkflowEngine;
  notices: BureauNotices;
  schedules: WorkflowSchedules;
  webhooks: WebhookSubscriptions;
  signer: CertificateSigner;
}

let replaced: Partial<Ports> = {};

/** The repositories of this process (made on first use, after the environment is in place). */
export const repos = (): Repositories => replaced.repositories ?? repositories();
export const workflows = (): WorkflowEngine => replaced.workflows ?? stepFunctionsEngine;
export const notices = (): BureauNotices => replaced.notices ?? snsBureauNotices;
export const schedules = (): WorkflowSchedules => replaced.schedules ?? eventBridgeSchedules;
export const webhookSubscriptions = (): WebhookSubscriptions => replaced.webhooks ?? snsWebhookSubscriptions;
let kmsSigner: CertificateSigner | undefined;
export const certificateSigner = (): CertificateSigner => replaced.signer ?? (kmsSigner ??= new KmsCertificateSigner(requiredEnv(ENV.certificateSigningKeyId)));

/** Puts fakes in place of some ports (unit tests); returns what undoes it. */
export function usePorts(fakes: Partial<Ports>): () => void {
  const before = replaced;
  replaced = { ...replaced, ...fakes };
  return () => {
    replaced = before;
  };
}
