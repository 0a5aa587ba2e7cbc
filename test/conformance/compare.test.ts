import { describe, expect, it } from 'vitest';
import type { ExpectedEvent } from './case-types.ts';
import { mismatch } from './compare.ts';
import type { ConformanceCase } from './case-types.ts';
import { ignoredFields, noneRecursiveParallel } from './run-case.ts';

/** The yardstick's own rules: what counts as the same answer as the recording. */
describe('comparing with a recording', () => {
  const none = new Set<string>();

  it('lets LocalStack placeholders stand for what changes from run to run', () => {
    const recorded = 'arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>';
    expect(mismatch(recorded, 'arn:aws:states:us-east-1:000000000000:execution:sm-1:run-1', '$', none)).toBeNull();
    expect(mismatch(recorded, 'arn:aws:states:us-east-1:000000000000:stateMachine:sm-1', '$', none)).toMatch(/expected/);
    expect(mismatch({ StartTime: 'start-time' }, { StartTime: '2026-12-07T12:00:00.000Z' }, '$', none)).toBeNull();
  });

  it("lets a header LocalStack's stepfunctions_api transformers replace by its name stand for any value, and only that header", () => {
    const recorded = { AllHttpHeaders: { 'x-amzn-RequestId': 'x-amzn-RequestId', 'Content-Type': ['application/json'] } };
    expect(mismatch(recorded, { AllHttpHeaders: { 'x-amzn-RequestId': ['65cfc19f-d50e-4e06'], 'Content-Type': ['application/json'] } }, '$', none)).toBeNull();
    expect(mismatch(recorded, { AllHttpHeaders: { 'Content-Type': ['application/json'] } }, '$', none)).toMatch(/x-amzn-RequestId: missing/);
    expect(mismatch({ h: { 'Content-Type': 'Content-Type' } }, { h: { 'Content-Type': ['text/plain'] } }, '$', none)).toMatch(/Content-Type/);
  });

  it('lets "date" stand for any Date under SdkHttpMetadata, list or string, and nowhere else; "RequestId" likewise under SdkResponseMetadata', () => {
    const recorded = { SdkHttpMetadata: { AllHttpHeaders: { Date: 'date' }, HttpHeaders: { Date: 'date' } } };
    const returned = { SdkHttpMetadata: { AllHttpHeaders: { Date: ['Mon, 07 Dec 2026 14:41:25 GMT'] }, HttpHeaders: { Date: 'Mon, 07 Dec 2026 14:41:25 GMT' } } };
    expect(mismatch(recorded, returned, '$output', none)).toBeNull();
    expect(mismatch({ Date: 'date' }, { Date: ['Mon, 07 Dec 2026 14:41:25 GMT'] }, '$output', none)).toMatch(/Date/);
    expect(mismatch({ SdkResponseMetadata: { RequestId: 'RequestId' } }, { SdkResponseMetadata: { RequestId: '7a440dab' } }, '$output', none)).toBeNull();
    expect(mismatch({ RequestId: 'RequestId' }, { RequestId: '7a440dab' }, '$output', none)).toMatch(/RequestId/);
  });

  it('compares JSON carried in strings structurally, and a Lambda error without its stack and request id', () => {
    const recorded = { errorMessage: 'Some exception was raised.', errorType: 'Exception', requestId: '<uuid:1>', stackTrace: ['  File "/var/task/handler.py"'] };
    expect(mismatch(recorded, JSON.stringify({ errorType: 'Exception', errorMessage: 'Some exception was raised.' }), '$cause', none)).toBeNull();
    expect(mismatch(recorded, JSON.stringify({ errorType: 'Exception', errorMessage: 'other' }), '$cause', none)).toMatch(/errorMessage/);
  });

  it("treats the test's own transformer replacements as placeholders, inside strings too", () => {
    const recorded = 'arn:<partition>:lambda:<region>:111111111111:function:lambda_function_1_name';
    const actual = 'arn:aws:lambda:us-east-1:000000000000:function:conf-1-fn1';
    expect(mismatch(recorded, actual, '$', none)).toMatch(/expected/);
    expect(mismatch(recorded, actual, '$', none, ['lambda_function_1_name'])).toBeNull();
    expect(mismatch({ mapRunArn: 'map_run_arn' }, { mapRunArn: 'arn:aws:states:us-east-1:000000000000:mapRun:m/Map:1' }, '$', none, ['map_run_arn'])).toBeNull();
  });

  it('compares a JSON string held in a string by what it holds', () => {
    expect(mismatch('"date"', '"2024-11-06T09:42:03Z"', '$', none)).toBeNull();
    expect(mismatch('"abc"', '"abd"', '$', none)).toMatch(/expected "abc", got "abd"/);
  });

  it('reports extra and missing fields unless the source does not verify them', () => {
    expect(mismatch({ a: 1 }, { a: 1, RedriveCount: 0 }, '$', none)).toMatch(/RedriveCount: unexpected/);
    expect(mismatch({ a: 1 }, { a: 1, RedriveCount: 0 }, '$', new Set(['RedriveCount']))).toBeNull();
    expect(mismatch({ a: 1, b: 2 }, { a: 1 }, '$', none)).toMatch(/b: missing/);
    expect(mismatch(0, '0', '$', none)).toMatch(/expected 0, got "0"/);
  });

  it('leaves out RedriveCount only for a case AWS recorded before redrive added it to the context object', () => {
    const recordedOn = (validatedDate: string) => ({ source: { validatedDate }, expected: {} }) as unknown as ConformanceCase;
    expect(ignoredFields(recordedOn('2023-10-24T15:18:16+00:00')).has('RedriveCount')).toBe(true);
    expect(ignoredFields(recordedOn('2024-02-01T10:00:00+00:00')).has('RedriveCount')).toBe(false);
  });
});

describe("LocalStack's SfnNoneRecursiveParallelTransformer, as ported", () => {
  const event = (type: string, name?: string): ExpectedEvent => ({ type, ...(name && { details: { name } }) });

  it('drops ParallelStateSucceeded before ParallelStateExited, as the recordings show', () => {
    const actual = [
      event('ExecutionStarted'),
      event('ParallelStateEntered'),
      event('ParallelStateStarted'),
      event('PassStateEntered', 'B1'),
      event('PassStateEntered', 'B0'),
      event('PassStateExited', 'B1'),
      event('PassStateExited', 'B0'),
      event('ParallelStateSucceeded'),
      event('ParallelStateExited'),
      event('ExecutionSucceeded'),
    ];
    const types = noneRecursiveParallel(actual).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'PassStateEntered',
      'PassStateEntered',
      'PassStateExited',
      'PassStateExited',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
  });
});
