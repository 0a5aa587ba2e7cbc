import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceCase, SkippedCase } from '#test/conformance/case-types.ts';

export const CORPUS_DIR = join(import.meta.dirname, '../../test/conformance/cases');
export const SKIPPED_DIR = join(import.meta.dirname, '../../test/conformance/skipped');

/**
 * Writes one importer's cases as cases/<group>/<importer>.json (replacing that importer's earlier
 * files, leaving the others'), and its skipped cases with reasons as skipped/<importer>.json.
 */
export function writeCorpus(importer: string, cases: ConformanceCase[], skipped: SkippedCase[]): void {
  mkdirSync(CORPUS_DIR, { recursive: true });
  mkdirSync(SKIPPED_DIR, { recursive: true });
  for (const group of readdirSync(CORPUS_DIR)) rmSync(join(CORPUS_DIR, group, `${importer}.json`), { force: true });
  const ids = new Set<string>();
  const byGroup = new Map<string, ConformanceCase[]>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
    byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
  }
  for (const [group, list] of byGroup) {
    mkdirSync(join(CORPUS_DIR, group), { recursive: true });
    writeFileSync(join(CORPUS_DIR, group, `${importer}.json`), `${JSON.stringify(list, null, 1)}\n`);
  }
  for (const group of readdirSync(CORPUS_DIR)) {
    if (readdirSync(join(CORPUS_DIR, group)).length === 0) rmSync(join(CORPUS_DIR, group), { recursive: true });
  }
  writeFileSync(join(SKIPPED_DIR, `${importer}.json`), `${JSON.stringify(skipped, null, 1)}\n`);
  const reasons = new Map<string, number>();
  for (const s of skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  console.log(`${importer}: ${cases.length} cases in ${byGroup.size} groups, ${skipped.length} skipped`);
  for (const [group, list] of [...byGroup].sort()) console.log(`  ${group.padEnd(24)} ${list.length}`);
  console.log('skipped:');
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(4)}  ${reason}`);
}
