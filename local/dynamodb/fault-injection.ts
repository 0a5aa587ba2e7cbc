import type { IncomingMessage, ServerResponse } from 'node:http';
import { seededRandom } from '../seeded-random.ts';

/**
 * Transient DynamoDB failures on demand, for the fault-injection suite (test/faults). Off unless
 * the environment asks for it:
 *
 *   LOCAL_FAULTS=dynamodb:0.2 LOCAL_FAULTS_SEED=42 npm start
 *
 * answers 20 % of the data-plane calls (items, queries, scans, batches, transactions) with an
 * error DynamoDB itself returns for a transient condition and the AWS SDK retries: HTTP 500
 * `InternalServerError` or HTTP 400 `ProvisionedThroughputExceededException`. The call is refused
 * before dynalite sees it, so nothing is written (a clean failure). Control-plane calls
 * (CreateTable, DescribeTable, …) never fail, so the local cloud still provisions its tables.
 * `LOCAL_FAULTS` is a comma-separated list of `<component>:<rate>`; the Lambda invoker reads its
 * own `lambda:` entry (local/lambda/in-process-invoker.ts).
 */
export interface DynamoDbFaults {
  readonly rate: number;
  /** Whether to fail this call (decided once per call, from the seeded sequence). */
  pick(operation: string): boolean;
  /** Answers the call with a retryable error once its body has been read. */
  fail(req: IncomingMessage, res: ServerResponse, operation: string): void;
}

const DATA_PLANE = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

/** The rate of `<component>:<rate>` in a LOCAL_FAULTS value; 0 when absent. Throws on a malformed entry. */
export function faultRateFor(component: string, spec: string | undefined): number {
  if (!spec) return 0;
  for (const entry of spec.split(',')) {
    const [name, value, ...rest] = entry.trim().split(':');
    if (name !== component) continue;
    const rate = Number(value);
    if (rest.length > 0 || value === undefined || value === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new Error(`LOCAL_FAULTS entry '${entry}' must be ${component}:<rate from 0 to 1>`);
    }
    return rate;
  }
  return 0;
}


export function dynamoDbFaultsFromEnvironment(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): DynamoDbFaults | undefined {
  const rate = faultRateFor('dynamodb', env.LOCAL_FAULTS);
  if (rate === 0) return undefined;
  const seed = env.LOCAL_FAULTS_SEED ?? '0';
  const random = seededRandom(`${seed}\u0000dynamodb`);
  log(`[local-faults] dynamodb: ${Math.round(rate * 100)} % of data-plane calls fail with a retryable error (seed ${seed})`);
  return {
    rate,
    pick: (operation) => DATA_PLANE.has(operation) && random() < rate,
    fail(req, res, operation) {
      const throttled = random() < 0.5;
      const [status, type, message] = throttled
        ? [400, 'ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.']
        : [500, 'InternalServerError', 'Internal server error'];
      log(`[local-faults] dynamodb ${operation} → ${status} ${type}`);
      const answer = () => {
        if (res.headersSent || res.destroyed) return;
        const payload = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.0',
          'content-length': Buffer.byteLength(payload),
          'x-amzn-requestid': `local-fault-${Date.now().toString(36)}-${Math.floor(random() * 1e9).toString(36)}`,
        });
        res.end(payload);
      };
      // Read the request to its end first, as DynamoDB does, so the client sees an answer, not a reset.
      req.on('end', answer);
      req.on('error', () => res.destroy());
      req.resume();
    },
  };
}
