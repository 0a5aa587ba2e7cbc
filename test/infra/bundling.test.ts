import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_LIMIT_BYTES, measureBundles } from '#infra/bundle-report.ts';
import { ManifestFunction } from '#infra/constructs/manifest-function.ts';
import { manifest } from '#infra/manifest.ts';
import { REPO_ROOT } from '#infra/stack.ts';
import { fixtureManifest } from './fixtures/manifest.ts';

/** The one place the tests really bundle: CDK's local esbuild, offline, with the shared options. */
describe('function bundles', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-bundle-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('are built by CDK with the local esbuild as minified ESM with a source map, and the handler runs', async () => {
    const healthRoute = manifest.routes.find((r) => r.path === '/health');
    const name = healthRoute!.function;
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bundled');
    new ManifestFunction(stack, 'Fn', { name, spec: manifest.functions[name]!, appName: manifest.appName, repoRoot: REPO_ROOT, environment: {} });
    const code = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0]!.Properties.Code as {
      S3Key: string;
    };
    const assetDir = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    const bundle = join(assetDir, 'index.mjs');
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    const text = readFileSync(bundle, 'utf8');
    expect(text).toMatch(/^import \{ createRequire as __cjsRequire \} from 'node:module';/); // the ESM require shim
    expect(text).toMatch(/export\{\w+ as handler\}/); // minified ESM export

    const module = (await import(pathToFileURL(bundle).href)) as { handler: () => Promise<{ statusCode: number }> };
    expect((await module.handler()).statusCode).toBe(200);
  });

  it.each([
    ['the application manifest', manifest],
    ['the fixture manifest', fixtureManifest],
  ])('stay under the size limit for every function of %s', async (_, m) => {
    const sizes = await measureBundles(m);
    expect(sizes.map((s) => s.name).sort()).toEqual(Object.keys(m.functions).sort());
    for (const { name, bytes } of sizes) {
      expect(bytes, name).toBeGreaterThan(0);
      expect(bytes, name).toBeLessThan(BUNDLE_LIMIT_BYTES);
    }
  });
});
