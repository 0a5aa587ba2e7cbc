import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  SchedulerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { afterEach, describe, expect, it } from 'vitest';
import { startAwsEndpoint, type AwsProtocolService } from '#local/aws-endpoint.ts';
import { createClock, type Clock } from '#local/clock.ts';
import { createInProcessInvoker } from '#local/lambda/in-process-invoker.ts';
import { createSchedulerService } from '#local/scheduler/service.ts';
import { testManifest } from '../fixtures/manifest.ts';
import { clearRecords, recorded, waitFor } from '../fixtures/recorder.ts';

const invoker = createInProcessInvoker({ manifest: testManifest, log: () => undefined });
const ROLE = 'arn:aws:iam::000000000000:role/scheduler';

async function startScheduler(dataDir: string, scale: number) {
  const clock = createClock({ scale, dataDir });
  // The endpoint serves its services array by reference, as the local cloud composes it.
  const services: AwsProtocolService[] = [];
  const endpoint = await startAwsEndpoint({ port: 0, services });
  const service = createSchedulerService({ dataDir, clock, lambda: invoker, awsEndpointUrl: endpoint.url, log: () => undefined });
  services.push(service);
  service.start();
  const client = new SchedulerClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    clock,
    client,
    async close() {
      client.destroy();
      await endpoint.close();
      await service.close();
    },
  };
}

/** `at()` wants wall-clock seconds; this is the virtual instant `ms` in UTC. */
const atExpression = (ms: number) => `at(${new Date(ms).toISOString().slice(0, 19)})`;

const lambdaSchedule = (name: string, expression: string, extra: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
  Name: name,
  ScheduleExpression: expression,
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: { Arn: invoker.functionArn('echo'), RoleArn: ROLE, Input: JSON.stringify({ schedule: '<aws.scheduler.schedule-arn>', time: '<aws.scheduler.scheduled-time>', attempt: '<aws.scheduler.attempt-number>' }) },
  ...extra,
});

interface Fired {
  event: { schedule: string; time: string; attempt: string };
}
const fired = () => recorded<Fired>('echo').map((r) => r.event);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  clearRecords();
});

async function scheduler(scale = 60, dataDir = ':memory:') {
  const started = await startScheduler(dataDir, scale);
  cleanups.push(() => started.close());
  return started;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('EventBridge Scheduler API through the SDK (REST JSON)', () => {
  it('creates, reads, lists, updates and deletes schedules with AWS’s defaults', async () => {
    const { client } = await scheduler();
    const { ScheduleArn } = await client.send(new CreateScheduleCommand(lambdaSchedule('pre-arrival', 'cron(0 8 ? * MON-FRI *)', { ScheduleExpressionTimezone: 'Asia/Shanghai', Description: '预报' })));
    expect(ScheduleArn).toBe('arn:aws:scheduler:us-east-1:000000000000:schedule/default/pre-arrival');
    const schedule = await client.send(new GetScheduleCommand({ Name: 'pre-arrival' }));
    expect(schedule).toMatchObject({ Name: 'pre-arrival', GroupName: 'default', State: 'ENABLED', ScheduleExpressionTimezone: 'Asia/Shanghai', ActionAfterCompletion: 'NONE', Description: '预报', FlexibleTimeWindow: { Mode: 'OFF' } });
    expect(schedule.CreationDate).toBeInstanceOf(Date);
    expect(schedule.Target).toMatchObject({ Arn: invoker.functionArn('echo'), RoleArn: ROLE });
    // The retry policy AWS applies when none is given is reported (API reference: 185 attempts, 24 h).
    expect(schedule.Target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 });

    await client.send(new UpdateScheduleCommand({ ...lambdaSchedule('pre-arrival', 'rate(2 hours)'), State: 'DISABLED' }));
    expect(await client.send(new GetScheduleCommand({ Name: 'pre-arrival' }))).toMatchObject({ ScheduleExpression: 'rate(2 hours)', State: 'DISABLED', ScheduleExpressionTimezone: 'UTC' });
    expect((await client.send(new ListSchedulesCommand({ State: 'DISABLED' }))).Schedules?.map((s) => s.Name)).toEqual(['pre-arrival']);
    expect((await client.send(new ListSchedulesCommand({ State: 'ENABLED' }))).Schedules).toEqual([]);
    await client.send(new DeleteScheduleCommand({ Name: 'pre-arrival' }));
    await expect(client.send(new GetScheduleCommand({ Name: 'pre-arrival' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('answers ConflictException, ValidationException and ResourceNotFoundException as AWS does', async () => {
    const { client } = await scheduler();
    await client.send(new CreateScheduleCommand(lambdaSchedule('twice', 'rate(1 day)')));
    await expect(client.send(new CreateScheduleCommand(lambdaSchedule('twice', 'rate(1 day)')))).rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
    await expect(client.send(new CreateScheduleCommand(lambdaSchedule('bad', 'cron(0 9 * * MON *)')))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new CreateScheduleCommand(lambdaSchedule('bad-zone', 'rate(1 day)', { ScheduleExpressionTimezone: 'Asia/Nowhere' })))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new CreateScheduleCommand(lambdaSchedule('flexible', 'rate(1 day)', { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } })))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new CreateScheduleCommand(lambdaSchedule('no-group', 'rate(1 day)', { GroupName: 'missing' })))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('ListSchedules pages by key: deleting a schedule already listed skips none of the rest', async () => {
    const { client } = await scheduler();
    for (const name of ['x8001', 'x8002', 'x8003', 'x8004', 'x8005']) await client.send(new CreateScheduleCommand(lambdaSchedule(name, 'rate(1 day)')));
    const first = await client.send(new ListSchedulesCommand({ MaxResults: 2 }));
    expect(first.Schedules?.map((s) => s.Name)).toEqual(['x8001', 'x8002']);
    await client.send(new DeleteScheduleCommand({ Name: 'x8001' }));
    const second = await client.send(new ListSchedulesCommand({ MaxResults: 2, NextToken: first.NextToken }));
    expect(second.Schedules?.map((s) => s.Name)).toEqual(['x8003', 'x8004']);
    const third = await client.send(new ListSchedulesCommand({ MaxResults: 2, NextToken: second.NextToken }));
    expect(third.Schedules?.map((s) => s.Name)).toEqual(['x8005']);
    expect(third.NextToken).toBeUndefined();
    await expect(client.send(new ListSchedulesCommand({ NextToken: 'forged' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('manages schedule groups; deleting a group deletes its schedules; the default group stays', async () => {
    const { client } = await scheduler();
    const { ScheduleGroupArn } = await client.send(new CreateScheduleGroupCommand({ Name: 'trains' }));
    expect(ScheduleGroupArn).toBe('arn:aws:scheduler:us-east-1:000000000000:schedule-group/trains');
    expect(await client.send(new GetScheduleGroupCommand({ Name: 'trains' }))).toMatchObject({ Name: 'trains', State: 'ACTIVE' });
    expect((await client.send(new ListScheduleGroupsCommand({}))).ScheduleGroups?.map((g) => g.Name).sort()).toEqual(['default', 'trains']);
    await client.send(new CreateScheduleCommand(lambdaSchedule('x8001', 'rate(1 day)', { GroupName: 'trains' })));
    expect((await client.send(new ListSchedulesCommand({ GroupName: 'trains' }))).Schedules?.map((s) => s.Arn)).toEqual(['arn:aws:scheduler:us-east-1:000000000000:schedule/trains/x8001']);
    await client.send(new DeleteScheduleGroupCommand({ Name: 'trains' }));
    expect((await client.send(new ListSchedulesCommand({}))).Schedules).toEqual([]);
    await expect(client.send(new DeleteScheduleGroupCommand({ Name: 'default' }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('keeps the tags of schedule groups: given at create, added, listed and removed (AWS: test_scheduler.py test_tag_resource, test_untag_resource)', async () => {
    const dataDir = tempDir();
    const first = await startScheduler(dataDir, 60);
    let firstOpen = true;
    cleanups.push(() => (firstOpen ? first.close() : undefined));
    const { ScheduleGroupArn } = await first.client.send(new CreateScheduleGroupCommand({ Name: 'tagged', Tags: [{ Key: 'team', Value: 'ops' }] }));
    const tags = async (client: SchedulerClient) => (await client.send(new ListTagsForResourceCommand({ ResourceArn: ScheduleGroupArn }))).Tags;
    expect(await tags(first.client)).toEqual([{ Key: 'team', Value: 'ops' }]);
    await first.client.send(new TagResourceCommand({ ResourceArn: ScheduleGroupArn, Tags: [{ Key: 'TagKey', Value: 'TagValue' }, { Key: 'team', Value: 'customs' }] }));
    expect(await tags(first.client)).toEqual([{ Key: 'team', Value: 'customs' }, { Key: 'TagKey', Value: 'TagValue' }]);
    await first.client.send(new UntagResourceCommand({ ResourceArn: ScheduleGroupArn, TagKeys: ['team'] }));
    await first.close();
    firstOpen = false;
    // Kept across a restart.
    const second = await scheduler(60, dataDir);
    expect(await tags(second.client)).toEqual([{ Key: 'TagKey', Value: 'TagValue' }]);
    await expect(
      second.client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:scheduler:us-east-1:000000000000:schedule-group/missing' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('EventBridge Scheduler firing', () => {
  it('fires a one-time at() schedule once, with context attributes in Input, and deletes it after completion when asked', async () => {
    const { client, clock } = await scheduler(60);
    const due = clock.now() + 20_000;
    const { ScheduleArn } = await client.send(new CreateScheduleCommand(lambdaSchedule('arrival', atExpression(due), { ActionAfterCompletion: 'DELETE' })));
    await client.send(new CreateScheduleCommand(lambdaSchedule('kept', atExpression(due))));
    await waitFor(() => (fired().length === 2 ? true : undefined), 3000, 'two firings');
    const event = fired().find((e) => e.schedule === ScheduleArn);
    expect(event).toEqual({ schedule: ScheduleArn, time: new Date(Math.floor(due / 1000) * 1000).toISOString().replace('.000Z', 'Z'), attempt: '1' });
    await expect(client.send(new GetScheduleCommand({ Name: 'arrival' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await client.send(new GetScheduleCommand({ Name: 'kept' }))).toMatchObject({ State: 'ENABLED' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fired()).toHaveLength(2);
  });

  it('fires rate() schedules on their rhythm on the local clock, and not while DISABLED', async () => {
    const { client } = await scheduler(1200); // a minute passes in 50 ms
    await client.send(new CreateScheduleCommand(lambdaSchedule('every-minute', 'rate(1 minute)')));
    await client.send(new CreateScheduleCommand(lambdaSchedule('disabled', 'rate(1 minute)', { State: 'DISABLED' })));
    await waitFor(() => (fired().length >= 3 ? true : undefined), 3000, 'three firings');
    expect(new Set(fired().map((e) => e.schedule))).toEqual(new Set(['arn:aws:scheduler:us-east-1:000000000000:schedule/default/every-minute']));
    const times = fired().map((e) => Date.parse(e.time));
    expect((times[1] as number) - (times[0] as number)).toBe(60_000);
  });

  it('fires a schedule that fell due while the process was down once on restart, and never again (at most once)', async () => {
    const dataDir = tempDir();
    const first = await startScheduler(dataDir, 60); // a second passes in 16.7 ms
    const due = first.clock.now() + 90_000;
    await first.client.send(new CreateScheduleCommand(lambdaSchedule('missed', atExpression(due))));
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 1700)); // 102 virtual seconds: due has passed while down
    expect(fired()).toHaveLength(0);

    const second = await startScheduler(dataDir, 60);
    await waitFor(() => (fired().length === 1 ? true : undefined), 3000, 'the missed firing');
    await second.close();

    const third = await startScheduler(dataDir, 60);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await third.close();
    expect(fired()).toHaveLength(1);
  });

  it('collapses the occurrences of a recurring schedule missed during downtime into one firing', async () => {
    const dataDir = tempDir();
    const first = await startScheduler(dataDir, 600); // a minute passes in 100 ms
    await first.client.send(new CreateScheduleCommand(lambdaSchedule('every-minute', 'rate(1 minute)')));
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 550)); // five minutes missed
    const clock: Clock = createClock({ scale: 600, dataDir });
    const restartedAt = clock.now();
    const second = await startScheduler(dataDir, 600);
    await waitFor(() => (fired().length >= 1 ? true : undefined), 3000, 'the catch-up firing');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await second.close();
    // scheduled-time has whole seconds.
    const times = fired().map((e) => Date.parse(e.time));
    const [catchUp = 0, ...later] = times;
    expect(restartedAt - catchUp).toBeGreaterThanOrEqual(0);
    expect(restartedAt - catchUp).toBeLessThan(61_000);
    // Nothing fired for the older missed occurrences; anything after is a new occurrence.
    for (const time of later) expect(time).toBeGreaterThan(restartedAt - 1000);
  });
});
