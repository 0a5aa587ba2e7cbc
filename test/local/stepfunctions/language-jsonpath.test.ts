import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { history, runToEnd, startHarness, type Harness } from './harness.ts';

/**
 * JSONPath state machines (no top-level QueryLanguage), as the AWS Step Functions developer
 * guide describes them; cause texts are the ones AWS recorded in LocalStack's AWS-validated
 * snapshots (tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json).
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: 1000 });
  h.invoker.register('echo', (payload) => payload);
  h.invoker.register('boom', () => {
    throw Object.assign(new Error('it broke'), { name: 'Boom' });
  });
});
afterAll(() => h.close());

const one = (state: Record<string, unknown>) => ({ StartAt: 'S', States: { S: { ...state, End: true } } });
const output = (result: { output?: string }) => JSON.parse(result.output ?? 'null') as unknown;

describe('JSONPath input and output processing (developer guide: "Processing input and output")', () => {
  it('InputPath, Parameters with .$ at any depth and in arrays, ResultPath, OutputPath', async () => {
    const result = await runToEnd(
      h,
      one({
        Type: 'Pass',
        InputPath: '$.order',
        Parameters: { 'id.$': '$.id', nested: { 'first.$': '$.lines[0].sku', list: [{ 'qty.$': '$.lines[1].qty' }, 'x'] }, fixed: 1 },
        ResultPath: '$.order.summary',
        OutputPath: '$.order',
      }),
      { order: { id: 'o1', lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] } },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(output(result)).toEqual({
      id: 'o1',
      lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }],
      summary: { id: 'o1', nested: { first: 'a', list: [{ qty: 2 }, 'x'] }, fixed: 1 },
    });
  });

  it('Result, ResultPath null keeps the input, InputPath/OutputPath null give {}', async () => {
    const a = await runToEnd(h, one({ Type: 'Pass', Result: { r: 1 }, ResultPath: '$.r' }), { a: 1 });
    expect(output(a)).toEqual({ a: 1, r: { r: 1 } });
    const b = await runToEnd(h, one({ Type: 'Pass', Result: 5, ResultPath: null }), { a: 1 });
    expect(output(b)).toEqual({ a: 1 });
    const c = await runToEnd(h, one({ Type: 'Pass', InputPath: null }), { a: 1 });
    expect(output(c)).toEqual({});
    const d = await runToEnd(h, one({ Type: 'Pass', OutputPath: null }), { a: 1 });
    expect(output(d)).toEqual({});
  });

  it('indefinite paths answer lists (filters, wildcards), definite ones values', async () => {
    const result = await runToEnd(
      h,
      one({ Type: 'Pass', Parameters: { 'big.$': '$.items[?(@.n > 1)].n', 'all.$': '$.items[*].n', 'none.$': '$.items[?(@.n > 9)]', 'second.$': '$.items[1]' } }),
      { items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
    );
    expect(output(result)).toEqual({ big: [2, 3], all: [1, 2, 3], none: [], second: { n: 2 } });
  });

  it('the context object $$ as AWS fills it', async () => {
    const result = await runToEnd(
      h,
      one({ Type: 'Pass', Parameters: { 'name.$': '$$.State.Name', 'input.$': '$$.Execution.Input', 'sm.$': '$$.StateMachine.Name', 'state.$': '$$.State', 'id.$': '$$.Execution.Id' } }),
      { a: 1 },
    );
    const out = output(result) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'S', input: { a: 1 }, id: result.executionArn });
    // Only Task, Map and Parallel states count retries (AWS snapshot test_query_context_object_values).
    expect(out.state).not.toHaveProperty('RetryCount');
    expect(typeof out.sm).toBe('string');
  });

  it('Task: Parameters to the function, ResultSelector, ResultPath into the input', async () => {
    const result = await runToEnd(
      h,
      one({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'echo', 'Payload.$': '$.p' },
        ResultSelector: { 'echoed.$': '$.Payload', 'code.$': '$.StatusCode' },
        ResultPath: '$.res',
      }),
      { p: { x: 1 } },
    );
    expect(output(result)).toEqual({ p: { x: 1 }, res: { echoed: { x: 1 }, code: 200 } });
  });

  it('Catch with ResultPath puts the error output into the input', async () => {
    const result = await runToEnd(
      h,
      {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'boom' }, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Done' }], End: true },
          Done: { Type: 'Pass', End: true },
        },
      },
      { keep: true },
    );
    expect(result.status).toBe('SUCCEEDED');
    const out = output(result) as { keep: boolean; err: { Error: string } };
    expect(out.keep).toBe(true);
    expect(out.err.Error).toBe('Boom');
  });
});

describe('JSONPath runtime failures carry AWS\'s causes', () => {
  const cases: Array<[string, Record<string, unknown>, unknown, string]> = [
    ['InputPath', { Type: 'Pass', InputPath: '$.NoSuchInputPath' }, { a: 1 }, "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"],
    ['OutputPath', { Type: 'Pass', OutputPath: '$.NoSuchOutputPath' }, { a: 1 }, "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"],
    ['OutputPath (missing parent)', { Type: 'Pass', OutputPath: '$.no.such.result.path' }, { a: 1 }, "Invalid path '$.no.such.result.path' : Missing property in path $['no']"],
    [
      '.$ field',
      { Type: 'Pass', Parameters: { 'value.$': '$.no_such_jsonpath' } },
      { 'int-literal': 0 },
      'The JSONPath \'$.no_such_jsonpath\' specified for the field \'value.$\' could not be found in the input \'{"int-literal":0}\'',
    ],
    ['SecondsPath missing', { Type: 'Wait', SecondsPath: '$.input.waitSeconds' }, { input: {} }, 'The SecondsPath parameter does not reference an input value: $.input.waitSeconds'],
    ['SecondsPath fraction', { Type: 'Wait', SecondsPath: '$.input.waitSeconds' }, { input: { waitSeconds: 1.5 } }, 'The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5'],
    ['SecondsPath negative', { Type: 'Wait', SecondsPath: '$.input.waitSeconds' }, { input: { waitSeconds: -1 } }, 'The SecondsPath parameter references a negative value: $.input.waitSeconds == -1'],
    [
      'TimestampPath',
      { Type: 'Wait', TimestampPath: '$.TimestampValue' },
      { TimestampValue: '2016-12-05 21:29:29Z' },
      'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-12-05 21:29:29Z',
    ],
    [
      'MaxConcurrencyPath',
      { Type: 'Map', MaxConcurrencyPath: '$.MaxConcurrencyValue', ItemsPath: '$.items', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } },
      { items: [1], MaxConcurrencyValue: 'NoNumber' },
      'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue',
    ],
  ];
  for (const [name, state, input, detail] of cases) {
    it(name, async () => {
      const result = await runToEnd(h, one(state), input);
      expect(result.status).toBe('FAILED');
      expect(result.error).toBe('States.Runtime');
      expect(result.cause).toBe(`An error occurred while executing the state 'S' (entered at the event id #2). ${detail}`);
      const events = await history(h, result.executionArn);
      expect(events.map((e) => e.type).slice(-2)).toEqual([`${String(state.Type)}StateEntered`, 'ExecutionFailed']);
    });
  }

  it('States.Runtime is not caught by States.ALL', async () => {
    const result = await runToEnd(h, {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'echo' }, OutputPath: '$.no.such', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true },
        C: { Type: 'Pass', End: true },
      },
    });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Runtime');
  });
});

describe('intrinsic functions (developer guide: "Intrinsic functions for JSONPath")', () => {
  it('evaluates every function, with nested calls, escapes, paths and literals', async () => {
    const result = await runToEnd(
      h,
      one({
        Type: 'Pass',
        Parameters: {
          'format.$': "States.Format('Hello, {} {}! \\{literal\\} it\\'s {}', $.first, $.n, $.obj)",
          'json.$': "States.StringToJson('{\"a\":[1,2]}')",
          'str.$': 'States.JsonToString($.obj)',
          'arr.$': "States.Array('a', 1, null, $.n, States.Array(2))",
          'part.$': 'States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)',
          'contains.$': 'States.ArrayContains($.list, 3)',
          'range.$': 'States.ArrayRange(10, 0, -5)',
          'item.$': 'States.ArrayGetItem($.list, 1)',
          'len.$': 'States.ArrayLength($.list)',
          'unique.$': 'States.ArrayUnique(States.Array(1, 1, 2, $.obj, $.obj))',
          'b64.$': "States.Base64Encode('Data to encode')",
          'plain.$': "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')",
          'hash.$': "States.Hash('input data', 'SHA-1')",
          'merged.$': 'States.JsonMerge($.obj, States.StringToJson(\'{"k":2,"z":1}\'), false)',
          'sum.$': 'States.MathAdd($.n, -3)',
          'split.$': "States.StringSplit('1,2,,3;4', ',;')",
          'uuid.$': 'States.UUID()',
          'random.$': 'States.MathRandom(1, 10)',
          'seeded.$': 'States.MathRandom(1, 1000, 7)',
          'varCtx.$': "States.Format('{}', $$.State.Name)",
        },
      }),
      { first: 'Ana', n: 10, obj: { k: 1 }, list: [1, 2, 3] },
    );
    expect(result.status).toBe('SUCCEEDED');
    const out = output(result) as Record<string, unknown>;
    expect(out).toMatchObject({
      // AWS writes an object argument as Java does (LocalStack snapshot test_format_2).
      format: 'Hello, Ana 10! {literal} it\'s {k=1}',
      json: { a: [1, 2] },
      str: '{"k":1}',
      arr: ['a', 1, null, 10, [2]],
      part: [[1, 2], [3, 4], [5]],
      contains: true,
      range: [10, 5, 0],
      item: 2,
      len: 3,
      unique: [1, 2, { k: 1 }],
      b64: 'RGF0YSB0byBlbmNvZGU=',
      plain: 'Data to encode',
      hash: 'aaff4a450a104cd177d28d18d74485e8cae074b7',
      merged: { k: 2, z: 1 },
      sum: 7,
      split: ['1', '2', '3', '4'],
      varCtx: 'S',
    });
    expect(out.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.random).toBeGreaterThanOrEqual(1);
    expect(out.random).toBeLessThan(10);
    const again = await runToEnd(h, one({ Type: 'Pass', Parameters: { 'seeded.$': 'States.MathRandom(1, 1000, 7)' } }));
    expect((output(again) as { seeded: number }).seeded).toBe(out.seeded);
  });

  it('a failing intrinsic is States.IntrinsicFailure, which Catch can handle', async () => {
    const result = await runToEnd(h, one({ Type: 'Pass', Parameters: { 'x.$': 'States.ArrayGetItem($.list, 5)' } }), { list: [1] });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.IntrinsicFailure');
    expect(result.cause).toContain("An error occurred while executing the state 'S' (entered at the event id #2).");
  });
});

describe('Choice rules', () => {
  const route = (rule: Record<string, unknown>) => ({
    StartAt: 'C',
    States: { C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' }, Yes: { Type: 'Pass', Result: 'yes', End: true }, No: { Type: 'Pass', Result: 'no', End: true } },
  });
  const cases: Array<[Record<string, unknown>, unknown, 'yes' | 'no']> = [
    [{ Variable: '$.s', StringEquals: 'a' }, { s: 'a' }, 'yes'],
    [{ Variable: '$.s', StringEqualsPath: '$.t' }, { s: 'a', t: 'a' }, 'yes'],
    [{ Variable: '$.s', StringLessThan: 'b' }, { s: 'a' }, 'yes'],
    [{ Variable: '$.s', StringGreaterThanEquals: 'b' }, { s: 'a' }, 'no'],
    [{ Variable: '$.s', StringMatches: 'log-*.txt' }, { s: 'log-2024.txt' }, 'yes'],
    [{ Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'a*b' }, 'yes'],
    [{ Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'axxb' }, 'no'],
    [{ Variable: '$.n', NumericEquals: 3 }, { n: 3 }, 'yes'],
    [{ Variable: '$.n', NumericGreaterThanPath: '$.m' }, { n: 3, m: 2 }, 'yes'],
    [{ Variable: '$.n', NumericLessThanEquals: 3 }, { n: '3' }, 'no'],
    [{ Variable: '$.b', BooleanEquals: true }, { b: true }, 'yes'],
    [{ Variable: '$.t', TimestampGreaterThan: '2020-01-01T00:00:00Z' }, { t: '2021-01-01T00:00:00+01:00' }, 'yes'],
    [{ Variable: '$.t', TimestampEqualsPath: '$.u' }, { t: '2021-01-01T00:00:00Z', u: '2021-01-01T01:00:00+01:00' }, 'yes'],
    [{ Variable: '$.x', IsNull: true }, { x: null }, 'yes'],
    [{ Variable: '$.x', IsNull: false }, { x: 1 }, 'yes'],
    [{ Variable: '$.x', IsPresent: false }, {}, 'yes'],
    [{ Variable: '$.x', IsPresent: true }, { x: null }, 'yes'],
    [{ Variable: '$.x', IsNumeric: true }, { x: 1.5 }, 'yes'],
    [{ Variable: '$.x', IsString: false }, { x: 1 }, 'yes'],
    [{ Variable: '$.x', IsBoolean: true }, { x: false }, 'yes'],
    [{ Variable: '$.x', IsTimestamp: true }, { x: '2016-03-14T01:59:00Z' }, 'yes'],
    [{ Variable: '$.x', IsTimestamp: false }, { x: '2016-03-14 01:59:00' }, 'yes'],
    [{ Variable: '$.missing', StringEquals: 'a' }, {}, 'no'],
    [{ And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Not: { Variable: '$.s', StringEquals: 'x' } }] }, { n: 2, s: 'y' }, 'yes'],
    [{ Or: [{ Variable: '$.n', NumericGreaterThan: 5 }, { Variable: '$.s', StringEquals: 'x' }] }, { n: 2, s: 'y' }, 'no'],
  ];
  for (const [rule, input, expected] of cases) {
    it(`${JSON.stringify(rule)} on ${JSON.stringify(input)} -> ${expected}`, async () => {
      const result = await runToEnd(h, route(rule), input);
      expect(output(result)).toBe(expected);
    });
  }

  it('no match and no Default is States.NoChoiceMatched', async () => {
    const result = await runToEnd(h, { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'E' }] }, E: { Type: 'Succeed' } } }, {});
    expect(result.error).toBe('States.NoChoiceMatched');
  });
});

describe('Wait, Map, Parallel, Fail in JSONPath', () => {
  it('Wait SecondsPath and TimestampPath', async () => {
    const a = await runToEnd(h, one({ Type: 'Wait', SecondsPath: '$.s', OutputPath: '$.s' }), { s: 2 });
    expect(output(a)).toBe(2);
    const b = await runToEnd(h, one({ Type: 'Wait', TimestampPath: '$.t' }), { t: '2016-03-14T01:59:00Z' });
    expect(b.status).toBe('SUCCEEDED');
  });

  it('Map: ItemsPath, ItemSelector with $$.Map.Item, legacy Parameters, MaxConcurrencyPath, ResultPath', async () => {
    const processor = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const a = await runToEnd(
      h,
      one({ Type: 'Map', ItemsPath: '$.items', MaxConcurrencyPath: '$.max', ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value', 'tag.$': '$.tag' }, ItemProcessor: processor, ResultPath: '$.out' }),
      { items: ['a', 'b'], max: 1, tag: 't' },
    );
    expect(output(a)).toEqual({ items: ['a', 'b'], max: 1, tag: 't', out: [{ i: 0, v: 'a', tag: 't' }, { i: 1, v: 'b', tag: 't' }] });
    const b = await runToEnd(h, one({ Type: 'Map', Parameters: { 'v.$': '$$.Map.Item.Value' }, Iterator: processor }), [1, 2]);
    expect(output(b)).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('Map over something that is not an array fails with States.Runtime', async () => {
    const result = await runToEnd(h, one({ Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }), { items: 1 });
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toContain('Reference path "$.items" must point to array.');
  });

  it('Parallel: Parameters, ResultSelector, OutputPath', async () => {
    const branch = (v: number) => ({ StartAt: `B${v}`, States: { [`B${v}`]: { Type: 'Pass', Result: v, End: true } } });
    const result = await runToEnd(h, one({ Type: 'Parallel', Branches: [branch(1), branch(2)], ResultSelector: { 'first.$': '$[0]', 'all.$': '$' }, ResultPath: '$.r', OutputPath: '$.r' }), {});
    expect(output(result)).toEqual({ first: 1, all: [1, 2] });
  });

  it('Fail ErrorPath/CausePath with paths and intrinsics', async () => {
    const definition = { StartAt: 'S', States: { S: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('because {}', $.c)" } } };
    const result = await runToEnd(h, definition, { e: 'Custom', c: 'reasons' });
    expect(result.error).toBe('Custom');
    expect(result.cause).toBe('because reasons');
  });
});

describe('variables in JSONPath states', () => {
  it('Assign with .$ values; $var paths in later states; $ in Assign is the raw result', async () => {
    const result = await runToEnd(
      h,
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Result: { n: 3, deep: { k: 'v' } }, Assign: { 'count.$': '$.n', 'deep.$': '$.deep', fixed: 'f' }, Next: 'B' },
          B: { Type: 'Pass', Parameters: { 'c.$': '$count', 'k.$': '$deep.k', 'f.$': "States.Format('{}-{}', $fixed, $count)" }, End: true },
        },
      },
      {},
    );
    expect(output(result)).toEqual({ c: 3, k: 'v', f: 'f-3' });
    const exited = (await history(h, result.executionArn)).find((e) => e.type === 'PassStateExited');
    expect(exited?.stateExitedEventDetails?.assignedVariables).toEqual({ count: '3', deep: '{"k":"v"}', fixed: '"f"' });
  });
});

describe('what AWS recorded (LocalStack AWS-validated snapshots)', () => {
  it('States.MathAdd rounds each operand half up; States.StringToJson of an empty string is null (test_math_add, test_string_to_json)', async () => {
    const result = await runToEnd(
      h,
      one({ Type: 'Pass', Parameters: { 'a.$': 'States.MathAdd($.x, $.y)', 'b.$': 'States.MathAdd(-1.5, 0)', 'c.$': "States.StringToJson('')" } }),
      { x: 1.49, y: 1.5 },
    );
    expect(output(result)).toEqual({ a: 3, b: -1, c: null });
  });

  it('InputPath, OutputPath and SecondsPath may read $$ and variables (test_input_path, test_reference_assign)', async () => {
    const result = await runToEnd(
      h,
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Result: { answer: 42 }, Assign: { 'theAnswer.$': '$.answer', wait: 0 }, Next: 'B' },
          B: { Type: 'Wait', SecondsPath: '$wait', Next: 'C' },
          C: { Type: 'Pass', InputPath: '$$.Execution.Input', ResultPath: '$.fromContext', Next: 'D' },
          D: { Type: 'Pass', OutputPath: '$theAnswer', End: true },
        },
      },
      { in: 1 },
    );
    expect(output(result)).toBe(42);
  });

  it('MapStateFailed is recorded once, after the retries (test_map_state_retry)', async () => {
    const result = await runToEnd(
      h,
      one({
        Type: 'Map',
        ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Boom' } } },
        Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1, MaxAttempts: 2 }],
      }),
      [1],
    );
    expect(result.error).toBe('Boom');
    expect((await history(h, result.executionArn)).filter((e) => e.type === 'MapStateFailed')).toHaveLength(1);
  });

  it('a Parallel branch whose Task failed ends with TaskStateAborted (test_parallel_catch_error)', async () => {
    const caught = await runToEnd(h, {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'boom' }, End: true } } }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Z' }],
          End: true,
        },
        Z: { Type: 'Pass', End: true },
      },
    });
    const t = (await history(h, caught.executionArn)).map((e) => e.type);
    expect(t.slice(t.indexOf('TaskFailed'))).toEqual(['TaskFailed', 'TaskStateAborted', 'ParallelStateFailed', 'ParallelStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });
});
