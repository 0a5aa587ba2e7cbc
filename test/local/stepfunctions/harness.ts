import { randomUUID } from 'node:crypto';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type SFNClientConfig,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { startAwsEndpoint, type AwsEndpoint, type AwsProtocolService } from '#local/aws-endpoint.ts';
import { createClock, type Clock } from '#local/clock.ts';
import { lambdaArn } from '#local/arns.ts';
import type { LambdaInvocationResult, LambdaInvoker } from '#local/lambda/invoker-types.ts';
import { createStepFunctionsService, type StepFunctionsService } from '#local/stepfunctions/index.ts';
import type { EngineStore } from '#local/stepfunctions/store/store-types.ts';

/**
 * Test harness: the Step Functions service on a real local endpoint (port 0), driven with the
 * AWS SDK, and an in-test Lambda invoker that dispatches to plain functions registered by name.
 */
export type TestFunction = (payload: unknown) => unknown;

export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export class TestInvoker implements LambdaInvoker {
  readonly functions = new Map<string, TestFunction>();
  /** How each function's runtime serialises its result, where it is not Node.js's JSON.stringify. */
  private readonly serialisers = new Map<string, (result: unknown) => string>();
  readonly calls: Array<{ name: string; payload: unknown }> = [];

  register(name: string, fn: TestFunction, serialise?: (result: unknown) => string): void {
    this.functions.set(name, fn);
    if (serialise) this.serialisers.set(name, serialise);
  }

  functionArn(name: string): string {
    return lambdaArn(name);
  }

  async invoke(functionNameOrArn: string, payload: unknown): Promise<LambdaInvocationResult> {
    const name = functionNameOrArn.startsWith('arn:') ? (functionNameOrArn.split(':')[6] as string) : functionNameOrArn;
    const fn = this.functions.get(name);
    if (!fn) throw Object.assign(new Error(`Function not found: ${this.functionArn(name)}`), { name: 'ResourceNotFoundException' });
    this.calls.push({ name, payload });
    const requestId = randomUUID();
    try {
      const result = await fn(payload);
      const serialise = this.serialisers.get(name);
      return { ok: true, payload: result, ...(serialise && { payloadText: serialise(result) }), requestId };
    } catch (error) {
      const errorType = error instanceof FunctionError ? error.errorType : error instanceof Error ? error.name : 'Error';
      return { ok: false, error: { errorType, errorMessage: error instanceof Error ? error.message : String(error) }, requestId };
    }
  }
}

export interface Harness {
  client: SFNClient;
  endpoint: AwsEndpoint;
  service: StepFunctionsService;
  invoker: TestInvoker;
  clock: Clock;
  close(): Promise<void>;
}

export interface HarnessOptions {
  scale?: number;
  dataDir?: string;
  extraServices?: AwsProtocolService[];
  /** A store of the test's own (to inject faults); by default the one `dataDir` selects. */
  store?: EngineStore;
  log?: (line: string) => void;
  /** Registered before the service resumes executions loaded from `dataDir`. */
  invoker?: TestInvoker;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const invoker = options.invoker ?? new TestInvoker();
  const clock = createClock({ scale: options.scale ?? 1, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  let url = '';
  const service = await createStepFunctionsService({
    dataDir: options.dataDir ?? ':memory:',
    clock,
    lambda: invoker,
    awsEndpointUrl: () => url,
    ...(options.store && { store: options.store }),
    ...(options.log && { log: options.log }),
  });
  const endpoint = await startAwsEndpoint({ port: 0, services: [service, ...(options.extraServices ?? [])] });
  url = endpoint.url;
  await service.resume();
  const client = sfnClient(endpoint.url);
  return {
    client,
    endpoint,
    service,
    invoker,
    clock,
    async close() {
      client.destroy();
      await endpoint.close();
      await service.close();
    },
  };
}

/** An SDK client of the local endpoint (`options` e.g. `disableHostPrefix` for StartSyncExecution). */
export function sfnClient(endpointUrl: string, options: Partial<SFNClientConfig> = {}): SFNClient {
  return new SFNClient({ endpoint: endpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, ...options });
}

/** The role every test machine is created with. */
export const ROLE = 'arn:aws:iam::000000000000:role/local';

/** The error a call that must fail fails with; throws when it succeeds. */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

let counter = 0;
export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function createMachine(h: Harness, definition: object, name = uniqueName('sm')): Promise<string> {
  const out = await h.client.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return out.stateMachineArn as string;
}

export async function startExecution(h: Harness, stateMachineArn: string, input: unknown = {}, name?: string): Promise<string> {
  const out = await h.client.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), ...(name ? { name } : {}) }));
  return out.executionArn as string;
}

/** Polls DescribeExecution until the execution leaves RUNNING. */
export async function waitForEnd(h: Harness, executionArn: string, timeoutMs = 10_000): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await h.client.send(new DescribeExecutionCommand({ executionArn }));
    if (out.status !== 'RUNNING') return out;
    if (Date.now() > deadline) throw new Error(`Execution ${executionArn} still RUNNING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function runToEnd(h: Harness, definition: object, input: unknown = {}) {
  const arn = await createMachine(h, definition);
  const executionArn = await startExecution(h, arn, input);
  const result = await waitForEnd(h, executionArn);
  return { ...result, executionArn, stateMachineArn: arn };
}

export async function history(h: Pick<Harness, 'client'>, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const out = await h.client.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(out.events ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return events;
}

export const types = (events: HistoryEvent[]): string[] => events.map((e) => e.type ?? '');

/** Polls until some condition on the history holds (e.g. a callback task was submitted). */
export async function waitForEvent(h: Harness, executionArn: string, predicate: (e: HistoryEvent) => boolean, timeoutMs = 10_000): Promise<HistoryEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await history(h, executionArn)).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No matching event in ${executionArn} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const JSONATA = { QueryLanguage: 'JSONata' } as const;
