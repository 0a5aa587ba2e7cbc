import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { manifest } from '#infra/manifest.ts';
import { openApiDocument, UndocumentedRoute } from '#shared/http/openapi.ts';
import { OPENAPI_FILE } from '../../scripts/openapi.ts';
import committed from '../../functions/api/openapi.json' with { type: 'json' };

/**
 * The contract as a client's generator reads it (issue 14): every 2xx has a schema, every
 * operation an operationId, every parameter a description; public routes say `security: []`;
 * Location and ETag are documented; errors are the one problem+json component; and redocly's
 * recommended rules find no error. The freshness of the file is checked in
 * webhooks-and-contract.test.ts (the committed file is what `npm run openapi` writes).
 */
type Operation = {
  operationId?: string;
  security?: unknown[];
  parameters: Array<{ $ref?: string; name?: string; in?: string; description?: string }>;
  responses: Record<string, { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: Record<string, unknown> }> }>;
};
const operations = Object.entries(committed.paths as unknown as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
);

describe('the OpenAPI document', () => {
  it('has one operation per manifest route, each with a unique operationId', () => {
    expect(operations.map((o) => o.key).sort()).toEqual(manifest.routes.map((r) => `${r.method} ${r.path}`).sort());
    const ids = operations.map((o) => o.operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Stable: the manifest's function name.
    expect(operations.find((o) => o.key === 'PATCH /trains/{id}')?.operation.operationId).toBe('changeTrain');
  });

  it('gives every 2xx a schema that is not empty', () => {
    for (const { key, operation } of operations) {
      const successes = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(successes.length, key).toBeGreaterThan(0);
      for (const [status, response] of successes) {
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema ?? {});
        expect(schemas.length, `${key} ${status}`).toBeGreaterThan(0);
        for (const schema of schemas) expect(Object.keys(schema).length, `${key} ${status}`).toBeGreaterThan(0);
      }
    }
    const train = committed.paths['/trains/{id}'].get.responses['200'].content['application/json'].schema as { properties: Record<string, unknown> };
    expect(Object.keys(train.properties)).toEqual(expect.arrayContaining(['id', 'trainNumber', 'status', 'version', 'consignments', 'tasks']));
  });

  it('says `security: []` on public routes and the bearer token on the others', () => {
    for (const route of manifest.routes) {
      const operation = operations.find((o) => o.key === `${route.method} ${route.path}`)!.operation;
      expect(operation.security, `${route.method} ${route.path}`).toEqual(route.auth === 'public' ? [] : [{ bearer: [] }]);
    }
  });

  it('describes every parameter', () => {
    const components = committed.components.parameters as Record<string, { description?: string }>;
    for (const { key, operation } of operations) {
      for (const parameter of operation.parameters) {
        const resolved = parameter.$ref ? components[parameter.$ref.split('/').at(-1)!] : parameter;
        expect(resolved?.description, `${key} ${parameter.name ?? parameter.$ref}`).toBeTruthy();
      }
    }
  });

  it('documents Location on creations, ETag on versioned reads and updates, and If-Match with 412 on updates', () => {
    const registered = committed.paths['/trains'].post.responses['201'];
    expect(registered.headers).toHaveProperty('Location');
    expect(committed.paths['/trains/{id}'].get.responses['200'].headers).toHaveProperty('ETag');
    const change = committed.paths['/trains/{id}'].patch as unknown as Operation;
    expect(change.responses['200']?.headers).toHaveProperty('ETag');
    expect(change.parameters).toContainEqual({ $ref: '#/components/parameters/IfMatch' });
    expect(change.responses['412']).toEqual({ $ref: '#/components/responses/PreconditionFailed' });
  });

  it('references every error answer from one problem+json component', () => {
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses).filter(([s]) => Number(s) >= 400)) {
        expect(response.$ref, `${key} ${status}`).toMatch(/^#\/components\/responses\/\w+$/);
      }
    }
    for (const response of Object.values(committed.components.responses)) {
      expect(response.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
    }
  });

  it('names servers, and GET /docs renders it', () => {
    expect(committed.servers.map((s) => s.url)).toEqual(expect.arrayContaining(['http://127.0.0.1:3000']));
    expect(Object.keys(committed.paths['/docs'].get.responses['200'].content)).toContain('text/html');
  });

  it('passes redocly lint with the recommended rules: no error, no warning (npm run lint:openapi)', async () => {
    const { stdout } = await promisify(execFile)('node_modules/.bin/redocly', ['lint', OPENAPI_FILE, '--format=json'], { maxBuffer: 16 * 1024 * 1024 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; severity: string; message: string }> };
    // Clean: no error and no warning.
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });
});

describe('the generator (npm run openapi)', () => {
  it('fails loudly, naming the route, when a route documents no response', () => {
    const routes = [
      { method: 'GET', path: '/health', auth: 'public' as const, function: 'health', spec: { response: z.object({ status: z.string() }) } },
      { method: 'GET', path: '/nothing/{id}', auth: 'jwt' as const, function: 'nothing', spec: { summary: 'A route without a response schema' } },
    ];
    expect(() => openApiDocument(routes, { title: 't', version: '1' })).toThrow(UndocumentedRoute);
    expect(() => openApiDocument(routes, { title: 't', version: '1' })).toThrow(/GET \/nothing\/\{id\}/);
  });
});
