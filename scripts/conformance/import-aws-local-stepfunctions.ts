/**
 * Regenerates test/conformance/cases/<group>/aws-local-stepfunctions.json from the unit tests of
 * the peer emulator nibble-4bits/aws-local-stepfunctions (expected values asserted by its
 * authors, not recorded from AWS): every intrinsic-function test that calls a function with
 * arguments and expects a value (or a runtime error for arguments read from the input), and
 * every row of its Choice rule-matcher table, each turned into a one-state machine.
 *
 *   npx tsx scripts/conformance/import-aws-local-stepfunctions.ts [--repo /work/.mirror/nibble-4bits+aws-local-stepfunctions/repo]
 *
 * The tests' object literals are read with `vm` in an empty context after checking that they
 * are literals (no calls, no identifiers beyond keys), never by running the test files.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import vm from 'node:vm';
import type { CaseSource, ConformanceCase, Json, SkippedCase } from '#test/conformance/case-types.ts';
import { balanced } from './python-source.ts';
import { writeCorpus } from './write-corpus.ts';

const REPOSITORY = 'nibble-4bits/aws-local-stepfunctions';
const { values } = parseArgs({ options: { repo: { type: 'string', default: '/work/.mirror/nibble-4bits+aws-local-stepfunctions/repo' } } });
const gitDir = values.repo as string;
const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
const commit = git('rev-parse', 'HEAD').trim();

const cases: ConformanceCase[] = [];
const skipped: SkippedCase[] = [];

/** A JavaScript literal from a test file, or undefined when it is anything but a literal. */
function literal(text: string): unknown {
  const code = text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`$]*`/g, "''");
  if (/[()=;]|\$\{/.test(code)) return undefined;
  const words = code.match(/[A-Za-z_$][\w$]*/g) ?? [];
  const keys = new Set((code.match(/[A-Za-z_$][\w$]*\s*:/g) ?? []).map((k) => k.replace(/\s*:$/, '')));
  if (words.some((w) => !['true', 'false', 'null', 'undefined'].includes(w) && !keys.has(w))) return undefined;
  try {
    return vm.runInNewContext(`(${text})`, Object.create(null), { timeout: 100 });
  } catch {
    return undefined;
  }
}

function source(path: string, test: string): CaseSource {
  return { repository: REPOSITORY, commit, path, test, provenance: 'emulator-asserted' };
}

function importIntrinsics(): void {
  const files = git('ls-tree', '--name-only', 'HEAD', '__tests__/intrinsicFunctions/').split('\n').filter((f) => /States\w+\.test\.ts$/.test(f));
  for (const path of files) {
    const text = git('show', `HEAD:${path}`);
    const fn = /describe\('(States\.\w+) intrinsic function'/.exec(text)?.[1];
    if (!fn) continue;
    for (const m of text.matchAll(/test\('((?:[^'\\]|\\.)*)', (?:async )?\(\) => \{/g)) {
      const title = (m[1] as string).replace(/\\'/g, "'");
      const body = balanced(text, (m.index ?? 0) + m[0].length - 1);
      const id = `aws-local-stepfunctions:${path}::${title}`;
      const src = source(path, title);
      const skip = (reason: string) => skipped.push({ id, source: src, reason });
      const inputText = /const input = ([\s\S]*?);\n/.exec(body)?.[1];
      const argsText = /const funcArgs = (\[[\s\S]*?\]);\n/.exec(body)?.[1];
      const input = inputText === undefined ? {} : literal(inputText);
      const args = argsText === undefined ? undefined : literal(argsText);
      if (!Array.isArray(args) || input === undefined) {
        skip('not a call with literal arguments');
        continue;
      }
      if (args.some((a) => typeof a !== 'string' || a.startsWith('$$'))) {
        skip('arguments are not plain intrinsic argument text');
        continue;
      }
      const call = `${fn}(${(args as string[]).join(', ')})`;
      const definition = { StartAt: 'Call', States: { Call: { Type: 'Pass', Parameters: { 'result.$': call }, End: true } } } as Json;
      const expectation = /expect\(result\)\.(toBe|toEqual)\(([\s\S]*?)\);\n/.exec(body);
      const throws = /expect\(funcCallWrapper\)\.toThrow\(/.test(body);
      if (expectation) {
        const value = literal(expectation[2] as string);
        if (value === undefined) {
          skip('expected value is not a literal');
          continue;
        }
        cases.push({ id, name: `${fn}: ${title}`, group: 'intrinsics', source: src, definition, input: input as Json, expected: { status: 'SUCCEEDED', output: { result: value as Json } } });
      } else if (throws) {
        // Only when every argument comes from the input is AWS sure not to refuse the call at
        // CreateStateMachine (it checks literal arguments) instead of failing it at run time.
        if (!(args as string[]).every((a) => a.startsWith('$'))) {
          skip('a literal argument: AWS may refuse the definition where the emulator asserts a runtime error');
          continue;
        }
        cases.push({ id, name: `${fn}: ${title}`, group: 'intrinsics', source: src, definition, input: input as Json, expected: { status: 'FAILED', error: 'States.Runtime' } });
      } else {
        skip('result not compared by value (random or unique)');
      }
    }
  }
}

function importChoiceRules(): void {
  const path = '__tests__/stateActions/ChoiceStateAction.test.ts';
  const text = git('show', `HEAD:${path}`);
  const start = text.indexOf('const rules = [');
  const rules = literal(`[${balanced(text, text.indexOf('[', start))}]`) as
    | Array<{ rule: string; cases: Array<{ ruleValue: Json; inputValue?: Json; comparisonValue?: Json; explanation: string; isMatch: boolean }> }>
    | undefined;
  if (!rules) throw new Error('Choice rule table not readable');
  for (const { rule, cases: rows } of rules) {
    rows.forEach((row, i) => {
      const title = `${rule}: ${row.isMatch ? 'matches' : 'does not match'} if variable ${row.explanation}`;
      const definition = {
        StartAt: 'ChoiceState',
        States: {
          ChoiceState: { Type: 'Choice', Choices: [{ Variable: '$.test', [rule]: row.ruleValue, Next: 'MatchingChoice' }], Default: 'DefaultChoice' },
          MatchingChoice: { Type: 'Pass', Result: 'MatchingChoice', End: true },
          DefaultChoice: { Type: 'Pass', Result: 'DefaultChoice', End: true },
        },
      } as Json;
      const input = JSON.parse(JSON.stringify({ test: row.inputValue, comparisonValue: row.comparisonValue })) as Json;
      cases.push({
        id: `aws-local-stepfunctions:${path}::${rule}[${i}]`,
        name: title,
        group: 'choice',
        source: source(path, `Choice rule matcher › ${rule} › ${title}`),
        definition,
        input,
        expected: { status: 'SUCCEEDED', output: row.isMatch ? 'MatchingChoice' : 'DefaultChoice' },
      });
    });
  }
}

importIntrinsics();
importChoiceRules();
writeCorpus('aws-local-stepfunctions', cases, skipped);
