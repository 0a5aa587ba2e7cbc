import { ENV } from '../shared/config/environment.ts';
import type { Grant, Manifest, ResourceRef, RouteThrottle } from './manifest-types.ts';

/**
 * Every name the manifest uses must point at something it declares, and the idempotency store
 * is granted the delete its library needs. Both the CDK app and the local cloud call this before
 * building anything, so a dangling reference or a short grant fails fast in both.
 */
export function manifestProblems(m: Manifest): string[] {
  const problems: string[] = [];
  const need = (kind: keyof Manifest, name: string, where: string) => {
    const declared = (m[kind] ?? {}) as Record<string, unknown>;
    if (!(name in declared)) problems.push(`${where} names ${kind} '${name}', which is not declared`);
  };
  const grantTarget = (grant: Grant, where: string) => {
    if ('table' in grant) need('tables', grant.table, where);
    if ('stateMachine' in grant) need('stateMachines', grant.stateMachine, where);
    if ('topic' in grant) need('topics', grant.topic, where);
    if ('scheduleGroup' in grant) need('scheduleGroups', grant.scheduleGroup, where);
    if ('key' in grant) need('keys', grant.key, where);
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
    if (route.throttle) problems.push(...throttleProblems(route.throttle, `route '${key}'`));
  }
  for (const [name, key] of Object.entries(m.keys ?? {})) {
    // The local KMS and the stack both build exactly this kind of key; the type says so, this
    // catches a manifest assembled at run time.
    if (key.spec !== 'ECC_NIST_P256' || key.usage !== 'SIGN_VERIFY') problems.push(`key '${name}' must be an ECC_NIST_P256 SIGN_VERIFY key`);
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

/**
 * API Gateway's bounds for a route's throttle: the rate is a positive number of requests per
 * second and the burst a whole number of requests, both within the account's default quotas
 * (10,000 per second, burst 5,000). A zero would shut the route, which a manifest route never means.
 */
function throttleProblems(throttle: RouteThrottle, where: string): string[] {
  const problems: string[] = [];
  if (!(throttle.ratePerSecond > 0 && throttle.ratePerSecond <= 10_000)) problems.push(`${where} throttle ratePerSecond must be above 0 and at most 10000`);
  if (!(Number.isInteger(throttle.burst) && throttle.burst >= 1 && throttle.burst <= 5_000)) problems.push(`${where} throttle burst must be a whole number from 1 to 5000`);
  return problems;
}

export function assertManifest(m: Manifest): void {
  const problems = manifestProblems(m);
  if (problems.length > 0) throw new Error(`The manifest is inconsistent:\n- ${problems.join('\n- ')}`);
}
