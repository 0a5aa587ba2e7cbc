import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '#infra/bundling.ts';
import { manifest } from '#infra/manifest.ts';
import { REPO_ROOT } from '#infra/stack.ts';

/**
 * GET /docs on AWS: Swagger UI's files travel in the function's bundle, beside index.mjs, and the
 * bundled handler serves them from there (no CDN, no node_modules in Lambda).
 */
describe('the bundle of GET /docs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docs-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('carries Swagger UI beside index.mjs, and its handler serves the page and the files from there', async () => {
    const files = await bundleFunction(join(REPO_ROOT, manifest.functions.docs!.entry), REPO_ROOT);
    expect(files.map((f) => f.name).sort()).toEqual(['index.mjs', 'index.mjs.map', 'swagger-ui-bundle.js', 'swagger-ui.css']);
    for (const file of files) writeFileSync(join(dir, file.name), file.contents);

    const { handler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      handler: (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    const get = (path: string, asset?: string) =>
      handler(
        {
          version: '2.0',
          routeKey: asset === undefined ? 'GET /docs' : 'GET /docs/{asset}',
          rawPath: path,
          rawQueryString: '',
          headers: {},
          ...(asset !== undefined && { pathParameters: { asset } }),
          requestContext: { requestId: 'docs-bundle', http: { method: 'GET', path } },
          isBase64Encoded: false,
        } as unknown as APIGatewayProxyEventV2,
        { awsRequestId: 'docs-bundle', functionName: 'docs' },
      );
    const page = await get('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<script src="/docs/swagger-ui-bundle.js">');
    const css = await get('/docs/swagger-ui.css', 'swagger-ui.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers?.['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('.swagger-ui');
  });
});
