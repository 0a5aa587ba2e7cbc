import { App } from 'aws-cdk-lib';
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
  template: Template;
}

/** Builds the stack from a manifest. Bundling is skipped (assertion tests need no code). */
export function buildStack(manifest: Manifest): { app: App; stack: InspectionStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return { app, stack: new InspectionStack(app, STACK_NAME, { manifest }) };
}

export function synthesize(manifest: Manifest): Synthesized {
  const built = buildStack(manifest);
  return { ...built, template: Template.fromStack(built.stack) };
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
