import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFunction } from './bundling.ts';

/**
 * Writes one function's bundle into a directory. CDK asset bundling is synchronous, while esbuild
 * runs plugins only in its asynchronous API (and NodejsFunction's own esbuild step takes none), so
 * synthesis runs this file in a child process: `tsx infra/bundle-function.ts <entry> <repoRoot> <outputDir>`.
 * Kept free of aws-cdk-lib imports so the child starts fast.
 */

export async function writeFunctionBundle(entry: string, repoRoot: string, outputDir: string): Promise<void> {
  await mkdir(outputDir, { recursive: true });
  for (const file of await bundleFunction(entry, repoRoot)) await writeFile(join(outputDir, file.name), file.contents);
}

/** `writeFunctionBundle` for synchronous callers (CDK's `ILocalBundling.tryBundle`); throws when the build fails. */
export function writeFunctionBundleSync(entry: string, repoRoot: string, outputDir: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), entry, repoRoot, outputDir], {
    cwd: repoRoot,
    // esbuild's warnings and errors reach the person running `cdk synth`.
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function main(): Promise<void> {
  const [entry, repoRoot, outputDir] = process.argv.slice(2);
  if (!entry || !repoRoot || !outputDir) throw new Error('usage: tsx infra/bundle-function.ts <entry> <repoRoot> <outputDir>');
  await writeFunctionBundle(entry, repoRoot, outputDir);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main().catch((error: unknown) => {
    // esbuild has already printed its errors with their source locations; a stack adds nothing.
    if (!(error instanceof Error && 'errors' in error)) console.error(error);
    process.exitCode = 1;
  });
}
