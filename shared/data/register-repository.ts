import { readChangeHistory } from './change-history.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { AlreadyExistsError, ConflictError } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { createKeyed, findKeyed, putOnce, REQUEST_KEY, type RequestKey } from './keyed-items.ts';
import { keys } from './keys.ts';
import { everyPage, type Page, type PageRequest } from './pagination.ts';
import { queryPage, type Filter } from './query.ts';
import type { IndexName } from './keys.ts';

type Key = { pk: string; sk: string };

/** Where one kind of entry lives: its item's key, and the index attributes that list it. */
export interface RegisterLayout<Entry> {
  /** For messages and error details: `market-access entry`, ... */
  entity: string;
  /** The item's `entity` attribute. */
  itemEntity: string;
  key: (id: string) => Key;
  /** Listing attributes (gsi1pk ...), from the entry as it is after the write. */
  indexes?: (entry: Entry) => Record<string, string>;
  /** Optional fields a change may take away. */
  removable?: readonly string[];
}

/**
 * The versioned entries of a register (market access, designated sites, going-out risk
 * assessments): each change is one version-guarded write that also stores the change's history
 * entry on the item (`lastChange`), then copies the entry to its own item beside it
 * (`CHANGE#<id>#<version>`). A crash between the two loses nothing: the next change copies the
 * entry it finds on the item before replacing it, and `history` adds one still only on the item
 * (as the register of recognised bodies does). Version 0 is "not stored": a register with shipped
 * entries (the seed) writes one the first time it changes.
 */
export class RegisterRepository<Entry extends { id: string; version: number }, Change extends { version: number }> {
  constructor(
    private readonly layout: RegisterLayout<Entry>,
    private readonly config: DataConfig = dataConfig(),
  ) {}

  private subject(id: string) {
    return { entity: this.layout.entity, id, key: this.layout.key(id) };
  }

  private toEntry = (item: Record<string, unknown>) => withoutKeys(item, ['lastChange', REQUEST_KEY, 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']) as unknown as Entry;
  private toChange = (item: Record<string, unknown>) => withoutKeys(item) as unknown as Change;

  private item(entry: Entry, change: Change): Record<string, unknown> {
    return { entity: this.layout.itemEntity, ...this.layout.indexes?.(entry), ...entry, lastChange: change };
  }

  async find(id: string): Promise<Entry | undefined> {
    const item = await readItem(this.config, this.layout.key(id));
    return item ? this.toEntry(item) : undefined;
  }

  /** A new entry at version 1 (AlreadyExistsError when the id is taken); a keyed retry gets the first one back. */
  async create(entry: Entry, change: Change, keyed: RequestKey = {}): Promise<Entry> {
    if (entry.version !== 1 || change.version !== 1) throw new RangeError('a new entry starts at version 1');
    const item = await createKeyed(this.config, this.subject(entry.id), this.item(entry, change), keyed);
    await this.copyChange(entry.id, change);
    return this.toEntry(item);
  }

  /** The entry a keyed request made before, if it is one (IdempotencyKeyReusedError when the key came with another request). */
  async findKeyed(id: string, keyed: RequestKey): Promise<Entry | undefined> {
    const item = await findKeyed(this.config, this.subject(id), keyed);
    return item && this.toEntry(item);
  }

  /**
   * Writes the entry at `entry.version` over the one at `expectedVersion` (0: none is stored, e.g.
   * a seed entry changed for the first time). ConflictError when someone else wrote first;
   * `from` guards the status.
   */
  async put(entry: Entry, change: Change, expectedVersion: number, from?: { attribute: string; values: readonly string[] }): Promise<Entry> {
    if (entry.version !== expectedVersion + 1 || change.version !== entry.version) throw new RangeError('a change moves the version on by one');
    if (expectedVersion === 0) {
      try {
        await putNew(this.config, this.subject(entry.id), this.item(entry, change));
      } catch (error) {
        if (error instanceof AlreadyExistsError) throw new ConflictError(`${this.layout.entity} ${entry.id} was written meanwhile`, { entity: this.layout.entity, id: entry.id, expectedVersion });
        throw error;
      }
      await this.copyChange(entry.id, change);
      return entry;
    }
    const before = await readItem(this.config, this.layout.key(entry.id));
    const { id: _id, version: _version, ...fields } = entry as Record<string, unknown>;
    const item = await updateGuarded(this.config, this.subject(entry.id), {
      expectedVersion,
      ...(from && { from }),
      set: { ...fields, ...this.layout.indexes?.(entry), lastChange: change },
      remove: (this.layout.removable ?? []).filter((field) => (entry as Record<string, unknown>)[field] === undefined && before?.[field] !== undefined),
    });
    // The write succeeded at the version read, so `before` holds that version's entry.
    const previous = before?.lastChange as Change | undefined;
    if (previous && before?.version === expectedVersion) await this.copyChange(entry.id, previous);
    await this.copyChange(entry.id, change);
    return this.toEntry(item);
  }

  /** Every entry stored under one partition of the table (a whole register), consistent, by id. */
  async partition(pk: string, prefix: string): Promise<Entry[]> {
    return everyPage((page) => queryPage(this.config, { partition: pk, sort: { beginsWith: prefix }, consistent: true, page: { ...page, limit: 100 }, map: this.toEntry }));
  }

  /** One page of an index listing. */
  list(index: IndexName, partition: string, page: PageRequest = {}, filters: Filter[] = []): Promise<Page<Entry>> {
    return queryPage(this.config, { index, partition, filters, page, map: this.toEntry });
  }

  /** Every entry of an index listing (a filing's read of one enterprise's assessments). */
  listAll(index: IndexName, partition: string): Promise<Entry[]> {
    return everyPage((page) => queryPage(this.config, { index, partition, page: { ...page, limit: 100 }, map: this.toEntry }));
  }

  /** Every change of the entry, oldest first. */
  history(id: string): Promise<Change[]> {
    return readChangeHistory(this.config, this.layout.key(id), keys.entryChangePrefix(id), this.toChange);
  }

  private copyChange(id: string, change: Change): Promise<void> {
    return putOnce(this.config, { entity: `${this.layout.itemEntity}Change`, ...change, ...keys.entryChange(this.layout.key(id), id, change.version) });
  }
}
