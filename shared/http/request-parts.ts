import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { validationProblem, type FieldProblem } from './api-problem.ts';

/**
 * zod's own messages (a schema without a message of ours) in both languages, Chinese first, as
 * every message of ours is; `Accept-Language` then picks one side (shared/http/language.ts).
 */
const chinese = zhCN().localeError;
const english = en().localeError;
const text = (message: ReturnType<typeof english>) => (typeof message === 'string' ? message : (message?.message ?? ''));
z.config({ localeError: (issue) => `${text(chinese(issue))} / ${text(english(issue))}` });

/** Zod issues as the `errors` of a validation problem, each naming its field from the request root. */
export function fieldProblems(where: string, error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) =>
    // An unknown key (a strict schema: listings' queries) is named as the field itself.
    (issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path]).map((path) => ({
      field: [where, ...path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

export function parsePart<T>(where: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(fieldProblems(where, result.error));
  return result.data;
}

/**
 * How deep a request body may nest arrays and objects. The deepest body of the API (a filing's
 * goods line with its categories, a task answer's container results) is 4 levels deep; 32 leaves
 * room for any honest client and keeps a hostile one from reaching code (validation, hashing for
 * Idempotency-Key, marshalling) that walks the body recursively.
 */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays and objects in JSON text (strings skipped), counted without parsing. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * The JSON body of a payload 2.0 event; a body that is not JSON, or nests deeper than
 * MAX_JSON_DEPTH, is a validation problem of `body`, found before anything else looks at it.
 */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw validationProblem([{ field: 'body', message: `JSON 嵌套超过 ${MAX_JSON_DEPTH} 层 / the body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validationProblem([{ field: 'body', message: '请求体不是有效的 JSON / the body is not valid JSON' }]);
  }
}
