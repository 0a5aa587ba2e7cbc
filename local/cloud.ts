import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
  type Subscription,
} from '@aws-sdk/client-sns';
import { functionEnvironment, scheduleRoleEnvVar, type ResourceValues } from '../infra/function-environment.ts';
import { assertManifest } from '../infra/manifest-check.ts';
import type { Manifest, ResourceRef } from '../infra/manifest-types.ts';
import { manifest as appManifest } from '../infra/manifest.ts';
import { resetClients } from '../shared/aws/clients.ts';
import { useClock } from '../shared/clock.ts';
import { ENV } from '../shared/config/environment.ts';
import { startHttpApi, type HttpApi } from './apigateway/server.ts';
import { createJwtAuthorizer, type JwtAuthorizer } from './apigateway/jwt-authorizer.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, stateMachineArn, topicArn } from './arns.ts';
import { createLocalIssuer, LOCAL_CLIENT_ID, writeIssuerSettings, type LocalIssuer, type TokenRequest } from './auth/issuer.ts';
import { loadOrCreateSigningKey } from './auth/signing-key.ts';
import { startAwsEndpoint, type AwsProtocolService } from './aws-endpoint.ts';
import { staticSite } from './console/static-site.ts';
import { createClock, type Clock } from './clock.ts';
import { createDynamoDbService } from './dynamodb/dynalite-service.ts';
import { ensureTables, localTableName } from './dynamodb/tables.ts';
import { isInMemory } from './json-file.ts';
import { createKmsService } from './kms/service.ts';
import { createInProcessInvoker, type InProcessInvoker } from './lambda/in-process-invoker.ts';
import { createWorkerInvoker } from './lambda/worker-invoker.ts';
import { startRecurring } from './recurring.ts';
import { createSchedulerService } from './scheduler/service.ts';
import { createLambdaApiService } from './lambda/api.ts';
import { createSnsService } from './sns/service.ts';
import { createStepFunctionsService, substituteDefinition } from './stepfunctions/index.ts';

/**
 * The local cloud: one process with one AWS endpoint (DynamoDB, Step Functions, SNS, Scheduler, KMS)
 * and the HTTP API, provisioned from the manifest the way the CDK stack provisions AWS. Both
 * `npm start` and the integration tests start it through `startLocalCloud`.
 */
export interface LocalCloudOptions {
  /** Where state lives; `:memory:` keeps it in memory. Default `.data`. */
  dataDir?: string;
  /** HTTP API port; 0 picks a free one. Default 3000. */
  port?: number;
  /** AWS endpoint port; 0 picks a free one. Default 4566. */
  awsPort?: number;
  host?: string;
  /** Speeds up every timer the local cloud owns (see local/clock.ts). Default 1. */
  timeScale?: number;
  manifest?: Manifest;
  /** The directory manifest paths (handlers, ASL files) are relative to; the repository root by default. */
  rootDir?: string;
  /** Diagnostics of the emulators (failed deliveries, dropped events). Default stderr. */
  log?: (line: string) => void;
  /** One line per HTTP API request. Default none. */
  accessLog?: (line: string) => void;
  /**
   * The time route throttles refill by; the local cloud's clock by default (so under TIME_SCALE
   * a route allows its rate per virtual second, as a compressed simulation expects). Tests pass
   * a clock they move by hand.
   */
  throttleClock?: Pick<Clock, 'now'>;
  /**
   * A built web console (console/build.ts) to serve at `/` beside the API, as `npm start` does;
   * or the build still running (its paths wait for it; undefined: it failed, nothing served).
   */
  consoleDir?: string | Promise<string | undefined>;
  /**
   * Worker threads the Lambda handlers run on (local/lambda/worker-invoker.ts), beside the
   * emulators' thread; 0 (the default) runs them on this thread, where tests can reach them.
   */
  lambdaWorkers?: number;
}

export interface LocalCloud {
  readonly apiUrl: string;
  readonly awsEndpointUrl: string;
  /** The JWT issuer (`iss`), also where its JWKS is served. */
  readonly issuer: string;
  /** The app client id the authorizer accepts as `aud`. */
  readonly audience: string;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly lambda: InProcessInvoker;
  /** A signed token the HTTP API accepts, with Cognito's claims. */
  mintToken(request: TokenRequest): Promise<string>;
  close(): Promise<void>;
}

/** How long a stopping local cloud waits for handlers in flight. */
const DRAIN_TIMEOUT_MS = 5_000;
const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Locally every resource is named after its manifest key; on AWS CloudFormation names them. */
function localResourceValues(m: Manifest, issuer: () => LocalIssuer | undefined, keyArns: ReadonlyMap<string, string>): ResourceValues {
  return {
    tableName: localTableName,
    topicArn,
    stateMachineArn,
    scheduleGroupName: (group) => group,
    scheduleRoleArn: (group) => `arn:aws:iam::${LOCAL_ACCOUNT}:role/${m.appName}-${group}-scheduler`,
    tokenIssuer: () => ({ issuer: issuer()?.issuer ?? '', audience: LOCAL_CLIENT_ID }),
    keyArn: (key) => {
      const arn = keyArns.get(key);
      // KMS picks key ids; they are known once provisioned, before any handler runs.
      if (arn === undefined) throw new Error(`key '${key}' is not provisioned yet`);
      return arn;
    },
  };
}

/** Every variable any function may read, for code that runs in the process outside a handler. */
function processEnvironment(m: Manifest, values: ResourceValues): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, table] of Object.entries(m.tables)) env[table.envVar] = values.tableName(name);
  for (const [name, topic] of Object.entries(m.topics)) env[topic.envVar] = values.topicArn(name);
  for (const [name, machine] of Object.entries(m.stateMachines)) env[machine.envVar] = values.stateMachineArn(name);
  for (const [name, group] of Object.entries(m.scheduleGroups)) {
    env[group.envVar] = values.scheduleGroupName(name);
    env[scheduleRoleEnvVar(group)] = values.scheduleRoleArn(name);
  }
  return env;
}

function substitution(ref: ResourceRef, values: ResourceValues, lambdaArn: (name: string) => string): string {
  if ('function' in ref) return lambdaArn(ref.function);
  if ('topic' in ref) return values.topicArn(ref.topic);
  if ('table' in ref) return values.tableName(ref.table);
  return values.stateMachineArn(ref.stateMachine);
}

async function listSubscriptions(sns: SNSClient, topic: string): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let token: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: token }));
    all.push(...(page.Subscriptions ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

/** Topics and their Lambda subscriptions as the manifest declares them, converging on restart. */
async function provisionTopics(sns: SNSClient, m: Manifest, lambdaArn: (name: string) => string): Promise<void> {
  for (const [name, spec] of Object.entries(m.topics)) {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    if (!TopicArn) throw new Error(`CreateTopic ${name} returned no ARN`);
    const existing = (await listSubscriptions(sns, TopicArn)).filter((s) => s.Protocol === 'lambda');
    const declared = new Set<string>();
    for (const subscription of spec.subscriptions) {
      const endpoint = lambdaArn(subscription.function);
      declared.add(endpoint);
      const filterPolicy = subscription.filterPolicy ? JSON.stringify(subscription.filterPolicy) : '';
      const current = existing.find((s) => s.Endpoint === endpoint);
      if (!current?.SubscriptionArn) {
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: endpoint, Attributes: filterPolicy ? { FilterPolicy: filterPolicy } : {} }));
        continue;
      }
      const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: current.SubscriptionArn }));
      if ((Attributes?.FilterPolicy ?? '') !== filterPolicy) {
        await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: current.SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: filterPolicy }));
      }
    }
    for (const stale of existing) {
      if (stale.SubscriptionArn && stale.Endpoint && !declared.has(stale.Endpoint)) await sns.send(new UnsubscribeCommand({ SubscriptionArn: stale.SubscriptionArn }));
    }
  }
}

/**
 * The manifest's signing keys, found by their alias (`alias/<name>`) or created with it on the
 * first start: KMS picks key ids, so the alias is what makes a restart on the same DATA_DIR find
 * the same key. Returns each key's ARN by manifest name.
 */
async function provisionKeys(kms: KMSClient, m: Manifest): Promise<Map<string, string>> {
  const arns = new Map<string, string>();
  for (const [name, spec] of Object.entries(m.keys ?? {})) {
    const aliasName = `alias/${name}`;
    let arn: string | undefined;
    try {
      arn = (await kms.send(new DescribeKeyCommand({ KeyId: aliasName }))).KeyMetadata?.Arn;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'NotFoundException')) throw error;
      const created = await kms.send(new CreateKeyCommand({ KeySpec: spec.spec, KeyUsage: spec.usage, Description: spec.description }));
      arn = created.KeyMetadata?.Arn;
      await kms.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: arn }));
    }
    if (!arn) throw new Error(`KMS returned no ARN for key ${name}`);
    arns.set(name, arn);
  }
  return arns;
}

async function provisionScheduleGroups(scheduler: SchedulerClient, m: Manifest): Promise<void> {
  for (const name of Object.keys(m.scheduleGroups)) {
    try {
      await scheduler.send(new CreateScheduleGroupCommand({ Name: name }));
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConflictException')) throw error;
    }
  }
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const m = options.manifest ?? appManifest;
  assertManifest(m);
  const dataDir = options.dataDir ?? '.data';
  const rootDir = options.rootDir ?? REPOSITORY_ROOT;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!isInMemory(dataDir)) await mkdir(dataDir, { recursive: true });

  // Undo in reverse order, on close or when a start fails half-way.
  const undo: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const step of undo.splice(0).reverse()) await step();
  };

  try {
    const clock = createClock({ scale: options.timeScale ?? 1, dataDir });
    // Handlers run in this process: they stamp the time the engine and the schedules count.
    undo.push(useClock(() => clock.now()));
    // Made (first start) or read while the services start; awaited before the HTTP API starts.
    const signingKey = loadOrCreateSigningKey(dataDir);
    signingKey.catch(() => undefined);
    // The endpoint serves this array by reference: services join once they know its URL.
    const services: AwsProtocolService[] = [];
    const endpoint = await startAwsEndpoint({ port: options.awsPort ?? 4566, host, services });
    let endpointClosed: Promise<void> | undefined;
    const closeEndpoint = () => (endpointClosed ??= endpoint.close());
    undo.push(closeEndpoint);
    const awsEndpointUrl = endpoint.url;

    // Known only once the HTTP API listens (the issuer is its URL); read through getters until then.
    const auth: { issuer?: LocalIssuer; authorizer?: JwtAuthorizer } = {};
    const keyArns = new Map<string, string>();
    const values = localResourceValues(m, () => auth.issuer, keyArns);

    // Handlers in this process reach the local endpoint through the SDK's standard settings.
    const previousEnv = { ...process.env };
    undo.push(() => {
      for (const key of Object.keys(process.env)) if (!(key in previousEnv)) delete process.env[key];
      Object.assign(process.env, previousEnv);
      resetClients();
    });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: awsEndpointUrl,
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      ...processEnvironment(m, values),
    });
    resetClients();

    const invokerOptions = { manifest: m, rootDir, log, environment: (name: string) => functionEnvironment(m, name, values) };
    const workers = options.lambdaWorkers ?? 0;
    let lambda: InProcessInvoker;
    if (workers > 0) {
      const threads = createWorkerInvoker({ ...invokerOptions, workers, clock });
      undo.push(() => threads.close());
      lambda = threads;
    } else {
      lambda = createInProcessInvoker(invokerOptions);
    }

    const dynamo = await createDynamoDbService({ dataDir, clock });
    undo.push(() => dynamo.close());
    const stepFunctions = await createStepFunctionsService({ dataDir, clock, lambda, awsEndpointUrl: () => awsEndpointUrl, log });
    undo.push(() => stepFunctions.close());
    const sns = await createSnsService({ dataDir, clock, lambda, log, certificateHost: host });
    undo.push(() => sns.close());
    const allowedStateMachines = Object.fromEntries(Object.entries(m.scheduleGroups).map(([name, group]) => [name, group.targets.map((t) => stateMachineArn(t.stateMachine))]));
    const scheduler = createSchedulerService({ dataDir, clock, lambda, awsEndpointUrl, allowedStateMachines, log });
    undo.push(() => scheduler.close());
    const kms = createKmsService({ dataDir, clock });
    const lambdaApi = createLambdaApiService({ manifest: m, invoker: lambda, clock, rootDir, environment: (name) => functionEnvironment(m, name, values), log });
    undo.push(() => lambdaApi.close());
    services.push(dynamo, stepFunctions, sns, scheduler, kms, lambdaApi);
    // The endpoint stops before the services under it (DynamoDB flushes last).
    undo.push(closeEndpoint);
    // Runs first of these on close (after the HTTP API): no new schedule fires or deliveries,
    // then the handlers in flight finish while the engine and DynamoDB are still there.
    undo.push(async () => {
      await scheduler.close();
      await sns.close();
      await lambda.drain(DRAIN_TIMEOUT_MS);
    });

    // Provision what the manifest declares, through the same APIs the CDK stack uses on AWS.
    const clientConfig = { endpoint: awsEndpointUrl, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
    const dynamoClient = new DynamoDBClient(clientConfig);
    const snsClient = new SNSClient(clientConfig);
    const schedulerClient = new SchedulerClient(clientConfig);
    const kmsClient = new KMSClient(clientConfig);
    try {
      await ensureTables(dynamoClient, m, { rebuildIndexes: dynamo.uncleanStop });
      await provisionTopics(snsClient, m, (name) => lambda.functionArn(name));
      for (const [name, spec] of Object.entries(m.stateMachines)) {
        const text = await readFile(resolve(rootDir, spec.definition), 'utf8');
        const substitutions = Object.fromEntries(Object.entries(spec.substitutions).map(([placeholder, ref]) => [placeholder, substitution(ref, values, lambda.functionArn)]));
        await stepFunctions.upsertStateMachine({ name, definition: substituteDefinition(text, substitutions), roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${m.appName}-${name}-role` });
      }
      await provisionScheduleGroups(schedulerClient, m);
      for (const [name, arn] of await provisionKeys(kmsClient, m)) {
        keyArns.set(name, arn);
        process.env[m.keys![name]!.envVar] = arn;
      }
    } finally {
      dynamoClient.destroy();
      snsClient.destroy();
      schedulerClient.destroy();
      kmsClient.destroy();
    }

    const key = await signingKey;
    const api: HttpApi = await startHttpApi({
      port: options.port ?? 3000,
      host,
      routes: m.routes,
      clock: options.throttleClock ?? clock,
      invoker: lambda,
      authorizer: () => auth.authorizer,
      documents: () => (auth.issuer ? { '/.well-known/jwks.json': auth.issuer.jwks(), '/.well-known/openid-configuration': auth.issuer.openIdConfiguration() } : {}),
      log: options.accessLog,
      ...(options.consoleDir !== undefined && { staticSite: staticSite(options.consoleDir) }),
    });
    // Closed first: no new requests while the services stop.
    undo.push(() => api.close());
    const localIssuer = createLocalIssuer({ key, issuer: api.url });
    auth.issuer = localIssuer;
    auth.authorizer = createJwtAuthorizer({ issuer: localIssuer.issuer, audiences: [localIssuer.audience], jwks: localIssuer.jwks() });
    process.env[ENV.tokenIssuer] = localIssuer.issuer;
    process.env[ENV.tokenAudience] = localIssuer.audience;
    if (!isInMemory(dataDir)) await writeIssuerSettings(dataDir, { issuer: localIssuer.issuer, audience: localIssuer.audience });

    // Only now may timers fire: executions and schedules that fell due while stopped run once.
    await stepFunctions.resume();
    scheduler.start();
    const recurring = startRecurring(m, lambda, log);
    undo.push(() => recurring.stop());
    await recurring.ready;

    let closing: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      awsEndpointUrl,
      issuer: localIssuer.issuer,
      audience: localIssuer.audience,
      dataDir,
      clock,
      lambda,
      mintToken: (request) => localIssuer.mintToken(request),
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
