import { posix } from 'node:path';
import { NestedStack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FunctionSpec } from '../manifest-types.ts';

/**
 * How many nested stacks the functions of one handler folder are spread over. Fixed: changing it
 * moves functions between nested stacks, and a function that moves is replaced on deploy (a new
 * function, a new role, a new log group; the old log group is retained).
 *
 * Sized for growth: a function takes 4 resources in its nested stack (function, role, policy, log
 * group), its HTTP route 3 more (route, integration, invoke permission), a topic subscriber 3 more
 * (subscription, its invoke permission, async-invoke config), and the parent reads at most 2
 * outputs of it (ARN, name). With 12 buckets and every function and route doubled, the fullest
 * nested stack stays under 200 resources, far under CloudFormation's 500 resources and 200
 * parameters or outputs per template (test/infra/function-stacks.test.ts).
 */
export const FUNCTION_STACK_BUCKETS = 12;

/** FNV-1a, 32 bits, over the UTF-16 code units of `text`: stable across machines, versions and runs. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The folder a handler lives in (`functions/api/file-consignment.ts` → `api`), as a construct-id-safe word. */
export function handlerFolder(entry: string): string {
  const folder = posix.basename(posix.dirname(entry.replace(/\\/g, '/')));
  return folder.replace(/[^A-Za-z0-9]/g, '') || 'root';
}

/**
 * The nested stack a manifest function lives in: `Functions-<handler folder>-<bucket>`, where the
 * bucket is the FNV-1a hash of the function's manifest name modulo FUNCTION_STACK_BUCKETS.
 *
 * It depends on nothing but the function's own name and entry folder, so adding or removing other
 * functions never moves a function to another nested stack (which would replace it). Renaming a
 * function, or moving its handler to another folder, does move it: both already replace it.
 */
export function functionStackId(name: string, spec: Pick<FunctionSpec, 'entry'>): string {
  return `Functions-${handlerFolder(spec.entry)}-${fnv1a(name) % FUNCTION_STACK_BUCKETS}`;
}

/**
 * The nested stacks that hold the manifest functions (each with its role, policy, log group, its
 * HTTP route with the route's integration and invoke permission and, for a topic subscriber, its
 * subscription, invoke permission and async-invoke config). Shared resources (tables, topics,
 * keys, queues, state machines, the HTTP API and its stage, schedules, alarms, dashboard) stay in
 * the parent; CDK turns each reference between them into a nested-stack parameter or output.
 */
export class FunctionStacks {
  readonly stacks: Record<string, NestedStack> = {};

  constructor(private readonly scope: Construct) {}

  /** The nested stack of one function, created the first time a function of its bucket asks. */
  stackFor(name: string, spec: FunctionSpec): NestedStack {
    const id = functionStackId(name, spec);
    this.stacks[id] ??= new NestedStack(this.scope, id, {
      description: `Manifest functions of ${id.replace(/^Functions-/, 'handler folder ').replace(/-(\d+)$/, ', bucket $1')} (infra/constructs/function-stacks.ts)`,
    });
    return this.stacks[id];
  }
}
