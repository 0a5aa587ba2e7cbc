/**
 * Regenerates test/conformance/cases/localstack-*.json from LocalStack's Step Functions tests:
 * each execution history in a `*.snapshot.json` (and each row of the Choice-operator tables)
 * becomes a case, with the template the test loaded, the input AWS recorded, and the outcome and
 * history AWS recorded. A case is `aws-recorded` when its test is in the module's
 * `*.validation.json` (LocalStack re-records those against AWS) or marked `@markers.aws.validated`.
 *
 *   npx tsx scripts/conformance/import-localstack.ts [--repo /work/.mirror/localstack+localstack/repo]
 *
 * The mirror is a git directory without a work tree (the `fetch` tool makes it); the script reads
 * HEAD through `git archive`, so the commit is recorded in every case's source.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseSource, ConformanceCase, ExpectedEvent, ExpectedOutcome, Json, LambdaBehaviour, SkippedCase } from '#test/conformance/case-types.ts';
import { featureGroup } from './feature-groups.ts';
import { parseJson5 } from './json5.ts';
import {
  balanced,
  fString,
  importAliases,
  indexTemplateModule,
  joinContinuations,
  loopLists,
  moduleConstants,
  parametrizations,
  pythonLiteral,
  pythonValue,
  splitTopLevel,
  templateRefs,
  templateString,
  testFunctions,
  type TemplateIndex,
  type TemplateRef,
  type TestFunction,
} from './python-source.ts';
import { writeCorpus } from './write-corpus.ts';

const TESTS = 'tests/aws/services/stepfunctions';
const REPOSITORY = 'localstack/localstack';

const { values } = parseArgs({ options: { repo: { type: 'string', default: '/work/.mirror/localstack+localstack/repo' } } });
const gitDir = values.repo as string;
const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const root = mkdtempSync(join(tmpdir(), 'localstack-sfn-'));
execFileSync('sh', ['-c', `git --git-dir "${gitDir}" archive HEAD ${TESTS} | tar -x -C "${root}"`]);
const base = join(root, TESTS);

/** The Lambda handlers whose behaviour a case can state declaratively. */
const LAMBDA_BEHAVIOURS: Record<string, LambdaBehaviour> = {
  'services/lambdafunctions/id_function.py': { kind: 'identity' },
  'errorhandling/lambdafunctions/raise_exception.py': { kind: 'raise', errorType: 'Exception', errorMessage: 'Some exception was raised.' },
};

/** Test bodies doing something a definition plus input cannot express. */
const UNSUPPORTED_FLOWS: Array<[RegExp, string]> = [
  [/send_task_(success|failure|heartbeat)|get_activity_task|create_activity/, 'the test drives callbacks or activities from Python'],
  [/StateMachineType\.EXPRESS|start_sync_execution|"EXPRESS"/, 'EXPRESS machine (no execution history on AWS)'],
  [/stop_execution|redrive_execution|update_state_machine|publish_state_machine_version|create_state_machine_alias/, 'the test changes the execution or machine while it runs'],
  [/\b(definition|template)\w*(\[[^\]]*\])*\.(pop|update|append)\(|\bdel (definition|template)|json\.dumps\([^)]*\)\.replace/, 'the definition is rewritten in Python beyond simple assignments'],
  [/datetime\.|time\.time\(\)/, 'the definition or input depends on the wall clock of the recording'],
  [/\b(sqs_\w+|sns_\w+|dynamodb_\w+|s3_\w+|events_\w+|ecs_\w+|secretsmanager_\w+|create_bucket|create_table|create_queue|create_topic)\b|aws_client\.(sqs|sns|dynamodb|s3|events|ecs|glue|bedrock|apigateway|secretsmanager)\b/, 'needs a service or resource the test creates (not emulated here)'],
];

const SUPPORTED_RESOURCE = /^(\$\{LambdaArn:\w+\}|arn:aws:states:::lambda:invoke)$/;

const templateIndex: TemplateIndex = { classes: new Map(), strings: new Map() };
for (const file of readdirSync(join(base, 'templates'), { recursive: true }) as string[]) {
  if (file.endsWith('_templates.py') || file.endsWith('_template.py')) {
    const dir = file.split('/').slice(0, -1).join('/');
    indexTemplateModule(templateIndex, `templates/${dir}`, readFileSync(join(base, 'templates', file), 'utf8'));
  }
}

const cases: ConformanceCase[] = [];
const skipped: SkippedCase[] = [];

function importSnapshots(): void {
for (const file of (readdirSync(join(base, 'v2'), { recursive: true }) as string[]).filter((f) => f.endsWith('.snapshot.json')).sort()) {
  const modulePath = `v2/${file.replace(/\.snapshot\.json$/, '.py')}`;
  const pySource = readFileSync(join(base, modulePath), 'utf8');
  const snapshot = JSON.parse(readFileSync(join(base, `v2/${file}`), 'utf8')) as Record<string, { 'recorded-content': Record<string, unknown> }>;
  const validationFile = join(base, `v2/${file.replace(/\.snapshot\.json$/, '.validation.json')}`);
  const validation = existsSync(validationFile)
    ? (JSON.parse(readFileSync(validationFile, 'utf8')) as Record<string, { last_validated_date?: string }>)
    : {};
  const aliases = importAliases(pySource, templateIndex);
  const functions = testFunctions(pySource);

  for (const [key, entry] of Object.entries(snapshot)) {
    // Entries left from when the tests lived elsewhere are never re-verified; the current key wins.
    if (!key.startsWith(`${TESTS}/`)) continue;
    const testId = key.split('::').slice(1).join('::');
    const param = /\[(.*)\]$/.exec(key)?.[1] ?? null;
    const testName = (key.split('::').pop() as string).replace(/\[.*\]$/, '');
    const className = key.split('::')[1] ?? '';
    const fn = functions.find((f) => f.name === testName && f.className === className) ?? functions.find((f) => f.name === testName);
    const validated = validation[key]?.last_validated_date;
    const source: CaseSource = {
      repository: REPOSITORY,
      commit,
      path: `${TESTS}/${modulePath}`,
      test: testId,
      snapshotKey: key,
      provenance: validated || fn?.decorators.includes('@markers.aws.validated') ? 'aws-recorded' : 'emulator-asserted',
      ...(validated && { validatedDate: validated }),
    };
    const content = entry['recorded-content'];

    if (Array.isArray(content.cases) && fn) {
      importChoiceTable(fn, source, content.cases as Array<{ input: unknown; output: Json }>, pySource);
      continue;
    }
    if (fn && content.start_execution_sync_response) {
      importExpressSync(fn, param, aliases, source, content.start_execution_sync_response as SyncResponse, classSkipPaths(pySource, className));
      continue;
    }
    if (fn && content.validation_response) {
      importValidation(fn, param, aliases, source, content.validation_response as ValidationResponse);
      continue;
    }
    const histories = Object.entries(content).filter(([, v]) => isHistory(v)) as Array<[string, { events: RawEvent[] }]>;
    for (const [historyKey, history] of histories) {
      const id = `localstack:${modulePath}::${testId}#${historyKey}`;
      const caseSource = { ...source, snapshotKey: `${key}#${historyKey}` };
      const skip = (reason: string) => skipped.push({ id, source: caseSource, reason });
      if (!fn) {
        skip('test function not found in the module');
        continue;
      }
      const built = buildDefinition(fn, param, aliases);
      if (typeof built === 'string') {
        skip(built);
        continue;
      }
      const unsupported = unsupportedResource(built.definition);
      if (unsupported) {
        skip(unsupported);
        continue;
      }
      const started = history.events[0];
      const input = withPlaceholders(parseMaybeJson(started?.executionStartedEventDetails?.input) as Json, built.placeholders);
      const masked = maskedValue(input) ?? maskedValue(built.definition);
      if (masked !== null) {
        skip(`the recorded input is masked by a snapshot transformer ("${masked}"): AWS ran a value computed at recording time`);
        continue;
      }
      const expected = expectedOutcome(history.events, fn, built.definition, classSkipPaths(pySource, className));
      if (!expected) {
        skip('the recorded history does not end the execution');
        continue;
      }
      const placeholders = transformerPlaceholders(fn);
      if (placeholders.length > 0) expected.placeholders = placeholders;
      // "0.0" parses to 0, which JSON.stringify writes as "0": send what AWS received.
      const rawInput = started?.executionStartedEventDetails?.input;
      const inputText = typeof rawInput === 'string' && typeof input === 'number' && String(input) !== rawInput.trim() ? rawInput : undefined;
      cases.push({
        id,
        name: `${testId}${historyKey === 'get_execution_history' ? '' : ` (${historyKey})`}`,
        ...(inputText !== undefined && { inputText }),
        group: featureGroup(modulePath, testId, built.definition),
        source: caseSource,
        definition: built.definition,
        input,
        ...(Object.keys(built.lambdas).length > 0 && { lambdas: built.lambdas }),
        expected,
      });
    }
  }
}
}

interface SyncResponse {
  status: ExpectedOutcome['status'];
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: Json;
}

/**
 * The replacement texts of the snapshot transformers a test adds (`RegexTransformer(x, "text")`,
 * `JsonpathTransformer(..., replacement="text")`): in recorded values they stand for anything.
 */
function transformerPlaceholders(fn: TestFunction): string[] {
  const body = joinContinuations(fn.body);
  const texts = [
    ...[...body.matchAll(/RegexTransformer\(\s*[^,]+,\s*"([^"]+)"\s*\)/g)].map((m) => m[1] as string),
    ...[...body.matchAll(/JsonpathTransformer\([^)]*?replacement\s*=\s*"([^"]+)"/g)].map((m) => m[1] as string),
  ];
  return [...new Set(texts)].filter((t) => !MASKED_VALUES.has(t)).sort();
}

/** `skip_snapshot_verify` paths on the test class (LocalStack does not verify them either). */
function classSkipPaths(pySource: string, className: string): string[] {
  const m = new RegExp(`@markers\\.snapshot\\.skip_snapshot_verify\\(([\\s\\S]*?)\\)\\s*\\nclass ${className}\\b`).exec(pySource);
  return m ? [...(m[1] as string).matchAll(/"\$\.\.([\w.]+)"/g)].map((p) => (p[1] as string).split('.').pop() as string) : [];
}

/** An EXPRESS machine run with StartSyncExecution: the recorded response is the expected end. */
function importExpressSync(fn: TestFunction, param: string | null, aliases: Map<string, string>, source: CaseSource, response: SyncResponse, ignore: string[]): void {
  const id = `localstack:${source.path.slice(TESTS.length + 1)}::${source.test}#start_execution_sync_response`;
  const caseSource = { ...source, snapshotKey: `${source.snapshotKey}#start_execution_sync_response` };
  // Fixtures in the signature (a queue the test never uses) say nothing about the definition.
  const built = buildDefinition({ ...fn, body: fn.body.slice(fn.body.indexOf('):') + 2) }, param, aliases);
  if (typeof built === 'string') {
    skipped.push({ id, source: caseSource, reason: built });
    return;
  }
  const input = withPlaceholders(parseMaybeJson(response.input) as Json, built.placeholders);
  const expected: ExpectedOutcome = { status: response.status };
  if (response.status === 'SUCCEEDED') expected.output = parseMaybeJson(response.output) as Json;
  if (response.error !== undefined) expected.error = response.error;
  if (response.cause !== undefined) expected.cause = response.cause;
  if (ignore.length > 0) expected.ignoreFields = ignore;
  const placeholders = transformerPlaceholders(fn);
  if (placeholders.length > 0) expected.placeholders = placeholders;
  cases.push({
    id,
    name: `${source.test} (StartSyncExecution)`,
    group: 'express-sync',
    source: caseSource,
    mode: 'express-sync',
    definition: built.definition,
    input,
    ...(Object.keys(built.lambdas).length > 0 && { lambdas: built.lambdas }),
    expected,
  });
}

interface ValidationResponse {
  result: 'OK' | 'FAIL';
  diagnostics: Array<{ code: string; severity: string; location?: string; message?: string }>;
}

/**
 * ValidateStateMachineDefinition of a template (or of a non-definition string the test is
 * parametrized with). Messages are left out: AWS's wording is not what a client acts on, and
 * LocalStack does not verify the diagnostics at all.
 */
function importValidation(fn: TestFunction, param: string | null, aliases: Map<string, string>, source: CaseSource, response: ValidationResponse): void {
  const id = `localstack:${source.path.slice(TESTS.length + 1)}::${source.test}#validation_response`;
  const caseSource = { ...source, snapshotKey: `${source.snapshotKey}#validation_response` };
  const machineType = /_type_express\b/.test(fn.name) || /type=StateMachineType\.EXPRESS/.test(fn.body) ? 'EXPRESS' : 'STANDARD';
  let definition: Json = null;
  let definitionText: string | undefined;
  const literal = parametrizations(fn.decorators).find((p) => p.names[0] === 'definition_string');
  if (literal && param !== null) {
    const index = (literal.ids ?? []).indexOf(param);
    const value = index >= 0 ? pythonLiteral(literal.items[index] as string) : undefined;
    if (typeof value !== 'string') {
      skipped.push({ id, source: caseSource, reason: `definition string not identified for [${param}]` });
      return;
    }
    definitionText = value;
  } else {
    const ref = chooseTemplate(fn, param, aliases);
    if (typeof ref === 'string') {
      skipped.push({ id, source: caseSource, reason: ref });
      return;
    }
    definition = parseJson5(readFileSync(join(base, ref.file), 'utf8')) as Json;
  }
  cases.push({
    id,
    name: `${source.test} (ValidateStateMachineDefinition ${machineType})`,
    group: 'validation',
    source: caseSource,
    mode: 'validate',
    machineType,
    definition,
    ...(definitionText !== undefined && { definitionText }),
    input: null,
    expected: {
      validation: {
        result: response.result,
        diagnostics: response.diagnostics.map((d) => ({ code: d.code, severity: d.severity, ...(d.location !== undefined && { location: d.location }) })),
      },
    },
  });
}

function importChoiceTable(fn: TestFunction, source: CaseSource, rows: Array<{ input: unknown; output: Json }>, pySource: string): void {
  const call = /create_and_test_comparison_function\(/.exec(fn.body);
  const args = call ? splitTopLevel(balanced(fn.body, (call.index ?? 0) + call[0].length - 1)) : [];
  // The (Variable, Value) pairs the test ran, row by row: the snapshot masks timestamps, these do not.
  const comparisonsArg = args.find((a) => a.startsWith('comparisons='));
  // Constants come from the test module and the operators' shared utils.py (TYPE_COMPARISONS).
  const constants = moduleConstants(pySource, moduleConstants(readFileSync(join(base, 'v2/choice_operators/utils.py'), 'utf8')));
  const comparisons = comparisonsArg ? pythonValue(comparisonsArg.slice('comparisons='.length), loopLists(fn.body, constants)) : undefined;
  const pairs = Array.isArray(comparisons) && comparisons.length === rows.length ? (comparisons as unknown[]) : undefined;
  const operator = args.map((a) => pythonLiteral(a)).find((v) => typeof v === 'string') as string | undefined;
  const literal = !args.some((a) => /add_literal_value\s*=\s*False/.test(a));
  const templateText = readFileSync(join(base, 'templates/choiceoperators/statemachines/template.json5'), 'utf8');
  rows.forEach((row, i) => {
    const id = `localstack:${source.path.slice(TESTS.length + 1)}::${source.test}#cases[${i}]`;
    let input = (typeof row.input === 'string' ? JSON.parse(row.input) : row.input) as { Variable: Json; Value: Json };
    let rowSource = { ...source, snapshotKey: `${source.snapshotKey}#cases[${i}]` };
    if (!operator) {
      skipped.push({ id, source, reason: 'comparison operator not found in the test' });
      return;
    }
    const masked = maskedValue(input as unknown as Json);
    if (masked !== null) {
      const pair = pairs?.[i];
      const rebuilt = Array.isArray(pair) && pair.length === 2 ? { Variable: pair[0] as Json, Value: pair[1] as Json } : undefined;
      if (!rebuilt || !agreesWithRecording(input, rebuilt)) {
        skipped.push({ id, source, reason: `the recorded input is masked by a snapshot transformer ("${masked}"): the compared timestamps are not recorded` });
        return;
      }
      input = rebuilt;
      rowSource = { ...rowSource, reconstructed: 'input: the recorded row masks timestamps; rebuilt from the test\'s `comparisons` list (same position, agrees with every unmasked value)' };
    }
    let text = templateText.replace('%ComparisonOperatorType%', operator);
    if (literal) text = text.replace('"$.Value"', JSON.stringify(input.Value));
    const definition = parseJson5(text) as Json;
    const output = Array.isArray(row.output) ? (row.output[0] as Json) : row.output;
    cases.push({
      id,
      name: `${source.test} ${JSON.stringify(input)}`,
      group: 'choice',
      source: rowSource,
      definition,
      input,
      expected: { status: 'SUCCEEDED', output },
    });
  });
}

interface RawEvent {
  type: string;
  id?: number;
  previousEventId?: number;
  executionStartedEventDetails?: { input?: unknown };
  [details: string]: unknown;
}

function isHistory(value: unknown): boolean {
  const events = (value as { events?: RawEvent[] } | null)?.events;
  return Array.isArray(events) && events[0]?.type === 'ExecutionStarted';
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const TERMINAL: Record<string, ExpectedOutcome['status']> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionTimedOut: 'TIMED_OUT',
  ExecutionAborted: 'ABORTED',
};

function expectedOutcome(events: RawEvent[], fn: TestFunction, definition: Json, classPaths: string[]): ExpectedOutcome | null {
  const last = events[events.length - 1];
  const status = last ? TERMINAL[last.type] : undefined;
  if (!last || !status) return null;
  // `$..a.b` ignores `b` wherever it is: broader than LocalStack, never stricter.
  const skipPaths = [
    ...classPaths,
    ...[...fn.decorators.matchAll(/skip_snapshot_verify\(([\s\S]*?)\)\s*\n\s*(?:@|def )/g)].flatMap((m) =>
      [...(m[1] as string).matchAll(/"\$\.\.([\w.]+)"/g)].map((p) => (p[1] as string).split('.').pop() as string),
    ),
  ];
  const detailsOf = (event: RawEvent) => {
    const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
    return key ? (event[key] as Record<string, Json>) : undefined;
  };
  const end = detailsOf(last) ?? {};
  const outcome: ExpectedOutcome = { status };
  if (status === 'SUCCEEDED') outcome.output = parseMaybeJson(end.output) as Json;
  if ('error' in end) outcome.error = end.error as string;
  if ('cause' in end) outcome.cause = end.cause as Json;
  const concurrent = /"Type":"(Map|Parallel)"/.test(JSON.stringify(definition));
  if (!skipPaths.includes('events')) {
    outcome.history = events.map((event): ExpectedEvent => {
      const details = detailsOf(event);
      return {
        type: event.type,
        ...(!concurrent && event.id !== undefined && { id: event.id }),
        ...(!concurrent && event.previousEventId !== undefined && { previousEventId: event.previousEventId }),
        ...(details && { details }),
      };
    });
    outcome.historyOrder = concurrent ? 'multiset' : 'sequence';
  }
  if (skipPaths.length > 0) outcome.ignoreFields = [...new Set(skipPaths)];
  if (outcome.history && fn.body.includes('SfnNoneRecursiveParallelTransformer')) outcome.historyTransform = 'localstack-none-recursive-parallel';
  return outcome;
}

interface BuiltDefinition {
  definition: Json;
  lambdas: Record<string, LambdaBehaviour>;
  /** Transformer placeholders standing for a created Lambda's name → `${LambdaName:fnN}`. */
  placeholders: Record<string, string>;
}

/** The definition a test ran for the snapshot entry with parameter id `param`, or why not. */
function buildDefinition(fn: TestFunction, param: string | null, aliases: Map<string, string>): BuiltDefinition | string {
  for (const [pattern, reason] of UNSUPPORTED_FLOWS) if (pattern.test(fn.body)) return reason;
  const ref = chooseTemplate(fn, param, aliases);
  if (typeof ref === 'string') return ref;
  if (ref.file.includes('sqs_wait_for_task_token_call_chain')) return 'needs SQS';
  let definition = parseJson5(readFileSync(join(base, ref.file), 'utf8')) as Json;

  // Lambda functions the test creates: variable names for their name and ARN → a placeholder.
  const lambdas: Record<string, LambdaBehaviour> = {};
  const identifiers = new Map<string, Json>();
  let n = 0;
  const placeholders: Record<string, string> = {};
  for (const m of fn.body.matchAll(/(?:(\w+)\s*=\s*)?create_lambda_function\(/g)) {
    const args = balanced(fn.body, (m.index ?? 0) + m[0].length - 1);
    const handler = /handler_file\s*=\s*(\w+)\.(\w+)/.exec(args);
    const nameVar = /func_name\s*=\s*(\w+)/.exec(args)?.[1];
    const handlerFile = handler ? templateIndex.classes.get(aliases.get(handler[1] as string) ?? '')?.get(handler[2] as string) : undefined;
    const behaviour = handlerFile ? LAMBDA_BEHAVIOURS[handlerFile.replace(/^templates\//, '')] : undefined;
    if (!behaviour) return `Lambda code is not declarative (${handler?.[2] ?? 'unknown handler'})`;
    const name = `fn${++n}`;
    lambdas[name] = behaviour;
    if (nameVar) {
      identifiers.set(nameVar, `\${LambdaName:${name}}`);
      // The snapshot records the function's name as the transformer's placeholder (in the
      // execution input too): the runner's function takes its place.
      for (const t of fn.body.matchAll(new RegExp(`RegexTransformer\\(\\s*${nameVar}\\s*,\\s*"([^"]+)"\\s*\\)`, 'g'))) {
        placeholders[t[1] as string] = `\${LambdaName:${name}}`;
      }
    }
    const result = m[1];
    if (!result) continue;
    for (const arn of fn.body.matchAll(new RegExp(`(\\w+)\\s*=\\s*${result}\\["CreateFunctionResponse"\\]\\["FunctionArn"\\]`, 'g'))) {
      identifiers.set(arn[1] as string, `\${LambdaArn:${name}}`);
    }
    identifiers.set(`${result}["CreateFunctionResponse"]["FunctionArn"]`, `\${LambdaArn:${name}}`);
  }
  // Values the test is parametrized with, matched to the snapshot key as pytest names them.
  for (const p of parametrizations(fn.decorators)) {
    const name = p.names[0] as string;
    if (p.names.length !== 1 || param === null || identifiers.has(name)) continue;
    p.items.forEach((item, i) => {
      const value = pythonLiteral(item) as Json | undefined;
      if (value === undefined) return;
      const id = p.ids?.[i] ?? pytestId(name, value, i);
      if (param === id || param.startsWith(`${id}-`) || param.endsWith(`-${id}`) || param.includes(`-${id}-`)) identifiers.set(name, value);
    });
  }

  // Assignments into the loaded template: `template["States"]["X"]["Resource"] = function_arn`.
  // Statements split over lines inside brackets (`x = res["A"][\n "B"\n]`) read as one line.
  const body = joinContinuations(fn.body);
  for (const m of body.matchAll(/^\s*(\w+)((?:\[[^\]=]+\])+)\s*=\s*(.+)$/gm)) {
    const path = [...(m[2] as string).matchAll(/\[([^\]]+)\]/g)].map((p) => pythonLiteral(p[1] as string));
    if (path.some((p) => p === undefined)) return 'the definition is edited with computed keys';
    const rhs = (m[3] as string).trim();
    const value = identifiers.has(rhs) ? identifiers.get(rhs) : pythonLiteral(rhs);
    if (value === undefined) return `the definition takes a value computed in Python (${rhs.slice(0, 40)})`;
    definition = assignPath(definition, path as Array<string | number>, value as Json);
  }
  // Textual replacements in the serialised definition: `definition = definition.replace("_tbd_", function_arn)`.
  let text = JSON.stringify(definition);
  for (const m of fn.body.matchAll(/^\s*definition\s*=\s*definition\.replace\(/gm)) {
    const [from, to] = splitTopLevel(balanced(fn.body, (m.index ?? 0) + m[0].length - 1));
    const fromValue = from === undefined ? undefined : (pythonLiteral(from) ?? templateString(from, aliases, templateIndex));
    const toValue = to === undefined ? undefined : (identifiers.get(to) ?? pythonLiteral(to) ?? fString(to, identifiers));
    if (typeof fromValue !== 'string' || typeof toValue !== 'string') return `the definition is rewritten with a value computed in Python (${to ?? ''})`;
    text = text.split(fromValue).join(toValue);
  }
  definition = JSON.parse(text) as Json;
  if (/^\s*definition\s*=(?!\s*json\.dumps\(\w+\)\s*$)(?!\s*json\.dumps\(\w+\.load_sfn_template\([\w.]+\)\)\s*$)(?!\s*definition\.replace\()(?!\s*definition\s*,)/m.test(fn.body)) {
    return 'the definition is built in Python';
  }
  return { definition, lambdas, placeholders };
}

/** The id pytest gives a parameter value when the test names none. */
function pytestId(name: string, value: Json, index: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  return `${name}${index}`;
}

/** Whether a rebuilt value agrees with a recording everywhere the recording is not masked. */
function agreesWithRecording(recorded: unknown, rebuilt: unknown): boolean {
  if (typeof recorded === 'string' && MASKED_VALUES.has(recorded)) return typeof rebuilt === 'string';
  if (Array.isArray(recorded)) return Array.isArray(rebuilt) && recorded.length === rebuilt.length && recorded.every((r, i) => agreesWithRecording(r, rebuilt[i]));
  if (recorded !== null && typeof recorded === 'object') {
    if (rebuilt === null || typeof rebuilt !== 'object' || Array.isArray(rebuilt)) return false;
    const a = recorded as Record<string, unknown>;
    const b = rebuilt as Record<string, unknown>;
    return Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => agreesWithRecording(a[k], b[k]));
  }
  return JSON.stringify(recorded) === JSON.stringify(rebuilt);
}

/** Replaces transformer placeholders for created Lambda functions inside the input's strings. */
function withPlaceholders(input: Json, placeholders: Record<string, string>): Json {
  let text = JSON.stringify(input);
  // Longest first, so `no_such_<lambda_function_name>` keeps its prefix and `<x>` wins over `x`.
  for (const [from, to] of Object.entries(placeholders).sort((a, b) => b[0].length - a[0].length)) text = text.split(from).join(to);
  return JSON.parse(text) as Json;
}

/**
 * Values LocalStack's snapshot transformers write in place of timestamps: where they appear in a
 * recorded input, the input AWS received is lost (the test computed it from the clock).
 */
const MASKED_VALUES = new Set(['date', 'timestamp', 'start-time']);

function maskedValue(node: Json): string | null {
  if (typeof node === 'string') return MASKED_VALUES.has(node) ? node : null;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = maskedValue(item);
      if (found !== null) return found;
    }
    return null;
  }
  if (node && typeof node === 'object') return maskedValue(Object.values(node));
  return null;
}

function assignPath(target: Json, path: Array<string | number>, value: Json): Json {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const container = (target ?? {}) as Record<string, Json>;
  container[head] = assignPath(container[head] ?? {}, rest, value);
  return container;
}

function chooseTemplate(fn: TestFunction, param: string | null, aliases: Map<string, string>): TemplateRef | string {
  if (param !== null) {
    for (const p of parametrizations(fn.decorators)) {
      const itemRefs = p.items.map((item) => templateRefs(item, aliases, templateIndex));
      if (!itemRefs.some((r) => r.length > 0)) continue;
      const ids = p.ids ?? itemRefs.map((r) => r[0]?.constant ?? '');
      const matches = ids
        .map((id, i) => ({ id, ref: itemRefs[i]?.[0] }))
        .filter(({ id }) => id && (param === id || param.startsWith(`${id}-`) || param.endsWith(`-${id}`) || param.includes(`-${id}-`)))
        .sort((a, b) => b.id.length - a.id.length);
      if (matches[0]?.ref) return matches[0].ref;
      if (itemRefs.length > 0) return `parametrized template not identified for [${param}]`;
    }
  }
  const bodyRefs = templateRefs(fn.body, aliases, templateIndex).filter((r) => r.file.endsWith('.json5'));
  const distinct = [...new Map(bodyRefs.map((r) => [r.file, r])).values()];
  if (distinct.length === 1) return distinct[0] as TemplateRef;
  if (distinct.length === 0) return 'no template found (definition built inline or in a helper)';
  return 'the test runs several templates';
}

function unsupportedResource(definition: Json): string | null {
  const found: string[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (node.Type === 'Task' && typeof node.Resource === 'string' && !SUPPORTED_RESOURCE.test(node.Resource)) found.push(node.Resource);
      if (node.ItemReader !== undefined) found.push('ItemReader (S3)');
      if (node.ResultWriter !== undefined) found.push('ResultWriter (S3)');
      Object.values(node).forEach(walk);
    }
  };
  walk(definition);
  if (found.length === 0) {
    const text = JSON.stringify(definition);
    if (/"FunctionName":"(?!\$\{Lambda)/.test(text)) return 'Lambda function name not created by the test';
    return null;
  }
  const resource = found[0] as string;
  const service = /arn:aws:states:::([\w-]+)/.exec(resource)?.[1] ?? (resource.includes(':activity:') ? 'activity' : resource);
  return `needs ${service} (not emulated by the conformance harness)`;
}

importSnapshots();
writeCorpus('localstack', cases, skipped);
rmSync(root, { recursive: true, force: true });
