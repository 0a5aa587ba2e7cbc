import { readFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import ts from 'typescript';
import { BUNDLE_FILE, esbuildOptions } from '#infra/bundling.ts';
import { functionEnvironment, type ResourceValues } from '#infra/function-environment.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { ENV } from '#shared/config/environment.ts';

/**
 * Which environment variables each function's code can read, found in its bundle, and which of
 * those its manifest entry does not provide.
 *
 * Every function is bundled as it deploys (the resolution options of infra/bundling.ts), with one
 * difference made for the analysis only: in the project's own modules every read of a name is
 * rewritten to a marker string, `"ENV-READ:<NAME>"`, before esbuild tree-shakes. A read is
 * - `ENV.someName` / `ENV['someName']` (shared/config/environment.ts), under any local alias;
 * - `process.env.NAME` / `process.env['NAME']`;
 * - `requiredEnv('NAME')`;
 * - a string equal to a name `ENV` or the manifest declares, spelled by hand
 *   (`{ import: 'CONSIGNMENT_IMPORT_STATE_MACHINE_ARN' }`, looked up later).
 * `ENV`'s own values are markers too, so code that passes the whole `ENV` object around reads
 * every name, as it can. The markers left in a bundle are the reads of code that is really in
 * it; a read in a module the function imports only part of is gone with the unused part.
 * Reads inside node_modules (Powertools, the AWS SDK) are the libraries' own business: they
 * read only what the Lambda runtime sets, and stay unmarked.
 *
 * A name computed at run time (`process.env[name]`, a suffix match over `process.env`) cannot
 * be seen; `requiredEnv(ENV.x)` can.
 */

export const READ_MARKER = 'ENV-READ:';
const MARKED = new RegExp(`${READ_MARKER}([A-Za-z_][A-Za-z0-9_]*)`, 'g');

/** Variables the Lambda runtime (or the deployment for every function alike) sets; a function may read them without a grant. */
export const RUNTIME_VARIABLES: ReadonlySet<string> = new Set([
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'LAMBDA_TASK_ROOT',
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'TZ',
  'NODE_OPTIONS',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_DEV',
]);

/**
 * Names read only on a path a function opts into in its own module, rather than by what it
 * imports: `apiRoute` (shared/http/api-route.ts) is in every API bundle and calls the idempotency
 * store (which reads `ENV.idempotencyTable`) only for a route declared `idempotent: true`. Such a
 * name counts as read when the function's entry declares the property.
 */
export const OPT_IN_READS: Readonly<Record<string, { property: string; why: string }>> = {
  [ENV.idempotencyTable]: { property: 'idempotent', why: "apiRoute's idempotency store serves only routes declared `idempotent: true`" },
};

/** Placeholder values: only the names of a function's environment matter here. */
export const SAMPLE_VALUES: ResourceValues = {
  tableName: (t) => `table-${t}`,
  topicArn: (t) => `arn:aws:sns:us-east-1:000000000000:${t}`,
  stateMachineArn: (sm) => `arn:aws:states:us-east-1:000000000000:stateMachine:${sm}`,
  scheduleGroupName: (g) => `group-${g}`,
  scheduleRoleArn: (g) => `arn:aws:iam::000000000000:role/${g}`,
  tokenIssuer: () => ({ issuer: 'https://issuer.example', audience: 'client' }),
  keyArn: (k) => `arn:aws:kms:us-east-1:000000000000:key/${k}`,
};

const ENV_VALUE_BY_KEY = new Map<string, string>(Object.entries(ENV));
const ENV_VALUES = new Set<string>(Object.values(ENV));
/** The module that spells the names, from the repository root. */
const ENVIRONMENT_FILE = 'shared/config/environment.ts';
const NODE_MODULES = /[\\/]node_modules[\\/]/;

interface Edit {
  start: number;
  end: number;
  text: string;
}

const marker = (name: string) => JSON.stringify(`${READ_MARKER}${name}`);

const isProcessEnv = (node: ts.Expression): boolean =>
  ts.isPropertyAccessExpression(node) && node.name.text === 'env' && ts.isIdentifier(node.expression) && node.expression.text === 'process';

const literalKey = (node: ts.Expression): string | undefined =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;

/** An import specifier of `fileName` (both from the repository root) as a path from the root; `#shared/x` is package.json's `./shared/x`. */
function resolveSpecifier(fileName: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return posix.join(posix.dirname(fileName), specifier);
  const alias = /^#(\w+)\/(.*)$/.exec(specifier);
  return alias ? `${alias[1]}/${alias[2]}` : undefined;
}

/** The local names `ENV` is imported under (`import { ENV }`, `import { ENV as E }`). */
function envBindings(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    if (resolveSpecifier(file.fileName, statement.moduleSpecifier.text) !== ENVIRONMENT_FILE) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if ((element.propertyName ?? element.name).text === 'ENV') names.add(element.name.text);
    }
  }
  return names;
}

/** The source with every read of a name replaced by its marker (see above); `undefined` when it reads none. */
export function markEnvironmentReads(source: string, fileName: string, knownNames: ReadonlySet<string> = ENV_VALUES): string | undefined {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: Edit[] = [];
  // Both return nothing: a visitor that returns a value stops ts.forEachChild.
  const replace = (node: ts.Node, name: string): void => {
    edits.push({ start: node.getStart(file), end: node.getEnd(), text: marker(name) });
  };
  // `process.env.NAME` becomes `process.env["ENV-READ:NAME"]`: from the dot on, the member turns into an index.
  const replaceMember = (node: ts.PropertyAccessExpression): void => {
    edits.push({ start: node.expression.getEnd(), end: node.getEnd(), text: `[${marker(node.name.text)}]` });
  };

  if (fileName === ENVIRONMENT_FILE) {
    // ENV's own values: code that hands the whole object around reads every name.
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) && ENV_VALUES.has(node.text)) replace(node, node.text);
      ts.forEachChild(node, visit);
    };
    visit(file);
  } else {
    const env = envBindings(file);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
        const value = env.has(node.expression.text) ? ENV_VALUE_BY_KEY.get(node.name.text) : undefined;
        if (value) return replace(node, value);
      }
      if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && env.has(node.expression.text)) {
        const key = literalKey(node.argumentExpression);
        const value = key === undefined ? undefined : ENV_VALUE_BY_KEY.get(key);
        if (value) return replace(node, value);
      }
      if (ts.isPropertyAccessExpression(node) && isProcessEnv(node.expression)) return replaceMember(node);
      if (ts.isElementAccessExpression(node) && isProcessEnv(node.expression)) {
        const key = literalKey(node.argumentExpression);
        if (key !== undefined) return replace(node.argumentExpression, key);
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'requiredEnv') {
        const [argument] = node.arguments;
        const key = argument && literalKey(argument);
        if (argument && key !== undefined) return replace(argument, key);
      }
      // A known name spelled by hand (`{ import: 'CONSIGNMENT_IMPORT_STATE_MACHINE_ARN' }`, looked up later).
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && knownNames.has(node.text) && !ts.isImportDeclaration(node.parent)) {
        return replace(node, node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  if (edits.length === 0) return undefined;

  let text = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
}

/** The analysis-only esbuild plugin: marks the reads of the project's own modules. */
function markReadsPlugin(repoRoot: string, knownNames: ReadonlySet<string>): Plugin {
  return {
    name: 'mark-environment-reads',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (NODE_MODULES.test(args.path) || relative(repoRoot, args.path).startsWith('..')) return undefined;
        const source = await readFile(args.path, 'utf8');
        const marked = markEnvironmentReads(source, relative(repoRoot, args.path).split(sep).join('/'), knownNames);
        return marked === undefined ? undefined : { contents: marked, loader: 'ts' };
      });
    },
  };
}

/** Names declared `true` on the entry module's exported object literals (`route.idempotent`). */
async function optedIn(entryPath: string): Promise<Set<string>> {
  const file = ts.createSourceFile(entryPath, await readFile(entryPath, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const properties = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.initializer.kind === ts.SyntaxKind.TrueKeyword) properties.add(node.name.getText(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return properties;
}

export type BundleReads = { reads: string[] } | { buildError: string };

/**
 * The names each manifest function's bundle reads (sorted), or why it did not build. Bundles in
 * parallel, in memory, with the options every function deploys with (infra/bundling.ts) plus the
 * marking plugin.
 */
export async function bundleEnvironmentReads(m: Manifest, repoRoot: string): Promise<Record<string, BundleReads>> {
  const known = new Set<string>([...Object.values(ENV), ...Object.keys(m.functions).flatMap((name) => Object.keys(functionEnvironment(m, name, SAMPLE_VALUES)))]);
  const entries = await Promise.all(
    Object.entries(m.functions).map(async ([name, spec]): Promise<[string, BundleReads]> => {
      const entryPath = join(repoRoot, spec.entry);
      const { banner: _banner, sourcemap: _sourcemap, plugins = [], ...options } = esbuildOptions(entryPath, join(repoRoot, BUNDLE_FILE));
      let text: string;
      try {
        const result = await build({ ...options, plugins: [...plugins, markReadsPlugin(repoRoot, known)], write: false, logLevel: 'silent' });
        text = result.outputFiles.map((f) => f.text).join('\n');
      } catch (error) {
        const errors = (error as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors;
        const detail = errors?.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`).join('; ');
        return [name, { buildError: detail ?? String(error) }];
      }
      const found = new Set([...text.matchAll(MARKED)].map((match) => match[1]!));
      const properties = await optedIn(entryPath);
      for (const [variable, { property }] of Object.entries(OPT_IN_READS)) if (!properties.has(property)) found.delete(variable);
      return [name, { reads: [...found].sort() }];
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * What is wrong, one line each: a function whose bundle reads a name that neither its manifest
 * entry (`functionEnvironment`) nor the runtime provides, or whose bundle does not build.
 */
export function environmentProblems(m: Manifest, bundles: Record<string, BundleReads>): string[] {
  const problems: string[] = [];
  for (const [name, bundle] of Object.entries(bundles)) {
    if ('buildError' in bundle) {
      problems.push(`${name}: the bundle does not build (${bundle.buildError})`);
      continue;
    }
    const declared = new Set(Object.keys(functionEnvironment(m, name, SAMPLE_VALUES)));
    const missing = bundle.reads.filter((variable) => !declared.has(variable) && !RUNTIME_VARIABLES.has(variable));
    if (missing.length > 0) problems.push(`${name}: reads ${missing.join(', ')}, which its manifest entry does not provide`);
  }
  return problems;
}
