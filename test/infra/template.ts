import { App, NestedStack, type CfnResource as CdkCfnResource, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MANIFEST_METADATA_KEY, type ManifestSection } from '#infra/constructs/manifest-metadata.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { InspectionStack } from '#infra/stack.ts';
import { flattenReference } from '#infra/nag/reviewed-wildcards.ts';

/** Helpers the infra tests share: synthesis without bundling, and lookups by manifest entry. */

export const STACK_NAME = 'Test';

export interface Synthesized {
  app: App;
  stack: InspectionStack;
  /** The whole application as one template: the parent and its nested stacks (`applicationTemplate`). */
  template: Template;
}

/** Builds the stack from a manifest. Bundling is skipped (assertion tests need no code). */
export function buildStack(manifest: Manifest, env?: { account?: string; region?: string }): { app: App; stack: InspectionStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return { app, stack: new InspectionStack(app, STACK_NAME, { manifest, ...(env && { env }) }) };
}

export function synthesize(manifest: Manifest): Synthesized {
  const built = buildStack(manifest);
  return { ...built, template: applicationTemplate(built.stack) };
}

interface CfnTemplate {
  Parameters?: Record<string, unknown>;
  Resources?: Record<string, CfnResource & { DependsOn?: string | string[] }>;
  Outputs?: Record<string, { Value: unknown }>;
  [section: string]: unknown;
}

/** The nested stacks whose parent is `stack`, by the logical id of their AWS::CloudFormation::Stack in it. */
export function nestedStacksOf(stack: Stack): Map<string, NestedStack> {
  const found = new Map<string, NestedStack>();
  for (const child of stack.node.findAll()) {
    if (NestedStack.isNestedStack(child) && child.nestedStackParent === stack) {
      found.set(stack.getLogicalId(child.nestedStackResource as CdkCfnResource), child);
    }
  }
  return found;
}

/** Each template of the deployment as synthesized: the stack's own, then its nested stacks' (recursively), by construct path. */
export function stackTemplates(stack: Stack): Map<string, Template> {
  const templates = new Map([[stack.node.path, Template.fromStack(stack)]]);
  for (const nested of nestedStacksOf(stack).values()) for (const [path, t] of stackTemplates(nested)) templates.set(path, t);
  return templates;
}

/**
 * The application as one template, as if it were still one stack, so that every check reads the
 * whole application whatever nested stack a resource was put in (infra/constructs/function-stacks.ts):
 * - the resources of the stack and of all its nested stacks (recursively), under their own
 *   logical ids (a collision throws); the AWS::CloudFormation::Stack resources themselves are left
 *   out, and so are DependsOn entries naming them;
 * - in a nested template, a `Ref` to one of its parameters is replaced by the expression the
 *   parent passes for that parameter;
 * - in a parent, `Fn::GetAtt [<nested stack>, Outputs.<name>]` is replaced by that output's value.
 * So `{ Ref: 'referencetoTestDataDomain…Ref' }` reads `{ Ref: 'DataDomain…' }` again, and a route's
 * integration URI reads `{ 'Fn::GetAtt': ['Function…', 'Arn'] }`. Any reference left pointing at
 * nothing in the result throws: the view is complete or it fails.
 */
export function applicationTemplate(stack: Stack): Template {
  const flat = flatten(stack, Template.fromStack(stack).toJSON() as CfnTemplate, {});
  const template: CfnTemplate = { ...(Template.fromStack(stack).toJSON() as CfnTemplate), Resources: flat.resources };
  if (template.Outputs) template.Outputs = substituteIn(template.Outputs, flat.substitute);
  const dangling = danglingReferences(template);
  if (dangling.length > 0) throw new Error(`the flattened template refers to what it does not hold: ${dangling.join(', ')}`);
  return Template.fromJSON(template);
}

interface Flattened {
  resources: Record<string, CfnResource>;
  outputs: Record<string, unknown>;
  substitute: (value: unknown) => unknown;
}

function flatten(stack: Stack, raw: CfnTemplate, parameterValues: Record<string, unknown>): Flattened {
  const children = nestedStacksOf(stack);
  const flattenedChildren = new Map<string, Flattened>();
  const child = (logicalId: string): Flattened => {
    let done = flattenedChildren.get(logicalId);
    if (!done) {
      const nested = children.get(logicalId)!;
      const passed = (raw.Resources?.[logicalId]?.Properties?.Parameters ?? {}) as Record<string, unknown>;
      done = flatten(nested, Template.fromStack(nested).toJSON() as CfnTemplate, substituteIn(passed, substitute));
      flattenedChildren.set(logicalId, done);
    }
    return done;
  };
  const substitute = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length !== 1) return undefined;
    if (typeof o.Ref === 'string' && o.Ref in parameterValues) return parameterValues[o.Ref];
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && children.has(getAtt[0])) {
      const output = /^Outputs\.(.+)$/.exec(String(getAtt[1]))?.[1];
      const outputs = child(getAtt[0]).outputs;
      if (output === undefined || !(output in outputs)) throw new Error(`${stack.node.path}: ${JSON.stringify(o)} names no output of the nested stack`);
      return outputs[output];
    }
    const sub = o['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) ? String(sub[0]) : undefined;
    const named = text === undefined ? undefined : Object.keys(parameterValues).find((p) => text.includes(`\${${p}}`));
    if (named) throw new Error(`${stack.node.path}: Fn::Sub names the parameter ${named}; the flattened view does not substitute inside Fn::Sub`);
    return undefined;
  };

  const resources: Record<string, CfnResource> = {};
  for (const [id, resource] of Object.entries(raw.Resources ?? {})) {
    if (children.has(id)) continue;
    const copy = substituteIn(resource, substitute) as CfnResource & { DependsOn?: string | string[] };
    if (copy.DependsOn !== undefined) {
      const kept = asArray(copy.DependsOn).filter((d) => !children.has(d));
      if (kept.length > 0) copy.DependsOn = kept;
      else delete copy.DependsOn;
    }
    resources[id] = copy;
  }
  for (const id of children.keys()) {
    for (const [nestedId, resource] of Object.entries(child(id).resources)) {
      if (nestedId in resources) throw new Error(`logical id ${nestedId} is used in ${stack.node.path} and in its nested stack ${children.get(id)!.node.path}`);
      resources[nestedId] = resource;
    }
  }
  const outputs = Object.fromEntries(Object.entries(raw.Outputs ?? {}).map(([name, o]) => [name, substituteIn(o.Value, substitute)]));
  return { resources, outputs, substitute };
}

/** A deep copy of `value` in which every object `replace` returns something for is replaced by it. */
function substituteIn<T>(value: T, replace: (v: unknown) => unknown): T {
  const walk = (v: unknown): unknown => {
    const replaced = replace(v);
    if (replaced !== undefined) return structuredClone(replaced);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** `Ref`s and `Fn::GetAtt`s of a template whose target is neither a resource, a parameter nor a pseudo parameter. */
function danglingReferences(template: CfnTemplate): string[] {
  const known = new Set([...Object.keys(template.Resources ?? {}), ...Object.keys(template.Parameters ?? {})]);
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string' && !o.Ref.startsWith('AWS::') && !known.has(o.Ref)) found.add(`Ref ${o.Ref}`);
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && !known.has(getAtt[0])) found.add(`GetAtt ${getAtt[0]}`);
    Object.values(o).forEach(walk);
  };
  walk(template.Resources);
  walk(template.Outputs);
  return [...found];
}

/** A copy of a synthesized template changed by `mutate`: how a test proves a checker can fail. */
export function tamperedTemplate(template: Template, mutate: (resources: Record<string, CfnResource>) => void): Template {
  const json = structuredClone(template.toJSON()) as { Resources: Record<string, CfnResource> };
  mutate(json.Resources);
  return Template.fromJSON(json);
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export const resourcesOfType = (template: Template, type: string): Record<string, CfnResource> =>
  template.findResources(type) as Record<string, CfnResource>;

/** Resources of one type by the manifest entry they were generated from; `undefined` key = from none. */
export function byManifestEntry(template: Template, type: string, section: ManifestSection): Map<string | undefined, string[]> {
  const found = new Map<string | undefined, string[]>();
  for (const [logicalId, resource] of Object.entries(resourcesOfType(template, type))) {
    const tag = resource.Metadata?.[MANIFEST_METADATA_KEY];
    const key = typeof tag === 'string' && tag.startsWith(`${section}/`) ? tag.slice(section.length + 1) : undefined;
    found.set(key, [...(found.get(key) ?? []), logicalId]);
  }
  return found;
}

/** The one logical id generated from a manifest entry (throws when missing or duplicated). */
export function logicalIdOf(template: Template, type: string, section: ManifestSection, key: string): string {
  const ids = byManifestEntry(template, type, section).get(key) ?? [];
  if (ids.length !== 1) throw new Error(`expected one ${type} for ${section}/${key}, found ${ids.length}`);
  return ids[0]!;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** Every Allow statement attached (through AWS::IAM::Policy) to a role, by the role's logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((p) => asArray(p.Properties?.Roles as unknown[]).some((r) => (r as { Ref?: string }).Ref === roleLogicalId))
    .flatMap((p) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow');
}

/** All roles with their statements, so a rule can be checked for every principal in the stack. */
export function allRoles(template: Template): Array<{ roleId: string; service: string; statements: Statement[] }> {
  return Object.entries(resourcesOfType(template, 'AWS::IAM::Role')).map(([roleId, role]) => {
    const trust = role.Properties?.AssumeRolePolicyDocument as { Statement: Array<{ Principal?: { Service?: string } }> };
    return { roleId, service: trust.Statement[0]?.Principal?.Service ?? '', statements: statementsOfRole(template, roleId) };
  });
}

/** The role of the function generated from a manifest function entry. */
export function roleOfFunction(template: Template, fn: string): string {
  const id = logicalIdOf(template, 'AWS::Lambda::Function', 'functions', fn);
  const role = resourcesOfType(template, 'AWS::Lambda::Function')[id]!.Properties?.Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

/** Resources a role may do `action` on, flattened to strings (`<LogicalId.Arn>`, `arn:<AWS::Partition>:...`). */
export function resourcesFor(statements: Statement[], action: string): string[] {
  return statements
    .filter((s) => asArray(s.Action).includes(action))
    .flatMap((s) => asArray(s.Resource))
    .map(flattenReference);
}

export const stateMachineArnSuffix = (name: string) => `:stateMachine:${STACK_NAME}-${name}`;
