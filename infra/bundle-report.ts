import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_FILE, bundleFunction } from './bundling.ts';
import { manifest as appManifest } from './manifest.ts';
import type { Manifest } from './manifest-types.ts';
import { REPO_ROOT } from './stack.ts';

/**
 * `npm run bundle-report`: bundles every manifest function exactly as `cdk synth` does (both call
 * `bundleFunction` of infra/bundling.ts) and prints the size of each minified bundle. Exits
 * non-zero when one exceeds the limit: a fat bundle is a slow cold start.
 */

export const BUNDLE_LIMIT_BYTES = 500 * 1024;

export interface BundleSize {
  name: string;
  bytes: number;
  limitBytes: number;
}

export async function measureBundles(m: Manifest, repoRoot = REPO_ROOT): Promise<BundleSize[]> {
  const sizes = await Promise.all(
    Object.entries(m.functions).map(async ([name, spec]) => {
      // In memory: nothing is written, so reports never race with a concurrent synth.
      const files = await bundleFunction(join(repoRoot, spec.entry), repoRoot);
      const bytes = files.find((f) => f.name === BUNDLE_FILE)?.contents.byteLength ?? 0;
      return { name, bytes, limitBytes: spec.bundleLimitKb !== undefined ? spec.bundleLimitKb * 1024 : BUNDLE_LIMIT_BYTES };
    }),
  );
  return sizes.sort((a, b) => b.bytes - a.bytes);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const sizes = await measureBundles(appManifest);
  const width = Math.max(...sizes.map((s) => s.name.length), 8);
  console.log(`${'function'.padEnd(width)}  minified bundle (limit ${kb(BUNDLE_LIMIT_BYTES)} unless the manifest sets one)`);
  for (const { name, bytes, limitBytes } of sizes) {
    const limit = limitBytes !== BUNDLE_LIMIT_BYTES ? `  (limit ${kb(limitBytes)})` : '';
    console.log(`${name.padEnd(width)}  ${kb(bytes).padStart(10)}${limit}${bytes > limitBytes ? '  OVER THE LIMIT' : ''}`);
  }
  const largest = sizes[0];
  if (largest) console.log(`largest: ${largest.name} ${kb(largest.bytes)}`);
  if (sizes.some((s) => s.bytes > s.limitBytes)) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
