/**
 * `npm run bench:engine`: executions/s and state transitions/s of the local Step Functions
 * engine (in memory and durable) against aws-local-stepfunctions, on the same workflow:
 * Task (local Lambda) -> Choice -> Pass -> Map over 10 items (a Task per item).
 *
 * Both engines run in this process with in-process Lambda handlers, the same number of
 * executions in flight, and no HTTP in between (the library has none). A transition is a state
 * entered: 14 per execution here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClock } from '../local/clock.ts';
import { lambdaArn } from '../local/arns.ts';
import type { LambdaInvoker } from '../local/lambda/invoker-types.ts';
import { createStepFunctionsService } from '../local/stepfunctions/index.ts';

// aws-local-stepfunctions targets Node 22; this is the one API it needs from it.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
promiseStatics.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 2000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const INPUT = { items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
const TRANSITIONS_PER_EXECUTION = 14;

type Json = Record<string, unknown>;
const score = (payload: unknown) => ({ ...(payload as Json), score: 7 });
const check = (item: unknown) => ({ id: item, ok: true });

const lambdaTask = (fn: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Arguments: { FunctionName: fn, Payload: '{% $states.input %}' },
  Output: '{% $states.result.Payload %}',
});

const JSONATA_DEFINITION = {
  QueryLanguage: 'JSONata',
  StartAt: 'Score',
  States: {
    Score: { ...lambdaTask('score'), Next: 'Route' },
    Route: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.score > 5 %}', Next: 'High' }], Default: 'Low' },
    High: { Type: 'Pass', Output: { level: 'high', items: '{% $states.input.items %}' }, Next: 'Each' },
    Low: { Type: 'Pass', Output: { level: 'low', items: '{% $states.input.items %}' }, Next: 'Each' },
    Each: {
      Type: 'Map',
      Items: '{% $states.input.items %}',
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Check', States: { Check: { ...lambdaTask('check'), End: true } } },
      End: true,
    },
  },
};

const JSONPATH_DEFINITION = {
  StartAt: 'Score',
  States: {
    Score: { Type: 'Task', Resource: lambdaArn('score'), Next: 'Route' },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.score', NumericGreaterThan: 5, Next: 'High' }], Default: 'Low' },
    High: { Type: 'Pass', Parameters: { level: 'high', 'items.$': '$.items' }, Next: 'Each' },
    Low: { Type: 'Pass', Parameters: { level: 'low', 'items.$': '$.items' }, Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Check', States: { Check: { Type: 'Task', Resource: lambdaArn('check'), End: true } } },
      End: true,
    },
  },
};

const invoker: LambdaInvoker = {
  functionArn: lambdaArn,
  async invoke(name, payload) {
    const fn = name.endsWith('score') ? score : check;
    return { ok: true, payload: fn(payload), requestId: randomUUID() };
  },
};

async function runPool(total: number, inFlight: number, one: () => Promise<void>): Promise<number> {
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < total) {
        started += 1;
        await one();
      }
    }),
  );
  return (performance.now() - begin) / 1000;
}

async function benchOurs(dataDir: string): Promise<number> {
  const service = await createStepFunctionsService({ dataDir, clock: createClock(), lambda: invoker, awsEndpointUrl: () => 'http://127.0.0.1:1' });
  await service.resume();
  const { engine } = service;
  const { stateMachineArn } = await service.upsertStateMachine({ name: 'bench', definition: JSON.stringify(JSONATA_DEFINITION), roleArn: 'arn:aws:iam::000000000000:role/bench' });
  const input = JSON.stringify(INPUT);
  const one = async () => {
    const execution = await engine.startExecution({ stateMachineArn, input });
    const done = await engine.awaitExecution(execution.arn);
    if (done.status !== 'SUCCEEDED') throw new Error(`bench execution ${done.status}: ${done.error} ${done.cause}`);
  };
  await runPool(Math.min(200, EXECUTIONS), IN_FLIGHT, one);
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) best = Math.max(best, EXECUTIONS / (await runPool(EXECUTIONS, IN_FLIGHT, one)));
  await service.close();
  return best;
}

async function benchLibrary(): Promise<number> {
  const { StateMachine } = await import('aws-local-stepfunctions');
  const machine = new StateMachine(JSONPATH_DEFINITION as never, { validationOptions: { checkArn: false } });
  const overrides = { taskResourceLocalHandlers: { Score: async (i: unknown) => score(i) as never, Check: async (i: unknown) => check(i) as never } };
  const one = async () => {
    const output = (await machine.run(INPUT as never, { overrides }).result) as unknown[];
    if (!Array.isArray(output) || output.length !== 10) throw new Error('library bench produced an unexpected result');
  };
  await runPool(Math.min(200, EXECUTIONS), IN_FLIGHT, one);
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) best = Math.max(best, EXECUTIONS / (await runPool(EXECUTIONS, IN_FLIGHT, one)));
  return best;
}

const row = (label: string, perSecond: number, ratio?: number) =>
  `${label.padEnd(34)} ${perSecond.toFixed(0).padStart(8)} exec/s ${(perSecond * TRANSITIONS_PER_EXECUTION).toFixed(0).padStart(9)} transitions/s${ratio === undefined ? '' : `  ${ratio.toFixed(2)}x library`}`;

const library = await benchLibrary();
const memory = await benchOurs(':memory:');
const dir = mkdtempSync(join(tmpdir(), 'sfn-bench-'));
let durable: number;
try {
  durable = await benchOurs(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Workflow: Task (local Lambda) -> Choice -> Pass -> Map over 10 items; ${EXECUTIONS} executions x ${ROUNDS} rounds (best), ${IN_FLIGHT} in flight, Node ${process.version}`);
console.log(row('aws-local-stepfunctions (JSONPath)', library));
console.log(row('local engine, in memory (JSONata)', memory, memory / library));
console.log(row('local engine, durable (JSONata)', durable, durable / library));
console.log(`Goals: in memory >= 1.00x (${memory / library >= 1 ? 'met' : 'NOT met'}), durable >= 0.25x (${durable / library >= 0.25 ? 'met' : 'NOT met'})`);
