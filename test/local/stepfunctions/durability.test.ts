import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * AWS behaviour: a Standard execution survives anything that happens to the service. Here the
 * engine runs in a child process, 200 executions wait on callbacks, Waits and slow tasks, the
 * process is SIGKILLed and started again on the same data dir; then every callback is completed
 * and all 200 must SUCCEED with intact histories: nothing lost, nothing duplicated, Waits keep
 * their absolute deadline, tasks in flight run again (at least once) and tokens stay valid.
 */
const FIXTURE = fileURLToPath(new URL('./fixtures/engine-process.ts', import.meta.url));
const CALLBACKS = 80;
const WAITS = 80;
const SLOW = 40;
const WAIT_SECONDS = 4;

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Assign: { kind: '{% $states.input.kind %}', n: '{% $states.input.n %}' }, Next: 'Route' },
    Route: {
      Type: 'Choice',
      Choices: [
        { Condition: "{% $kind = 'callback' %}", Next: 'AwaitDecision' },
        { Condition: "{% $kind = 'wait' %}", Next: 'Sleep' },
      ],
      Default: 'SlowWork',
    },
    AwaitDecision: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: { FunctionName: 'notify', Payload: { token: '{% $states.context.Task.Token %}', n: '{% $n %}' } },
      TimeoutSeconds: 3600,
      Output: { n: '{% $n %}', decision: '{% $states.result.decision %}' },
      Next: 'Done',
    },
    Sleep: { Type: 'Wait', Seconds: WAIT_SECONDS, Output: { n: '{% $n %}', slept: true }, Next: 'Done' },
    SlowWork: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: 'slow', Payload: { n: '{% $n %}' } },
      Output: { n: '{% $n %}', handled: '{% $states.result.Payload.handled %}' },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

interface Engine {
  child: ChildProcess;
  client: SFNClient;
}

async function startEngine(dataDir: string): Promise<Engine> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SLOW_MS: '3000' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine did not start: ${stderr}`)), 30_000);
    lines.on('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}: ${stderr}`)));
  });
  const client = new SFNClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { child, client };
}

async function kill(engine: Engine): Promise<void> {
  engine.client.destroy();
  const exited = new Promise((resolve) => engine.child.once('exit', resolve));
  engine.child.kill('SIGKILL');
  await exited;
}

async function fullHistory(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(out.events ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return events;
}

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('durability: SIGKILL and restart', () => {
  it('resumes 200 executions waiting on callbacks, Waits and tasks in flight; all SUCCEED with intact histories', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-durable-'));
    dirs.push(dataDir);
    let engine = await startEngine(dataDir);
    try {
      const { stateMachineArn } = await engine.client.send(
        new CreateStateMachineCommand({ name: 'durable', definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::000000000000:role/local' }),
      );
      const kinds = [
        ...Array.from({ length: CALLBACKS }, () => 'callback'),
        ...Array.from({ length: WAITS }, () => 'wait'),
        ...Array.from({ length: SLOW }, () => 'slow'),
      ];
      const started = await Promise.all(
        kinds.map(async (kind, n) => {
          const out = await engine.client.send(
            new StartExecutionCommand({ stateMachineArn, name: `run-${n}`, input: JSON.stringify({ kind, n }) }),
          );
          return { kind, n, arn: out.executionArn as string };
        }),
      );

      // Every callback task has been handed its token, every slow task is in flight.
      const tokens = new Map<string, string>();
      await eventually(
        async () => {
          for (const { kind, arn } of started) {
            if (kind !== 'callback' || tokens.has(arn)) continue;
            const submitted = (await fullHistory(engine.client, arn)).find((e) => e.type === 'TaskSubmitted');
            const scheduled = (await fullHistory(engine.client, arn)).find((e) => e.type === 'TaskScheduled');
            if (submitted && scheduled) {
              const parameters = JSON.parse(scheduled.taskScheduledEventDetails?.parameters ?? '{}') as { Payload: { token: string } };
              tokens.set(arn, parameters.Payload.token);
            }
          }
          return tokens.size === CALLBACKS ? true : undefined;
        },
        30_000,
        'callback tokens',
      );
      const slowCallsBeforeKill = readFileSync(join(dataDir, 'slow-calls.log'), 'utf8').trim().split('\n').length;
      expect(slowCallsBeforeKill).toBe(SLOW);

      await kill(engine);
      engine = await startEngine(dataDir);

      await Promise.all(
        [...tokens].map(([arn, token]) =>
          engine.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: `ok-${arn.split(':').pop()}` }) })),
        ),
      );

      await eventually(
        async () => {
          const statuses = await Promise.all(
            started.map(async ({ arn }) => (await engine.client.send(new DescribeExecutionCommand({ executionArn: arn }))).status),
          );
          return statuses.every((s) => s !== 'RUNNING') ? statuses : undefined;
        },
        30_000,
        'all executions to finish',
      ).then((statuses) => expect(statuses.every((s) => s === 'SUCCEEDED')).toBe(true));

      // Nothing lost, nothing duplicated.
      const listed = [];
      let nextToken: string | undefined;
      do {
        const page = await engine.client.send(new ListExecutionsCommand({ stateMachineArn, nextToken, maxResults: 100 }));
        listed.push(...(page.executions ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(listed).toHaveLength(200);
      expect(new Set(listed.map((e) => e.executionArn)).size).toBe(200);

      for (const { kind, n, arn } of started) {
        const events = await fullHistory(engine.client, arn);
        expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
        for (const event of events) expect(event.previousEventId ?? 0).toBeLessThan(event.id ?? 0);
        expect(events[0]?.type).toBe('ExecutionStarted');
        expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
        const count = (type: string) => events.filter((e) => e.type === type).length;
        expect(count('SucceedStateEntered')).toBe(1);
        const output = JSON.parse(events.at(-1)?.executionSucceededEventDetails?.output ?? 'null') as Record<string, unknown>;
        expect(output.n).toBe(n);
        if (kind === 'callback') {
          expect(count('TaskScheduled')).toBe(1);
          expect(count('TaskSucceeded')).toBe(1);
          expect(output.decision).toBe(`ok-${arn.split(':').pop()}`);
        } else if (kind === 'wait') {
          const entered = events.find((e) => e.type === 'WaitStateEntered')?.timestamp?.getTime() ?? 0;
          const exited = events.find((e) => e.type === 'WaitStateExited')?.timestamp?.getTime() ?? 0;
          expect(exited - entered).toBeGreaterThanOrEqual(WAIT_SECONDS * 1000);
          expect(exited - entered).toBeLessThan(WAIT_SECONDS * 1000 + 5000);
        } else {
          expect(count('TaskScheduled')).toBe(1);
          expect(count('TaskSucceeded')).toBe(1);
          expect(output.handled).toBe('slow');
        }
      }
      // The slow tasks were in flight at the kill: each ran again after the restart.
      const slowCalls = readFileSync(join(dataDir, 'slow-calls.log'), 'utf8').trim().split('\n');
      expect(slowCalls.length).toBe(2 * SLOW);
    } finally {
      await kill(engine);
    }
  }, 90_000);
});

describe('durability: restart in process', () => {
  it('a Map and a Parallel in progress, and a retry backoff, carry on after the service is closed and started again', async () => {
    const { startHarness, createMachine, startExecution, waitForEnd, history } = await import('./harness.ts');
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-restart-'));
    dirs.push(dataDir);
    let calls = 0;
    const first = await startHarness({ dataDir, scale: 10 });
    first.invoker.register('busyOnce', () => {
      calls += 1;
      throw Object.assign(new Error('busy'), { name: 'Busy' });
    });
    const arn = await createMachine(first, {
      QueryLanguage: 'JSONata',
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Each',
              States: {
                Each: {
                  Type: 'Map',
                  MaxConcurrency: 2,
                  Items: '{% [1, 2, 3, 4, 5, 6] %}',
                  ItemProcessor: { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 3, Output: '{% $states.input * 10 %}', End: true } } },
                  End: true,
                },
              },
            },
            {
              StartAt: 'Call',
              States: {
                Call: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Arguments: { FunctionName: 'busyOnce' },
                  Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 8, MaxAttempts: 1 }],
                  Catch: [{ ErrorEquals: ['Busy'], Output: 'gave up', Next: 'After' }],
                  End: true,
                },
                After: { Type: 'Pass', End: true },
              },
            },
          ],
          End: true,
        },
      },
    });
    const executionArn = await startExecution(first, arn);
    await new Promise((resolve) => setTimeout(resolve, 450));
    await first.close();
    const second = await startHarness({ dataDir, scale: 10 });
    second.invoker.register('busyOnce', () => {
      calls += 1;
      throw Object.assign(new Error('busy'), { name: 'Busy' });
    });
    try {
      const result = await waitForEnd(second, executionArn);
      expect(result.status).toBe('SUCCEEDED');
      expect(JSON.parse(result.output ?? '')).toEqual([[10, 20, 30, 40, 50, 60], 'gave up']);
      expect(calls).toBe(2);
      const events = await history(second, executionArn);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      const starts = events.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails?.index);
      expect([...starts].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      await second.close();
    }
  });
});
