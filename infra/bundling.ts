import { basename, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
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
  const result = await build({ ...esbuildOptions(entry, join(repoRoot, BUNDLE_FILE)), write: false });
  return result.outputFiles.map((file) => ({ name: basename(file.path), contents: file.contents }));
}
