/**
 * Regenerates test/conformance/cases/<group>/aws-docs.json: the worked examples of the AWS
 * Step Functions developer guide's intrinsic-function page (input, the field as the guide
 * writes it, and the result it states) and of its ResultPath page, each as a one-state Pass
 * machine.
 *
 *   npx tsx scripts/conformance/import-aws-docs.ts
 */
import type { ConformanceCase, Json } from '#test/conformance/case-types.ts';
import { writeCorpus } from './write-corpus.ts';

const PAGE = 'https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html';

/** [section, input, field name, field expression, stated result] */
const EXAMPLES: Array<[string, Json, string, string, Json]> = [
  ['States.Array', { Id: 123456 }, 'BuildId', 'States.Array($.Id)', [123456]],
  ['States.ArrayPartition', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 'inputArray', 'States.ArrayPartition($.inputArray,4)', [[1, 2, 3, 4], [5, 6, 7, 8], [9]]],
  ['States.ArrayContains', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 }, 'contains', 'States.ArrayContains($.inputArray, $.lookingFor)', true],
  ['States.ArrayRange', {}, 'array', 'States.ArrayRange(1, 9, 2)', [1, 3, 5, 7, 9]],
  ['States.ArrayGetItem', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 }, 'item', 'States.ArrayGetItem($.inputArray, $.index)', 6],
  ['States.ArrayLength', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 'length', 'States.ArrayLength($.inputArray)', 9],
  ['States.ArrayUnique', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, 'array', 'States.ArrayUnique($.inputArray)', [1, 2, 3, 4]],
  ['States.Base64Encode', { input: 'Data to encode' }, 'base64', 'States.Base64Encode($.input)', 'RGF0YSB0byBlbmNvZGU='],
  ['States.Base64Decode', { base64: 'RGF0YSB0byBlbmNvZGU=' }, 'data', 'States.Base64Decode($.base64)', 'Data to encode'],
  ['States.Hash', { Data: 'input data', Algorithm: 'SHA-1' }, 'output', 'States.Hash($.Data, $.Algorithm)', 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
  [
    'States.JsonMerge',
    { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } },
    'output',
    'States.JsonMerge($.json1, $.json2, false)',
    { a: { a3: 1, a4: 2 }, b: 2, c: 3 },
  ],
  ['States.StringToJson', { escapedJsonString: '{"foo": "bar"}' }, 'unescapedJson', 'States.StringToJson($.escapedJsonString)', { foo: 'bar' }],
  ['States.JsonToString', { unescapedJson: { foo: 'bar' } }, 'escapedJsonString', 'States.JsonToString($.unescapedJson)', '{"foo":"bar"}'],
  ['States.MathAdd', { value1: 111, step: -1 }, 'value1', 'States.MathAdd($.value1, $.step)', 110],
  ['States.StringSplit', { inputString: '1,2,3,4,5', splitter: ',' }, 'array', 'States.StringSplit($.inputString, $.splitter)', ['1', '2', '3', '4', '5']],
  [
    'States.StringSplit',
    { inputString: 'This.is+a,test=string', splitter: '.+,=' },
    'array',
    'States.StringSplit($.inputString, $.splitter)',
    ['This', 'is', 'a', 'test', 'string'],
  ],
  ['States.Format', { name: 'Arnav' }, 'greeting', "States.Format('Hello, my name is {}.', $.name)", 'Hello, my name is Arnav.'],
];

const cases: ConformanceCase[] = EXAMPLES.map(([section, input, field, expression, result], i) => ({
  id: `aws-docs:intrinsic-functions#${section}[${i}]`,
  name: `${section}: "${field}.$": "${expression}"`,
  group: 'intrinsics',
  source: { repository: 'AWS Step Functions developer guide', path: PAGE, test: section, provenance: 'aws-docs' },
  definition: { StartAt: 'Call', States: { Call: { Type: 'Pass', Parameters: { [`${field}.$`]: expression }, End: true } } },
  input,
  expected: { status: 'SUCCEEDED', output: { [field]: result } },
}));

const RESULT_PATH_PAGE = 'https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html';
const RESULT_PATH_INPUT: Json = { comment: 'This is a test', details: 'Default example', who: 'Step Functions' };
const TASK_RESULT = 'Hello, Step Functions!';

/**
 * The ResultPath page's examples: the guide's task result is the Pass state's `Result` here (the
 * same step of input and output processing: result → ResultPath → OutputPath).
 * [section, ResultPath, stated state output]
 */
const RESULT_PATH_EXAMPLES: Array<[string, string | null, Json]> = [
  ['Use ResultPath to replace input with the task result', '$', TASK_RESULT],
  ['Discard the result and keep the original input', null, RESULT_PATH_INPUT],
  ['Use ResultPath to include the result with the input', '$.taskresult', { ...(RESULT_PATH_INPUT as Record<string, Json>), taskresult: TASK_RESULT }],
];

cases.push(
  ...RESULT_PATH_EXAMPLES.map(([section, resultPath, output], i): ConformanceCase => ({
    id: `aws-docs:input-output-resultpath#${section}[${i}]`,
    name: `${section}: "ResultPath": ${JSON.stringify(resultPath)}`,
    group: 'jsonpath-paths',
    source: { repository: 'AWS Step Functions developer guide', path: RESULT_PATH_PAGE, test: section, provenance: 'aws-docs' },
    definition: { StartAt: 'Task', States: { Task: { Type: 'Pass', Result: TASK_RESULT, ResultPath: resultPath, End: true } } },
    input: RESULT_PATH_INPUT,
    expected: { status: 'SUCCEEDED', output },
  })),
);

writeCorpus('aws-docs', cases, []);
