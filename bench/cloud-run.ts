import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudProcess } from './day/cloud-process.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Runs a bench against a local cloud it starts in a fresh directory (`run` puts the process in
 * `cloudRef` as soon as it has one). Whatever happens, the local cloud does not outlive the bench;
 * the directory goes with it, unless `--keep` asked for it or the run failed (its data and cloud
 * logs are then what explains the failure). A run that answers `ok: false` exits with 1.
 */
export async function benchAgainstCloud(name: string, run: (cloudRef: { current?: CloudProcess }, workDir: string) => Promise<{ ok: boolean } | void>): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const cloudRef: { current?: CloudProcess } = {};
  let keep = process.argv.includes('--keep');
  process.on('exit', () => cloudRef.current?.killNow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping the local cloud`);
      void (cloudRef.current?.stop(5_000) ?? Promise.resolve()).finally(() => {
        if (!keep) rmSync(workDir, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }

  try {
    const outcome = await run(cloudRef, workDir);
    if (outcome && !outcome.ok) process.exitCode = 1;
  } catch (error) {
    keep = true;
    log(`bench:${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  } finally {
    await cloudRef.current?.stop();
    if (keep) log(`The run's files (data, cloud logs) are kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}
