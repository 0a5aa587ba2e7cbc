import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONATA, history, runToEnd, startHarness, types, type Harness } from './harness.ts';

/**
 * Each state type's behaviour and the history it writes, in AWS's event names and detail
 * fields: ids count up from 1, every previousEventId points back to an earlier event (the first
 * state entered points at 0, as on AWS), inputs and outputs are JSON strings with their details.
 */
let h: Harness;
beforeAll(async () => {
  // 1000x: a Wait of 10 seconds takes 10 ms.
  h = await startHarness({ scale: 1000 });
  h.invoker.register('inspect', (payload) => ({ inspected: payload }));
});
afterAll(() => h.close());

const machine = (states: Record<string, unknown>, startAt: string) => ({ ...JSONATA, StartAt: startAt, States: states });

function expectChained(events: HistoryEvent[]): void {
  events.forEach((event, i) => {
    expect(event.id).toBe(i + 1);
    expect(event.previousEventId).toBeLessThan(event.id ?? 0);
    expect(event.timestamp).toBeInstanceOf(Date);
  });
}

describe('history shape per state type', () => {
  it('Pass: PassStateEntered/Exited with JSON input and output (first entered event points at 0)', async () => {
    const result = await runToEnd(h, machine({ P: { Type: 'Pass', Output: { ok: true }, End: true } }, 'P'), { a: 1 });
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(events.map((e) => e.previousEventId)).toEqual([0, 0, 2, 3]);
    expect(events[0]?.executionStartedEventDetails).toEqual({ input: '{"a":1}', inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::000000000000:role/local' });
    expect(events[1]?.stateEnteredEventDetails).toEqual({ name: 'P', input: '{"a":1}', inputDetails: { truncated: false } });
    expect(events[2]?.stateExitedEventDetails).toEqual({ name: 'P', output: '{"ok":true}', outputDetails: { truncated: false } });
    expect(events[3]?.executionSucceededEventDetails).toEqual({ output: '{"ok":true}', outputDetails: { truncated: false } });
  });

  it('StateExited carries assignedVariables as JSON strings (AWS)', async () => {
    const result = await runToEnd(h, machine({ P: { Type: 'Pass', Assign: { port: 'Erenhot', wagons: 3 }, End: true } }, 'P'));
    const exited = (await history(h, result.executionArn)).find((e) => e.type === 'PassStateExited');
    expect(exited?.stateExitedEventDetails?.assignedVariables).toEqual({ port: '"Erenhot"', wagons: '3' });
    expect(exited?.stateExitedEventDetails?.assignedVariablesDetails).toEqual({ truncated: false });
  });

  it('Choice: the first rule whose Condition is true wins, with its own Output; else Default', async () => {
    const definition = machine(
      {
        Route: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% $states.input.risk > 7 %}', Output: { lane: 'red' }, Next: 'Done' },
            { Condition: '{% $states.input.risk > 3 %}', Output: { lane: 'yellow' }, Next: 'Done' },
          ],
          Default: 'Done',
          Output: { lane: 'green' },
        },
        Done: { Type: 'Succeed' },
      },
      'Route',
    );
    const red = await runToEnd(h, definition, { risk: 9 });
    expect(JSON.parse(red.output ?? '')).toEqual({ lane: 'red' });
    expect(JSON.parse((await runToEnd(h, definition, { risk: 5 })).output ?? '')).toEqual({ lane: 'yellow' });
    const green = await runToEnd(h, definition, { risk: 1 });
    expect(JSON.parse(green.output ?? '')).toEqual({ lane: 'green' });
    const events = await history(h, green.executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    expectChained(events);
  });

  it('Choice: no rule matched and no Default fails with States.NoChoiceMatched', async () => {
    const result = await runToEnd(h, machine({ R: { Type: 'Choice', Choices: [{ Condition: '{% false %}', Next: 'Done' }] }, Done: { Type: 'Succeed' } }, 'R'));
    expect(result.error).toBe('States.NoChoiceMatched');
  });

  it('Wait (Seconds): waits that long in virtual time; history timestamps follow the scaled clock', async () => {
    const result = await runToEnd(h, machine({ W: { Type: 'Wait', Seconds: 10, End: true } }, 'W'));
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
    const waited = (events[2]?.timestamp?.getTime() ?? 0) - (events[1]?.timestamp?.getTime() ?? 0);
    expect(waited).toBeGreaterThanOrEqual(10_000);
    expect(waited).toBeLessThan(10_000 + 2_000 * 1000);
  });

  it('Wait (Timestamp, from JSONata): waits until that instant', async () => {
    const until = new Date(h.clock.now() + 30_000).toISOString();
    const result = await runToEnd(h, machine({ W: { Type: 'Wait', Timestamp: '{% $states.input.until %}', End: true } }, 'W'), { until });
    const exited = (await history(h, result.executionArn)).find((e) => e.type === 'WaitStateExited');
    expect(exited?.timestamp?.getTime()).toBeGreaterThanOrEqual(Date.parse(until));
  });

  it('Succeed: Output, then SucceedStateExited and ExecutionSucceeded', async () => {
    const result = await runToEnd(h, machine({ S: { Type: 'Succeed', Output: { released: true } } }, 'S'));
    expect(types(await history(h, result.executionArn))).toEqual(['ExecutionStarted', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    expect(result.output).toBe('{"released":true}');
  });

  it('Fail: Error and Cause (JSONata allowed) end the execution; no FailStateExited (AWS)', async () => {
    const result = await runToEnd(
      h,
      machine({ F: { Type: 'Fail', Error: 'Quarantine.Rejected', Cause: "{% 'wagon ' & $states.input.wagon %}" } }, 'F'),
      { wagon: 'W7' },
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'Quarantine.Rejected', cause: 'wagon W7' });
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(events[2]?.executionFailedEventDetails).toEqual({ error: 'Quarantine.Rejected', cause: 'wagon W7' });
  });

  it('Task: TaskScheduled, TaskStarted, TaskSucceeded between TaskStateEntered and TaskStateExited', async () => {
    const result = await runToEnd(
      h,
      machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'inspect', Payload: { w: 1 } }, TimeoutSeconds: 30, End: true } }, 'T'),
    );
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    expectChained(events);
    expect(events[2]?.taskScheduledEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"FunctionName":"inspect","Payload":{"w":1}}',
      timeoutInSeconds: 30,
    });
    expect(events[3]?.taskStartedEventDetails).toEqual({ resourceType: 'lambda', resource: 'invoke' });
  });

  it('Parallel: ParallelStateStarted, branch events, ParallelStateSucceeded; results in branch order', async () => {
    const result = await runToEnd(
      h,
      machine(
        {
          Both: {
            Type: 'Parallel',
            Arguments: { wagon: '{% $states.input.wagon %}' },
            Branches: [
              { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 5, Output: "{% 'docs:' & $states.input.wagon %}", End: true } } },
              { StartAt: 'Fast', States: { Fast: { Type: 'Pass', Output: "{% 'seal:' & $states.input.wagon %}", End: true } } },
            ],
            Output: { checks: '{% $states.result %}' },
            End: true,
          },
        },
        'Both',
      ),
      { wagon: 'W1' },
    );
    expect(JSON.parse(result.output ?? '')).toEqual({ checks: ['docs:W1', 'seal:W1'] });
    const events = await history(h, result.executionArn);
    expectChained(events);
    const t = types(events);
    expect(t.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(t.slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
    expect(t).toEqual(expect.arrayContaining(['WaitStateEntered', 'WaitStateExited', 'PassStateEntered', 'PassStateExited']));
    // Each branch's first state follows ParallelStateStarted.
    const startedId = events[2]?.id;
    expect(events.filter((e) => e.type === 'WaitStateEntered' || e.type === 'PassStateEntered').map((e) => e.previousEventId)).toEqual([startedId, startedId]);
  });

  it('Map: MapStateStarted(length), MapIterationStarted/Succeeded(name, index), MapStateSucceeded; results in item order', async () => {
    const result = await runToEnd(
      h,
      machine(
        {
          Each: {
            Type: 'Map',
            Items: '{% $states.input.wagons %}',
            ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Seal', States: { Seal: { Type: 'Pass', Output: "{% $states.input & '-sealed' %}", End: true } } },
            End: true,
          },
        },
        'Each',
      ),
      { wagons: ['W1', 'W2', 'W3'] },
    );
    expect(JSON.parse(result.output ?? '')).toEqual(['W1-sealed', 'W2-sealed', 'W3-sealed']);
    const events = await history(h, result.executionArn);
    expectChained(events);
    expect(events.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 3 });
    expect(events.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails)).toEqual([
      { name: 'Each', index: 0 },
      { name: 'Each', index: 1 },
      { name: 'Each', index: 2 },
    ]);
    expect(events.filter((e) => e.type === 'MapIterationSucceeded').map((e) => e.mapIterationSucceededEventDetails?.index).sort()).toEqual([0, 1, 2]);
    expect(types(events).slice(-3)).toEqual(['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
  });

  it('Map: MaxConcurrency 1 runs iterations one after another', async () => {
    const result = await runToEnd(
      h,
      machine(
        {
          Each: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemProcessor: { StartAt: 'Hold', States: { Hold: { Type: 'Wait', Seconds: 2, End: true } } },
            End: true,
          },
        },
        'Each',
      ),
      [1, 2, 3],
    );
    const t = types(await history(h, result.executionArn)).filter((x) => x.startsWith('MapIteration'));
    expect(t).toEqual([
      'MapIterationStarted', 'MapIterationSucceeded',
      'MapIterationStarted', 'MapIterationSucceeded',
      'MapIterationStarted', 'MapIterationSucceeded',
    ]);
  });

  it('Map over an empty array succeeds at once with []', async () => {
    const result = await runToEnd(h, machine({ Each: { Type: 'Map', ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, End: true } }, 'Each'), []);
    expect(result.output).toBe('[]');
    expect(types(await history(h, result.executionArn))).toEqual([
      'ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
  });
});
