import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { history, JSONATA, runToEnd, startHarness, types, type Harness } from './harness.ts';

/**
 * Map in DISTRIBUTED mode with items from the input, and the Map events' chaining. Event
 * sequences and previousEventIds are the ones AWS recorded in LocalStack's AWS-validated
 * snapshots (test_base_scenarios: test_map_state_tolerated_failure_values,
 * test_map_state_tolerated_failure_percentage_path, test_items_path); tolerated-failure and
 * ItemBatcher semantics follow the developer guide ("Distributed Map state", "ItemBatcher").
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scale: 1000 });
});
afterAll(() => h.close());

const output = (result: { output?: string }) => JSON.parse(result.output ?? 'null') as unknown;

/** Fails the items whose `fail` is true, passes the others through. */
const processor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'C',
  States: {
    C: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'F' }], Default: 'P' },
    F: { Type: 'Fail', Error: 'ItemFailed', Cause: 'bad item' },
    P: { Type: 'Pass', End: true },
  },
};
const distributed = (fields: Record<string, unknown>) => ({ StartAt: 'MapState', States: { MapState: { Type: 'Map', ItemProcessor: processor, ...fields, End: true } } });
const ok = (n: number) => ({ n, fail: false });
const bad = (n: number) => ({ n, fail: true });

describe('Map in DISTRIBUTED mode', () => {
  it('records the Map Run, not the iterations, chained as on AWS', async () => {
    const result = await runToEnd(h, distributed({}), [ok(1), ok(2)]);
    expect(result.status).toBe('SUCCEEDED');
    expect(output(result)).toEqual([ok(1), ok(2)]);
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual([
      'ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.previousEventId)).toEqual([0, 0, 2, 3, 4, 5, 5, 7]);
    expect(events[3]?.mapRunStartedEventDetails?.mapRunArn).toMatch(/^arn:aws:states:[^:]+:\d+:mapRun:[^/]+\/MapState:[0-9a-f-]{36}$/);
  });

  it('ItemBatcher: MaxItemsPerBatch and BatchInput (JSONPath), items selected first', async () => {
    const result = await runToEnd(
      h,
      distributed({ ItemsPath: '$.items', ItemSelector: { 'v.$': '$$.Map.Item.Value', fail: false }, ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'k.$': '$.k' } } }),
      { items: [1, 2, 3], k: 'key' },
    );
    expect(output(result)).toEqual([
      { BatchInput: { k: 'key' }, Items: [{ v: 1, fail: false }, { v: 2, fail: false }] },
      { BatchInput: { k: 'key' }, Items: [{ v: 3, fail: false }] },
    ]);
  });

  it('a failure within ToleratedFailureCount leaves its error output in the results', async () => {
    const result = await runToEnd(h, distributed({ ToleratedFailureCount: 1, MaxConcurrency: 1 }), [ok(1), bad(2), ok(3)]);
    expect(result.status).toBe('SUCCEEDED');
    expect(output(result)).toEqual([ok(1), { Error: 'ItemFailed', Cause: 'bad item' }, ok(3)]);
  });

  it('failures beyond the threshold fail the Map Run and the state with States.ExceedToleratedFailureThreshold (catchable)', async () => {
    const failed = await runToEnd(h, distributed({ ToleratedFailurePercentage: 40 }), [ok(1), bad(2), bad(3)]);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('States.ExceedToleratedFailureThreshold');
    const events = await history(h, failed.executionArn);
    expect(types(events).slice(-3)).toEqual(['MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(events.at(-3)?.mapRunFailedEventDetails?.error).toBe('States.ExceedToleratedFailureThreshold');

    const caught = await runToEnd(
      h,
      {
        StartAt: 'MapState',
        States: {
          MapState: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: processor, Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], ResultPath: '$.error', Next: 'Done' }], End: true },
          Done: { Type: 'Pass', End: true },
        },
      },
      { items: [bad(1)] },
    );
    expect(caught.status).toBe('SUCCEEDED');
    expect(output(caught)).toEqual({
      items: [bad(1)],
      error: { Error: 'States.ExceedToleratedFailureThreshold', Cause: 'The specified tolerated failure threshold was exceeded' },
    });
  });

  it('ToleratedFailurePercentagePath that is out of range fails after MapStateStarted with AWS cause', async () => {
    const result = await runToEnd(h, distributed({ ItemsPath: '$.items', ToleratedFailurePercentagePath: '$.ToleratedFailurePercentage' }), { items: [ok(1)], ToleratedFailurePercentage: 100.1 });
    expect(result.error).toBe('States.Runtime');
    expect(result.cause).toBe("An error occurred while executing the state 'MapState' (entered at the event id #2). ToleratedFailurePercentage must be between 0 and 100.");
    expect(types(await history(h, result.executionArn))).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'ExecutionFailed']);
    const notNumber = await runToEnd(h, distributed({ ItemsPath: '$.items', ToleratedFailureCountPath: '$.ToleratedFailureCount' }), { items: [ok(1)], ToleratedFailureCount: 'NoNumber' });
    expect(notNumber.cause).toBe(
      'An error occurred while executing the state \'MapState\' (entered at the event id #2). The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount',
    );
  });

  it('JSONata: Items, ItemBatcher and ToleratedFailureCount as expressions', async () => {
    const jsonataProcessor = {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'P',
      States: { P: { Type: 'Pass', Output: '{% $count($states.input.Items) %}', End: true } },
    };
    const result = await runToEnd(
      h,
      {
        ...JSONATA,
        StartAt: 'MapState',
        States: {
          MapState: {
            Type: 'Map',
            Items: '{% $states.input.xs %}',
            ItemBatcher: { MaxItemsPerBatch: '{% $states.input.size %}' },
            ToleratedFailureCount: '{% 0 %}',
            ItemProcessor: jsonataProcessor,
            End: true,
          },
        },
      },
      { xs: [1, 2, 3, 4, 5], size: 2 },
    );
    expect(output(result)).toEqual([2, 2, 1]);
  });
});

describe('inline Map and Parallel chaining', () => {
  it('MapStateExited follows the last MapIterationSucceeded, as on AWS (test_items_path)', async () => {
    const result = await runToEnd(h, { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } }, [1]);
    const events = await history(h, result.executionArn);
    expect(types(events)).toEqual([
      'ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'PassStateEntered', 'PassStateExited', 'MapIterationSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.previousEventId)).toEqual([0, 0, 2, 3, 4, 5, 6, 7, 7, 9]);
  });

  it('refuses distributed-only fields on an inline Map', async () => {
    const result = await runToEnd(h, { StartAt: 'M', States: { M: { Type: 'Map', ToleratedFailureCount: 1, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } }).catch(
      (error: unknown) => error,
    );
    expect(String(result)).toContain("Field 'ToleratedFailureCount' is only supported for a Map state in DISTRIBUTED mode");
  });
});
