import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { alertEffect } from '../workflows/build/alert-effect.ts';
import { renderDefinition, type StateMachine } from '../workflows/build/asl.ts';
import { consignmentExport } from '../workflows/build/consignment-export.ts';
import { consignmentImport } from '../workflows/build/consignment-import.ts';
import { coordinationCase } from '../workflows/build/coordination-case.ts';
import { maintenanceDeadline } from '../workflows/build/maintenance-deadline.ts';
import { originCertificate } from '../workflows/build/origin-certificate.ts';
import { trainRun } from '../workflows/build/train-run.ts';

/**
 * Writes `workflows/*.asl.json` from `workflows/build/`, the consignment workflows from the
 * lifecycle table in shared/domain/lifecycle. The files stay in the repository because the
 * deployment and the local cloud load them as they are; a test fails when one is out of date.
 * `--check` writes nothing and exits 1 when a file differs from what the builder makes.
 */
export const WORKFLOW_BUILDERS: Readonly<Record<string, () => StateMachine>> = {
  'workflows/consignment-import.asl.json': consignmentImport,
  'workflows/consignment-export.asl.json': consignmentExport,
  'workflows/train-run.asl.json': trainRun,
  'workflows/origin-certificate.asl.json': originCertificate,
  'workflows/alert-effect.asl.json': alertEffect,
  'workflows/coordination-case.asl.json': coordinationCase,
  'workflows/maintenance-deadline.asl.json': maintenanceDeadline,
};

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each generated file's path (from the repository root) and text. */
export function buildWorkflows(): Array<{ path: string; text: string }> {
  return Object.entries(WORKFLOW_BUILDERS).map(([path, build]) => ({ path, text: renderDefinition(build()) }));
}

function onDisk(path: string, root: string): string | undefined {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** The generated files whose text on disk (under `root`) differs from what the builder makes. */
export function staleWorkflows(root = REPO_ROOT): string[] {
  return buildWorkflows()
    .filter(({ path, text }) => onDisk(path, root) !== text)
    .map(({ path }) => path);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--check')) {
    const stale = staleWorkflows();
    for (const path of stale) console.error(`${path} is out of date: run npm run workflows`);
    if (stale.length > 0) process.exitCode = 1;
    else console.log('workflows/*.asl.json are up to date');
  } else {
    for (const { path, text } of buildWorkflows()) {
      if (onDisk(path, REPO_ROOT) === text) continue;
      writeFileSync(join(REPO_ROOT, path), text);
      console.log(`wrote ${path}`);
    }
  }
}
