import { DataError, type DataErrorCode } from '../data/errors.ts';
import { ApplicationError, Conflict, InvalidInput, type ApplicationErrorCode, type InputIssue } from '../lifecycle/errors.ts';
import { problemType, type ProblemDetails } from './problem.ts';

/**
 * A request the API refuses, with the problem+json it answers. Handlers throw these (or typed
 * data-layer errors); `apiRoute` turns them into responses, so no handler builds an error body.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  toProblem(instance?: string): ProblemDetails {
    return {
      type: problemType(this.slug),
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance && { instance }),
      ...this.extensions,
    };
  }
}

export interface FieldProblem {
  /** Where the problem is: `body.goods.0.hsCode`, `query.limit`, `path.id`, `header.idempotency-key`. */
  field: string;
  message: string;
  /** The reason code of the rule that refused the field, when one did. */
  code?: string;
  rule?: string;
}

export const validationProblem = (fields: FieldProblem[]) =>
  new ApiProblem(
    400,
    'validation',
    '请求无效 / Invalid request',
    fields.map((f) => `${f.field}: ${f.message}`).join('; '),
    { errors: fields },
  );

export const forbidden = (detail: string) => new ApiProblem(403, 'forbidden', '无权操作 / Forbidden', detail);

const DATA_ERROR_STATUS: Record<DataErrorCode, { status: number; title: string }> = {
  conflict: { status: 409, title: '状态冲突 / Conflict' },
  'already-exists': { status: 409, title: '已存在 / Already exists' },
  'not-found': { status: 404, title: '未找到 / Not found' },
  'insufficient-permit-balance': { status: 409, title: '许可证余量不足 / Insufficient permit balance' },
  'permit-expired': { status: 422, title: '许可证已过期 / Permit expired' },
  'invalid-page-token': { status: 400, title: '分页标记无效 / Invalid page token' },
  'idempotency-key-reused': { status: 422, title: '幂等键已用于其他请求 / Idempotency-Key reused' },
};

const APPLICATION_ERROR_STATUS: Record<Exclude<ApplicationErrorCode, 'invalid-input'>, { status: number; slug: string; title: string }> = {
  'not-allowed': { status: 403, slug: 'forbidden', title: '无权操作 / Forbidden' },
  'not-found': { status: 404, slug: 'not-found', title: '未找到 / Not found' },
  conflict: { status: 409, slug: 'conflict', title: '状态冲突 / Conflict' },
};

const CONFLICT_TITLES: Record<NonNullable<Conflict['kind']>, string> = {
  'webhook-limit': '回调地址数量已达上限 / Webhook limit reached',
  'webhook-registration-in-progress': '回调地址登记中 / Webhook registration in progress',
  'webhook-url-taken': '回调地址已由其他机构登记 / Webhook URL registered by another bureau',
  'recognised-body-withdrawn': '该机构的认可已撤销 / Recognition withdrawn',
  'permit-balance-insufficient': '许可证余量不足 / Insufficient permit balance',
};

/** An application issue as a problem names it: the field from the request's root, and the rule's code when it has one. */
function fieldProblem(input: string, issue: InputIssue): FieldProblem {
  return {
    field: `${input}.${issue.path}`,
    message: issue.message,
    ...(issue.code !== undefined && { code: issue.code }),
    ...(issue.rule !== undefined && { rule: issue.rule }),
  };
}

/** The typed errors the shared code raises, as the problems the API answers: the one table. */
export function asApiProblem(error: unknown): ApiProblem | undefined {
  if (error instanceof ApiProblem) return error;
  if (error instanceof InvalidInput) return validationProblem(error.issues.map((issue) => fieldProblem(error.input, issue)));
  if (error instanceof Conflict && error.kind !== undefined) {
    const errors = error.issues.map((issue) => fieldProblem('body', issue));
    return new ApiProblem(409, error.kind, CONFLICT_TITLES[error.kind], error.message, errors.length > 0 ? { errors } : {});
  }
  if (error instanceof ApplicationError) {
    const { status, slug, title } = APPLICATION_ERROR_STATUS[error.code as Exclude<ApplicationErrorCode, 'invalid-input'>];
    return new ApiProblem(status, slug, title, error.message);
  }
  if (error instanceof DataError) {
    const { status, title } = DATA_ERROR_STATUS[error.code];
    // Page tokens only ever arrive as `?nextToken=`: name the field, as a validation problem does.
    const fields = error.code === 'invalid-page-token' ? { errors: [{ field: 'query.nextToken', message: error.message }] } : {};
    return new ApiProblem(status, error.code, title, error.message, fields);
  }
  return undefined;
}
