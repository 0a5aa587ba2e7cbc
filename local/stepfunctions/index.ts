import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock.ts';
import type { AwsProtocolService } from '../aws-endpoint.ts';
import { readBody, sendJson, targetPrefix } from '../aws-endpoint.ts';
import { dataFile } from '../json-file.ts';
import type { LambdaInvoker } from '../lambda/invoker-types.ts';
import { OPERATIONS } from './api.ts';
import { Engine } from './engine.ts';
import { ApiError } from './errors.ts';
import { LevelStore } from './store/level-store.ts';
import { MemoryStore } from './store/memory-store.ts';
import type { EngineStore } from './store/store-types.ts';
import { createIntegrations } from './tasks/integrations.ts';

/**
 * The local Step Functions service: the JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.*`)
 * on the shared local AWS endpoint, backed by the durable interpreter. See README.md.
 */
export interface StepFunctionsServiceOptions {
  /** A directory for the durable store, or ':memory:'. */
  dataDir: string;
  clock: Clock;
  lambda: LambdaInvoker;
  /** The shared local endpoint, for the sns:publish, dynamodb:* and states:startExecution integrations. */
  awsEndpointUrl: () => string;
  /** Where a store failure is reported; stderr by default. */
  log?: (line: string) => void;
  /** The store to use instead of the one `dataDir` selects (tests inject store faults this way). */
  store?: EngineStore;
}

export interface StepFunctionsService extends AwsProtocolService {
  /** Re-arms every RUNNING execution loaded from the data dir; call once the endpoint listens. */
  resume(): Promise<void>;
  /** Stops timers and flushes the store; executions stay RUNNING for the next start. */
  close(): Promise<void>;
  /**
   * Creates a state machine, or updates it in place when its definition or role changed (the
   * local cloud redeploys this way; CreateStateMachine itself answers StateMachineAlreadyExists
   * to a changed definition, as AWS does). Running executions keep the definition they started with.
   */
  upsertStateMachine(input: { name: string; definition: string; roleArn: string }): Promise<{ stateMachineArn: string }>;
  /** The engine, for in-process callers such as the benchmark. */
  readonly engine: Engine;
}

const TARGET_PREFIX = 'AWSStepFunctions';

export async function createStepFunctionsService(options: StepFunctionsServiceOptions): Promise<StepFunctionsService> {
  const store = options.store ?? (options.dataDir === ':memory:' ? new MemoryStore() : new LevelStore(options.dataDir));
  // Activity tasks are queued on the engine's activities, which exist once the engine does.
  const activities: { engine?: Engine } = {};
  const integrations = createIntegrations({ ...options, scheduleActivity: (arn, token, input) => activities.engine?.activities.schedule(arn, token, input) ?? false });
  const engine = new Engine(store, options.clock, integrations, {
    ...(options.log && { log: options.log }),
    activitiesFile: dataFile(options.dataDir, 'stepfunctions-activities.json'),
  });
  activities.engine = engine;
  await engine.load();
  let resumed = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = OPERATIONS[target.slice(TARGET_PREFIX.length + 1)];
    try {
      const raw = (await readBody(req)).toString('utf8');
      if (!operation) throw new ApiError('UnknownOperationException', `Operation ${target} is not supported by the local Step Functions service`);
      engine.assertHealthy();
      let body: unknown;
      try {
        body = raw.length === 0 ? {} : JSON.parse(raw);
      } catch {
        throw new ApiError('SerializationException', 'The request body is not valid JSON');
      }
      // A long poll (GetActivityTask) ends when its client goes away.
      const gone = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) gone.abort();
      });
      sendJson(res, 200, await operation(engine, body, { signal: gone.signal }));
    } catch (error) {
      if (error instanceof ApiError) {
        sendJson(res, error.status, { __type: error.type, message: error.message });
        return;
      }
      throw error;
    }
  }

  return {
    name: 'stepfunctions',
    engine,
    accepts: (req) => targetPrefix(req) === TARGET_PREFIX,
    handle,
    async resume() {
      if (resumed) return;
      resumed = true;
      engine.resume();
    },
    close: () => engine.close(),
    upsertStateMachine: async (input) => ({ stateMachineArn: (await engine.upsertStateMachine(input)).stateMachineArn }),
  };
}

export { substituteDefinition } from './substitutions.ts';
