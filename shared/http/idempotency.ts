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

let persistenceStore: DynamoDBPersistenceLayer | undefined;
const store = () => {
  return (persistenceStore ??= new DynamoDBPersistenceLayer({ tableName: requiredEnv(ENV.idempotencyTable), awsSdkV3Client: dynamoDbClient() }));
};

export async function runIdempotently<R>(call: IdempotentCall<R>, context: Context): Promise<R> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'scope',
    payloadValidationJmesPath: 'request',
    expiresAfterSeconds: KEY_TTL_SECONDS,
  });
  config.registerLambdaContext(context);
  const idempotent = makeIdempotent(
    async (_payload: { scope: string; request: unknown }) => call.run(),
    { persistenceStore: store(), config },
  );
  try {
    return await idempotent({ scope: call.scope, request: call.request });
  } catch (error) {
    if (error instanceof IdempotencyAlreadyInProgressError) {
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
