import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BureauCode, PermitKind } from '../domain/codes.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { ConflictError, InsufficientPermitBalanceError, NotFoundError, PermitExpiredError, isConditionalCheckFailed } from './errors.ts';
import { putNew, readItem } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys, sortableTime } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

/** An animal/plant quarantine permit or special-item approval with a quantity to write off (核销). */
export interface NewPermit {
  permitNumber: string;
  kind: PermitKind;
  /** Credit code of the enterprise the permit was issued to. */
  holder: string;
  /** UN/ECE Rec. 20 unit of `grantedQuantity`, e.g. `KGM`. */
  unit: string;
  grantedQuantity: number;
  /** End of validity, ISO 8601 (stored as UTC); write-offs after it are refused. */
  validUntil: string;
  issuedBy?: BureauCode;
}

export interface PermitWriteOffEntry {
  quantity: number;
  at: string;
}

export interface Permit extends NewPermit {
  remaining: number;
  /** Consignments written off against the permit (a string set on the item). */
  writtenOffConsignments: string[];
  writeOffs: Record<string, PermitWriteOffEntry>;
  version: number;
  createdAt: string;
}

export interface WriteOffResult {
  permitNumber: string;
  consignmentId: string;
  quantity: number;
  at: string;
  /** The permit's balance after this write-off (after all, when replayed). */
  remaining: number;
  /** True when this consignment had already been written off: nothing was consumed now. */
  replayed: boolean;
}

function toPermit(item: Record<string, unknown>): Permit {
  const set = item.writtenOffConsignments;
  const permit = withoutKeys(item) as unknown as Permit;
  // The document client reads a string set as a JS Set; callers get a sorted array.
  return { ...permit, writtenOffConsignments: set instanceof Set ? [...(set as Set<string>)].sort() : [] };
}

/**
 * Permits and their write-offs. The balance and the set of consignments written off live on the
 * permit item, so the invariant "never below zero, each consignment at most once" is kept by one
 * conditional UpdateItem (dynalite has no transactions, and none are needed).
 */
export class PermitRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async create(permit: NewPermit): Promise<Permit> {
    if (!(permit.grantedQuantity > 0)) throw new RangeError('grantedQuantity must be positive');
    const record: Permit = {
      ...permit,
      // Stored in UTC so the write-off condition can compare it with the write-off time as text.
      validUntil: sortableTime(permit.validUntil),
      remaining: permit.grantedQuantity,
      writtenOffConsignments: [],
      writeOffs: {},
      version: 1,
      createdAt: this.config.now().toISOString(),
    };
    // An empty string set cannot be stored: the set appears with the first write-off.
    const { writtenOffConsignments: _, ...item } = record;
    await putNew(this.config, { entity: 'permit', id: permit.permitNumber, key: keys.permit(permit.permitNumber) }, {
      entity: 'Permit',
      gsi1pk: keys.permitsOfHolder(permit.holder),
      gsi1sk: `${sortableTime(permit.validUntil)}#${permit.permitNumber}`,
      ...item,
    });
    return record;
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

  /** An enterprise's permits, soonest to expire first. */
  listByHolder(creditCode: string, page: PageRequest = {}): Promise<Page<Permit>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.permitsOfHolder(creditCode), page, map: toPermit });
  }

  /**
   * Consumes `quantity` for a consignment in ONE conditional UpdateItem: the permit is valid, has
   * at least `quantity` left and has not yet been written off for this consignment. Writing off
   * the same consignment again returns the first result (`replayed: true`); a different quantity
   * for it is a ConflictError; too little left is InsufficientPermitBalanceError.
   */
  async writeOff(permitNumber: string, consignmentId: string, quantity: number): Promise<WriteOffResult> {
    if (!(quantity > 0) || !Number.isFinite(quantity)) throw new RangeError(`write-off quantity must be positive, got ${quantity}`);
    const at = this.config.now().toISOString();
    try {
      const { Attributes } = await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.permit(permitNumber),
          UpdateExpression:
            'SET remaining = remaining - :quantity, writeOffs.#consignment = :entry, version = version + :one ADD writtenOffConsignments :consignmentSet',
          ConditionExpression:
            'attribute_exists(pk) AND remaining >= :quantity AND validUntil >= :at AND NOT contains(writtenOffConsignments, :consignment)',
          ExpressionAttributeNames: { '#consignment': consignmentId },
          ExpressionAttributeValues: {
            ':quantity': quantity,
            ':entry': { quantity, at } satisfies PermitWriteOffEntry,
            ':one': 1,
            ':at': at,
            ':consignment': consignmentId,
            ':consignmentSet': new Set([consignmentId]),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const remaining = Number(Attributes?.remaining);
      return { permitNumber, consignmentId, quantity, at, remaining, replayed: false };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return this.explainRefusal(permitNumber, consignmentId, quantity, at);
    }
  }

  private async explainRefusal(permitNumber: string, consignmentId: string, quantity: number, at: string): Promise<WriteOffResult> {
    const permit = await this.find(permitNumber);
    const details = { entity: 'permit', id: permitNumber, consignmentId, requested: quantity };
    if (!permit) throw new NotFoundError(`permit ${permitNumber} does not exist`, details);
    const previous = permit.writeOffs[consignmentId];
    if (previous) {
      if (previous.quantity !== quantity) {
        throw new ConflictError(
          `permit ${permitNumber} was already written off for consignment ${consignmentId} with ${previous.quantity} ${permit.unit}, not ${quantity}`,
          { ...details, writtenOff: previous.quantity },
        );
      }
      return { permitNumber, consignmentId, quantity, at: previous.at, remaining: permit.remaining, replayed: true };
    }
    if (Date.parse(permit.validUntil) < Date.parse(at)) {
      throw new PermitExpiredError(`permit ${permitNumber} expired at ${permit.validUntil}`, { ...details, validUntil: permit.validUntil });
    }
    if (permit.remaining >= quantity) {
      // The permit changed between the refused write and this read; the caller may simply retry.
      throw new ConflictError(`permit ${permitNumber} changed during the write-off; retry`, details);
    }
    throw new InsufficientPermitBalanceError(
      `permit ${permitNumber} has ${permit.remaining} ${permit.unit} left, ${quantity} requested for consignment ${consignmentId}`,
      { ...details, remaining: permit.remaining },
    );
  }
}
