import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_STACK_BUCKETS, fnv1a, functionStackId, handlerFolder } from '#infra/constructs/function-stacks.ts';
import { manifest } from '#infra/manifest.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { InspectionStack } from '#infra/stack.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { buildStack, byManifestEntry, resourcesOfType, STACK_NAME, stackTemplates } from './template.ts';

/**
 * The functions live in nested stacks (infra/constructs/function-stacks.ts) so that no template
 * reaches CloudFormation's limits: 500 resources, 200 parameters and 200 outputs per template.
 * The guards here keep headroom: at most 400 resources in the parent, 200 in a nested stack, and
 * half the parameter and output limits, so the application can grow without a surprise at deploy.
 */
const LIMITS = { parentResources: 400, nestedResources: 200, parameters: 100, outputs: 100 } as const;

const counts = (template: Template) => {
  const json = template.toJSON() as { Resources?: object; Parameters?: object; Outputs?: object };
  return {
    resources: Object.keys(json.Resources ?? {}).length,
    parameters: Object.keys(json.Parameters ?? {}).length,
    outputs: Object.keys(json.Outputs ?? {}).length,
  };
};

/** Where each manifest function ended up: the construct path of its stack and its logical id there. */
function functionLocations(templates: Map<string, Template>): Map<string, { stack: string; logicalId: string }> {
  const found = new Map<string, { stack: string; logicalId: string }>();
  for (const [stack, template] of templates) {
    for (const [name, ids] of byManifestEntry(template, 'AWS::Lambda::Function', 'functions')) {
      if (name === undefined) continue;
      if (found.has(name) || ids.length !== 1) throw new Error(`function ${name} is synthesized more than once`);
      found.set(name, { stack, logicalId: ids[0]! });
    }
  }
  return found;
}

describe.each([
  ['the application manifest', manifest],
  ['the fixture manifest', fixtureManifest],
])('the stacks built from %s', (_, m) => {
  const { stack } = buildStack(m);
  const templates = stackTemplates(stack);

  it('stay well under the CloudFormation limits: the parent and every nested stack', () => {
    const parent = templates.get(STACK_NAME)!;
    expect(templates.size).toBeGreaterThan(1);
    expect(counts(parent).resources).toBeLessThanOrEqual(LIMITS.parentResources);
    for (const [path, template] of templates) {
      const { resources, parameters, outputs } = counts(template);
      if (path !== STACK_NAME) expect(resources, path).toBeLessThanOrEqual(LIMITS.nestedResources);
      expect(parameters, path).toBeLessThanOrEqual(LIMITS.parameters);
      expect(outputs, path).toBeLessThanOrEqual(LIMITS.outputs);
    }
  });

  it('put every function, with its role, policy and log group, in the nested stack its name and folder choose, and none in the parent', () => {
    const locations = functionLocations(templates);
    expect([...locations.keys()].sort()).toEqual(Object.keys(m.functions).sort());
    for (const [name, spec] of Object.entries(m.functions)) {
      const { stack: path, logicalId } = locations.get(name)!;
      expect(path, name).toBe(`${STACK_NAME}/${functionStackId(name, spec)}`);
      const template = templates.get(path)!;
      const fn = resourcesOfType(template, 'AWS::Lambda::Function')[logicalId]!;
      const roleId = (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const logGroupId = (fn.Properties?.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resourcesOfType(template, 'AWS::IAM::Role')[roleId], `${name} role`).toBeDefined();
      expect(resourcesOfType(template, 'AWS::Logs::LogGroup')[logGroupId], `${name} log group`).toBeDefined();
      const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).filter((p) =>
        JSON.stringify(p.Properties?.Roles).includes(`"${roleId}"`),
      );
      expect(policies, `${name} policy`).toHaveLength(1);
    }
    // The parent's one function is CDK's own BucketDeployment handler (it uploads the web console,
    // infra/constructs/console-hosting.ts): no manifest function is there.
    expect(Object.keys(resourcesOfType(templates.get(STACK_NAME)!, 'AWS::Lambda::Function'))).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
  });
});

describe('the grouping of functions into nested stacks', () => {
  it('is FNV-1a of the function name modulo a fixed bucket count, per handler folder', () => {
    // FNV-1a test vectors: another hash, or another bucket count, would move (replace) functions.
    expect([fnv1a(''), fnv1a('a'), fnv1a('foobar')]).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    expect(FUNCTION_STACK_BUCKETS).toBe(12);
    expect(handlerFolder('functions/api/file-consignment.ts')).toBe('api');
    expect(handlerFolder('functions/steps/open-task.ts')).toBe('steps');
    expect(functionStackId('health', { entry: 'functions/api/health.ts' })).toBe('Functions-api-3');
    expect(functionStackId('fileConsignment', { entry: 'functions/api/file-consignment.ts' })).toBe('Functions-api-4');
    expect(functionStackId('storeNotification', { entry: 'functions/triggers/store-notification.ts' })).toBe('Functions-triggers-1');
  });

  it('does not move a function when other functions are added or removed', () => {
    const handler = fixtureManifest.functions.health!.entry;
    const added = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `added${i}`,
        { entry: i % 2 === 0 ? handler : `functions/console/added-${i}.ts`, description: `Added function ${i}`, grants: [{ table: 'Domain', access: 'read' as const }] },
      ]),
    );
    const { health: _removed, ...kept } = fixtureManifest.functions;
    const grown: Manifest = {
      ...fixtureManifest,
      functions: { ...kept, ...added },
      routes: [
        ...fixtureManifest.routes.filter((r) => r.function !== 'health'),
        ...Object.keys(added).map((name) => ({ method: 'GET' as const, path: `/added/${name}`, function: name, auth: 'jwt' as const })),
      ],
    };
    const before = functionLocations(stackTemplates(buildStack(fixtureManifest).stack));
    const after = functionLocations(stackTemplates(buildStack(grown).stack));
    for (const name of Object.keys(kept)) expect(after.get(name), name).toEqual(before.get(name));
    expect(after.has('health')).toBe(false);
    // The test means something: added functions joined the nested stacks the fixture's functions are in.
    const existingStacks = new Set([...before.values()].map((l) => l.stack));
    expect(Object.keys(added).filter((name) => existingStacks.has(after.get(name)!.stack)).length).toBeGreaterThan(0);
  });

  it('keeps every nested stack well under the limits when the application doubles', () => {
    const twin = (name: string) => `${name}Twin`;
    const doubled: Manifest = {
      ...manifest,
      functions: { ...manifest.functions, ...Object.fromEntries(Object.entries(manifest.functions).map(([name, spec]) => [twin(name), spec])) },
      routes: [...manifest.routes, ...manifest.routes.map((r) => ({ ...r, path: `/twin${r.path}`, function: twin(r.function) }))],
    };
    // Only the nested stacks are measured here: the parent's guard is the test above.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:stackResourceLimit': 0 } });
    const stack = new InspectionStack(app, STACK_NAME, { manifest: doubled });
    const nested = [...stackTemplates(stack)].slice(1);
    expect(nested.length).toBeGreaterThan(0);
    for (const [path, template] of nested) {
      const { resources, parameters, outputs } = counts(template);
      expect(resources, path).toBeLessThanOrEqual(LIMITS.nestedResources);
      expect(parameters, path).toBeLessThanOrEqual(LIMITS.parameters);
      expect(outputs, path).toBeLessThanOrEqual(LIMITS.outputs);
    }
  });
});
