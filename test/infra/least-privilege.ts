import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { workflowAccess, type WorkflowAccess } from '#infra/asl.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { REPO_ROOT } from '#infra/stack.ts';
import {
  allRoles,
  asArray,
  logicalIdOf,
  resourcesFor,
  resourcesOfType,
  roleOfFunction,
  STACK_NAME,
  type Statement,
} from './template.ts';

/**
 * The least-privilege rules, written over the manifest rather than over today's entries:
 * - a principal may StartExecution a state machine iff it is a function with a `start` grant on
 *   it, a state machine whose definition starts it, or the Scheduler role of a group targeting it;
 * - only functions with `{ taskTokens: 'complete' }` may SendTaskSuccess/SendTaskFailure, and only
 *   on workflows that wait for a token;
 * - tables, topics, functions and schedule groups are reachable exactly as granted;
 * - no principal has "*" as the resource of a DynamoDB or Step Functions action.
 * `leastPrivilegeViolations` returns every breach, so a test can also prove it catches one.
 */

type Principal = { kind: 'function' | 'stateMachine' | 'scheduleGroup'; name: string };

interface Rights {
  starts: string[];
  answersTasks: string[];
  tables: string[];
  invokes: string[];
  publishes: string[];
  subscribes: string[];
  scheduleGroups: string[];
}

export function accessOf(manifest: Manifest): Record<string, WorkflowAccess> {
  return Object.fromEntries(
    Object.entries(manifest.stateMachines).map(([name, spec]) => [
      name,
      workflowAccess(name, spec, readFileSync(join(REPO_ROOT, spec.definition), 'utf8')),
    ]),
  );
}

function expectedRights(manifest: Manifest, access: Record<string, WorkflowAccess>, p: Principal): Rights {
  const none: Rights = { starts: [], answersTasks: [], tables: [], invokes: [], publishes: [], subscribes: [], scheduleGroups: [] };
  if (p.kind === 'function') {
    const grants = manifest.functions[p.name]!.grants;
    const waiting = Object.keys(access).filter((sm) => access[sm]!.waitsForTaskToken);
    return {
      ...none,
      starts: grants.flatMap((g) => ('stateMachine' in g && g.actions.includes('start') ? [g.stateMachine] : [])),
      answersTasks: grants.some((g) => 'taskTokens' in g) ? waiting : [],
      tables: grants.flatMap((g) => ('table' in g ? [g.table] : [])),
      publishes: grants.flatMap((g) => ('topic' in g && g.access === 'publish' ? [g.topic] : [])),
      subscribes: grants.flatMap((g) => ('topic' in g && g.access === 'subscribe' ? [g.topic] : [])),
      scheduleGroups: grants.flatMap((g) => ('scheduleGroup' in g ? [g.scheduleGroup] : [])),
    };
  }
  if (p.kind === 'stateMachine') {
    const a = access[p.name]!;
    return {
      ...none,
      starts: a.starts.map((s) => s.stateMachine),
      tables: Object.keys(a.tableActions),
      invokes: a.invokes,
      publishes: a.publishes,
    };
  }
  return { ...none, starts: manifest.scheduleGroups[p.name]!.targets.map((t) => t.stateMachine) };
}

const sameSet = (a: string[], b: string[]) => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

export function leastPrivilegeViolations(template: Template, manifest: Manifest): string[] {
  const violations: string[] = [];
  const access = accessOf(manifest);

  // Who is who: every role in the stack must belong to a manifest function, workflow or schedule group.
  const principals = new Map<string, Principal>();
  for (const name of Object.keys(manifest.functions)) principals.set(roleOfFunction(template, name), { kind: 'function', name });
  for (const name of Object.keys(manifest.stateMachines)) {
    const id = logicalIdOf(template, 'AWS::StepFunctions::StateMachine', 'stateMachines', name);
    const roleArn = resourcesOfType(template, 'AWS::StepFunctions::StateMachine')[id]!.Properties?.RoleArn as {
      'Fn::GetAtt': [string, string];
    };
    principals.set(roleArn['Fn::GetAtt'][0], { kind: 'stateMachine', name });
  }
  const roles = allRoles(template);
  for (const role of roles.filter((r) => r.service === 'scheduler.amazonaws.com')) {
    const description = String(resourcesOfType(template, 'AWS::IAM::Role')[role.roleId]!.Properties?.Description ?? '');
    const group = /in the (\S+) schedule group/.exec(description)?.[1];
    if (group && group in manifest.scheduleGroups) principals.set(role.roleId, { kind: 'scheduleGroup', name: group });
  }

  const ids = (type: string, section: Parameters<typeof logicalIdOf>[2], names: string[]) =>
    new Map(names.map((n) => [logicalIdOf(template, type, section, n), n]));
  const tableIds = ids('AWS::DynamoDB::Table', 'tables', Object.keys(manifest.tables));
  const topicIds = ids('AWS::SNS::Topic', 'topics', Object.keys(manifest.topics));
  const functionIds = ids('AWS::Lambda::Function', 'functions', Object.keys(manifest.functions));
  const groupNames = new Map(
    Object.keys(manifest.scheduleGroups).map((g) => {
      const id = logicalIdOf(template, 'AWS::Scheduler::ScheduleGroup', 'scheduleGroups', g);
      return [String(resourcesOfType(template, 'AWS::Scheduler::ScheduleGroup')[id]!.Properties?.Name), g];
    }),
  );
  const stateMachineOf = (resource: string) => /:stateMachine:([^:]+)$/.exec(resource)?.[1]?.slice(STACK_NAME.length + 1);
  const logicalOf = (resource: string) => /^<([A-Za-z0-9]+)(\.Arn)?>/.exec(resource)?.[1] ?? '';

  for (const role of roles) {
    const principal = principals.get(role.roleId);
    if (!principal) {
      violations.push(`role ${role.roleId} (${role.service}) belongs to no manifest entry`);
      continue;
    }
    const who = `${principal.kind} '${principal.name}'`;
    const expected = expectedRights(manifest, access, principal);
    const st: Statement[] = role.statements;
    const actual = (action: string, name: (r: string) => string | undefined) =>
      resourcesFor(st, action).map((r) => name(r) ?? `unknown resource ${r}`);
    const check = (what: string, got: string[], want: string[]) => {
      if (!sameSet(got, want)) violations.push(`${who} ${what} [${[...new Set(got)].sort()}], expected [${[...want].sort()}]`);
    };

    for (const s of st) {
      const actions = asArray(s.Action);
      if (actions.some((a) => a.startsWith('dynamodb:') || a.startsWith('states:')) && asArray(s.Resource).includes('*')) {
        violations.push(`${who} has "*" as the resource of ${actions.join(', ')}`);
      }
    }
    check('may start', actual('states:StartExecution', stateMachineOf), expected.starts);
    for (const answer of ['states:SendTaskSuccess', 'states:SendTaskFailure']) {
      check(`may ${answer}`, actual(answer, stateMachineOf), expected.answersTasks);
    }
    const tableActions = [...new Set(st.flatMap((s) => asArray(s.Action)).filter((a) => a.startsWith('dynamodb:')))];
    check(
      'may use tables',
      tableActions.flatMap((a) => actual(a, (r) => tableIds.get(logicalOf(r)))),
      expected.tables,
    );
    check('may invoke', actual('lambda:InvokeFunction', (r) => functionIds.get(logicalOf(r))), expected.invokes);
    check('may publish to', actual('sns:Publish', (r) => topicIds.get(logicalOf(r))), expected.publishes);
    check('may subscribe to', actual('sns:Subscribe', (r) => topicIds.get(logicalOf(r))), expected.subscribes);
    const schedulerActions = [...new Set(st.flatMap((s) => asArray(s.Action)).filter((a) => a.startsWith('scheduler:')))];
    check(
      'may manage schedules of',
      schedulerActions.flatMap((a) => actual(a, (r) => groupNames.get(/:schedule\/([^/]+)\/\*$/.exec(r)?.[1] ?? ''))),
      expected.scheduleGroups,
    );
    check(
      'may pass the Scheduler role of',
      actual('iam:PassRole', (r) => {
        const owner = principals.get(logicalOf(r));
        return owner?.kind === 'scheduleGroup' ? owner.name : undefined;
      }),
      expected.scheduleGroups,
    );
    if (principal.kind === 'scheduleGroup') {
      const other = st.flatMap((s) => asArray(s.Action)).filter((a) => a !== 'states:StartExecution');
      if (other.length > 0) violations.push(`${who} may also ${other.join(', ')}`);
    }
  }
  return violations;
}
