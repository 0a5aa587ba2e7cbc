import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import { dynamoDbClient } from '../aws/clients.ts';
import { ENV } from '../config/environment.ts';
import { requiredEnv } from '../config/required-env.ts';
import { ApiProblem } from './api-problem.ts';

/**
 * `Idempotency-Key` support for writes, on Powertools Idempotency: the first answer to a key is
 * stored and a retry with the same key gets it back without running the handler again. The key
 * is scoped to the caller and the route, so two callers cannot collide or read each other's
 * answers, and reusing a key for a different request is refused rather than silently replayed.
 */
export interface IdempotentCall<R> {
  /** caller subject | route key | the client's Idempotency-Key */
  scope: string;
  /** What must match for a replay: the parsed request. */
  request: unknown;
  run: () => Promise<R>;
}

const KEY_TTL_SECONDS = 24 * 60 * 60;
/**
 * A retry that read the record of another attempt with the same key just as that attempt failed
 * and deleted it (Powertools' IdempotencyItemNotFoundError) starts over; this bounds how often.
 */
const MAX_ATTEMPTS = 3;

/**
 * One persistence layer per function, keyed by the function's name, with the function's name as
 * the key prefix (`<function>#<hash>`, Powertools' default on AWS). A layer keeps its prefix and
 * settings on the instance, so the functions that share a process locally must not share one: a
 * record would take the prefix of whichever function configured the layer last.
 */
const stores = new Map<string, DynamoDBPersistenceLayer>();
function storeFor(functionName: string): DynamoDBPersistenceLayer {
  let store = stores.get(functionName);
  if (!store) {
    store = new DynamoDBPersistenceLayer({ tableName: requiredEnv(ENV.idempotencyTable), awsSdkV3Client: dynamoDbClient() });
    stores.set(functionName, store);
  }
  return store;
}

const isItemNotFound = (error: unknown) => error instanceof Error && error.name === 'IdempotencyItemNotFoundError';

export async function runIdempotently<R>(call: IdempotentCall<R>, context: Context): Promise<R> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'scope',
    payloadValidationJmesPath: 'request',
    expiresAfterSeconds: KEY_TTL_SECONDS,
  });
  config.registerLambdaContext(context);
  const idempotent = makeIdempotent(
    async (_payload: { scope: string; request: unknown }) => call.run(),
    { persistenceStore: storeFor(context.functionName), config, keyPrefix: context.functionName },
  );
  for (let attempt = 1; ; attempt++) {
    try {
      return await idempotent({ scope: call.scope, request: call.request });
    } catch (error) {
      // Another attempt with this key failed and deleted its record between our write and our read.
      if (isItemNotFound(error) && attempt < MAX_ATTEMPTS) continue;
      if (error instanceof IdempotencyAlreadyInProgressError || isItemNotFound(error)) {
        throw new ApiProblem(409, 'idempotency-in-progress', '请求处理中 / Request in progress',
          'a request with this Idempotency-Key is still being processed; retry later');
      }
      if (error instanceof IdempotencyValidationError) {
        throw new ApiProblem(422, 'idempotency-key-reused', '幂等键已用于其他请求 / Idempotency-Key reused',
          'this Idempotency-Key was used for a different request');
      }
      throw error;
    }
  }
}
