import { GetScheduleCommand, ListSchedulesCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { stateMachineArn } from '#local/arns.ts';
import { expect } from 'vitest';
import { eventually, type TestCloud } from './support/test-cloud.ts';

/** Helpers of the train tests (test/e2e/trains*.test.ts): train bodies, Scheduler and Step Functions probes. */
export { containerNumber, DAY, HOUR, inboundTrain, iso, type TrainBody } from '../domain/train-bodies.ts';

export interface TrainView {
  id: string;
  status: string;
  plannedBorderCrossing: string;
  actual: Record<string, { at: string; by: { bureau: string } }>;
  run?: { executionArn: string; startedAt: string; completedAt?: string };
  preArrivalNotice?: { sentAt: string };
  runSummary?: { counts: Record<string, number>; awaitingOfficer: Array<{ consignmentId: string }>; heldBack: Array<{ consignmentId: string }> };
  clearance?: { cleared: string[]; heldBack: Array<{ consignmentId: string; reason: string }> };
  consignments: Array<{ id: string; status: string }>;
  consignmentCounts: { total: number; byStatus: Record<string, number> };
  tasks: Array<{ id: string; kind: string; status: string }>;
}

export function awsClients(t: TestCloud) {
  const config = { endpoint: t.cloud.awsEndpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const scheduler = new SchedulerClient(config);
  const sfn = new SFNClient(config);
  return {
    scheduler,
    sfn,
    /** The schedule, or undefined when Scheduler says it does not exist. */
    async schedule(name: string) {
      try {
        return await scheduler.send(new GetScheduleCommand({ Name: name, GroupName: 'TrainTimetable' }));
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    async scheduleNames(prefix: string): Promise<string[]> {
      const page = await scheduler.send(new ListSchedulesCommand({ GroupName: 'TrainTimetable', NamePrefix: prefix }));
      return (page.Schedules ?? []).map((s) => s.Name ?? '').sort();
    },
    /** Executions of the train-run workflow whose name starts with the train id. */
    async trainExecutions(trainId: string) {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stateMachineArn('TrainRun'), maxResults: 1000 }));
      return (page.executions ?? []).filter((e) => e.name?.startsWith(`${trainId}-`));
    },
    close() {
      scheduler.destroy();
      sfn.destroy();
    },
  };
}

/** Waits for a bureau's notification of a kind about a train. */
export async function trainNotice(t: TestCloud, token: string, kind: string, trainId: string, timeoutMs = 15_000) {
  return eventually(async () => {
    const inbox = await t.call<{ items: Array<{ kind: string; data?: Record<string, unknown> }> }>('GET', '/notifications?limit=100', token);
    expect(inbox.status).toBe(200);
    return inbox.body.items.find((n) => n.kind === kind && n.data?.trainId === trainId);
  }, `${kind} notice for ${trainId}`, timeoutMs);
}

/** Waits for an open train task of a kind in the bureau's queue. */
export async function trainTask(t: TestCloud, token: string, trainId: string, kind: string, timeoutMs = 15_000) {
  return eventually(async () => {
    const tasks = await t.call<{ items: Array<{ id: string; kind: string; trainId?: string; input?: Record<string, unknown> }> }>('GET', '/tasks?limit=100', token);
    expect(tasks.status).toBe(200);
    return tasks.body.items.find((task) => task.trainId === trainId && task.kind === kind);
  }, `${kind} task of ${trainId}`, timeoutMs);
}

export async function getTrain(t: TestCloud, token: string, id: string): Promise<TrainView> {
  const response = await t.call<TrainView>('GET', `/trains/${id}`, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}
