import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { FunctionError, history, type Harness, type TestInvoker } from '#test/local/stepfunctions/harness.ts';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  SFNClient,
  StartSyncExecutionCommand,
  ValidateStateMachineDefinitionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { ConformanceCase, ExpectedEvent, Json } from './case-types.ts';
import { mismatch, show } from './compare.ts';
import { pythonJsonDumps } from './python-json.ts';

export const CASES_DIR = join(import.meta.dirname, 'cases');

/** Every case of the corpus (cases/<group>/<source>.json), in a stable order. */
export function loadCorpus(dir = CASES_DIR): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const group of readdirSync(dir).sort()) {
    for (const file of readdirSync(join(dir, group)).sort()) {
      if (file.endsWith('.json')) cases.push(...(JSON.parse(readFileSync(join(dir, group, file), 'utf8')) as ConformanceCase[]));
    }
  }
  return cases;
}

/**
 * Where cases run: the in-process harness, which can also register the cases' declarative Lambda
 * functions, or any Step Functions endpoint (`npm start`), which runs the cases without them.
 */
export interface CaseTarget {
  client: SFNClient;
  endpointUrl: string;
  invoker?: TestInvoker;
}

export const harnessTarget = (h: Harness): CaseTarget => ({ client: h.client, endpointUrl: h.endpoint.url, invoker: h.invoker });

export interface CaseResult {
  case: ConformanceCase;
  passed: boolean;
  /** One line: what differed, expected vs got. */
  reason?: string;
  /** The reason with values elided, to count the most common ones. */
  kind?: string;
}

/** How long (virtual time runs faster) a case may take before it counts as hanging. */
const CASE_TIMEOUT_MS = 20_000;

/**
 * Runs one case through the SDK against the harness's Step Functions endpoint: registers its
 * declarative Lambda functions, creates the machine, starts the execution with the recorded
 * input, waits for the end, and compares status, output or error and cause, and history. An
 * `express-sync` case runs an EXPRESS machine with StartSyncExecution and compares its answer; a
 * `validate` case compares what ValidateStateMachineDefinition says.
 */
export async function runCase(h: CaseTarget, c: ConformanceCase): Promise<CaseResult> {
  const tag = createHash('sha1').update(c.id).digest('hex').slice(0, 10);
  let text = JSON.stringify(c.definition);
  let inputText = c.inputText ?? JSON.stringify(c.input);
  const invoker = h.invoker;
  if (c.lambdas && !invoker) return fail(c, 'needs the harness', 'declarative Lambda functions can only be registered with the in-process harness');
  for (const [name, behaviour] of Object.entries(c.lambdas ?? {})) {
    if (!invoker) break;
    const fnName = `conf-${tag}-${name}`;
    invoker.register(
      fnName,
      (payload) => {
        if (behaviour.kind === 'raise') throw new FunctionError(behaviour.errorType, behaviour.errorMessage);
        return payload;
      },
      pythonJsonDumps,
    );
    text = text.split(`\${LambdaArn:${name}}`).join(invoker.functionArn(fnName)).split(`\${LambdaName:${name}}`).join(fnName);
    inputText = inputText.split(`\${LambdaName:${name}}`).join(fnName);
  }
  if (c.mode === 'validate') return validateCase(h, c, c.definitionText ?? text);
  let machineArn: string;
  try {
    const created = await h.client.send(
      new CreateStateMachineCommand({ name: `conf-${tag}`, definition: text, roleArn: ROLE, ...(c.mode === 'express-sync' && { type: 'EXPRESS' as const }) }),
    );
    machineArn = created.stateMachineArn as string;
  } catch (error) {
    return fail(c, 'CreateStateMachine refused', errorText(error));
  }
  if (c.mode === 'express-sync') {
    // The SDK would send StartSyncExecution to the `sync-` host, which does not resolve locally.
    const sync = new SFNClient({ endpoint: h.endpointUrl, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, disableHostPrefix: true });
    try {
      const out = await sync.send(new StartSyncExecutionCommand({ stateMachineArn: machineArn, input: inputText }));
      return compareEnd(c, out) ?? { case: c, passed: true };
    } catch (error) {
      return fail(c, 'StartSyncExecution refused', errorText(error));
    } finally {
      sync.destroy();
    }
  }
  let executionArn: string;
  try {
    executionArn = (await h.client.send(new StartExecutionCommand({ stateMachineArn: machineArn, input: inputText }))).executionArn as string;
  } catch (error) {
    return fail(c, 'StartExecution refused', errorText(error));
  }
  let end;
  try {
    end = await endOf(h, executionArn);
  } catch {
    return fail(c, 'hangs', `still RUNNING after ${CASE_TIMEOUT_MS / 1000} s (expected ${c.expected.status})`);
  }
  const ended = compareEnd(c, end);
  if (ended) return ended;
  const ignore = ignoredFields(c);
  if (c.expected.history) {
    let events = (await history(h, executionArn)).map(normaliseEvent);
    if (c.expected.historyTransform === 'localstack-none-recursive-parallel') events = noneRecursiveParallel(events);
    const ph = c.expected.placeholders ?? [];
    const m = c.expected.historyOrder === 'multiset' ? bagMismatch(c.expected.history, events, ignore, ph) : sequenceMismatch(c.expected.history, events, ignore, ph);
    if (m) return fail(c, m.kind, m.reason);
  }
  return { case: c, passed: true };
}

/**
 * DescribeExecution until the execution leaves RUNNING, polling sooner at first and then every
 * 100 ms: with a dozen cases in flight, the harness's 10 ms polling would cost the engine (in
 * this same process) more CPU than the executions themselves.
 */
async function endOf(h: CaseTarget, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + CASE_TIMEOUT_MS;
  for (let delay = 5; ; delay = Math.min(100, delay * 2)) {
    const out = await h.client.send(new DescribeExecutionCommand({ executionArn }));
    if (out.status !== 'RUNNING') return out;
    if (Date.now() > deadline) throw new Error(`${executionArn} still RUNNING after ${CASE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

const ROLE = 'arn:aws:iam::000000000000:role/local';
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Fields AWS has added since some cases were recorded. With redrive (launched 2023-11-15) AWS
 * put `RedriveCount` in the context object's `Execution`; a case validated against AWS before
 * that date lacks it, and later recordings of the same shapes have it (parameters-and-context,
 * intrinsics and jsonata cases). Only a case recorded before the change is compared without it.
 */
const ADDED_BY_AWS = [{ field: 'RedriveCount', since: '2023-11-15' }];

export function ignoredFields(c: ConformanceCase): Set<string> {
  const ignore = new Set(c.expected.ignoreFields ?? []);
  const recorded = c.source.validatedDate;
  for (const { field, since } of ADDED_BY_AWS) if (recorded !== undefined && recorded < since) ignore.add(field);
  return ignore;
}

/** Status, then output or error and cause, of an ended execution (DescribeExecution or a sync start). */
function compareEnd(c: ConformanceCase, end: { status?: string; output?: string; error?: string; cause?: string }): CaseResult | null {
  const ignore = ignoredFields(c);
  if (end.status !== c.expected.status) {
    const got = end.status === 'FAILED' ? `FAILED ${end.error}: ${show(end.cause)}` : `${end.status} ${show(end.output)}`;
    const want = c.expected.status === 'FAILED' ? `FAILED ${c.expected.error}: ${show(c.expected.cause)}` : `${c.expected.status} ${show(c.expected.output)}`;
    return fail(c, `status ${c.expected.status} → ${end.status}${end.status === 'FAILED' ? ` ${end.error}` : ''}`, `expected ${want}; got ${got}`);
  }
  if (c.expected.status === 'SUCCEEDED' && !ignore.has('output')) {
    const m = mismatch(c.expected.output, parse(end.output), '$output', ignore, c.expected.placeholders);
    if (m) return fail(c, 'output differs', m);
  }
  if (c.expected.error !== undefined && !ignore.has('error') && c.expected.error !== end.error) {
    return fail(c, 'error differs', `expected ${c.expected.error}, got ${end.error}`);
  }
  if (c.expected.cause !== undefined && !ignore.has('cause')) {
    const m = mismatch(c.expected.cause, end.cause ?? '', '$cause', ignore, c.expected.placeholders);
    if (m) return fail(c, `cause differs (${c.expected.error})`, m);
  }
  return null;
}

/** ValidateStateMachineDefinition: the result, then each diagnostic's code, severity and location. */
async function validateCase(h: CaseTarget, c: ConformanceCase, definition: string): Promise<CaseResult> {
  const want = c.expected.validation;
  if (!want) return fail(c, 'runner error', 'validate case without an expected validation');
  let out;
  try {
    out = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition, type: c.machineType ?? 'STANDARD' }));
  } catch (error) {
    return fail(c, 'ValidateStateMachineDefinition refused', errorText(error));
  }
  const got = {
    result: out.result,
    diagnostics: (out.diagnostics ?? []).map((d) => ({ code: d.code, severity: d.severity, ...(d.location !== undefined && { location: d.location }) })),
  };
  const m = mismatch(want, got, '$validation', new Set());
  return m ? fail(c, want.result === got.result ? 'validation diagnostics differ' : `validation ${want.result} → ${got.result}`, m) : { case: c, passed: true };
}

function fail(c: ConformanceCase, kind: string, reason: string): CaseResult {
  return { case: c, passed: false, kind, reason: `${kind}: ${reason}` };
}

function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`.slice(0, 300);
}

function parse(text: string | undefined): Json | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function normaliseEvent(event: HistoryEvent): ExpectedEvent {
  const record = event as unknown as Record<string, unknown>;
  const key = Object.keys(record).find((k) => k.endsWith('EventDetails') && record[k] !== undefined);
  return {
    type: event.type ?? '',
    id: event.id ?? 0,
    previousEventId: event.previousEventId ?? 0,
    ...(key && { details: record[key] as Record<string, Json> }),
  };
}

function eventMismatch(expected: ExpectedEvent, actual: ExpectedEvent, where: string, ignore: ReadonlySet<string>, ph: readonly string[]): string | null {
  if (expected.type !== actual.type) return `${where}: expected ${expected.type}, got ${actual.type}`;
  if (expected.id !== undefined && expected.id !== actual.id) return `${where} ${expected.type}: id expected ${expected.id}, got ${actual.id}`;
  if (expected.previousEventId !== undefined && expected.previousEventId !== actual.previousEventId && !ignore.has('previousEventId')) {
    return `${where} ${expected.type}: previousEventId expected ${expected.previousEventId}, got ${actual.previousEventId}`;
  }
  return mismatch(expected.details ?? null, actual.details ?? null, `${where} ${expected.type}`, ignore, ph);
}

function sequenceMismatch(expected: ExpectedEvent[], actual: ExpectedEvent[], ignore: ReadonlySet<string>, ph: readonly string[]): { kind: string; reason: string } | null {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const e = expected[i];
    const a = actual[i];
    if (!e) return { kind: 'history has extra events', reason: `event #${i + 1} ${a?.type} not in the recorded history (${expected.length} events expected, got ${actual.length})` };
    if (!a) return { kind: 'history ends early', reason: `event #${i + 1} ${e.type} missing (${expected.length} events expected, got ${actual.length})` };
    const m = eventMismatch(e, a, `history #${i + 1}`, ignore, ph);
    if (m) return { kind: e.type === a.type ? `history ${e.type} details differ` : `history event type differs`, reason: m };
  }
  return null;
}

/** Parallel branches and Map iterations interleave: compare the events as a bag. */
function bagMismatch(expected: ExpectedEvent[], actual: ExpectedEvent[], ignore: ReadonlySet<string>, ph: readonly string[]): { kind: string; reason: string } | null {
  const left = [...actual];
  for (const e of expected) {
    const i = left.findIndex((a) => eventMismatch({ type: e.type, ...(e.details && { details: e.details }) }, a, '', ignore, ph) === null);
    if (i < 0) {
      const sameType = left.find((a) => a.type === e.type);
      const why = sameType ? eventMismatch({ type: e.type, ...(e.details && { details: e.details }) }, sameType, 'history', ignore, ph) : `no ${e.type} event`;
      return { kind: sameType ? `history ${e.type} details differ` : `history lacks ${e.type}`, reason: `${why} (${expected.length} events expected, got ${actual.length})` };
    }
    left.splice(i, 1);
  }
  if (left.length > 0) return { kind: 'history has extra events', reason: `unexpected ${left.map((a) => a.type).slice(0, 5).join(', ')} (${expected.length} events expected, got ${actual.length})` };
  return null;
}

/**
 * LocalStack's `SfnNoneRecursiveParallelTransformer._normalise_events`, ported as written: the
 * recorded histories went through it, so the actual one must too. Between `ParallelStateStarted`
 * and the next Parallel end event it sorts the branch events; at `ParallelStateExited` it
 * splices the sorted branch events over the range that now also holds `ParallelStateSucceeded`,
 * which is how that event disappears from the recordings. The order is irrelevant here (these
 * cases compare as a bag), the dropped events are not.
 */
export function noneRecursiveParallel(input: ExpectedEvent[]): ExpectedEvent[] {
  const events = [...input];
  const ends = new Set(['ParallelStateSucceeded', 'ParallelStateAborted', 'ParallelStateExited', 'ParallelStateFailed']);
  let start: number | null = null;
  let sublist: ExpectedEvent[] = [];
  let inSublist = false;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ExpectedEvent;
    if (ends.has(event.type)) {
      const sorted = [...sublist].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      // Python's `events[None:i] = …` replaces from the start. Python's `enumerate` goes on at
      // index i + 1 of the changed list, skipping what moved down: the loop here does the same.
      const from = start ?? 0;
      events.splice(from, Math.max(0, i - from), ...sorted);
      inSublist = false;
    } else if (event.type === 'ParallelStateStarted') {
      inSublist = true;
      sublist = [];
      start = i + 1;
    } else if (inSublist) {
      sublist.push(event);
    }
  }
  return events;
}
