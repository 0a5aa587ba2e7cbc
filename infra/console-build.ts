import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The web console's build for the CDK stack (infra/constructs/console-hosting.ts). The console is
 * built by console/build.ts (esbuild) with this marker as its API URL; the stack writes the
 * deployed index.html itself with the marker replaced by the HTTP API's URL, which is known only
 * at deployment. CDK constructs are synchronous and the build is not, so synthesis runs this file
 * in a child process: `tsx infra/console-build.ts <outputDir>`. Kept free of aws-cdk-lib imports.
 */
export const CONSOLE_API_URL_MARKER = '__CONSOLE_API_URL__';

/** Builds the console into `outputDir` (emptied first); throws when the build fails. */
export function buildConsoleSync(repoRoot: string, outputDir: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), outputDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outputDir = process.argv[2];
  if (!outputDir) throw new Error('usage: tsx infra/console-build.ts <outputDir>');
  const { buildConsole } = await import('../console/build.ts');
  await buildConsole({ outdir: outputDir, apiUrl: CONSOLE_API_URL_MARKER });
}
