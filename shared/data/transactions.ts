import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DataConfig } from './config.ts';
import type { DataError } from './errors.ts';

/** TransactWriteItems takes at most 100 actions. */
export const MAX_TRANSACTION_ITEMS = 100;
/** How often a transaction cancelled by another's hold on one of its items is tried (`cancelledByConflict`). */
export const TRANSACTION_CONFLICT_ATTEMPTS = 8;

/** One write of a TransactWriteItems call, in the document client's form. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A write that may take part in a transaction: the item, and what its guard failing means (read
 * after the cancellation: the typed error the same write made alone would have thrown).
 */
export interface TransactPart {
  item: TransactItem;
  refused: () => Promise<DataError>;
}

/**
 * The cancellation reasons that say why each item's write did not happen (`Code` per item, in
 * order: `None`, `ConditionalCheckFailed`, `TransactionConflict`, ...), when `error` is a
 * TransactionCanceledException; undefined for any other error.
 */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

/**
 * A TransactWriteItems cancelled only because another transaction held one of its items, no
 * guard failing: the same call may succeed when tried again.
 */
export function cancelledByConflict(error: unknown): boolean {
  const codes = cancellationCodes(error);
  return codes !== undefined && codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}

/**
 * True for the TransactionConflictException AWS gives a single-item write whose item an ongoing
 * transaction holds (the SDK does not retry it): a lost race like a failed guard.
 */
export function isTransactionConflict(error: unknown): boolean {
  return error instanceof Error && error.name === 'TransactionConflictException';
}

/**
 * Writes the parts in one TransactWriteItems call (all or none), through the one document client.
 * When a part's guard fails (or another transaction held its item) the part's own typed error is
 * thrown, the first such part's; any other cancellation is rethrown as it came.
 */
export async function writeTogether(config: DataConfig, parts: readonly TransactPart[]): Promise<void> {
  try {
    await config.client.send(new TransactWriteCommand({ TransactItems: parts.map((part) => part.item) }));
  } catch (error) {
    const codes = cancellationCodes(error);
    const index = codes?.findIndex((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict') ?? -1;
    const refused = parts[index];
    if (refused === undefined) throw error;
    throw await refused.refused();
  }
}
