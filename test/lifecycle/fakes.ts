import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll } from 'vitest';
import { ENV } from '#shared/config/environment.ts';
import { createRepositories } from '#shared/data/repositories.ts';
import { usePorts } from '#shared/lifecycle/ports.ts';
import { KeyCertificateSigner } from '#shared/certificates/key-certificate-signer.ts';
import type { BureauNotice, BureauNotices } from '#shared/messaging/bureau-notices.ts';
import { executionArnOf } from '#shared/orchestration/execution-arn.ts';
import type { ExecutionDescription, WorkflowEngine } from '#shared/orchestration/workflow-engine.ts';
import type { ScheduledStart, WorkflowSchedules } from '#shared/scheduling/workflow-schedules.ts';
import { useLocalTable } from '../data/local-table.ts';

/**
 * In-memory stand-ins for the workflow engine, the notices topic and the scheduler, so the
 * application layer runs without the local cloud. Only the data layer stays real (dynalite in
 * memory, in this process): the lifecycle's guarantees rest on its conditional writes.
 */
export class FakeWorkflows implements WorkflowEngine {
  readonly started: Array<{ stateMachineArn: string; name: string; input: unknown }> = [];
  readonly answers = new Map<string, unknown>();
  /** Tokens whose state timed out: answering them is refused, as Step Functions does. */
  readonly expiredTokens = new Set<string>();
  /** The next this many starts and answers fail, as when the process dies before the call. */
  failStarts = 0;
  failAnswers = 0;

  async start(stateMachineArn: string, name: string, input: unknown) {
    const executionArn = executionArnOf(stateMachineArn, name);
    if (this.failStarts > 0) {
      this.failStarts--;
      throw new Error('injected: the start did not reach Step Functions');
    }
    const earlier = this.started.find((s) => s.stateMachineArn === stateMachineArn && s.name === name);
    if (!earlier) this.started.push({ stateMachineArn, name, input });
    return { executionArn };
  }

  async answer(taskToken: string, output: unknown) {
    if (this.failAnswers > 0) {
      this.failAnswers--;
      throw new Error('injected: the answer did not reach Step Functions');
    }
    if (this.expiredTokens.has(taskToken) || this.answers.has(taskToken)) return false;
    this.answers.set(taskToken, output);
    return true;
  }

  async describe(executionArn: string): Promise<ExecutionDescription | undefined> {
    const started = this.started.find((s) => executionArnOf(s.stateMachineArn, s.name) === executionArn);
    return started && { executionArn, stateMachineArn: started.stateMachineArn, status: 'RUNNING', startDate: new Date(0) };
  }

  async history(): Promise<HistoryEvent[]> {
    return [];
  }
}

export class FakeNotices implements BureauNotices {
  readonly sent: BureauNotice[] = [];
  async notify(notices: BureauNotice[]) {
    this.sent.push(...notices);
  }
  to(bureau: string, kind?: string): BureauNotice[] {
    return this.sent.filter((n) => n.bureau === bureau && (kind === undefined || n.kind === kind));
  }
}

export class FakeSchedules implements WorkflowSchedules {
  readonly schedules = new Map<string, ScheduledStart>();
  async upsert(name: string, start: ScheduledStart) {
    this.schedules.set(name, start);
  }
  async delete(name: string) {
    this.schedules.delete(name);
  }
}

/** The application layer of one test file: a fresh table in memory and fresh fakes per file. */
export function useApplication() {
  const table = useLocalTable();
  // Certificates are signed with a key in memory, as KMS would sign them.
  const fakes = { workflows: new FakeWorkflows(), notices: new FakeNotices(), schedules: new FakeSchedules(), signer: KeyCertificateSigner.generate() };
  let restore: (() => void) | undefined;
  beforeAll(() => {
    // Where the workflows are deployed, as the manifest tells a function granted to start them.
    const stateMachine = (name: string) => `arn:aws:states:eu-central-1:000000000000:stateMachine:${name}`;
    Object.assign(process.env, {
      [ENV.consignmentImportStateMachineArn]: stateMachine('ConsignmentImport'),
      [ENV.consignmentExportStateMachineArn]: stateMachine('ConsignmentExport'),
      [ENV.trainRunStateMachineArn]: stateMachine('TrainRun'),
      [ENV.originCertificateStateMachineArn]: stateMachine('OriginCertificate'),
      [ENV.alertEffectStateMachineArn]: stateMachine('AlertEffect'),
      [ENV.coordinationCaseStateMachineArn]: stateMachine('CoordinationCase'),
    });
    restore = usePorts({ ...fakes, repositories: createRepositories(table.config()) });
  });
  afterAll(() => restore?.());
  return fakes;
}
