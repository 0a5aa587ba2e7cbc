import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '#local/stepfunctions/aws-functions.ts';
import { JSONATA, history, runToEnd, startHarness, type Harness } from './harness.ts';

/** JSONata as AWS evaluates it in Step Functions: order, variables, $states, functions, errors. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.invoker.register('echo', (payload) => ({ got: payload, y: 2 }));
});
afterAll(() => h.close());

const pass = (output: unknown, extra: Record<string, unknown> = {}) => ({
  ...JSONATA,
  StartAt: 'P',
  States: { P: { Type: 'Pass', Output: output, End: true, ...extra } },
});
const outputOf = async (definition: object, input: unknown = {}) => {
  const result = await runToEnd(h, definition, input);
  if (result.status !== 'SUCCEEDED') throw new Error(`${result.status}: ${result.error} ${result.cause}`);
  return JSON.parse(result.output ?? 'null') as unknown;
};

describe('evaluation order and variables', () => {
  it('Arguments first, then the task, then Assign and Output, all seeing the variables as they were on entry (AWS)', async () => {
    const output = await outputOf({
      ...JSONATA,
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 1 }, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'echo', Payload: { x: '{% $x %}' } },
          Assign: { x: '{% $states.result.Payload.y %}' },
          Output: { xOnEntry: '{% $x %}', sent: '{% $states.result.Payload.got %}' },
          Next: 'After',
        },
        After: { Type: 'Pass', Output: { input: '{% $states.input %}', x: '{% $x %}' }, End: true },
      },
    });
    expect(output).toEqual({ input: { xOnEntry: 1, sent: { x: 1 } }, x: 2 });
  });

  it('evaluates every binding of one Assign before writing any (AWS: a swap works)', async () => {
    const output = await outputOf({
      ...JSONATA,
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { a: 1, b: 2 }, Next: 'Swap' },
        Swap: { Type: 'Pass', Assign: { a: '{% $b %}', b: '{% $a %}' }, Next: 'Show' },
        Show: { Type: 'Pass', Output: { a: '{% $a %}', b: '{% $b %}' }, End: true },
      },
    });
    expect(output).toEqual({ a: 2, b: 1 });
  });

  it('Map iterations read outer variables; their own variables stay inside (AWS scopes)', async () => {
    const output = await outputOf({
      ...JSONATA,
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { factor: 10 }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: '{% [1, 2, 3] %}',
          ItemProcessor: {
            StartAt: 'Scale',
            States: {
              Scale: { Type: 'Pass', Assign: { inner: '{% $states.input * $factor %}' }, Next: 'Report' },
              Report: { Type: 'Pass', Output: '{% $inner %}', End: true },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Output: { results: '{% $states.input %}', innerVisible: '{% $exists($inner) %}', factor: '{% $factor %}' }, End: true },
      },
    });
    expect(output).toEqual({ results: [10, 20, 30], innerVisible: false, factor: 10 });
  });

  it('Parallel branches read outer variables too', async () => {
    const output = await outputOf({
      ...JSONATA,
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { bureau: 'Erenhot' }, Next: 'Both' },
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'L', States: { L: { Type: 'Pass', Output: "{% 'left:' & $bureau %}", End: true } } },
            { StartAt: 'R', States: { R: { Type: 'Pass', Output: "{% 'right:' & $bureau %}", End: true } } },
          ],
          End: true,
        },
      },
    });
    expect(output).toEqual(['left:Erenhot', 'right:Erenhot']);
  });
});

describe('$states', () => {
  it('exposes input and the context object (Execution, State, StateMachine) (AWS)', async () => {
    const result = await runToEnd(
      h,
      pass({
        input: '{% $states.input %}',
        executionId: '{% $states.context.Execution.Id %}',
        executionName: '{% $states.context.Execution.Name %}',
        executionInput: '{% $states.context.Execution.Input %}',
        startTime: '{% $states.context.Execution.StartTime %}',
        roleArn: '{% $states.context.Execution.RoleArn %}',
        stateName: '{% $states.context.State.Name %}',
        entered: '{% $states.context.State.EnteredTime %}',
        // A Pass state cannot retry: AWS gives it no State.RetryCount (LocalStack snapshot test_output BASE_EXPR).
        state: '{% $states.context.State %}',
        machineId: '{% $states.context.StateMachine.Id %}',
      }),
      { consignment: 'C-9' },
    );
    const output = JSON.parse(result.output ?? '{}') as Record<string, unknown>;
    expect(output).toMatchObject({
      input: { consignment: 'C-9' },
      executionId: result.executionArn,
      executionName: result.executionArn.split(':').pop(),
      executionInput: { consignment: 'C-9' },
      roleArn: 'arn:aws:iam::000000000000:role/local',
      stateName: 'P',
      machineId: result.stateMachineArn,
    });
    expect(output.state).not.toHaveProperty('RetryCount');
    expect(Date.parse(output.startTime as string)).toBe(result.startDate?.getTime());
    expect(Date.parse(output.entered as string)).toBeGreaterThanOrEqual(result.startDate?.getTime() ?? 0);
  });

  it('gives ItemSelector the Map item index and value, with $states.input the Map input (AWS)', async () => {
    const output = await outputOf(
      {
        ...JSONATA,
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            Items: '{% $states.input.wagons %}',
            ItemSelector: { i: '{% $states.context.Map.Item.Index %}', wagon: '{% $states.context.Map.Item.Value %}', train: '{% $states.input.train %}' },
            ItemProcessor: { StartAt: 'Id', States: { Id: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      { train: 'X8001', wagons: ['W1', 'W2'] },
    );
    expect(output).toEqual([
      { i: 0, wagon: 'W1', train: 'X8001' },
      { i: 1, wagon: 'W2', train: 'X8001' },
    ]);
  });

  it('gives a Catch its $states.errorOutput, and a Task its $states.result', async () => {
    h.invoker.register('refuse', () => {
      throw Object.assign(new Error('no permit'), { name: 'PermitMissing' });
    });
    const output = await outputOf({
      ...JSONATA,
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'refuse' },
          Catch: [{ ErrorEquals: ['PermitMissing'], Output: { error: '{% $states.errorOutput.Error %}', input: '{% $states.input %}' }, Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    }, { n: 1 });
    expect(output).toEqual({ error: 'PermitMissing', input: { n: 1 } });
  });
});

describe('functions Step Functions adds', () => {
  it('$partition, $range, $hash, $parse, $uuid and seeded $random behave as AWS documents', async () => {
    const output = (await outputOf(
      pass({
        partition: '{% $partition([1,2,3,4,5], 2) %}',
        partitionTruncated: '{% $partition([1,2,3,4,5], 2.9) %}',
        range: '{% $range(0, 10, 2) %}',
        rangeDown: '{% $range(10, 0, -5) %}',
        rangeSingle: '{% $range(3, 3, 1) %}',
        sha256: "{% $hash('Hello', 'SHA-256') %}",
        md5: "{% $hash('Hello', 'MD5') %}",
        parsed: "{% $parse('{\"a\":[1,2]}') %}",
        uuid: '{% $uuid() %}',
        seeded: '{% $random(42) %}',
        seededAgain: '{% $random(42) %}',
        unseeded: '{% $random() %}',
      }),
    )) as Record<string, unknown>;
    expect(output).toMatchObject({
      partition: [[1, 2], [3, 4], [5]],
      partitionTruncated: [[1, 2], [3, 4], [5]],
      range: [0, 2, 4, 6, 8, 10],
      rangeDown: [10, 5, 0],
      rangeSingle: 3,
      sha256: createHash('sha256').update('Hello').digest('hex'),
      md5: '8b1a9953c4611296a827abf8c47804d7',
      parsed: { a: [1, 2] },
    });
    expect(output.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // java.util.Random(42).nextDouble(), which AWS's seeded $random returns.
    expect(output.seeded).toBe(0.7275636800328681);
    expect(output.seededAgain).toBe(output.seeded);
    expect(output.unseeded).toBeGreaterThanOrEqual(0);
    expect(output.unseeded).toBeLessThan(1);
    expect(seededRandom(0)).toBe(0.730967787376657);
  });

  it('a zero chunk size or a step pointing away from the end returns nothing, failing the field (AWS)', async () => {
    const zero = await runToEnd(h, pass({ v: '{% $partition([1,2], 0) %}' }));
    expect(zero.error).toBe('States.QueryEvaluationError');
    expect(zero.cause).toContain("The JSONata expression '$partition([1,2], 0)' specified for the field 'Output/v' returned nothing (undefined).");
    const away = await runToEnd(h, pass({ v: '{% $range(5, 1, 1) %}' }));
    expect(away.error).toBe('States.QueryEvaluationError');
  });

  it('an unsupported hash algorithm and invalid JSON are evaluation errors; $eval is not available (AWS)', async () => {
    const hash = await runToEnd(h, pass({ v: "{% $hash('x', 'sha-256') %}" }));
    expect(hash.cause).toContain('threw an error during evaluation. D3137');
    const parse = await runToEnd(h, pass({ v: "{% $parse('{nope') %}" }));
    expect(parse.cause).toContain('threw an error during evaluation. D3137: Invalid JSON');
    const evaluated = await runToEnd(h, pass({ v: "{% $eval('1+1') %}" }));
    expect(evaluated.cause).toContain('T1006');
  });
});

describe('States.QueryEvaluationError', () => {
  it('an expression that returns nothing fails the state with AWS cause text and an EvaluationFailed event', async () => {
    const result = await runToEnd(h, pass({ v: '{% $states.input.absent %}' }));
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$states.input.absent' specified for the field 'Output/v' returned nothing (undefined).",
    );
    const events = await history(h, result.executionArn);
    const failed = events.find((e) => e.type === 'EvaluationFailed');
    expect(failed?.evaluationFailedEventDetails).toEqual({ error: 'States.QueryEvaluationError', cause: result.cause, location: 'Output/v', state: 'P' });
    expect(events.at(-1)?.executionFailedEventDetails).toEqual({ error: 'States.QueryEvaluationError', cause: result.cause });
  });

  it('a function signature error names the JSONata error code (T0410)', async () => {
    const result = await runToEnd(h, pass({ v: "{% $range('0', 4, 1) %}" }));
    expect(result.cause).toContain(
      "The JSONata expression '$range('0', 4, 1)' specified for the field 'Output/v' threw an error during evaluation. T0410: Argument 1 of function \"range\" does not match function signature",
    );
  });

  it('names array elements and Assign entries in the field path', async () => {
    expect((await runToEnd(h, pass({ list: ['ok', '{% $nothing %}'] }))).cause).toContain("for the field 'Output/list[1]'");
    expect((await runToEnd(h, pass(undefined, { Assign: { x: '{% $states.input.none %}' } }))).cause).toContain("for the field 'Assign/x'");
  });

  it('can be caught like any error', async () => {
    const output = await outputOf({
      ...JSONATA,
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          Items: '{% $states.input.notThere %}',
          ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } },
          Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Output: '{% $states.errorOutput.Error %}', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    });
    expect(output).toBe('States.QueryEvaluationError');
  });
});
