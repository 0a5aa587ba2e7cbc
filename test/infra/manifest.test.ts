import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifest } from '#infra/manifest.ts';
import { manifestProblems } from '#infra/manifest-check.ts';
import type { Manifest } from '#infra/manifest-types.ts';

describe('the application manifest', () => {
  it('has no dangling references', () => {
    expect(manifestProblems(manifest)).toEqual([]);
  });

  it('points every function at a handler file that exists', () => {
    for (const fn of Object.values(manifest.functions)) expect(existsSync(fn.entry), fn.entry).toBe(true);
  });

  it('lets every function that reaches the idempotency store delete from it, and reports one that cannot', () => {
    const idempotent = Object.entries(manifest.functions).filter(([, fn]) => fn.grants.some((g) => 'table' in g && g.table === 'Idempotency'));
    expect(idempotent.length).toBeGreaterThan(0);
    for (const [name, fn] of idempotent) {
      expect(fn.grants.filter((g) => 'table' in g && g.table === 'Idempotency'), name).toEqual([{ table: 'Idempotency', access: 'readWriteDelete' }]);
    }
    const [name, fn] = idempotent[0]!;
    const short: Manifest = {
      ...manifest,
      functions: { ...manifest.functions, [name]: { ...fn, grants: [{ table: 'Idempotency', access: 'readWrite' }] } },
    };
    expect(manifestProblems(short)).toEqual([
      `function '${name}' has 'readWrite' on the idempotency table 'Idempotency'; Powertools deletes the record of a failed call, so it needs 'readWriteDelete'`,
    ]);
  });

  it('reports a route whose function is not declared', () => {
    const broken: Manifest = { ...manifest, routes: [{ method: 'GET', path: '/x', function: 'nope', auth: 'jwt' }] };
    expect(manifestProblems(broken)).toEqual(["route 'GET /x' names functions 'nope', which is not declared"]);
  });
});
