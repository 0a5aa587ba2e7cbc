import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { workflowAccess, type WorkflowAccess } from '#infra/asl.ts';
import type { Grant, Manifest, TableAccess } from '#infra/manifest-types.ts';
import { REPO_ROOT } from '#infra/stack.ts';
import {
  allRoles,
  asArray,
  logicalIdOf,
  resourcesOfType,
  roleOfFunction,
  STACK_NAME,
  type Statement,
} from './template.ts';
import { flattenReference } from '#infra/nag/reviewed-wildcards.ts';

/**
 * The least-privilege rules, written over the manifest rather than over today's entries. For
 * every role in the stack, and for each action of the services below, the resources it may act
 * on are exactly those its manifest entry (function), definition (state machine) or targets
 * (schedule group) imply; no action more, no resource more:
 * - DynamoDB: per table, exactly the actions of the grant's access level (`TABLE_ACTIONS` here),
 *   or exactly what the workflow's Task states call; the table key: Decrypt to read, also
 *   Encrypt/ReEncrypt/GenerateDataKey to write;
 * - Step Functions: StartExecution iff a `start` grant, a starting definition or a schedule group
 *   target; DescribeExecution/GetExecutionHistory on executions for `read` (no ListExecutions);
 *   SendTaskSuccess (and no Failure or Heartbeat) only for `{ taskTokens: 'complete' }`, only on
 *   workflows that wait for a token;
 * - SNS: Publish as granted; Subscribe as granted and only with `sns:Protocol` = `https`;
 * - SQS: a topic subscriber may SendMessage to its own failure queue, and nobody else may send;
 * - KMS signing keys: Sign and GetPublicKey on exactly the keys a function is granted `sign` on;
 * - Lambda, Scheduler, iam:PassRole: invoke, manage and pass exactly what is declared;
 * - no principal has "*" as the resource of a DynamoDB or Step Functions action;
 * - a KMS key policy lets an AWS service use the key only for this account (`aws:SourceAccount`)
 *   and, for SNS, only for the manifest's topics (`aws:SourceArn`).
 * `leastPrivilegeViolations` returns every breach, so a test can also prove it catches one.
 */

type Principal = { kind: 'function' | 'stateMachine' | 'scheduleGroup' | 'recurring' | 'consoleDeployment'; name: string };

/**
 * The reviewed DynamoDB action list of each access level, written out here rather than imported
 * from infra/grants.ts: widening a level there must be a deliberate change here too.
 */
export const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
  ],
  readWriteDelete: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
};

const READ_ONLY_TABLE_ACTIONS = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem']);
const KEY_DECRYPT = ['kms:Decrypt'];
const KEY_ENCRYPT_DECRYPT = ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
/** What publishing to a KMS-encrypted topic takes (CDK's grantPublish). */
const TOPIC_KEY_PUBLISH = ['kms:Decrypt', 'kms:GenerateDataKey*'];
/** What sending to a KMS-encrypted queue takes. */
const QUEUE_KEY_SEND = ['kms:Decrypt', 'kms:GenerateDataKey'];
/** The reviewed actions of a `{ key, access: 'sign' }` grant, written out (not imported) as above. */
const KEY_SIGN = ['kms:Sign', 'kms:GetPublicKey'];
const SCHEDULE_MANAGE = ['GetSchedule', 'ListSchedules', 'CreateSchedule', 'UpdateSchedule', 'DeleteSchedule'].map((a) => `scheduler:${a}`);
export const SUBSCRIBE_CONDITION = { StringEquals: { 'sns:Protocol': 'https' } };

/** The services whose every action is compared; logs, X-Ray and events are out of scope. */
const CHECKED = /^(dynamodb|states|sns|sqs|kms|lambda|scheduler):|^iam:PassRole$/;

/** action → resource labels (`table:Domain`, `executions:Lifecycle`, `key:data`, ...). */
type Rights = Map<string, Set<string>>;

const allow = (rights: Rights, actions: readonly string[], label: string) => {
  for (const action of actions) rights.set(action, (rights.get(action) ?? new Set()).add(label));
};

export function accessOf(manifest: Manifest): Record<string, WorkflowAccess> {
  return Object.fromEntries(
    Object.entries(manifest.stateMachines).map(([name, spec]) => [
      name,
      workflowAccess(name, spec, readFileSync(join(REPO_ROOT, spec.definition), 'utf8')),
    ]),
  );
}

export const subscribers = (manifest: Manifest): string[] => [
  ...new Set(Object.values(manifest.topics).flatMap((t) => t.subscriptions.map((s) => s.function))),
];

function grantRights(rights: Rights, grant: Grant, waiting: string[]): void {
  if ('table' in grant) {
    allow(rights, TABLE_ACTIONS[grant.access], `table:${grant.table}`);
    allow(rights, grant.access === 'read' ? KEY_DECRYPT : KEY_ENCRYPT_DECRYPT, 'key:data');
  } else if ('stateMachine' in grant) {
    for (const action of grant.actions) {
      if (action === 'start') allow(rights, ['states:StartExecution'], `stateMachine:${grant.stateMachine}`);
      if (action === 'read') allow(rights, ['states:DescribeExecution', 'states:GetExecutionHistory'], `executions:${grant.stateMachine}`);
      if (action === 'definition') allow(rights, ['states:DescribeStateMachineForExecution'], `executions:${grant.stateMachine}`);
      if (action === 'stop') allow(rights, ['states:StopExecution'], `executions:${grant.stateMachine}`);
    }
  } else if ('topic' in grant) {
    if (grant.access === 'publish') {
      allow(rights, ['sns:Publish'], `topic:${grant.topic}`);
      allow(rights, TOPIC_KEY_PUBLISH, 'key:topics');
    } else {
      allow(rights, ['sns:Subscribe'], `topic:${grant.topic}`);
    }
  } else if ('subscriptionFilters' in grant) {
    allow(rights, ['sns:SetSubscriptionAttributes'], '*');
  } else if ('taskTokens' in grant) {
    waiting.forEach((sm) => allow(rights, ['states:SendTaskSuccess'], `stateMachine:${sm}`));
  } else if ('scheduleGroup' in grant) {
    allow(rights, SCHEDULE_MANAGE, `scheduleGroup:${grant.scheduleGroup}`);
    allow(rights, ['iam:PassRole'], `schedulerRole:${grant.scheduleGroup}`);
  } else if ('key' in grant) {
    allow(rights, KEY_SIGN, `signingKey:${grant.key}`);
  }
}

function expectedRights(manifest: Manifest, access: Record<string, WorkflowAccess>, p: Principal): Rights {
  const rights: Rights = new Map();
  if (p.kind === 'function') {
    const waiting = Object.keys(access).filter((sm) => access[sm]!.waitsForTaskToken);
    manifest.functions[p.name]!.grants.forEach((g) => grantRights(rights, g, waiting));
    if (subscribers(manifest).includes(p.name)) {
      allow(rights, ['sqs:SendMessage'], `failureQueue:${p.name}`);
      allow(rights, QUEUE_KEY_SEND, 'key:queues');
    }
  } else if (p.kind === 'stateMachine') {
    const a = access[p.name]!;
    a.invokes.forEach((fn) => allow(rights, ['lambda:InvokeFunction'], `function:${fn}`));
    for (const topic of a.publishes) {
      allow(rights, ['sns:Publish'], `topic:${topic}`);
      allow(rights, TOPIC_KEY_PUBLISH, 'key:topics');
    }
    for (const [table, actions] of Object.entries(a.tableActions)) {
      allow(rights, actions, `table:${table}`);
      allow(rights, actions.every((x) => READ_ONLY_TABLE_ACTIONS.has(x)) ? KEY_DECRYPT : KEY_ENCRYPT_DECRYPT, 'key:data');
    }
    for (const { stateMachine, sync } of a.starts) {
      allow(rights, ['states:StartExecution'], `stateMachine:${stateMachine}`);
      if (sync) allow(rights, ['states:DescribeExecution', 'states:StopExecution'], `executions:${stateMachine}`);
    }
  } else if (p.kind === 'recurring') {
    allow(rights, ['lambda:InvokeFunction'], `function:${manifest.recurring?.[p.name]?.function}`);
  } else if (p.kind === 'consoleDeployment') {
    // Nothing of DynamoDB, Step Functions, SNS, SQS, KMS, Lambda or Scheduler.
  } else {
    manifest.scheduleGroups[p.name]!.targets.forEach((t) => allow(rights, ['states:StartExecution'], `stateMachine:${t.stateMachine}`));
  }
  return rights;
}

const sorted = (s: Iterable<string>) => [...new Set(s)].sort();
const sameSet = (a: Iterable<string>, b: Iterable<string>) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/** Names every resource a policy of this stack can mention, as the labels `expectedRights` uses. */
function resourceLabeller(template: Template, manifest: Manifest, principals: Map<string, Principal>) {
  const labels = new Map<string, string>();
  const label = (type: string, section: Parameters<typeof logicalIdOf>[2], names: string[], prefix: string) =>
    names.forEach((n) => labels.set(logicalIdOf(template, type, section, n), `${prefix}:${n}`));
  label('AWS::DynamoDB::Table', 'tables', Object.keys(manifest.tables), 'table');
  label('AWS::SNS::Topic', 'topics', Object.keys(manifest.topics), 'topic');
  label('AWS::Lambda::Function', 'functions', Object.keys(manifest.functions), 'function');
  label('AWS::KMS::Key', 'keys', Object.keys(manifest.keys ?? {}), 'signingKey');
  const getAtt = (v: unknown) => (v as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  // Keys are told apart by what they encrypt, queues by whose failures they hold.
  for (const table of Object.values(resourcesOfType(template, 'AWS::DynamoDB::Table'))) {
    const key = getAtt((table.Properties?.SSESpecification as { KMSMasterKeyId?: unknown } | undefined)?.KMSMasterKeyId);
    if (key) labels.set(key, 'key:data');
  }
  for (const topic of Object.values(resourcesOfType(template, 'AWS::SNS::Topic'))) {
    const key = getAtt(topic.Properties?.KmsMasterKeyId);
    if (key) labels.set(key, 'key:topics');
  }
  const functionNames = new Map([...labels].filter(([, l]) => l.startsWith('function:')).map(([id, l]) => [id, l.slice(9)]));
  for (const config of Object.values(resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig'))) {
    const fn = functionNames.get((config.Properties?.FunctionName as { Ref?: string } | undefined)?.Ref ?? '');
    const queue = getAtt((config.Properties?.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)?.OnFailure?.Destination);
    if (fn && queue) labels.set(queue, `failureQueue:${fn}`);
  }
  for (const queue of Object.values(resourcesOfType(template, 'AWS::SQS::Queue'))) {
    const key = getAtt(queue.Properties?.KmsMasterKeyId);
    if (key && !labels.has(key)) labels.set(key, 'key:queues');
  }
  for (const [roleId, p] of principals) if (p.kind === 'scheduleGroup') labels.set(roleId, `schedulerRole:${p.name}`);
  const groupNames = new Map(
    Object.keys(manifest.scheduleGroups).map((g) => {
      const id = logicalIdOf(template, 'AWS::Scheduler::ScheduleGroup', 'scheduleGroups', g);
      return [String(resourcesOfType(template, 'AWS::Scheduler::ScheduleGroup')[id]!.Properties?.Name), g];
    }),
  );

  return (resource: string): string => {
    const logical = /^<([A-Za-z0-9]+)(\.Arn)?>(\/index\/\*|:\*)?$/.exec(resource)?.[1];
    if (logical && labels.has(logical)) return labels.get(logical)!;
    const stateMachine = /:stateMachine:([^:]+)$/.exec(resource)?.[1];
    if (stateMachine?.startsWith(`${STACK_NAME}-`)) return `stateMachine:${stateMachine.slice(STACK_NAME.length + 1)}`;
    const executions = /:execution:([^:]+):\*$/.exec(resource)?.[1];
    if (executions?.startsWith(`${STACK_NAME}-`)) return `executions:${executions.slice(STACK_NAME.length + 1)}`;
    const group = groupNames.get(/:schedule\/([^/]+)\/\*$/.exec(resource)?.[1] ?? '');
    if (group) return `scheduleGroup:${group}`;
    if (resource === '*') return '*';
    return `unknown resource ${resource}`;
  };
}

function actualRights(statements: Statement[], labelOf: (resource: string) => string): Rights {
  const rights: Rights = new Map();
  for (const s of statements) {
    const actions = asArray(s.Action).filter((a) => CHECKED.test(a));
    asArray(s.Resource).map(flattenReference).forEach((r) => allow(rights, actions, labelOf(r)));
  }
  return rights;
}

function principalsOf(template: Template, manifest: Manifest): Map<string, Principal> {
  const principals = new Map<string, Principal>();
  for (const name of Object.keys(manifest.functions)) principals.set(roleOfFunction(template, name), { kind: 'function', name });
  for (const name of Object.keys(manifest.stateMachines)) {
    const id = logicalIdOf(template, 'AWS::StepFunctions::StateMachine', 'stateMachines', name);
    const roleArn = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[id]!.Properties?.RoleArn as {
      'Fn::GetAtt': [string, string];
    };
    principals.set(roleArn['Fn::GetAtt'][0], { kind: 'stateMachine', name });
  }
  for (const role of allRoles(template).filter((r) => r.service === 'scheduler.amazonaws.com')) {
    const description = String(resourcesOfType(template, 'AWS::IAM::Role')[role.roleId]!.Properties?.Description ?? '');
    const group = /in the (\S+) schedule group/.exec(description)?.[1];
    if (group && group in manifest.scheduleGroups) principals.set(role.roleId, { kind: 'scheduleGroup', name: group });
    const recurring = /for the (\S+) recurring schedule$/.exec(description)?.[1];
    if (recurring && recurring in (manifest.recurring ?? {})) principals.set(role.roleId, { kind: 'recurring', name: recurring });
  }
  // CDK's BucketDeployment handler, which uploads the web console (infra/constructs/console-hosting.ts):
  // S3 only, so none of the services checked here.
  for (const role of allRoles(template).filter((r) => r.service === 'lambda.amazonaws.com' && r.roleId.startsWith('CustomCDKBucketDeployment'))) {
    principals.set(role.roleId, { kind: 'consoleDeployment', name: 'console' });
  }
  return principals;
}

export function leastPrivilegeViolations(template: Template, manifest: Manifest): string[] {
  const violations: string[] = [];
  const access = accessOf(manifest);
  const principals = principalsOf(template, manifest);
  const labelOf = resourceLabeller(template, manifest, principals);

  for (const role of allRoles(template)) {
    const principal = principals.get(role.roleId);
    if (!principal) {
      violations.push(`role ${role.roleId} (${role.service}) belongs to no manifest entry`);
      continue;
    }
    const who = `${principal.kind} '${principal.name}'`;
    const st: Statement[] = role.statements;

    for (const s of st) {
      const actions = asArray(s.Action);
      if (actions.some((a) => a.startsWith('dynamodb:') || a.startsWith('states:')) && asArray(s.Resource).includes('*')) {
        violations.push(`${who} has "*" as the resource of ${actions.join(', ')}`);
      }
      if (actions.includes('sns:Subscribe') && JSON.stringify(s.Condition) !== JSON.stringify(SUBSCRIBE_CONDITION)) {
        violations.push(`${who} may sns:Subscribe under ${JSON.stringify(s.Condition ?? null)}, expected ${JSON.stringify(SUBSCRIBE_CONDITION)}`);
      }
    }
    const expected = expectedRights(manifest, access, principal);
    const actual = actualRights(st, labelOf);
    for (const action of sorted([...expected.keys(), ...actual.keys()])) {
      const got = actual.get(action) ?? new Set<string>();
      const want = expected.get(action) ?? new Set<string>();
      if (!sameSet(got, want)) violations.push(`${who} may ${action} on [${sorted(got).join(', ')}], expected [${sorted(want).join(', ')}]`);
    }
    if (principal.kind === 'scheduleGroup') {
      const other = st.flatMap((s) => asArray(s.Action)).filter((a) => a !== 'states:StartExecution');
      if (other.length > 0) violations.push(`${who} may also ${other.join(', ')}`);
    }
  }
  return [...violations, ...keyPolicyViolations(template, manifest)];
}

interface KeyStatement {
  Effect: string;
  Principal?: { Service?: string | string[]; AWS?: unknown };
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * A service principal in a key policy acts for whoever configured it; without conditions any
 * account's resource could have the service use our key (the confused deputy). Every service
 * statement must name this account, and SNS's must name exactly the manifest's topics.
 */
function keyPolicyViolations(template: Template, manifest: Manifest): string[] {
  const violations: string[] = [];
  const topicRefs = Object.keys(manifest.topics).map((t) => JSON.stringify({ Ref: logicalIdOf(template, 'AWS::SNS::Topic', 'topics', t) }));
  for (const [keyId, key] of Object.entries(resourcesOfType(template, 'AWS::KMS::Key'))) {
    const statements = (key.Properties?.KeyPolicy as { Statement: KeyStatement[] }).Statement;
    for (const s of statements.filter((x) => x.Effect === 'Allow' && x.Principal?.Service !== undefined)) {
      for (const service of asArray(s.Principal!.Service!)) {
        const where = `key ${keyId} lets ${service}`;
        const account = s.Condition?.StringEquals?.['aws:SourceAccount'];
        if (JSON.stringify(account) !== JSON.stringify({ Ref: 'AWS::AccountId' })) violations.push(`${where} act for any account (no aws:SourceAccount)`);
        if (service !== 'sns.amazonaws.com') {
          violations.push(`${where} use it; only SNS (for its dead-letter queues) is expected`);
          continue;
        }
        const arns = asArray(s.Condition?.ArnEquals?.['aws:SourceArn'] ?? []).map((a) => JSON.stringify(a));
        if (!sameSet(arns, topicRefs)) violations.push(`${where} act for [${sorted(arns).join(', ')}], expected the topics [${sorted(topicRefs).join(', ')}]`);
      }
    }
  }
  return violations;
}
