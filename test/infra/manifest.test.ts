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

  it('reports a route whose function is not declared', () => {
    const broken: Manifest = { ...manifest, routes: [{ method: 'GET', path: '/x', function: 'nope', auth: 'jwt' }] };
    expect(manifestProblems(broken)).toEqual(["route 'GET /x' names functions 'nope', which is not declared"]);
  });
});
