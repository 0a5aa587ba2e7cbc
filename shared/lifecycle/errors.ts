/**
 * What the application layer refuses, in its own terms. The edge (`shared/http/api-problem.ts`)
 * maps each code to one problem+json answer, beside the data layer's `DataError`s; nothing here
 * knows HTTP.
 */
export type ApplicationErrorCode = 'not-allowed' | 'not-found' | 'conflict' | 'invalid-input';

export abstract class ApplicationError extends Error {
  abstract readonly code: ApplicationErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller's role or bureau may not do this to this resource. */
export class NotAllowed extends ApplicationError {
  readonly code = 'not-allowed';
}

export class NotFound extends ApplicationError {
  readonly code = 'not-found';
}

/** The resource's state forbids the request now (already answered, cancelled, crossed ...). */
export class Conflict extends ApplicationError {
  readonly code = 'conflict';
  constructor(
    message: string,
    /** A more specific kind of conflict than `conflict`, for clients to act on (e.g. `webhook-limit`). */
    readonly kind?: 'webhook-limit' | 'webhook-registration-in-progress' | 'webhook-url-taken' | 'recognised-body-withdrawn' | 'permit-balance-insufficient',
    /** The fields of the request the conflict is about, when it is about some (as `InvalidInput` names them). */
    readonly issues: InputIssue[] = [],
  ) {
    super(message);
  }
}

/** One failing field: `path` is where it is inside the input named by `InvalidInput.input`. */
export interface InputIssue {
  path: string;
  message: string;
  /** The rule's stable reason code, when a domain rule with one refused the field (e.g. `PERMIT_NOT_VALID`). */
  code?: string;
  /** The provision the rule applies. */
  rule?: string;
}

/**
 * A well-formed request that the rules refuse field by field (a task answer that does not match
 * the consignment, a train that the consignment cannot ride). `input` says which part of the
 * request the paths start from: the body the caller sent, or its query.
 */
export class InvalidInput extends ApplicationError {
  readonly code = 'invalid-input';
  constructor(
    readonly issues: InputIssue[],
    readonly input: 'body' | 'query' = 'body',
  ) {
    super(issues.map((i) => `${input}.${i.path}: ${i.message}`).join('; '));
  }
}
