import { describe, expect, it } from 'vitest';
import { functionStackId } from '#infra/constructs/function-stacks.ts';
import { routeKey } from '#infra/constructs/http-api.ts';
import { manifest } from '#infra/manifest.ts';
import { manifestProblems } from '#infra/manifest-check.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { resourcesOfType, stackTemplates, STACK_NAME, synthesize } from './template.ts';

/** A route's `throttle` becomes that route key's limits in the HTTP API stage's route settings. */
describe.each([
  ['the application manifest', manifest],
  ['the fixture manifest', fixtureManifest],
])('route throttles in the stack built from %s', (_, m) => {
  const { template, stack } = synthesize(m);
  const [stageId, stage] = Object.entries(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage'))[0]!;
  const throttled = m.routes.filter((r) => r.throttle);

  it('sets exactly the throttled routes’ burst and rate, keeping the stage default for the others', () => {
    const expected = Object.fromEntries(throttled.map((r) => [routeKey(r), { ThrottlingBurstLimit: r.throttle!.burst, ThrottlingRateLimit: r.throttle!.ratePerSecond }]));
    expect(stage.Properties?.RouteSettings).toEqual(throttled.length > 0 ? expected : undefined);
    expect(stage.Properties?.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 });
  });

  it('deploys the stage after each throttled route (CloudFormation refuses settings for a route key not yet created)', () => {
    // A route lives in its function's nested stack (infra/constructs/function-stacks.ts): the
    // stage depends on the nested stack resource that creates it.
    // Read in the parent's own template: the flattened view leaves the nested stacks out.
    const parent = stackTemplates(stack).get(STACK_NAME)!;
    const dependsOn = (parent.toJSON().Resources[stageId] as { DependsOn?: string[] }).DependsOn ?? [];
    const nestedStacks = Object.keys(resourcesOfType(parent, 'AWS::CloudFormation::Stack'));
    for (const route of throttled) {
      const stackId = functionStackId(route.function, m.functions[route.function]!).replace(/[^A-Za-z0-9]/g, '');
      const holder = nestedStacks.filter((id) => id.startsWith(`${stackId}NestedStack`));
      expect(holder, routeKey(route)).toHaveLength(1);
      expect(dependsOn, routeKey(route)).toContain(holder[0]);
    }
  });
});

it('the fixture throttles its public verification route', () => {
  expect(fixtureManifest.routes.find((r) => r.path === '/verify/{serial}')?.throttle).toEqual({ ratePerSecond: 5, burst: 10 });
});

it('the manifest check refuses a throttle API Gateway would not take or that shuts the route', () => {
  const withThrottle = (throttle: { ratePerSecond: number; burst: number }): Manifest => ({
    ...fixtureManifest,
    routes: [{ method: 'GET', path: '/health', function: 'health', auth: 'public', throttle }],
  });
  expect(manifestProblems(withThrottle({ ratePerSecond: 0, burst: 1.5 }))).toEqual([
    "route 'GET /health' throttle ratePerSecond must be above 0 and at most 10000",
    "route 'GET /health' throttle burst must be a whole number from 1 to 5000",
  ]);
  expect(manifestProblems(withThrottle({ ratePerSecond: 0.5, burst: 1 }))).toEqual([]);
});
