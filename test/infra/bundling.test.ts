import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_LIMIT_BYTES, measureBundles } from '#infra/bundle-report.ts';
import { bundleFunction, esbuildOptions } from '#infra/bundling.ts';
import { ManifestFunction } from '#infra/constructs/manifest-function.ts';
import { manifest } from '#infra/manifest.ts';
import { REPO_ROOT } from '#infra/stack.ts';
import { fixtureManifest } from './fixtures/manifest.ts';

/** The one place the tests really bundle: CDK's local esbuild, offline, with the shared options. */
describe('function bundles', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-bundle-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const healthRoute = manifest.routes.find((r) => r.path === '/health');
  const healthName = healthRoute!.function;

  /**
   * Synthesises the health function into `appOutdir` (CDK really bundles it) and returns its asset
   * directory; `nested` puts it in a nested stack, as InspectionStack does (infra/constructs/function-stacks.ts).
   */
  function synthesizeHealth(appOutdir: string, { nested = false } = {}): { assetDir: string; s3Key: string } {
    const app = new App({ outdir: appOutdir });
    const parent = new Stack(app, 'Bundled');
    const stack = nested ? new NestedStack(parent, 'Functions') : parent;
    const spec = manifest.functions[healthName]!;
    new ManifestFunction(stack, 'Fn', { name: healthName, spec, appName: manifest.appName, repoRoot: REPO_ROOT, environment: {} });
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0]!;
    expect(fn.Properties.Handler).toBe('index.handler');
    const { S3Key: s3Key } = fn.Properties.Code as { S3Key: string };
    return { assetDir: join(appOutdir, `asset.${s3Key.replace(/\.zip$/, '')}`), s3Key };
  }

  it('are built by CDK with the local esbuild as minified ESM with a source map, and the handler runs', async () => {
    const { assetDir } = synthesizeHealth(join(outdir, 'first'));
    const bundle = join(assetDir, 'index.mjs');
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    const text = readFileSync(bundle, 'utf8');
    expect(text).toMatch(/^import \{ createRequire as __cjsRequire \} from 'node:module';/); // the ESM require shim
    expect(text).toMatch(/export\{[^}]*\b\w+ as handler\b[^}]*\}/); // minified ESM export
    expect(text).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    // Sources are named from the repository root, never by an absolute path of this machine.
    const { sources } = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
    expect(sources).toContain(manifest.functions[healthName]!.entry);
    for (const source of sources) expect(source).not.toMatch(/^\/|\.\.\//);

    const module = (await import(pathToFileURL(bundle).href)) as { handler: () => Promise<{ statusCode: number }> };
    expect((await module.handler()).statusCode).toBe(200);
  });

  it('get an asset hash from the bundle alone, so unchanged code synthesised anywhere does not redeploy', () => {
    const first = synthesizeHealth(join(outdir, 'first'));
    const elsewhere = synthesizeHealth(mkdtempSync(join(outdir, 'elsewhere-')));
    expect(elsewhere.s3Key).toBe(first.s3Key);
  });

  it('are built the same in a nested stack, where the application keeps its functions', () => {
    const first = synthesizeHealth(join(outdir, 'first'));
    const nested = synthesizeHealth(mkdtempSync(join(outdir, 'nested-')), { nested: true });
    expect(nested.s3Key).toBe(first.s3Key);
    expect(existsSync(join(nested.assetDir, 'index.mjs'))).toBe(true);
  });

  // Bundles every function: minutes of CPU when other work holds both cores.
  it.each([
    ['the application manifest', manifest],
    ['the fixture manifest', fixtureManifest],
  ])('stay under the size limit for every function of %s', { timeout: 240_000 }, async (_, m) => {
    const sizes = await measureBundles(m);
    expect(sizes.map((s) => s.name).sort()).toEqual(Object.keys(m.functions).sort());
    for (const { name, bytes, limitBytes } of sizes) {
      expect(bytes, name).toBeGreaterThan(0);
      expect(bytes, name).toBeLessThan(limitBytes);
    }
    // A larger limit is the exception, each with its reason in the manifest.
    expect(sizes.filter((s) => s.limitBytes !== BUNDLE_LIMIT_BYTES).map((s) => s.name).sort()).toEqual(
      Object.entries(m.functions).filter(([, spec]) => spec.bundleLimitKb !== undefined).map(([name]) => name).sort(),
    );
  });
});

/** Files a bundle reads at run time travel with it: the certificate PDF's font, and only where PDFs are drawn. */
describe('runtime files in a function bundle', () => {
  it('puts the CJK font beside index.mjs of the function that renders certificate PDFs, and nowhere else', async () => {
    const names = async (name: string) => (await bundleFunction(join(REPO_ROOT, manifest.functions[name]!.entry), REPO_ROOT)).map((f) => f.name).sort();
    expect(await names('getCertificate')).toEqual(['NotoSansSC_400Regular.ttf', 'NotoSansSC_700Bold.ttf', 'index.mjs', 'index.mjs.map']);
    expect(await names('closeConsignment')).toEqual(['index.mjs', 'index.mjs.map']);
  });
});

/** zod in a bundle: English only (infra/zod-locales.ts), with its default messages intact. */
describe('zod in a function bundle', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'zod-bundle-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  interface Probe {
    messages: () => string[];
    englishLocale: () => unknown;
    coreEnglishLocale: () => unknown;
    germanLocale: () => unknown;
    jsonSchema: () => unknown;
  }

  const probeSource = `
    import { z } from 'zod';
    const consignment = z.object({ wagons: z.number().int().min(1), origin: z.string() });
    export const messages = () => consignment.safeParse({ wagons: 0, origin: 7 }).error.issues.map((issue) => issue.message);
    export const englishLocale = () => z.locales.en();
    export const coreEnglishLocale = () => z.core.locales.en();
    export const germanLocale = () => z.locales.de();
    export const jsonSchema = () => z.toJSONSchema(consignment);
  `;

  async function bundleProbe(): Promise<{ probe: Probe; localeInputs: string[]; text: string }> {
    const outfile = join(outdir, 'index.mjs');
    const { entryPoints: _entry, ...options } = esbuildOptions('probe.ts', outfile);
    const result = await build({ ...options, stdin: { contents: probeSource, resolveDir: REPO_ROOT, loader: 'ts' }, metafile: true });
    const localeInputs = Object.keys(result.metafile.inputs).filter((input) => input.includes('/locales/'));
    const probe = (await import(pathToFileURL(outfile).href)) as Probe;
    return { probe, localeInputs, text: readFileSync(outfile, 'utf8') };
  }

  it('keeps the English default messages, z.locales.en and toJSONSchema, and carries no other locale', async () => {
    const { probe, localeInputs, text } = await bundleProbe();
    expect(probe.messages()).toEqual(['Too small: expected number to be >=1', 'Invalid input: expected string, received number']);
    expect(probe.englishLocale()).toHaveProperty('localeError');
    expect(probe.coreEnglishLocale()).toHaveProperty('localeError');
    expect(probe.jsonSchema()).toMatchObject({ type: 'object', required: ['wagons', 'origin'] });

    expect(localeInputs.sort()).toEqual(['node_modules/zod/v4/locales/en.js', 'zod-english-locales:node_modules/zod/v4/locales/index.js']);
    expect(text).not.toContain('Ungültige Eingabe'); // node_modules/zod/v4/locales/de.js
    expect(() => probe.germanLocale()).toThrow('zod locale "de" is not in the Lambda bundles');
  });
});
