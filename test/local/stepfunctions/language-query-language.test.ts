import { ValidateStateMachineDefinitionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONATA, history, runToEnd, startHarness, types, type Harness } from './harness.ts';

/**
 * QueryLanguage per state and the JSONata behaviours AWS recorded in LocalStack's AWS-validated
 * snapshots (test_base_scenarios, test_assign_reference_variables, test_wait snapshots):
 * exact causes, EvaluationFailed's previousEventId, no assignedVariables for an empty Assign.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: 1000 });
});
afterAll(() => h.close());

const output = (result: { output?: string }) => JSON.parse(result.output ?? 'null') as unknown;

describe('QueryLanguage per state', () => {
  it('a JSONPath machine with a JSONata state, both ways of reading the input, variables shared', async () => {
    const result = await runToEnd(
      h,
      {
        StartAt: 'Path',
        States: {
          Path: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, Assign: { 'seen.$': '$.n' }, Next: 'Ata' },
          Ata: { Type: 'Pass', QueryLanguage: 'JSONata', Output: { doubled: '{% $states.input.n * 2 %}', seen: '{% $seen %}' }, Assign: { later: 'x' }, Next: 'Back' },
          Back: { Type: 'Pass', Parameters: { 'd.$': '$.doubled', 'l.$': '$later' }, End: true },
        },
      },
      { n: 4 },
    );
    expect(output(result)).toEqual({ d: 8, l: 'x' });
  });

  it('a JSONata machine refuses a JSONPath state (ValidateStateMachineDefinition)', async () => {
    const definition = { ...JSONATA, StartAt: 'A', States: { A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } } };
    const out = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(definition) }));
    expect(out.result).toBe('FAIL');
    expect(out.diagnostics?.[0]?.message).toContain("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
  });

  it('JSONata Output may be a literal of any JSON type', async () => {
    for (const literal of [[1, '{% 1 + 1 %}'], 5, 'plain', null, true]) {
      const result = await runToEnd(h, { ...JSONATA, StartAt: 'A', States: { A: { Type: 'Pass', Output: literal, End: true } } });
      expect(result.status).toBe('SUCCEEDED');
      expect(output(result)).toEqual(Array.isArray(literal) ? [1, 2] : literal);
    }
  });
});

describe("JSONata failures as AWS records them", () => {
  const mapOver = (items: string | undefined) => ({
    ...JSONATA,
    StartAt: 'Start',
    States: {
      Start: { Type: 'Pass', Assign: { ItemsVar: '{% $states.input.v %}' }, Next: 'MapIterateState' },
      MapIterateState: { Type: 'Map', ...(items === undefined ? {} : { Items: items }), ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
    },
  });

  it('Items that is not an array: cause, and EvaluationFailed chained to the entered event\'s predecessor', async () => {
    const result = await runToEnd(h, mapOver('{% $ItemsVar %}'), { v: 1 });
    expect(result.error).toBe('States.QueryEvaluationError');
    expect(result.cause).toBe(
      "An error occurred while executing the state 'MapIterateState' (entered at the event id #4). The JSONata expression '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
    );
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'MapStateEntered', 'EvaluationFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(events.map((e) => e.previousEventId)).toEqual([0, 0, 2, 3, 3, 5, 6]);
    expect(events[4]?.evaluationFailedEventDetails).toMatchObject({ location: 'Items', state: 'MapIterateState' });
  });

  it('a Map without Items over an input that is not an array', async () => {
    const definition = { ...JSONATA, StartAt: 'MapIterateState', States: { MapIterateState: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    const result = await runToEnd(h, definition, { foo: 'bar' });
    expect(result.cause).toBe(`An error occurred while executing the state 'MapIterateState' (entered at the event id #2). Map state input must be an array but was: {"foo":"bar"}`);
    const failed = (await history(h, result.executionArn)).find((e) => e.type === 'EvaluationFailed');
    expect(failed?.evaluationFailedEventDetails?.location).toBeUndefined();
  });

  it('an expression returning a function', async () => {
    const definition = {
      ...JSONATA,
      StartAt: 'MapIterateState',
      States: { MapIterateState: { Type: 'Map', Items: '{% $fn := function($x){$x} %}', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
    };
    const result = await runToEnd(h, definition, {});
    expect(result.cause).toBe(
      "An error occurred while executing the state 'MapIterateState' (entered at the event id #2). The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.",
    );
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'EvaluationFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(events.map((e) => e.previousEventId)).toEqual([0, 0, 0, 3, 4]);
  });

  it('Output returning nothing: EvaluationFailed points at the entered event\'s predecessor (0 for the first state)', async () => {
    const result = await runToEnd(h, { ...JSONATA, StartAt: 'State0', States: { State0: { Type: 'Pass', Output: '{% $doesNotExist %}', End: true } } });
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expect(events.map((e) => e.previousEventId)).toEqual([0, 0, 0, 3]);
  });

  for (const timestamp of ['2016-12-05 21:29:29Z', '2016-12-05T21:29:29', '2016-13-05T21:29:29Z', '2016-12-05T25:29:29Z', '05-12-2016T21:29:29Z']) {
    it(`Wait Timestamp '${timestamp}' is not an ISO-8601 extended offset date-time`, async () => {
      const definition = { ...JSONATA, StartAt: 'WaitState', States: { WaitState: { Type: 'Wait', Timestamp: '{% $states.input.TimestampValue %}', End: true } } };
      const result = await runToEnd(h, definition, { TimestampValue: timestamp });
      expect(result.error).toBe('States.QueryEvaluationError');
      expect(result.cause).toBe(
        `An error occurred while executing the state 'WaitState' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${timestamp}`,
      );
      const events = await history(h, result.executionArn);
      expect(events.map((e) => e.previousEventId)).toEqual([0, 0, 2, 3]);
      expect(events[2]?.evaluationFailedEventDetails).toMatchObject({ location: 'Timestamp', state: 'WaitState' });
    });
  }

  it('an empty Assign writes no assignedVariables', async () => {
    const result = await runToEnd(h, { ...JSONATA, StartAt: 'A', States: { A: { Type: 'Pass', Assign: {}, End: true } } });
    const exited = (await history(h, result.executionArn)).find((e) => e.type === 'PassStateExited');
    expect(exited?.stateExitedEventDetails).not.toHaveProperty('assignedVariables');
    const jsonPath = await runToEnd(h, { StartAt: 'A', States: { A: { Type: 'Pass', Assign: {}, End: true } } });
    const pathExited = (await history(h, jsonPath.executionArn)).find((e) => e.type === 'PassStateExited');
    expect(pathExited?.stateExitedEventDetails).not.toHaveProperty('assignedVariables');
  });
});

describe('ValidateStateMachineDefinition for JSONPath definitions', () => {
  const validate = async (definition: object) =>
    h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(definition) }));

  it('accepts a definition that uses the JSONPath fields', async () => {
    const out = await validate({
      Comment: 'tutorial style',
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          InputPath: '$.in',
          Parameters: { 'Payload.$': '$', FunctionName: 'f', 'list.$': 'States.Array($.a, $$.Execution.Id)' },
          ResultSelector: { 'p.$': '$.Payload' },
          ResultPath: '$.out',
          OutputPath: '$',
          TimeoutSecondsPath: '$.timeout',
          Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'F' }],
          Next: 'C',
        },
        C: { Type: 'Choice', Choices: [{ And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Variable: '$.s', IsPresent: true }], Next: 'W' }], Default: 'F' },
        W: { Type: 'Wait', SecondsPath: '$.s', Next: 'M' },
        M: { Type: 'Map', ItemsPath: '$.items', ItemSelector: { 'v.$': '$$.Map.Item.Value' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
        F: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
      },
    });
    expect(out).toMatchObject({ result: 'OK', diagnostics: [] });
  });

  it('refuses a bad .$ value, a ResultPath that is not a reference path, a rule without an operator, JSONata-only fields', async () => {
    const bad = [
      [{ StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'x.$': 'nope' }, End: true } } }, '/States/A/Parameters/x.$'],
      [{ StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'x.$': "States.Format('{}', $.a" }, End: true } } }, '/States/A/Parameters/x.$'],
      [{ StartAt: 'A', States: { A: { Type: 'Pass', ResultPath: '$.a[*]', End: true } } }, '/States/A/ResultPath'],
      [{ StartAt: 'A', States: { A: { Type: 'Choice', Choices: [{ Variable: '$.a', Next: 'B' }] }, B: { Type: 'Succeed' } } }, '/States/A/Choices[0]'],
      [{ StartAt: 'A', States: { A: { Type: 'Pass', Output: {}, End: true } } }, '/States/A'],
    ] as const;
    for (const [definition, location] of bad) {
      const out = await validate(definition);
      expect(out.result).toBe('FAIL');
      expect(out.diagnostics?.[0]).toMatchObject({ code: 'SCHEMA_VALIDATION_FAILED', location });
    }
  });
});
