import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { InspectionStack } from '#infra/stack.ts';
import { CORS_POLICY } from '#shared/http/cors-policy.ts';
import { fixtureManifest } from './fixtures/manifest.ts';

/**
 * The HTTP API's CORS on AWS: API Gateway answers the console's preflights itself with the policy
 * the local cloud applies (shared/http/cors-policy.ts), for the console's origin only: its own
 * distribution's (infra/constructs/console-hosting.ts), or the stack's `consoleOrigin`.
 */
function synthesizedWith(consoleOrigin?: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new InspectionStack(app, 'Test', { manifest: fixtureManifest, ...(consoleOrigin !== undefined && { consoleOrigin }) });
  const apis = Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Api');
  expect(Object.keys(apis)).toHaveLength(1);
  const api = Object.values(apis)[0] as { Properties: { CorsConfiguration?: Record<string, unknown> } };
  return { stack, cors: api.Properties.CorsConfiguration };
}

describe('the HTTP API’s CORS configuration', () => {
  it("allows the console's origin, with the headers it sends and reads", () => {
    const { cors } = synthesizedWith('https://console.example.cn');
    expect(cors).toEqual({
      AllowOrigins: ['https://console.example.cn'],
      AllowHeaders: [...CORS_POLICY.allowHeaders],
      AllowMethods: [...CORS_POLICY.allowMethods],
      ExposeHeaders: [...CORS_POLICY.exposeHeaders],
      MaxAge: CORS_POLICY.maxAgeSeconds,
    });
    expect(cors?.AllowHeaders).toEqual(expect.arrayContaining(['authorization', 'idempotency-key', 'if-match', 'accept-language']));
    expect(cors?.ExposeHeaders).toEqual(expect.arrayContaining(['etag', 'location']));
  });

  it("allows by default the origin of the console's own CloudFront distribution, and never a wildcard", () => {
    const { stack, cors } = synthesizedWith();
    const distribution = stack.getLogicalId(stack.console.distribution.node.defaultChild as CfnElement);
    expect(cors?.AllowOrigins).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] }]);
    // The console sends its bearer token: a wildcard origin would hand any site the API.
    expect(JSON.stringify(cors?.AllowOrigins)).not.toContain('*');
  });
});
