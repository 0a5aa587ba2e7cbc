import { ENV } from '../shared/config/environment.ts';
import type { Grant, Manifest, ResourceRef } from './manifest-types.ts';

/**
 * Every name the manifest uses must point at something it declares, and the idempotency store
 * is granted the delete its library needs. Both the CDK app and the local cloud call this before
 * building anything, so a dangling reference or a short grant fails fast in both.
 */
export function manifestProblems(m: Manifest): string[] {
  const problems: string[] = [];
  const need = (kind: keyof Manifest, name: string, where: string) => {
    const declared = m[kind] as Record<string, unknown>;
    if (!(name in declared)) problems.push(`${where} names ${kind} '${name}', which is not declared`);
  };
  const grantTarget = (grant: Grant, where: string) => {
    if ('table' in grant) need('tables', grant.table, where);
    if ('stateMachine' in grant) need('stateMachines', grant.stateMachine, where);
    if ('topic' in grant) need('topics', grant.topic, where);
    if ('scheduleGroup' in grant) need('scheduleGroups', grant.scheduleGroup, where);
  };
  const refTarget = (ref: ResourceRef, where: string) => {
    if ('function' in ref) need('functions', ref.function, where);
    if ('table' in ref) need('tables', ref.table, where);
    if ('topic' in ref) need('topics', ref.topic, where);
    if ('stateMachine' in ref) need('stateMachines', ref.stateMachine, where);
  };

  for (const [name, fn] of Object.entries(m.functions)) {
    fn.grants.forEach((g) => grantTarget(g, `function '${name}'`));
    for (const g of fn.grants) {
      // The table behind ENV.idempotencyTable (shared/http/idempotency.ts) is Powertools
      // Idempotency's store, which reads, writes and deletes records.
      if ('table' in g && m.tables[g.table]?.envVar === ENV.idempotencyTable && g.access !== 'readWriteDelete') {
        problems.push(
          `function '${name}' has '${g.access}' on the idempotency table '${g.table}'; Powertools deletes the record of a failed call, so it needs 'readWriteDelete'`,
        );
      }
    }
  }
  const seenRoutes = new Set<string>();
  for (const route of m.routes) {
    const key = `${route.method} ${route.path}`;
    if (seenRoutes.has(key)) problems.push(`route '${key}' is declared twice`);
    seenRoutes.add(key);
    need('functions', route.function, `route '${key}'`);
  }
  for (const [name, topic] of Object.entries(m.topics)) {
    topic.subscriptions.forEach((s) => need('functions', s.function, `topic '${name}'`));
  }
  for (const [name, sm] of Object.entries(m.stateMachines)) {
    Object.entries(sm.substitutions).forEach(([placeholder, ref]) =>
      refTarget(ref, `state machine '${name}' placeholder '${placeholder}'`),
    );
  }
  for (const [name, group] of Object.entries(m.scheduleGroups)) {
    group.targets.forEach((t) => need('stateMachines', t.stateMachine, `schedule group '${name}'`));
  }
  for (const [name, recurring] of Object.entries(m.recurring ?? {})) {
    need('functions', recurring.function, `recurring '${name}'`);
    if (!Number.isInteger(recurring.everyMinutes) || recurring.everyMinutes < 1) problems.push(`recurring '${name}' must run every whole number of minutes`);
  }
  return problems;
}

export function assertManifest(m: Manifest): void {
  const problems = manifestProblems(m);
  if (problems.length > 0) throw new Error(`The manifest is inconsistent:\n- ${problems.join('\n- ')}`);
}
