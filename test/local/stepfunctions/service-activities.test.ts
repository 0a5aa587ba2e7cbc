import {
  CreateActivityCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  GetActivityTaskCommand,
  ListActivitiesCommand,
  ListTagsForResourceCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_POLL_MS } from '#local/stepfunctions/activities.ts';
import { JSONATA, createMachine, startExecution, startHarness, uniqueName, waitForEnd, type Harness } from './harness.ts';

/**
 * Activities: CreateActivity … DeleteActivity, GetActivityTask's long poll and Task states whose
 * Resource is an activity ARN. Expected answers: the Step Functions API reference and LocalStack's
 * AWS-recorded tests/aws/services/stepfunctions/v2/test_sfn_api_activities.snapshot.json.
 */
let h: Harness;
// 600×: GetActivityTask's 60 s window passes in 100 ms of real time.
beforeAll(async () => {
  h = await startHarness({ scale: 600 });
});
afterAll(() => h.close());

const worker = (activityArn: string) => h.client.send(new GetActivityTaskCommand({ activityArn, workerName: 'w1' }));
const activityMachine = (activityArn: string, extra: object = {}) => ({
  ...JSONATA,
  StartAt: 'Work',
  States: { Work: { Type: 'Task', Resource: activityArn, ...extra, End: true } },
});

describe('activities API', () => {
  it('CreateActivity (idempotent, tags kept), DescribeActivity, ListActivities, DeleteActivity', async () => {
    const name = uniqueName('act');
    const created = await h.client.send(new CreateActivityCommand({ name, tags: [{ key: 'team', value: 'ops' }] }));
    expect(created.activityArn).toBe(`arn:aws:states:us-east-1:000000000000:activity:${name}`);
    expect(created.creationDate).toBeInstanceOf(Date);
    expect((await h.client.send(new CreateActivityCommand({ name }))).activityArn).toBe(created.activityArn);
    expect(await h.client.send(new DescribeActivityCommand({ activityArn: created.activityArn }))).toMatchObject({ activityArn: created.activityArn, name });
    expect((await h.client.send(new ListTagsForResourceCommand({ resourceArn: created.activityArn }))).tags).toEqual([{ key: 'team', value: 'ops' }]);
    expect((await h.client.send(new ListActivitiesCommand({}))).activities?.map((a) => a.name)).toContain(name);
    await h.client.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
    await expect(h.client.send(new DescribeActivityCommand({ activityArn: created.activityArn }))).rejects.toMatchObject({
      name: 'ActivityDoesNotExist',
      message: `Activity Does Not Exist: '${created.activityArn}'`,
    });
  });

  it('answers InvalidArn for a malformed activity ARN (AWS: test_sfn_api_activities)', async () => {
    await expect(h.client.send(new DescribeActivityCommand({ activityArn: 'no_an_activity_arn' }))).rejects.toMatchObject({ name: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'" });
    await expect(worker('no_an_activity_arn')).rejects.toMatchObject({ name: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: no_an_activity_arn'" });
  });

  it('GetActivityTask answers with no task once its 60 s window passes on the local clock', async () => {
    const { activityArn } = await h.client.send(new CreateActivityCommand({ name: uniqueName('idle') }));
    const started = h.clock.now();
    const out = await worker(activityArn!);
    expect(out.taskToken).toBeUndefined();
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(ACTIVITY_POLL_MS);
  });
});

describe('Task states on an activity', () => {
  it('hand the state input and a token to a worker already polling; SendTaskSuccess completes the state', async () => {
    const { activityArn } = await h.client.send(new CreateActivityCommand({ name: uniqueName('work') }));
    const machine = await createMachine(h, activityMachine(activityArn!));
    const polling = worker(activityArn!);
    const executionArn = await startExecution(h, machine, { order: 7 });
    const task = await polling;
    expect(JSON.parse(task.input!)).toEqual({ order: 7 });
    await h.client.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
    await h.client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ shipped: true }) }));
    const end = await waitForEnd(h, executionArn);
    expect(end.status).toBe('SUCCEEDED');
    expect(JSON.parse(end.output!)).toEqual({ shipped: true });
  });

  it('queue a task until a worker polls; SendTaskFailure fails the state with its error', async () => {
    const { activityArn } = await h.client.send(new CreateActivityCommand({ name: uniqueName('queued') }));
    const machine = await createMachine(h, activityMachine(activityArn!));
    const executionArn = await startExecution(h, machine, { n: 1 });
    let task = await worker(activityArn!);
    // The task is queued by the run shortly after StartExecution answers.
    while (!task.taskToken) task = await worker(activityArn!);
    await h.client.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Worker.Broken', cause: 'gear' }));
    const end = await waitForEnd(h, executionArn);
    expect(end).toMatchObject({ status: 'FAILED', error: 'Worker.Broken', cause: 'gear' });
  });

  it('work the same in a JSONPath machine (Parameters build the task input, ResultPath places the worker output)', async () => {
    const { activityArn } = await h.client.send(new CreateActivityCommand({ name: uniqueName('jsonpath') }));
    const machine = await createMachine(h, {
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: activityArn, Parameters: { 'wagon.$': '$.wagon' }, ResultPath: '$.inspection', End: true } },
    });
    const polling = worker(activityArn!);
    const executionArn = await startExecution(h, machine, { wagon: 'W-9', train: 'X8001' });
    const task = await polling;
    expect(JSON.parse(task.input!)).toEqual({ wagon: 'W-9' });
    await h.client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ sealed: true }) }));
    const end = await waitForEnd(h, executionArn);
    expect(end.status).toBe('SUCCEEDED');
    expect(JSON.parse(end.output!)).toEqual({ wagon: 'W-9', train: 'X8001', inspection: { sealed: true } });
  });

  it('do not hand out the task of an execution stopped before a worker came', async () => {
    const { activityArn } = await h.client.send(new CreateActivityCommand({ name: uniqueName('stale') }));
    const machine = await createMachine(h, activityMachine(activityArn!));
    const executionArn = await startExecution(h, machine);
    await h.client.send(new StopExecutionCommand({ executionArn }));
    expect((await waitForEnd(h, executionArn)).status).toBe('ABORTED');
    expect((await worker(activityArn!)).taskToken).toBeUndefined();
  });
});
