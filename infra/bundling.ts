import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { FONT_FILES } from '../shared/certificates/certificate-fonts.ts';
import { SWAGGER_UI_FILES } from '../shared/http/swagger-ui-assets.ts';
import { englishOnlyZodLocales } from './zod-locales.ts';

/**
 * How every function is bundled. CDK synthesis (through infra/bundle-function.ts) and
 * `npm run bundle-report` both call `bundleFunction`, so the reported sizes are the bytes that
 * deploy.
 */

// Some dependencies still call `require` for Node built-ins; an ESM bundle has no `require`.
const REQUIRE_SHIM = "import { createRequire as __cjsRequire } from 'node:module'; const require = __cjsRequire(import.meta.url);";

export const NODE_TARGET = 'node22';

/** The bundle's file name in a function's asset: `.mjs` makes Node load it as ESM; the handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';

/** The Node.js 22 runtime ships AWS SDK v3; bundling it again only adds size and cold-start time. */
export const EXTERNAL_MODULES = ['@aws-sdk/*'];

export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    minify: true,
    // A linked index.mjs.map; the functions run with NODE_OPTIONS=--enable-source-maps.
    sourcemap: true,
    // Chinese and English messages stay UTF-8 instead of \u escapes (smaller, too).
    charset: 'utf8',
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_SHIM },
    external: EXTERNAL_MODULES,
    plugins: [englishOnlyZodLocales()],
    logLevel: 'warning',
  };
}

export interface BundleFile {
  /** `index.mjs` or `index.mjs.map`. */
  name: string;
  contents: Uint8Array;
}

/**
 * Bundles one function in memory. The outfile is placed (never written) at the repository root,
 * so the source map names sources `functions/…`, `shared/…`, `node_modules/…` wherever the
 * repository is checked out: the same code gives the same bytes, hence the same asset hash, and
 * an unchanged function does not redeploy.
 */
export async function bundleFunction(entry: string, repoRoot: string): Promise<BundleFile[]> {
  const result = await build({ ...esbuildOptions(entry, join(repoRoot, BUNDLE_FILE)), write: false, metafile: true });
  const files = result.outputFiles.map((file) => ({ name: basename(file.path), contents: file.contents }));
  return [...files, ...(await runtimeFiles(Object.keys(result.metafile.inputs)))];
}

/**
 * Files a bundled module reads at run time, which esbuild cannot see: the certificate PDF's CJK
 * font goes beside `index.mjs`, only in the bundles that render PDFs; Swagger UI's files in the
 * bundle of GET /docs.
 */
const RUNTIME_FILES: ReadonlyArray<{ module: string; files: readonly string[] }> = [
  { module: 'shared/certificates/certificate-fonts.ts', files: Object.values(FONT_FILES) },
  { module: 'shared/http/swagger-ui-assets.ts', files: Object.values(SWAGGER_UI_FILES).map((file) => file.specifier) },
];

const requireFromHere = createRequire(import.meta.url);

async function runtimeFiles(inputs: readonly string[]): Promise<BundleFile[]> {
  const needed = RUNTIME_FILES.filter(({ module }) => inputs.includes(module)).flatMap(({ files }) => files);
  return Promise.all(needed.map(async (specifier) => ({ name: basename(specifier), contents: new Uint8Array(await readFile(requireFromHere.resolve(specifier))) })));
}
