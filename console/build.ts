/**
 * Builds the console (console/src) into a static folder: index.html, the entry bundle and the
 * chunks loaded on demand (the workflow graph with elkjs, the charts with echarts), and the
 * font. `npm run console:build` prints each file's size, raw and gzip; the local cloud builds it
 * at start and serves it (local/console); the CDK stack uploads the same folder.
 *
 * `CONSOLE_API_URL` (or `apiUrl`) is where the console calls the API; empty means its own origin,
 * as on the local cloud, where the console and the API share http://127.0.0.1:3000.
 */
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const CONSOLE_DIR = fileURLToPath(new URL('./', import.meta.url));
export const DEFAULT_CONSOLE_OUTDIR = join(CONSOLE_DIR, 'dist');
/** The one font the console uses for Chinese, the certificates' own (Noto Sans SC). */
export const CONSOLE_FONT_FILE = 'NotoSansSC-Regular.ttf';
const FONT_SOURCE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

export interface ConsoleBuildOptions {
  outdir?: string;
  /** The API's origin; '' (default) is the console's own origin. */
  apiUrl?: string;
  minify?: boolean;
}

export interface BuiltFile {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Loaded by the first page (index.html, its stylesheet and the entry chunk with its static imports). */
  firstPage: boolean;
}

export interface ConsoleBuild {
  outdir: string;
  files: BuiltFile[];
  firstPageGzipBytes: number;
}

const escapeAttribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

export async function buildConsole(options: ConsoleBuildOptions = {}): Promise<ConsoleBuild> {
  const outdir = options.outdir ?? DEFAULT_CONSOLE_OUTDIR;
  const apiUrl = options.apiUrl ?? process.env.CONSOLE_API_URL ?? '';
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: { app: join(CONSOLE_DIR, 'src/main.tsx') },
    outdir: join(outdir, 'assets'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    sourcemap: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    chunkNames: 'chunk-[hash]',
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    plugins: [
      {
        // shared/domain is bundled as it is; the odd Node built-in it imports is stubbed.
        name: 'node-builtins',
        setup(b) {
          b.onResolve({ filter: /^node:/ }, () => ({ path: join(CONSOLE_DIR, 'src/shims/node-builtin.ts') }));
        },
      },
      {
        // zod's own index of all its locales is swapped for the two the console uses.
        name: 'zod-locales',
        setup(b) {
          b.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
            /[\\/]zod[\\/]/.test(args.importer) ? { path: join(CONSOLE_DIR, 'src/shims/zod-locales.ts') } : undefined,
          );
        },
      },
    ],
  });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((path) => outputs[path]?.entryPoint?.endsWith('src/main.tsx'));
  if (!entryOut) throw new Error('esbuild produced no entry chunk');
  // The first page loads the entry and what it imports statically; dynamic imports wait.
  const firstPage = new Set<string>();
  const visit = (path: string) => {
    if (firstPage.has(path)) return;
    firstPage.add(path);
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entryOut);
  const entryUrl = `assets/${relative(join(outdir, 'assets'), join(process.cwd(), entryOut)).replaceAll('\\', '/')}`;

  const require = createRequire(import.meta.url);
  await copyFile(require.resolve(FONT_SOURCE), join(outdir, 'assets', CONSOLE_FONT_FILE));
  await copyFile(join(CONSOLE_DIR, 'src/style.css'), join(outdir, 'assets', 'style.css'));
  const html = (await readFile(join(CONSOLE_DIR, 'src/index.html'), 'utf8'))
    .replace('%API_URL%', escapeAttribute(apiUrl))
    .replace('%ENTRY%', entryUrl);
  await writeFile(join(outdir, 'index.html'), html);

  const files: BuiltFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      const body = await readFile(path);
      const file = relative(outdir, path).replaceAll('\\', '/');
      const isFirst = file === 'index.html' || file === 'assets/style.css' || [...firstPage].some((p) => join(process.cwd(), p) === path);
      files.push({ file, bytes: (await stat(path)).size, gzipBytes: gzipSync(body).length, firstPage: isFirst });
    }
  };
  await walk(outdir);
  files.sort((a, b) => a.file.localeCompare(b.file));
  const firstPageGzipBytes = files.filter((f) => f.firstPage).reduce((sum, f) => sum + f.gzipBytes, 0);
  return { outdir, files, firstPageGzipBytes };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function sizeReport(built: ConsoleBuild): string {
  const lines = built.files.map((f) => `${f.firstPage ? '*' : ' '} ${f.file.padEnd(44)} ${kb(f.bytes).padStart(11)} ${kb(f.gzipBytes).padStart(11)} gzip`);
  return [
    `console built into ${built.outdir} (* = loaded by the first page; the font is loaded only for Chinese text)`,
    ...lines,
    `first page (without the font): ${kb(built.firstPageGzipBytes)} gzip (budget 300 KB)`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildConsole();
  process.stdout.write(`${sizeReport(built)}\n`);
  if (built.firstPageGzipBytes > 300 * 1024) {
    process.stderr.write('the first page is over its 300 KB gzip budget\n');
    process.exit(1);
  }
}
