import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * zod 4 classic re-exports all of its locales as `z.locales` and `z.core.locales`. esbuild cannot
 * tree-shake a namespace re-export, so every function that touched zod carried ~190 KB of error
 * messages in some fifty languages, and the bigger handlers went over the 500 KB bundle limit.
 *
 * zod's schemas import English themselves (`classic/schemas.js` imports `../locales/en.js` and
 * installs it as the default locale), so the bundles only need that one. This plugin swaps zod's
 * own `../locales/index.js` for a module that re-exports `en` and turns every other locale into a
 * function that throws: `z.config(z.locales.de())` in a Lambda then fails with a message saying
 * why, instead of `undefined is not a function`. Imports of `zod/locales` from outside zod are
 * left alone, so code that asks for a locale explicitly still gets it.
 */

const NAMESPACE = 'zod-english-locales';
const ZOD_FILE = /[\\/]node_modules[\\/]zod[\\/]/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;
const LOCALE_EXPORT = /export \{ default as (\w+) \} from "\.\/[\w-]+\.js";/g;

export function englishOnlyZodLocales(): Plugin {
  return {
    name: 'english-only-zod-locales',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
        if (!ZOD_FILE.test(args.importer)) return undefined;
        const localesDir = resolve(args.resolveDir, '../locales');
        // The path names the module in the source map, so it starts at the first node_modules/:
        // bundles (and their asset hashes) must not depend on where the repository is checked out.
        const path = localesDir.slice(localesDir.search(NODE_MODULES) + 1).replaceAll('\\', '/') + '/index.js';
        return { path, namespace: NAMESPACE, pluginData: localesDir };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const localesDir = String(args.pluginData);
        const index = await readFile(join(localesDir, 'index.js'), 'utf8');
        const names = [...index.matchAll(LOCALE_EXPORT)].map((m) => m[1]!);
        // A zod release that lays its locales out differently must fail the build, not ship a
        // bundle whose default messages are gone.
        if (!names.includes('en')) throw new Error(`${localesDir}/index.js no longer re-exports "en" as this plugin expects`);
        const others = names.filter((name) => name !== 'en');
        const contents = [
          'export { default as en } from "./en.js";',
          `const notBundled = (name) => () => { throw new Error(\`zod locale "\${name}" is not in the Lambda bundles: infra/zod-locales.ts keeps English only\`); };`,
          ...others.map((name) => `export const ${name} = notBundled(${JSON.stringify(name)});`),
        ].join('\n');
        return { contents, loader: 'js', resolveDir: localesDir };
      });
    },
  };
}
