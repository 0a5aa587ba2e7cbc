import { ENV } from '../shared/config/environment.ts';
import type { Grant, Manifest, ScheduleGroupSpec } from './manifest-types.ts';

/**
 * Which environment variables a function gets: one per resource it is granted, and nothing for
 * resources it is not. The values differ between AWS (CDK tokens) and the local cloud (local
 * names and ARNs), so the caller supplies them; the names and the set are decided here, once.
 */
export interface ResourceValues {
  tableName(table: string): string;
  topicArn(topic: string): string;
  stateMachineArn(stateMachine: string): string;
  scheduleGroupName(group: string): string;
  scheduleRoleArn(group: string): string;
  /** Issuer URL and audience of the bearer tokens the API accepts. */
  tokenIssuer(): { issuer: string; audience: string };
  keyArn(key: string): string;
}

export const scheduleRoleEnvVar = (group: ScheduleGroupSpec): string => group.roleArnEnvVar ?? `${group.envVar}_ROLE_ARN`;

function grantEnvironment(m: Manifest, grant: Grant, values: ResourceValues): Array<[string, string]> {
  if ('table' in grant) return [[m.tables[grant.table]!.envVar, values.tableName(grant.table)]];
  if ('topic' in grant) return [[m.topics[grant.topic]!.envVar, values.topicArn(grant.topic)]];
  if ('stateMachine' in grant) {
    return [[m.stateMachines[grant.stateMachine]!.envVar, values.stateMachineArn(grant.stateMachine)]];
  }
  if ('scheduleGroup' in grant) {
    const group = m.scheduleGroups[grant.scheduleGroup]!;
    // A function that creates schedules names their target and the role they run as.
    return [
      [group.envVar, values.scheduleGroupName(grant.scheduleGroup)],
      [scheduleRoleEnvVar(group), values.scheduleRoleArn(grant.scheduleGroup)],
      ...group.targets.map(
        (t): [string, string] => [m.stateMachines[t.stateMachine]!.envVar, values.stateMachineArn(t.stateMachine)],
      ),
    ];
  }
  if ('key' in grant) return [[m.keys![grant.key]!.envVar, values.keyArn(grant.key)]];
  if ('signingKeys' in grant) {
    // Functions granted `signingKeys: 'read'` verify tokens themselves and need these two.
    const { issuer, audience } = values.tokenIssuer();
    return [
      [ENV.tokenIssuer, issuer],
      [ENV.tokenAudience, audience],
    ];
  }
  return []; // taskTokens: the token itself names the execution; subscription ARNs come from the data
}

/**
 * The resource environment of one function plus its manifest `environment`. Two sources setting
 * one name to different values is a manifest mistake and throws.
 */
export function functionEnvironment(m: Manifest, functionName: string, values: ResourceValues): Record<string, string> {
  const fn = m.functions[functionName];
  if (!fn) throw new Error(`function '${functionName}' is not declared in the manifest`);
  const env: Record<string, string> = {};
  const entries = [...fn.grants.flatMap((g) => grantEnvironment(m, g, values)), ...Object.entries(fn.environment ?? {})];
  for (const [name, value] of entries) {
    if (name in env && env[name] !== value) {
      throw new Error(`function '${functionName}' gets environment variable ${name} from two sources`);
    }
    env[name] = value;
  }
  return env;
}
