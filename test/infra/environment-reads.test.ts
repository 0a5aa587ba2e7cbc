import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '#infra/manifest-types.ts';
import { manifest } from '#infra/manifest.ts';
import { REPO_ROOT } from '#infra/stack.ts';
import { ENV } from '#shared/config/environment.ts';
import { bundleEnvironmentReads, environmentProblems, markEnvironmentReads, READ_MARKER, type BundleReads } from './environment-reads.ts';

/**
 * Every environment variable a function's code reads is one its manifest entry provides (or the
 * Lambda runtime sets). Locally every function runs in one process whose environment carries
 * every name, so a missing grant would only show on AWS, as "X is not set" on first use.
 */
describe('the environment a function reads', () => {
  let bundles: Record<string, BundleReads>;
  beforeAll(async () => {
    bundles = await bundleEnvironmentReads(manifest, REPO_ROOT);
  }, 120_000);

  const readsOf = (name: string): string[] => {
    const bundle = bundles[name]!;
    if ('buildError' in bundle) throw new Error(`${name} does not build: ${bundle.buildError}`);
    return bundle.reads;
  };

  it('is declared for it in the manifest, for every function', () => {
    expect(Object.keys(bundles).sort()).toEqual(Object.keys(manifest.functions).sort());
    expect(environmentProblems(manifest, bundles)).toEqual([]);
  });

  it('is found in the bundles: names read through ENV, process.env and the idempotency store', () => {
    expect(readsOf('storeNotification')).toContain(ENV.domainTable); // shared/data/config.ts, process.env[ENV.domainTable]
    expect(readsOf('registerWebhook')).toEqual(expect.arrayContaining([ENV.bureauNotificationsTopicArn, ENV.idempotencyTable]));
    expect(readsOf('me')).toContain('POWERTOOLS_SERVICE_NAME'); // shared/observability/logger.ts
    expect(readsOf('health')).toEqual([]);
    // apiRoute bundles the idempotency store everywhere; only routes declared idempotent use it.
    expect(readsOf('listTasks')).not.toContain(ENV.idempotencyTable);
  });

  it.each([
    ['a grant', 'registerWebhook', ENV.bureauNotificationsTopicArn, (m: Manifest): Manifest => withFunction(m, 'registerWebhook', (fn) => ({ ...fn, grants: fn.grants.filter((g) => !('topic' in g)) }))],
    ['a grant', 'fileConsignment', ENV.idempotencyTable, (m: Manifest): Manifest => withFunction(m, 'fileConsignment', (fn) => ({ ...fn, grants: fn.grants.filter((g) => !('table' in g && g.table === 'Idempotency')) }))],
    ['its own setting', 'registerTrain', ENV.preArrivalNoticeHours, (m: Manifest): Manifest => withFunction(m, 'registerTrain', ({ environment: _dropped, ...fn }) => fn)],
  ])('is reported missing when the manifest loses %s (%s, %s)', (_, fn, variable, tamper) => {
    const before = environmentProblems(manifest, bundles).filter((p) => p.startsWith(`${fn}:`));
    expect(before.join('\n')).not.toContain(variable);
    const after = environmentProblems(tamper(manifest), bundles).filter((p) => p.startsWith(`${fn}:`));
    expect(after).toEqual([expect.stringMatching(new RegExp(`^${fn}: reads .*\\b${variable}\\b.*, which its manifest entry does not provide$`))]);
  });

  it('reports a bundle that does not build', () => {
    expect(environmentProblems(manifest, { health: { buildError: 'Could not resolve "./gone.ts"' } })).toEqual([
      'health: the bundle does not build (Could not resolve "./gone.ts")',
    ]);
  });
});

describe('marking environment reads in a module', () => {
  const marked = (source: string, fileName = 'shared/x/module.ts') => markEnvironmentReads(source, fileName) ?? source;
  const reads = (source: string, fileName?: string) =>
    [...marked(source, fileName).matchAll(new RegExp(`${READ_MARKER}(\\w+)`, 'g'))].map((m) => m[1]);

  it('sees ENV members under any alias, relative or #shared, as member or index', () => {
    expect(reads("import { ENV } from '../config/environment.ts';\nconst a = ENV.domainTable;")).toEqual([ENV.domainTable]);
    expect(reads("import { ENV as E } from '#shared/config/environment.ts';\nconst a = E['trainRunStateMachineArn'];", 'functions/api/x.ts')).toEqual([ENV.trainRunStateMachineArn]);
    // The same name from another module is not ENV.
    expect(reads("import { ENV } from './environment.ts';\nconst a = ENV.domainTable;")).toEqual([]);
  });

  it('sees process.env members, literal indexes, requiredEnv literals and names spelled by hand', () => {
    expect(reads('const a = process.env.AWS_REGION ?? process.env["TZ"];')).toEqual(['AWS_REGION', 'TZ']);
    expect(marked('const a = process.env.AWS_REGION;')).toBe(`const a = process.env["${READ_MARKER}AWS_REGION"];`);
    expect(reads("const a = requiredEnv('SOME_SETTING');")).toEqual(['SOME_SETTING']);
    expect(reads("const arns = { import: 'CONSIGNMENT_IMPORT_STATE_MACHINE_ARN' };")).toEqual([ENV.consignmentImportStateMachineArn]);
    expect(markEnvironmentReads('const name = process.argv[2];', 'shared/x/module.ts')).toBeUndefined();
  });

  it("marks ENV's own values, so code that uses the whole object reads every name", () => {
    expect(reads("export const ENV = { domainTable: 'DOMAIN_TABLE', tokenIssuer: 'JWT_ISSUER' } as const;", 'shared/config/environment.ts')).toEqual([
      'DOMAIN_TABLE',
      'JWT_ISSUER',
    ]);
  });
});

function withFunction(m: Manifest, name: string, change: (fn: Manifest['functions'][string]) => Manifest['functions'][string]): Manifest {
  return { ...m, functions: { ...m.functions, [name]: change(m.functions[name]!) } };
}
