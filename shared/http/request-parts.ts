import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { validationProblem, type FieldProblem } from './api-problem.ts';

/** Zod issues as the `errors` of a validation problem, each naming its field from the request root. */
export function fieldProblems(where: string, error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export function parsePart<T>(where: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(fieldProblems(where, result.error));
  return result.data;
}

/** The JSON body of a payload 2.0 event; a body that is not JSON is a validation problem of `body`. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validationProblem([{ field: 'body', message: '请求体不是有效的 JSON / the body is not valid JSON' }]);
  }
}
