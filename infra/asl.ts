import aslValidator from 'asl-validator';
import type { ResourceRef, StateMachineSpec } from './manifest-types.ts';

/**
 * What the CDK app needs to know about a workflow definition, read from the ASL itself: which
 * `${Placeholder}`s it uses, whether it is valid, and which resources its Task states call. The
 * state machine's IAM role is derived from the last, so a role can never drift from its
 * definition. Pure functions over the ASL text: no CDK import, usable by tests and tools.
 */

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** Every `${Name}` the definition text uses, sorted. */
export function placeholdersIn(definitionText: string): string[] {
  return [...new Set([...definitionText.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))].sort();
}

/** A placeholder without a substitution fails at run time; a substitution nobody uses is stale. */
export function substitutionProblems(name: string, spec: StateMachineSpec, definitionText: string): string[] {
  const used = new Set(placeholdersIn(definitionText));
  const declared = new Set(Object.keys(spec.substitutions));
  return [
    ...[...used].filter((p) => !declared.has(p)).map((p) => `${name}: \${${p}} in ${spec.definition} has no substitution in the manifest`),
    ...[...declared].filter((p) => !used.has(p)).map((p) => `${name}: substitution '${p}' is not used by ${spec.definition}`),
  ];
}

/** A value of the right shape for each reference: tables are substituted by name, the rest by ARN. */
export function sampleSubstitution(ref: ResourceRef, placeholder: string): string {
  const arn = (service: string, resource: string) => `arn:aws:${service}:eu-central-1:123456789012:${resource}`;
  if ('function' in ref) return arn('lambda', `function:${placeholder}`);
  if ('topic' in ref) return arn('sns', placeholder);
  if ('stateMachine' in ref) return arn('states', `stateMachine:${placeholder}`);
  return placeholder;
}

export function substitute(definitionText: string, values: Record<string, string>): string {
  return definitionText.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** asl-validator's findings for the definition, with sample values in place of the placeholders. */
export function aslProblems(name: string, spec: StateMachineSpec, definitionText: string): string[] {
  const samples = Object.fromEntries(
    Object.entries(spec.substitutions).map(([p, ref]) => [p, sampleSubstitution(ref, p)]),
  );
  let definition: unknown;
  try {
    definition = JSON.parse(substitute(definitionText, samples));
  } catch (error) {
    return [`${name}: ${spec.definition} is not JSON: ${(error as Error).message}`];
  }
  const result = aslValidator(definition, { checkPaths: true, checkArn: true });
  return result.isValid ? [] : result.errors.map((e) => `${name}: ${e['Error code']}: ${e.Message}`);
}

/** What a workflow's Task states call, which is exactly what its role may do. */
export interface WorkflowAccess {
  invokes: string[];
  publishes: string[];
  /** IAM actions per table, e.g. `{ Domain: ['dynamodb:UpdateItem'] }`. */
  tableActions: Record<string, string[]>;
  starts: Array<{ stateMachine: string; sync: boolean }>;
  /** True when a task waits for a callback, so task-completing functions need rights on it. */
  waitsForTaskToken: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every Task state, including those inside Parallel branches and Map processors. */
export function taskStates(definition: unknown): Array<{ name: string; state: Json }> {
  const found: Array<{ name: string; state: Json }> = [];
  const visitMachine = (machine: unknown) => {
    if (!isObject(machine) || !isObject(machine.States)) return;
    for (const [name, state] of Object.entries(machine.States)) {
      if (!isObject(state)) continue;
      if (state.Type === 'Task') found.push({ name, state });
      if (Array.isArray(state.Branches)) state.Branches.forEach(visitMachine);
      visitMachine(state.ItemProcessor);
      visitMachine(state.Iterator);
    }
  };
  visitMachine(definition);
  return found;
}

const INTEGRATION =
  /^arn:aws[a-z-]*:states:::(?:aws-sdk:)?(?<service>[a-z0-9-]+):(?<action>[A-Za-z0-9]+)(?:\.(?<pattern>sync(?::2)?|waitForTaskToken))?$/;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Reads each Task's `Resource` and the placeholders in its `Resource`/`Arguments`/`Parameters`,
 * and turns them into the calls the task makes. A placeholder passed along as data (a table name
 * in a Lambda payload, say) grants nothing. An integration this function does not know fails
 * synthesis rather than deploying a role that cannot do its job.
 */
export function workflowAccess(name: string, spec: StateMachineSpec, definitionText: string): WorkflowAccess {
  const definition: unknown = JSON.parse(definitionText);
  const invokes = new Set<string>();
  const publishes = new Set<string>();
  const tableActions = new Map<string, Set<string>>();
  const starts = new Map<string, boolean>();
  let waitsForTaskToken = false;

  for (const { name: stateName, state } of taskStates(definition)) {
    const where = `${name}: task '${stateName}' in ${spec.definition}`;
    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    const refs = placeholdersIn(JSON.stringify([state.Resource, state.Arguments, state.Parameters]))
      .map((p) => spec.substitutions[p])
      .filter((r): r is ResourceRef => r !== undefined);
    const named = <K extends 'function' | 'topic' | 'table' | 'stateMachine'>(kind: K): string[] => {
      const names = refs.flatMap((r) => (kind in r ? [(r as Record<K, string>)[kind]] : []));
      if (names.length === 0) throw new Error(`${where} calls ${resource} but names no ${kind} through a placeholder`);
      return names;
    };

    const direct = /^\$\{([A-Za-z0-9_]+)\}$/.exec(resource);
    if (direct) {
      named('function').forEach((f) => invokes.add(f));
      continue;
    }
    const match = INTEGRATION.exec(resource)?.groups;
    if (!match) throw new Error(`${where} has Resource '${resource}', which is not a service integration infra/asl.ts knows`);
    const { service, action, pattern } = match as { service: string; action: string; pattern?: string };
    if (pattern === 'waitForTaskToken') waitsForTaskToken = true;

    if (service === 'lambda' && action === 'invoke') named('function').forEach((f) => invokes.add(f));
    else if (service === 'sns' && action === 'publish') named('topic').forEach((t) => publishes.add(t));
    else if (service === 'dynamodb') {
      for (const table of named('table')) {
        const actions = tableActions.get(table) ?? new Set<string>();
        actions.add(`dynamodb:${capitalise(action)}`);
        tableActions.set(table, actions);
      }
    } else if ((service === 'states' || service === 'sfn') && action === 'startExecution') {
      const sync = pattern?.startsWith('sync') ?? false;
      named('stateMachine').forEach((sm) => starts.set(sm, (starts.get(sm) ?? false) || sync));
    } else {
      throw new Error(`${where} uses ${service}:${action}; add how to grant it to workflowAccess in infra/asl.ts`);
    }
  }

  return {
    invokes: [...invokes].sort(),
    publishes: [...publishes].sort(),
    tableActions: Object.fromEntries([...tableActions].map(([t, a]) => [t, [...a].sort()])),
    starts: [...starts].map(([stateMachine, sync]) => ({ stateMachine, sync })),
    waitsForTaskToken,
  };
}
