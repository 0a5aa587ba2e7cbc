import { isObject, type StateMachineDefinition } from './asl-types.ts';
import { parseResource } from './resources.ts';

/**
 * What an EXPRESS state machine may not contain, in AWS's words (AWS-recorded in LocalStack's
 * tests/aws/services/stepfunctions/v2/test_sfn_api_express.snapshot.json, test_illegal_callbacks
 * and test_illegal_activity_task): callbacks, `.sync` runs and activities. Returns the first
 * violation as `message at /path`, or undefined.
 */
export function expressRestriction(definition: StateMachineDefinition): string | undefined {
  return scan(definition as unknown as Record<string, unknown>, '');
}

function scan(scope: Record<string, unknown>, path: string): string | undefined {
  const states = scope.States;
  if (!isObject(states)) return undefined;
  for (const [name, raw] of Object.entries(states as Record<string, unknown>)) {
    if (!isObject(raw)) continue;
    const state = raw as Record<string, unknown>;
    const at = `${path}/States/${name}`;
    if (state.Type === 'Task' && typeof state.Resource === 'string') {
      const resource = state.Resource;
      // AWS's text has two spaces before "at" for this one.
      if (resource.endsWith('.waitForTaskToken')) return `Express state machine does not support '.waitForTaskToken' service integration  at ${at}/Resource`;
      if (/\.sync(:2)?$/.test(resource)) return `Express state machine does not support '.sync' service integration at ${at}/Resource`;
      const parsed = parseResource(resource);
      if (typeof parsed !== 'string' && parsed.kind === 'activity') return `Express state machine does not support Activity ARN at ${at}/Resource`;
    }
    if (Array.isArray(state.Branches)) {
      for (const [i, branch] of state.Branches.entries()) {
        const found = isObject(branch) ? scan(branch as Record<string, unknown>, `${at}/Branches[${i}]`) : undefined;
        if (found) return found;
      }
    }
    for (const field of ['ItemProcessor', 'Iterator']) {
      const inner = state[field];
      const found = isObject(inner) ? scan(inner as Record<string, unknown>, `${at}/${field}`) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}
