import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BureauCode } from '../domain/codes.ts';
import { MAX_CONSIGNMENTS_PER_PERMIT } from '../domain/limits.ts';
import type { Permit, PermitReturnReason, PermitUse, PermitUseState } from '../domain/permits/permit.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { ConflictError, InsufficientPermitBalanceError, NotFoundError, PermitExpiredError, isConditionalCheckFailed } from './errors.ts';
import { putNew, readItem } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys, sortableTime } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage, type Filter } from './query.ts';

/** Which permits a listing reads: one holder's (optionally of one issuing bureau), one bureau's, or all. */
export interface PermitQuery {
  holder?: string;
  issuedBy?: BureauCode;
}

export interface ReserveResult {
  permit: Permit;
  /** The consignment already held this reservation (a retried filing): nothing more was taken. */
  replayed: boolean;
}

/** What ends a reservation: written off at release, or returned (rejection, or a filing never stored). */
export type Settlement = { state: 'written-off' } | { state: 'returned'; reason: PermitReturnReason };

export interface SettleResult {
  permitNumber: string;
  consignmentId: string;
  /** The use as it stands after the call; undefined when the consignment never reserved on the permit. */
  use?: PermitUse;
  /** True when this call moved the reservation; false when it was settled already (or never made). */
  changed: boolean;
}

/** Retries after a lost race on the same permit item, before giving up with a ConflictError. */
const MAX_ATTEMPTS = 5;

function toPermit(item: Record<string, unknown>): Permit {
  // Items are only written by this repository from Permits built by the domain.
  return withoutKeys(item) as unknown as Permit;
}

/**
 * The register of permits and approvals, one item per permit. The balance and every consignment's
 * use of the permit (reserved, written off, returned) live on that one item, so "the balance never
 * goes below zero, and each consignment reserves at most once" is one conditional UpdateItem per
 * step (dynalite has no transactions, and none are needed):
 *
 *   reserve:   remaining >= q, active, inside the validity window, no use for the consignment yet
 *              → remaining -= q, reserved += q, uses.<c> = reserved
 *   write off: uses.<c> is reserved with quantity q → reserved -= q, writtenOff += q
 *   return:    uses.<c> is reserved with quantity q → reserved -= q, remaining += q
 *
 * so `grantedQuantity = remaining + reserved + writtenOff` always holds (DynamoDB numbers are
 * decimal, so the sums stay exact). `version` counts changes of the permit's own terms (its
 * cancellation), not the reservations, which each consignment's entry records.
 */
export class PermitRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async create(permit: Permit): Promise<Permit> {
    if (!(permit.grantedQuantity > 0) || permit.remaining !== permit.grantedQuantity) throw new RangeError('a new permit has its whole quantity left');
    await putNew(this.config, { entity: 'permit', id: permit.number, key: keys.permit(permit.number) }, {
      entity: 'Permit',
      gsi1pk: keys.permitsOfHolder(permit.holder.creditCode),
      gsi1sk: `${sortableTime(permit.validUntil)}#${permit.number}`,
      gsi2pk: keys.permitsOfBureau(permit.issuedBy),
      gsi2sk: keys.permitOrder(permit.issuedAt, permit.number),
      gsi3pk: keys.allPermits,
      gsi3sk: keys.permitOrder(permit.issuedAt, permit.number),
      ...permit,
    });
    return permit;
  }

  async find(permitNumber: string): Promise<Permit | undefined> {
    const item = await readItem(this.config, keys.permit(permitNumber));
    return item ? toPermit(item) : undefined;
  }

  async get(permitNumber: string): Promise<Permit> {
    const permit = await this.find(permitNumber);
    if (!permit) throw new NotFoundError(`permit ${permitNumber} does not exist`, { entity: 'permit', id: permitNumber });
    return permit;
  }

  /**
   * A holder's permits soonest to expire first (optionally only one bureau's issues); a bureau's
   * issues, or all permits, newest first.
   */
  list(query: PermitQuery = {}, page: PageRequest = {}): Promise<Page<Permit>> {
    if (query.holder !== undefined) {
      const filters: Filter[] = query.issuedBy !== undefined ? [{ attribute: 'issuedBy', equals: query.issuedBy }] : [];
      return queryPage(this.config, { index: 'gsi1', partition: keys.permitsOfHolder(query.holder), filters, page, map: toPermit });
    }
    if (query.issuedBy !== undefined) {
      return queryPage(this.config, { index: 'gsi2', partition: keys.permitsOfBureau(query.issuedBy), forward: false, page, map: toPermit });
    }
    return queryPage(this.config, { index: 'gsi3', partition: keys.allPermits, forward: false, page, map: toPermit });
  }

  /**
   * Reserves `quantity` of the permit for a consignment at filing, in one conditional UpdateItem:
   * the permit is active, `at` lies in its validity window, at least `quantity` is left, and the
   * consignment holds no reservation on it yet. The same reservation again (a retried filing) is
   * `replayed`, and refreshes `reservedAt` so that the clean-up of abandoned reservations does
   * not take it from under the retry. Refusals: NotFoundError, InsufficientPermitBalanceError
   * (details `remaining`), PermitExpiredError (outside the window), ConflictError (cancelled,
   * another quantity for the same consignment, or the permit serves as many consignments as it can).
   */
  async reserve(permitNumber: string, consignmentId: string, quantity: number, at: string): Promise<ReserveResult> {
    if (!(quantity > 0) || !Number.isFinite(quantity)) throw new RangeError(`a reservation must be positive, got ${quantity}`);
    const use: PermitUse = { consignmentId, quantity, state: 'reserved', reservedAt: at };
    const balance = 'attribute_exists(pk) AND #status = :active AND remaining >= :quantity AND validFrom <= :at AND validUntil >= :at';
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const fresh = await this.update(permitNumber, {
        set: 'remaining = remaining - :quantity, reserved = reserved + :quantity, #uses.#c = :use, useCount = useCount + :one',
        condition: `${balance} AND useCount < :max AND attribute_not_exists(#uses.#c)`,
        consignmentId,
        values: { ':quantity': quantity, ':use': use, ':at': at, ':active': 'active', ':max': MAX_CONSIGNMENTS_PER_PERMIT },
      });
      if (fresh) return { permit: fresh, replayed: false };

      const permit = await this.get(permitNumber);
      const held = permit.uses[consignmentId];
      if (held && held.quantity !== quantity) {
        throw new ConflictError(`consignment ${consignmentId} reserved ${held.quantity} ${permit.unit} of permit ${permitNumber}, not ${quantity}`, {
          entity: 'permit',
          id: permitNumber,
          consignmentId,
          reserved: held.quantity,
        });
      }
      if (held?.state === 'reserved') {
        const touched = await this.update(permitNumber, {
          set: '#uses.#c.reservedAt = :at',
          condition: '#uses.#c.#state = :reserved AND #uses.#c.quantity = :quantity',
          consignmentId,
          values: { ':at': at, ':reserved': 'reserved', ':quantity': quantity },
        });
        if (touched) return { permit: touched, replayed: true };
        continue;
      }
      // Written off or returned after its lifecycle: the filing was stored, and is being retried.
      if (held && !(held.state === 'returned' && held.returnReason === 'abandoned')) return { permit, replayed: true };
      if (held) {
        // A reservation whose filing was never stored, given back; the retried filing takes it again.
        const again = await this.update(permitNumber, {
          set: 'remaining = remaining - :quantity, reserved = reserved + :quantity, #uses.#c = :use',
          condition: `${balance} AND #uses.#c.#state = :returned AND #uses.#c.returnReason = :abandoned`,
          consignmentId,
          values: { ':quantity': quantity, ':use': use, ':at': at, ':active': 'active', ':returned': 'returned', ':abandoned': 'abandoned' },
        });
        if (again) return { permit: again, replayed: false };
      }
      this.explainRefusal(permit, consignmentId, quantity, at);
    }
    throw new ConflictError(`permit ${permitNumber} kept changing during the reservation; retry`, { entity: 'permit', id: permitNumber, consignmentId });
  }

  /**
   * Ends a consignment's reservation: written off (release) or returned (rejection, abandoned
   * filing), in one conditional UpdateItem on the reservation as it was read. Idempotent: a
   * reservation settled already is left as it is (`changed: false`). `ifReservedAt` settles only a
   * reservation not refreshed since it was read (the clean-up of abandoned filings).
   */
  async settle(permitNumber: string, consignmentId: string, settlement: Settlement, at: string, ifReservedAt?: string): Promise<SettleResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const permit = await this.get(permitNumber);
      const use = permit.uses[consignmentId];
      const unchanged: SettleResult = { permitNumber, consignmentId, ...(use && { use }), changed: false };
      if (!use || use.state !== 'reserved') return unchanged;
      if (ifReservedAt !== undefined && use.reservedAt !== ifReservedAt) return unchanged;
      const settled: PermitUseState = settlement.state;
      const moved = await this.update(permitNumber, {
        set: [
          'reserved = reserved - :quantity',
          settlement.state === 'written-off' ? 'writtenOff = writtenOff + :quantity' : 'remaining = remaining + :quantity',
          '#uses.#c.#state = :settled',
          '#uses.#c.settledAt = :at',
          ...(settlement.state === 'returned' ? ['#uses.#c.returnReason = :reason'] : []),
        ].join(', '),
        condition: '#uses.#c.#state = :reserved AND #uses.#c.quantity = :quantity AND #uses.#c.reservedAt = :reservedAt',
        consignmentId,
        values: {
          ':quantity': use.quantity,
          ':settled': settled,
          ':at': at,
          ':reserved': 'reserved',
          ':reservedAt': use.reservedAt,
          ...(settlement.state === 'returned' && { ':reason': settlement.reason }),
        },
      });
      if (moved) return { permitNumber, consignmentId, use: moved.uses[consignmentId]!, changed: true };
    }
    throw new ConflictError(`permit ${permitNumber} kept changing while settling consignment ${consignmentId}; retry`, { entity: 'permit', id: permitNumber, consignmentId });
  }

  /**
   * Takes back a reservation this very request made, as if it had never been made (the filing was
   * refused after it: another permit short, the train full): the entry goes and the quantities
   * are as before, so a refused filing leaves the permit exactly as it was. Only the reservation
   * as made (its `reservedAt`) is taken back; one a retry of the same filing refreshed meanwhile
   * stays. False when there was nothing to take back.
   */
  async unreserve(permitNumber: string, consignmentId: string, made: Pick<PermitUse, 'quantity' | 'reservedAt'>): Promise<boolean> {
    const undone = await this.update(permitNumber, {
      set: 'remaining = remaining + :quantity, reserved = reserved - :quantity, useCount = useCount - :one',
      remove: '#uses.#c',
      condition: '#uses.#c.#state = :reserved AND #uses.#c.quantity = :quantity AND #uses.#c.reservedAt = :reservedAt',
      consignmentId,
      values: { ':quantity': made.quantity, ':reserved': 'reserved', ':reservedAt': made.reservedAt },
    });
    return undone !== undefined;
  }

  /**
   * Cancels an active permit: no filing can reserve on it any more. Reservations made before stay
   * and are settled with their consignments (they were verified when filed). A permit cancelled
   * already is returned as it is (`changed: false`).
   */
  async cancel(permitNumber: string, cancellation: NonNullable<Permit['cancellation']>): Promise<{ permit: Permit; changed: boolean }> {
    const cancelled = await this.update(permitNumber, {
      set: '#status = :cancelled, cancellation = :cancellation, version = version + :one',
      condition: 'attribute_exists(pk) AND #status = :active',
      values: { ':cancelled': 'cancelled', ':cancellation': cancellation, ':active': 'active' },
    });
    if (cancelled) return { permit: cancelled, changed: true };
    return { permit: await this.get(permitNumber), changed: false };
  }

  /** One conditional UpdateItem; the permit after it, or undefined when the condition failed. */
  private async update(
    permitNumber: string,
    expression: { set: string; remove?: string; condition: string; values: Record<string, unknown>; consignmentId?: string },
  ): Promise<Permit | undefined> {
    const names: Record<string, string> = expression.consignmentId !== undefined ? { '#uses': 'uses', '#c': expression.consignmentId } : {};
    if (/#status\b/.test(expression.set + expression.condition)) names['#status'] = 'status';
    if (/#state\b/.test(expression.set + expression.condition)) names['#state'] = 'state';
    try {
      const { Attributes } = await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.permit(permitNumber),
          UpdateExpression: `SET ${expression.set}${expression.remove ? ` REMOVE ${expression.remove}` : ''}`,
          ConditionExpression: expression.condition,
          ExpressionAttributeNames: names,
          // DynamoDB refuses a value the expressions do not use.
          ExpressionAttributeValues: { ...(/:one\b/.test(expression.set) && { ':one': 1 }), ...expression.values },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toPermit(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return undefined;
    }
  }

  /** Why a fresh reservation was refused, from the permit as read after it; returns when it was a race. */
  private explainRefusal(permit: Permit, consignmentId: string, quantity: number, at: string): void {
    const details = { entity: 'permit', id: permit.number, consignmentId, requested: quantity };
    if (permit.status !== 'active') throw new ConflictError(`permit ${permit.number} is ${permit.status}`, { ...details, status: permit.status });
    if (at < permit.validFrom || at > permit.validUntil) {
      throw new PermitExpiredError(`permit ${permit.number} is valid from ${permit.validFrom} until ${permit.validUntil}, not at ${at}`, {
        ...details,
        validFrom: permit.validFrom,
        validUntil: permit.validUntil,
      });
    }
    if (permit.remaining < quantity) {
      throw new InsufficientPermitBalanceError(`permit ${permit.number} has ${permit.remaining} ${permit.unit} left, ${quantity} requested for consignment ${consignmentId}`, {
        ...details,
        remaining: permit.remaining,
      });
    }
    if (permit.useCount >= MAX_CONSIGNMENTS_PER_PERMIT && !permit.uses[consignmentId]) {
      throw new ConflictError(`permit ${permit.number} already serves ${permit.useCount} consignments, the most one permit can`, { ...details, useCount: permit.useCount });
    }
    // Otherwise the permit changed between the refused write and this read: the caller's loop tries again.
  }
}
