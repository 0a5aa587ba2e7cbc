/**
 * The shape of the application manifest. Plain data, no CDK import: the CDK stack and the local
 * cloud are both generated from one value of this type.
 */

export type CallerRole = 'officer' | 'declarant' | 'hq';

export interface KeySchema {
  partitionKey: string;
  sortKey?: string;
}

export interface TableSpec extends KeySchema {
  /** Environment variable that carries the physical table name to functions. */
  envVar: string;
  globalSecondaryIndexes: Array<KeySchema & { name: string }>;
  /** Attribute holding an epoch-seconds expiry, when the table's items expire. */
  timeToLiveAttribute?: string;
}

export interface TopicSpec {
  envVar: string;
  /** Message attributes every publisher sets; subscriptions filter on them. */
  messageAttributes: string[];
  subscriptions: Array<{ function: string; filterPolicy?: Record<string, unknown> }>;
}

/**
 * An asymmetric KMS key the application signs with (certificates). On AWS the private key never
 * leaves KMS; the local cloud's KMS keeps it in DATA_DIR. Functions reach it through a grant.
 */
export interface SigningKeySpec {
  /** Environment variable that carries the key's ARN to the functions granted it. */
  envVar: string;
  /** KMS KeySpec; its one signing algorithm is ECDSA_SHA_256. */
  spec: 'ECC_NIST_P256';
  usage: 'SIGN_VERIFY';
  description: string;
}

/**
 * DynamoDB item access; each level is an exact list of actions (`TABLE_ACTIONS` in infra/grants.ts):
 * - `read`: GetItem, BatchGetItem, Query, ConditionCheckItem (never Scan)
 * - `write`: PutItem, UpdateItem, ConditionCheckItem (never DeleteItem or BatchWriteItem)
 * - `readWrite`: both
 * - `readWriteDelete`: both plus DeleteItem. Only for the Powertools idempotency store, which
 *   deletes its record when the wrapped call throws (so the client may retry); the manifest check
 *   requires it there.
 */
export type TableAccess = 'read' | 'write' | 'readWrite' | 'readWriteDelete';

/**
 * What a function may touch. Each grant becomes least-privilege IAM statements on AWS:
 * - state machine `read` = DescribeExecution and GetExecutionHistory on its executions (no listing),
 *   `definition` = DescribeStateMachineForExecution on them;
 * - `taskTokens: 'complete'` = SendTaskSuccess on the workflows that wait for a token (the code
 *   never sends failures or heartbeats);
 * - topic `subscribe` = Subscribe with the `https` protocol only;
 * - `subscriptionFilters: 'set'` = SetSubscriptionAttributes, to change a webhook's filter policy
 *   (the action has no resource type in IAM, so it cannot be narrowed to a topic);
 * - key `sign` = kms:Sign and kms:GetPublicKey on that one key (the public key is what the JWKS
 *   publishes); never Verify (verifiers use the public key), DescribeKey or any other key.
 */
export type Grant =
  | { table: string; access: TableAccess }
  | { stateMachine: string; actions: Array<'start' | 'read' | 'definition' | 'stop'> }
  | { topic: string; access: 'publish' | 'subscribe' }
  | { taskTokens: 'complete' }
  | { subscriptionFilters: 'set' }
  | { scheduleGroup: string; access: 'manage' }
  | { signingKeys: 'read' }
  | { key: string; access: 'sign' };

export interface FunctionSpec {
  /** Path of the handler module from the repository root; it exports `handler`. */
  entry: string;
  description: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  grants: Grant[];
  environment?: Record<string, string>;
  /**
   * A larger limit on the minified bundle than the default (infra/bundle-report.ts), for a
   * function whose libraries cannot be smaller; the manifest entry says why.
   */
  bundleLimitKb?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** HTTP API path with `{param}` segments. */
  path: string;
  function: string;
  /** `public` routes skip the JWT authorizer; every other route requires a valid token. */
  auth: 'public' | 'jwt';
  /**
   * A limit for this route across all callers (API Gateway's route throttling, a token bucket):
   * `burst` requests at once, refilled at `ratePerSecond`; beyond it the gateway answers 429.
   * Without it the route shares the stage's default limits.
   */
  throttle?: RouteThrottle;
}

export interface RouteThrottle {
  ratePerSecond: number;
  burst: number;
}

/**
 * A reference a state machine definition substitutes for a `${Placeholder}`. Tables are
 * substituted by name (what the DynamoDB integrations take); functions, topics and state machines
 * by ARN.
 */
export type ResourceRef =
  | { function: string }
  | { topic: string }
  | { table: string }
  | { stateMachine: string };

export interface StateMachineSpec {
  /** Path of the ASL file from the repository root. */
  definition: string;
  envVar: string;
  description: string;
  substitutions: Record<string, ResourceRef>;
}

export interface ScheduleGroupSpec {
  envVar: string;
  /**
   * Environment variable that carries the ARN of the role schedules in this group run as, to the
   * functions that manage the group (they pass it as the schedule target's `RoleArn`).
   * Defaults to `<envVar>_ROLE_ARN`.
   */
  roleArnEnvVar?: string;
  /** The only state machines schedules in this group may start. */
  targets: Array<{ stateMachine: string }>;
}

/**
 * A function run at a fixed rate, for housekeeping such as the outbox relay. On AWS an EventBridge
 * Scheduler schedule invokes it; the local cloud runs it once when it starts (after a crash,
 * nothing is in flight) with `startInput`, then on a wall-clock timer at the same rate (the
 * local scheduler's clock may run faster than real time).
 */
export interface RecurringSpec {
  function: string;
  everyMinutes: number;
  description: string;
  /** The event of the run at local start; the scheduled runs send `{}`. */
  startInput?: Record<string, unknown>;
}

export interface Manifest {
  appName: string;
  tables: Record<string, TableSpec>;
  topics: Record<string, TopicSpec>;
  functions: Record<string, FunctionSpec>;
  routes: RouteSpec[];
  stateMachines: Record<string, StateMachineSpec>;
  scheduleGroups: Record<string, ScheduleGroupSpec>;
  recurring?: Record<string, RecurringSpec>;
  /** Asymmetric KMS keys, by name; functions use them through `{ key, access: 'sign' }` grants. */
  keys?: Record<string, SigningKeySpec>;
}
