import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/stack.ts';

/**
 * The TypeScript import graph has no cycles. Type-only imports count: a cycle of types is still
 * two modules that cannot be understood (or moved) one without the other. The graph is dpdm's,
 * resolved as TypeScript resolves (the repository's tsconfig, so `#shared/*` through
 * package.json `imports`).
 */
const FOLDERS = ['infra', 'functions', 'shared', 'local', 'scripts', 'bench'];

interface ImportGraph {
  cycles: string[][];
  /** Imports of the project's own modules (relative or `#…`) that did not resolve to a file. */
  unresolved: string[];
  files: string[];
}

async function importGraph(root: string, folders: string[]): Promise<ImportGraph> {
  const tree = await parseDependencyTree(
    folders.map((folder) => `${folder}/**/*.ts`),
    { cwd: root, context: root, transform: false, skipDynamicImports: false, onProgress: () => {} },
  );
  const unresolved = Object.values(tree)
    .flatMap((dependencies) => dependencies ?? [])
    .filter((d) => d.id === null && /^[.#]/.test(d.request))
    .map((d) => `${d.issuer} → ${d.request}`);
  const files = Object.keys(tree).filter((file) => !file.includes('node_modules'));
  return { cycles: parseCircular(tree), unresolved, files };
}

describe('the import graph', () => {
  it(`of ${FOLDERS.join(', ')} has no cycles`, async () => {
    const graph = await importGraph(REPO_ROOT, FOLDERS);
    // The graph is the real one: it reaches every folder, and every project import resolved.
    for (const folder of FOLDERS) expect(graph.files.some((file) => file.startsWith(`${folder}/`)), folder).toBe(true);
    expect(graph.unresolved).toEqual([]);
    expect(graph.cycles.map((cycle) => [...cycle, cycle[0]].join(' → '))).toEqual([]);
  }, 60_000);

  describe('check', () => {
    const root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    write('package.json', JSON.stringify({ type: 'module', imports: { '#lib/*': './lib/*' } }));
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: true, noEmit: true } }));

    it('finds a cycle through a #-import and a type-only import', async () => {
      write('lib/run.ts', "import { work } from '#lib/handlers.ts';\nexport class Run { go() { return work(this); } }\n");
      write('lib/handlers.ts', "import type { Run } from './run.ts';\nexport const work = (run: Run) => run;\n");
      write('app/main.ts', "import { Run } from '#lib/run.ts';\nnew Run().go();\n");
      const graph = await importGraph(root, ['app', 'lib']);
      expect(graph.unresolved).toEqual([]);
      expect(graph.cycles).toEqual([['lib/run.ts', 'lib/handlers.ts']]);
    });

    it('reports an import that does not resolve', async () => {
      write('lib/broken.ts', "import { gone } from './gone.ts';\nexport const x = gone;\n");
      expect((await importGraph(root, ['lib'])).unresolved).toEqual(['lib/broken.ts → ./gone.ts']);
    });
  });
});
