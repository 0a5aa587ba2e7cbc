import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Consignment, ConsignmentStatus } from '../domain/consignment.ts';
import { DERIVED, declarantOf, summaryOf, toConsignment } from './consignment-items.ts';
import { listConsignments } from './consignment-listing.ts';
import { writeSearchEntries } from './consignment-search-entries.ts';
import { dataConfig, type DataConfig } from './config.ts';
import type {
  ConsignmentChange,
  ConsignmentEvent,
  ConsignmentEventInput,
  ConsignmentQuery,
  ConsignmentSummary,
  EventActor,
} from './consignment-records.ts';
import { AlreadyExistsError, ConflictError, IdempotencyKeyReusedError, NotFoundError, isConditionalCheckFailed } from './errors.ts';
import { setClauses, withoutKeys } from './items.ts';
import { KEY_ATTRIBUTES, keys, sequenceKey, type ConsignmentOwner } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage, timeRangeCondition, type TimeRange } from './query.ts';
import { cancellationCodes, isTransactionConflict, writeTogether, type TransactPart } from './transactions.ts';

const LAST_SEQUENCE = sequenceKey(10 ** 10 - 1);
/** Fields a change may never set directly: identity, lock, timestamps and the derived ones. */
const PROTECTED = new Set<string>(['id', 'version', 'status', 'createdAt', 'updatedAt', 'planSettled', ...DERIVED, ...KEY_ATTRIBUTES]);

function ownersOf(c: Consignment): ConsignmentOwner[] {
  const declarant = declarantOf(c);
  return [...c.responsibleBureaus.map((bureau) => ({ bureau })), ...(declarant ? [{ enterprise: declarant }] : [])];
}

function ownerId(owner: ConsignmentOwner): string {
  return 'bureau' in owner ? `b:${owner.bureau}` : `e:${owner.enterprise}`;
}

/** The GSI attributes of the consignment item: by train (sparse), by status, all. */
function indexAttributes(c: Pick<Consignment, 'id' | 'createdAt' | 'status' | 'trainId'>) {
  const order = keys.consignmentOrder(c.createdAt, c.id);
  return {
    ...(c.trainId !== undefined && { gsi1pk: keys.consignmentsOfTrain(c.trainId), gsi1sk: order }),
    gsi2pk: keys.consignmentsInStatus(c.status),
    gsi2sk: order,
    gsi3pk: keys.allConsignments,
    gsi3sk: order,
  };
}

function toEvent(item: Record<string, unknown>): ConsignmentEvent {
  return withoutKeys(item) as unknown as ConsignmentEvent;
}

const asList = (from: ConsignmentStatus | readonly ConsignmentStatus[]): readonly ConsignmentStatus[] =>
  typeof from === 'string' ? [from] : from;

/**
 * Consignments and their append-only event log, in one item collection `CONSIGNMENT#<id>`.
 *
 * Each change is ONE version-guarded UpdateItem on the consignment item that also stores the
 * change's event as `lastEvent`, so state and audit record commit together without a
 * transaction. A change that must commit with another item's write (an officer's answer closing
 * its task) is the same UpdateItem in a TransactWriteItems call (`changeWith`). The event is then copied into the log under `EVENT#<version>` with
 * `attribute_not_exists`, which makes the copy idempotent and keeps sequences unique; a copy lost
 * to a crash is made by the next change, which rewrites the previous `lastEvent` as well.
 * Listing entries under bureaus and the declarant are projections kept by version-guarded puts.
 */
export class ConsignmentRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /**
   * Stores a new consignment (from `createConsignment`) and its `filed` event (sequence 1). A
   * keyed filing keeps its key and a fingerprint of the request on the item for good: the same
   * key and request again, however much later, is the same filing and returns the stored
   * consignment; the same key with another request is an IdempotencyKeyReusedError.
   */
  async file(consignment: Consignment, actor: EventActor, options: { idempotencyKey?: string; fingerprint?: string } = {}): Promise<Consignment> {
    if (consignment.version !== 1) throw new RangeError(`a new consignment starts at version 1, got ${consignment.version}`);
    const event: ConsignmentEvent = {
      consignmentId: consignment.id,
      sequence: 1,
      type: 'filed',
      at: consignment.createdAt,
      actor,
      status: consignment.status,
      ...(options.idempotencyKey !== undefined && { idempotencyKey: options.idempotencyKey }),
    };
    const declarant = declarantOf(consignment);
    try {
      await this.config.client.send(
        new PutCommand({
          TableName: this.config.tableName,
          Item: {
            ...keys.consignment(consignment.id),
            entity: 'Consignment',
            ...indexAttributes(consignment),
            ...consignment,
            ...(declarant !== undefined && { declarant }),
            ...(options.idempotencyKey !== undefined && { filingKey: { key: options.idempotencyKey, fingerprint: options.fingerprint ?? '' } }),
            lastEvent: event,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.readItem(consignment.id);
      const filed = existing?.filingKey as { key: string; fingerprint: string } | undefined;
      if (existing && options.idempotencyKey !== undefined && filed?.key === options.idempotencyKey) {
        if (filed.fingerprint !== (options.fingerprint ?? '')) {
          throw new IdempotencyKeyReusedError(`Idempotency-Key ${options.idempotencyKey} filed consignment ${consignment.id} with another request`, { entity: 'consignment', id: consignment.id });
        }
        const current = toConsignment(existing);
        // What the interrupted filing may not have written: the listing entries and the log copy of
        // its last event (earlier ones were copied by the change that followed them).
        await Promise.all([this.project(current, undefined, existing.lastEvent as ConsignmentEvent), writeSearchEntries(this.config, current)]);
        return current;
      }
      throw new AlreadyExistsError(`consignment ${consignment.id} already exists`, { entity: 'consignment', id: consignment.id });
    }
    await Promise.all([this.project(consignment, undefined, event), writeSearchEntries(this.config, consignment)]);
    return consignment;
  }

  async find(id: string): Promise<Consignment | undefined> {
    const item = await this.readItem(id);
    return item ? toConsignment(item) : undefined;
  }

  async get(id: string): Promise<Consignment> {
    const consignment = await this.find(id);
    if (!consignment) throw new NotFoundError(`consignment ${id} does not exist`, { entity: 'consignment', id });
    return consignment;
  }

  /**
   * Applies one state change: the consignment moves from `expectedVersion` to the next version,
   * optionally only from the given statuses, and the change's event gets that version as its
   * sequence number. A lost race throws ConflictError; the caller re-reads and decides again.
   */
  async change(id: string, change: ConsignmentChange): Promise<Consignment> {
    const { input, event, next, at } = this.changeUpdate(id, change, { replayGuard: true });
    let old: Record<string, unknown>;
    try {
      const output = await this.config.client.send(new UpdateCommand({ ...input, ReturnValues: 'ALL_OLD' }));
      old = output.Attributes ?? {};
    } catch (error) {
      // An officer's answer committing with its task (`changeWith`) holds the item on AWS: re-read.
      if (!isConditionalCheckFailed(error) && !isTransactionConflict(error)) throw error;
      return this.afterLostRace(id, change);
    }
    return this.afterChange(old, change, event, next, at);
  }

  /**
   * The same change as `change`, in one transaction with another item's write (`also`): both
   * commit or neither does. A consignment that moved on is a ConflictError (never a replay: `also`
   * decides whether the change was made before); `also` refused is `also`'s own error. Without
   * `expectedVersion`, the change applies to the version read here.
   */
  async changeWith(id: string, wanted: Omit<ConsignmentChange, 'expectedVersion'> & { expectedVersion?: number }, also: TransactPart): Promise<Consignment> {
    // The item as it is at the expected version: the transaction commits only at that version, so
    // this is what it changes (the listing entries to drop, the previous event to copy).
    const old = await this.readItem(id);
    if (!old) throw new NotFoundError(`consignment ${id} does not exist`, { entity: 'consignment', id });
    const change: ConsignmentChange = { ...wanted, expectedVersion: wanted.expectedVersion ?? (old.version as number) };
    if (old.version !== change.expectedVersion) throw this.conflict(id, change, toConsignment(old));
    const { input, event, next, at } = this.changeUpdate(id, change, { replayGuard: false });
    await writeTogether(this.config, [
      {
        item: { Update: input },
        refused: async () => {
          const current = await this.readItem(id);
          return current ? this.conflict(id, change, toConsignment(current)) : new NotFoundError(`consignment ${id} does not exist`, { entity: 'consignment', id });
        },
      },
      also,
    ]);
    return this.afterChange(old, change, event, next, at);
  }

  /** The guarded UpdateItem of a change (see `change`), and what it stores. */
  private changeUpdate(id: string, change: ConsignmentChange, options: { replayGuard: boolean }) {
    const next = change.expectedVersion + 1;
    const at = this.config.now().toISOString();
    const event: ConsignmentEvent = {
      ...change.event,
      consignmentId: id,
      sequence: next,
      at,
      ...(change.status !== undefined && { status: change.status }),
    };
    const set: Record<string, unknown> = { ...change.set };
    for (const name of Object.keys(set)) {
      if (PROTECTED.has(name)) throw new RangeError(`a change may not set '${name}'`);
    }
    if (change.status !== undefined) {
      set.status = change.status;
      set.gsi2pk = keys.consignmentsInStatus(change.status);
    }
    set.version = next;
    set.updatedAt = at;
    set.lastEvent = event;

    const guard = ['attribute_exists(pk)', '#version = :expectedVersion'];
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expectedVersion': change.expectedVersion };
    if (options.replayGuard && change.event.idempotencyKey !== undefined) {
      // A change repeated right after it succeeded finds its own event last and is answered as
      // the first call was (see afterLostRace), even when the caller read the new version.
      guard.push('(attribute_not_exists(#lastEvent.#idempotencyKey) OR #lastEvent.#idempotencyKey <> :idempotencyKey)');
      names['#lastEvent'] = 'lastEvent';
      names['#idempotencyKey'] = 'idempotencyKey';
      values[':idempotencyKey'] = change.event.idempotencyKey;
    }
    if (change.unlessPlanSettled) {
      guard.push('attribute_not_exists(#planSettled)');
      names['#planSettled'] = 'planSettled';
    }
    if (change.from !== undefined) {
      const from = asList(change.from);
      names['#status'] = 'status';
      from.forEach((s, i) => (values[`:from${i}`] = s));
      guard.push(`#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`);
    }
    const clauses = setClauses(set, 's');
    // Moving to another train moves the item in the by-train index; its sort key needs the filing time.
    const trainId = change.set?.trainId;
    if (trainId !== undefined) {
      clauses.clauses.push('#gsi1pk = :gsi1pk', '#gsi1sk = #gsi3sk');
      Object.assign(clauses.names, { '#gsi1pk': 'gsi1pk', '#gsi1sk': 'gsi1sk', '#gsi3sk': 'gsi3sk' });
      clauses.values[':gsi1pk'] = keys.consignmentsOfTrain(trainId);
    }
    const input = {
      TableName: this.config.tableName,
      Key: keys.consignment(id),
      UpdateExpression: `SET ${clauses.clauses.join(', ')}`,
      ConditionExpression: guard.join(' AND '),
      ExpressionAttributeNames: { ...names, ...clauses.names },
      ExpressionAttributeValues: { ...values, ...clauses.values },
    };
    return { input, event, next, at };
  }

  /** After a committed change of the item `old`: the consignment it became, projected. */
  private async afterChange(old: Record<string, unknown>, change: ConsignmentChange, event: ConsignmentEvent, next: number, at: string): Promise<Consignment> {
    const previous = toConsignment(old);
    const changed = Object.fromEntries(Object.entries(change.set ?? {}).filter(([, value]) => value !== undefined));
    const updated: Consignment = { ...previous, ...changed, ...(change.status !== undefined && { status: change.status }), version: next, updatedAt: at };
    await this.project(updated, previous, event, old.lastEvent as ConsignmentEvent | undefined);
    return updated;
  }

  /**
   * The workflow routes on the plan after `after` (port inspection or not): the plan is fixed from
   * then on for what the routing reads, so that an alert re-planning the consignment either comes
   * before and is routed on, or after and leaves port inspection alone (`unlessPlanSettled`). The
   * first mark stays; not a change of the consignment (no version step, no event): the execution
   * history shows the routing.
   */
  async settlePlan(id: string, after: string, at: string): Promise<Consignment> {
    try {
      const { Attributes } = await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.consignment(id),
          UpdateExpression: 'SET #planSettled = if_not_exists(#planSettled, :mark)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#planSettled': 'planSettled' },
          ExpressionAttributeValues: { ':mark': { after, at } },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toConsignment(Attributes ?? {});
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new NotFoundError(`consignment ${id} does not exist`, { entity: 'consignment', id });
    }
  }

  /**
   * The full records of the consignments in a status, oldest first (the status index projects the
   * whole item): what the re-planning of an alert pages through. Eventually consistent.
   */
  listInStatus(status: ConsignmentStatus, page: PageRequest = {}): Promise<Page<Consignment>> {
    return queryPage(this.config, { index: 'gsi2', partition: keys.consignmentsInStatus(status), page, map: toConsignment });
  }

  /** An event without a state change (a remark, a document received): still one version step. */
  appendEvent(id: string, expectedVersion: number, event: ConsignmentEventInput): Promise<Consignment> {
    return this.change(id, { expectedVersion, event });
  }

  /** The audit trail in sequence order; `afterSequence` resumes after a known event. */
  async events(id: string, page: PageRequest & { afterSequence?: number } = {}): Promise<Page<ConsignmentEvent>> {
    return queryPage(this.config, {
      partition: keys.consignment(id).pk,
      sort: { between: [sequenceKey((page.afterSequence ?? 0) + 1), LAST_SEQUENCE] },
      consistent: true,
      page,
      map: toEvent,
    });
  }

  /**
   * Newest first, filtered (GET /consignments): the most selective filter picks the index or
   * the search entries read, see consignment-listing.ts and docs/data-model.md.
   */
  list(query: ConsignmentQuery = {}, page: PageRequest = {}): Promise<Page<ConsignmentSummary>> {
    return listConsignments(this.config, query, page);
  }

  /**
   * The full records of a train's consignments, newest first: the by-train index projects the
   * whole consignment item, so no read per consignment is needed. Eventually consistent.
   */
  listOfTrain(trainId: string, page: PageRequest = {}): Promise<Page<Consignment>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.consignmentsOfTrain(trainId), forward: false, page, map: toConsignment });
  }

  /**
   * The full records of the consignments filed in a time range, oldest first (the all-consignments
   * index projects the whole item): what a policy replay re-plans. Eventually consistent.
   */
  listFiled(range: TimeRange, page: PageRequest = {}): Promise<Page<Consignment>> {
    return queryPage(this.config, { index: 'gsi3', partition: keys.allConsignments, sort: timeRangeCondition(range), page, map: toConsignment });
  }

  private async readItem(id: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.config.client.send(
      new GetCommand({ TableName: this.config.tableName, Key: keys.consignment(id), ConsistentRead: true }),
    );
    return Item;
  }

  private async afterLostRace(id: string, change: ConsignmentChange): Promise<Consignment> {
    const item = await this.readItem(id);
    if (!item) throw new NotFoundError(`consignment ${id} does not exist`, { entity: 'consignment', id });
    const current = toConsignment(item);
    const last = item.lastEvent as ConsignmentEvent | undefined;
    const key = change.event.idempotencyKey;
    if (key !== undefined && last?.idempotencyKey === key) {
      // The same change, retried after it succeeded: answer as the first call did.
      await this.appendToLog(last);
      return current;
    }
    throw this.conflict(id, change, current);
  }

  private conflict(id: string, change: ConsignmentChange, current: Consignment): ConflictError {
    const expectedStatus = change.from === undefined ? '' : ` from ${asList(change.from).join(' or ')}`;
    return new ConflictError(
      `consignment ${id} is at version ${current.version} in status ${current.status}; the change expected version ${change.expectedVersion}${expectedStatus}`,
      {
        entity: 'consignment',
        id,
        expectedVersion: change.expectedVersion,
        actualVersion: current.version,
        actualStatus: current.status,
      },
    );
  }

  /** Copies an event into the log; the sequence is taken at most once, never overwritten. */
  private async appendToLog(event: ConsignmentEvent | undefined): Promise<void> {
    if (event) await this.guardedProjection({ ...logCopy(this.config, event), ConditionExpression: 'attribute_not_exists(pk)' });
  }

  /**
   * After a committed change, in one TransactWriteItems: the log copy of its event (and, when
   * given, of the one before it, in case that change's writer stopped before copying it: the same
   * item again otherwise, as an event's content never changes), and the listing entry of every
   * owner. One call where there were five. When a guard cancels it (a newer version's entries are
   * already there, or the event was copied before) each write is made on its own, its guard
   * judging it alone.
   */
  private async project(current: Consignment, previous: Consignment | undefined, event: ConsignmentEvent, eventBefore?: ConsignmentEvent): Promise<void> {
    const owners = ownersOf(current);
    const kept = new Set(owners.map(ownerId));
    const dropped = (previous ? ownersOf(previous) : []).filter((o) => !kept.has(ownerId(o)));
    const puts = [
      ...(eventBefore ? [logCopy(this.config, eventBefore)] : []),
      { ...logCopy(this.config, event), ConditionExpression: 'attribute_not_exists(pk)' },
      ...owners.map((owner) => this.linkPut(current, owner)),
      ...dropped.map((owner) => this.tombstonePut(current, owner)),
    ];
    try {
      await this.config.client.send(new TransactWriteCommand({ TransactItems: puts.map((Put) => ({ Put })) }));
    } catch (error) {
      if (cancellationCodes(error) === undefined) throw error;
      await Promise.all(puts.map((put) => this.guardedProjection(put)));
    }
  }

  private linkPut(c: Consignment, owner: ConsignmentOwner): ProjectionPut {
    const order = keys.consignmentOrder(c.createdAt, c.id);
    return {
      TableName: this.config.tableName,
      Item: {
        ...keys.consignmentLink(c.id, owner),
        entity: 'ConsignmentLink',
        gsi1pk: keys.consignmentsOfOwner(owner),
        gsi1sk: order,
        gsi2pk: keys.consignmentsOfOwnerInStatus(owner, c.status),
        gsi2sk: order,
        ...summaryOf(c),
      },
      // A slower writer of an older version must not roll the entry back.
      ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
      ExpressionAttributeValues: { ':version': c.version },
    };
  }

  /** The owner no longer sees the consignment: a tombstone (no index keys) that older writers cannot revive. */
  private tombstonePut(c: Consignment, owner: ConsignmentOwner): ProjectionPut {
    return {
      TableName: this.config.tableName,
      Item: { ...keys.consignmentLink(c.id, owner), entity: 'ConsignmentLink', id: c.id, version: c.version, removed: true },
      ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
      ExpressionAttributeValues: { ':version': c.version },
    };
  }

  private async guardedProjection(put: ProjectionPut): Promise<void> {
    try {
      await this.config.client.send(new PutCommand(put));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}

/** A put of a projection item (log copy, listing entry), alone or in a transaction. */
type ProjectionPut = PutCommandInput;

function logCopy(config: DataConfig, event: ConsignmentEvent): ProjectionPut {
  return { TableName: config.tableName, Item: { ...keys.consignmentEvent(event.consignmentId, event.sequence), entity: 'ConsignmentEvent', ...event } };
}
