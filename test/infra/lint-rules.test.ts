import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/stack.ts';

/**
 * The layering rules of eslint.config.js, proven on sample code linted as if it lived at a given
 * path. A flat config replaces (does not merge) `no-restricted-imports` options of earlier blocks,
 * so a restriction that a later, broader block silently dropped would show here.
 */
const eslint = new ESLint({ cwd: REPO_ROOT });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, filePath) });
  const messages = result!.messages;
  // Only the rule under test; a parse error would hide it, so it fails the test instead.
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2).map((m) => m.message);
}

const use = (specifier: string, name = 'x') => `import { ${name} } from '${specifier}';\nexport const y = ${name};\n`;

describe('lint: shared/domain stays pure', () => {
  it.each([
    ['@aws-sdk/client-dynamodb', 'DynamoDBClient'],
    ['@aws-lambda-powertools/logger', 'Logger'],
    ['aws-cdk-lib', 'Stack'],
    ['#infra/manifest.ts', 'manifest'],
  ])('refuses %s in shared/domain', async (specifier, name) => {
    expect(await restrictedImports('shared/domain/example.ts', use(specifier, name))).toHaveLength(1);
    expect(await restrictedImports('shared/domain/trains/example.ts', use(specifier, name))).toHaveLength(1);
  });

  it('refuses HTTP in shared/domain too (the most specific block keeps the broader patterns)', async () => {
    expect(await restrictedImports('shared/domain/example.ts', use('../http/api-problem.ts'))).toHaveLength(1);
  });

  it('lets the data layer use the AWS SDK', async () => {
    expect(await restrictedImports('shared/data/example.ts', use('@aws-sdk/client-dynamodb', 'DynamoDBClient'))).toEqual([]);
  });
});

describe('lint: only shared/http and functions/ import shared/http', () => {
  it.each([
    ['shared/lifecycle/consignments/x.ts', '../../http/api-problem.ts'],
    ['shared/lifecycle/trains/x.ts', '#shared/http/problem.ts'],
    ['shared/lifecycle/tasks/x.ts', '../../http/idempotency.ts'],
    ['shared/lifecycle/x.ts', '../http/api-problem.ts'],
    ['shared/review/x.ts', '#shared/http/problem.ts'],
    ['shared/messaging/x.ts', '../http/api-route.ts'],
    ['shared/orchestration/x.ts', '#shared/http/api-problem.ts'],
    ['shared/scheduling/x.ts', '../http/problem.ts'],
    ['shared/data/x.ts', '../http/api-problem.ts'],
    ['shared/domain/x.ts', '#shared/http/problem.ts'],
  ])('refuses it in %s (%s)', async (filePath, specifier) => {
    const messages = await restrictedImports(filePath, use(specifier));
    expect(messages).toEqual([expect.stringContaining('do not import shared/http')]);
  });

  it.each([
    ['functions/api/x.ts', '#shared/http/problem.ts'],
    ['functions/steps/x.ts', '#shared/http/api-problem.ts'],
    ['shared/http/x.ts', './problem.ts'],
  ])('allows it in %s (%s)', async (filePath, specifier) => {
    expect(await restrictedImports(filePath, use(specifier))).toEqual([]);
  });

  it.each([
    ['shared/review/x.ts', '#local/cloud.ts'],
    ['shared/http/x.ts', '#functions/api/health.ts'],
    ['shared/aws/x.ts', '#infra/manifest.ts'],
    ['shared/config/x.ts', '../../infra/manifest.ts'],
    ['shared/lifecycle/trains/x.ts', '../../../shared/data/repositories.ts'],
  ])('still keeps the whole of shared/ away from functions/, local/ and infra/ (%s: %s)', async (filePath, specifier) => {
    expect(await restrictedImports(filePath, use(specifier))).toEqual([expect.stringContaining('never the reverse')]);
  });
});
