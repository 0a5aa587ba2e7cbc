import type { BuildOptions } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every function is bundled. CDK's NodejsFunction and `npm run bundle-report` both read this
 * one object, so the reported sizes are the sizes that deploy.
 */

// Some dependencies still call `require` for Node built-ins; an ESM bundle has no `require`.
const REQUIRE_SHIM = "import { createRequire as __cjsRequire } from 'node:module'; const require = __cjsRequire(import.meta.url);";

export const NODE_TARGET = 'node22';

export const functionBundling = {
  format: OutputFormat.ESM,
  target: NODE_TARGET,
  minify: true,
  sourceMap: true,
  // Chinese and English messages stay UTF-8 instead of \u escapes (smaller, too). Passed as a raw
  // argument because this CDK version declares `charset` but does not hand it to esbuild.
  esbuildArgs: { '--charset': 'utf8' },
  mainFields: ['module', 'main'],
  banner: REQUIRE_SHIM,
  // The Node.js 22 runtime ships AWS SDK v3; bundling it again only adds size and cold-start time.
  externalModules: ['@aws-sdk/*'],
  // Local esbuild only: the machines that synthesise have no Docker and no internet.
  forceDockerBundling: false,
} as const satisfies BundlingOptions;

/** The esbuild options that NodejsFunction derives from `functionBundling` (see its buildEsbuildArgs). */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: functionBundling.target,
    format: 'esm',
    minify: functionBundling.minify,
    sourcemap: functionBundling.sourceMap,
    charset: functionBundling.esbuildArgs['--charset'],
    mainFields: [...functionBundling.mainFields],
    banner: { js: functionBundling.banner },
    external: [...functionBundling.externalModules],
    logLevel: 'warning',
  };
}
