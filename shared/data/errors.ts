/**
 * Typed outcomes of the data layer. Each carries a stable `code` so the API maps it to one
 * problem+json `type` (conflict → 409, not-found → 404, ...) without matching on messages.
 */

export type DataErrorCode =
  | 'conflict'
  | 'not-found'
  | 'already-exists'
  | 'insufficient-permit-balance'
  | 'permit-expired'
  | 'invalid-page-token'
  | 'idempotency-key-reused';

export abstract class DataError extends Error {
  abstract readonly code: DataErrorCode;
  constructor(
    message: string,
    /** What was being read or written, e.g. `{ entity: 'consignment', id: '01J…' }`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A guarded write lost: the item moved on (another version or state) since the caller read it. */
export class ConflictError extends DataError {
  readonly code: DataErrorCode = 'conflict';
}

/** A create found the key taken by a different item. A ConflictError, so callers may treat both alike. */
export class AlreadyExistsError extends ConflictError {
  override readonly code: DataErrorCode = 'already-exists';
}

export class NotFoundError extends DataError {
  readonly code: DataErrorCode = 'not-found';
}

/** A write-off asks for more than the permit has left. */
export class InsufficientPermitBalanceError extends DataError {
  readonly code: DataErrorCode = 'insufficient-permit-balance';
}

export class PermitExpiredError extends DataError {
  readonly code: DataErrorCode = 'permit-expired';
}

/** A create whose idempotency key was used before for a different request. */
export class IdempotencyKeyReusedError extends DataError {
  readonly code: DataErrorCode = 'idempotency-key-reused';
}

/** A `nextToken` that this query did not issue (tampered, truncated, or from another listing). */
export class InvalidPageTokenError extends DataError {
  readonly code: DataErrorCode = 'invalid-page-token';
}

/** True for the SDK's ConditionalCheckFailedException, from any client instance or bundle copy. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
