import type { RecognisedBodyRecord, RecognitionChange, RecognitionStatus } from '../domain/recognition/recognised-body.ts';
import { readChangeHistory } from './change-history.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { NotFoundError } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { putOnce, readMany } from './keyed-items.ts';
import { keys } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage, type Filter } from './query.ts';

const subject = (id: string) => ({ entity: 'recognised body', id, key: keys.recognisedBody(id) });
/** `lastChange` is the history entry of the item's current version, kept until its copy is sure (below). */
const toBody = (item: Record<string, unknown>) => withoutKeys(item, ['lastChange']) as unknown as RecognisedBodyRecord;
const toChange = (item: Record<string, unknown>) => withoutKeys(item) as unknown as RecognitionChange;

/** Optional fields a change may take away; everything else is always present. */
const REMOVABLE = ['recognisedUntil', 'withdrawal'] as const;

export interface RecognisedBodyFilter {
  status?: RecognitionStatus | undefined;
  country?: string | undefined;
}

export interface RecognisedBodyUpdate {
  /** Applies only at this version (the one the body was read at). */
  expectedVersion: number;
  /** Applies only while the body has one of these statuses. */
  from?: readonly RecognitionStatus[];
  /** The body as it is to be after the change (version = expectedVersion + 1). */
  body: RecognisedBodyRecord;
  change: RecognitionChange;
}

/**
 * The register of recognised bodies (§9), one item per body, listed by id under one index
 * partition (the register holds tens of bodies, not millions). Each change is one version-guarded
 * UpdateItem that also stores the change's history entry on the item (`lastChange`); the entry is
 * then copied to its own item `CHANGE#<version>`. A crash between the two loses nothing: the next
 * change copies the entry it finds on the item before replacing it, and `history` adds an entry
 * still only on the item. No transaction needed (dynalite has none).
 */
export class RecognisedBodyRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** A taken id is an AlreadyExistsError: ids are never reused, not even after a withdrawal. */
  async create(body: RecognisedBodyRecord, change: RecognitionChange): Promise<RecognisedBodyRecord> {
    if (body.version !== 1 || change.version !== 1) throw new RangeError('a new recognised body starts at version 1');
    await putNew(this.config, subject(body.id), { entity: 'RecognisedBody', gsi1pk: keys.recognisedBodies, gsi1sk: body.id, ...body, lastChange: change });
    await this.copyChange(body.id, change);
    return body;
  }

  async find(id: string): Promise<RecognisedBodyRecord | undefined> {
    const item = await readItem(this.config, keys.recognisedBody(id));
    return item ? toBody(item) : undefined;
  }

  async get(id: string): Promise<RecognisedBodyRecord> {
    const body = await this.find(id);
    if (!body) throw new NotFoundError(`recognised body ${id} does not exist`, { entity: 'recognised body', id });
    return body;
  }

  /**
   * The bodies with these ids that exist, by BatchGetItem: what a filing reads of the register,
   * only the bodies its certificates cite. Consistent, so a withdrawal counts from the moment
   * it is answered.
   */
  async findMany(ids: readonly string[]): Promise<RecognisedBodyRecord[]> {
    const found = await readMany(this.config, [...new Set(ids)].map((id) => keys.recognisedBody(id)));
    return found.map(toBody).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The register by id, optionally only one status or country. */
  list(filter: RecognisedBodyFilter = {}, page: PageRequest = {}): Promise<Page<RecognisedBodyRecord>> {
    const filters: Filter[] = [];
    if (filter.status !== undefined) filters.push({ attribute: 'status', equals: filter.status });
    if (filter.country !== undefined) filters.push({ attribute: 'country', equals: filter.country });
    return queryPage(this.config, { index: 'gsi1', partition: keys.recognisedBodies, filters, page, map: toBody });
  }

  /** One version-guarded change (ConflictError when the body moved on, NotFoundError when it is not there). */
  async change(id: string, update: RecognisedBodyUpdate): Promise<RecognisedBodyRecord> {
    const { body, change, expectedVersion } = update;
    if (body.version !== expectedVersion + 1 || change.version !== body.version) throw new RangeError('a change moves the version on by one');
    const before = await readItem(this.config, keys.recognisedBody(id));
    const { id: _id, version: _version, ...fields } = body;
    const item = await updateGuarded(this.config, subject(id), {
      expectedVersion,
      ...(update.from && { from: { attribute: 'status', values: update.from } }),
      set: { ...fields, lastChange: change },
      remove: REMOVABLE.filter((field) => body[field] === undefined && before?.[field] !== undefined),
    });
    // The write succeeded at the version read, so `before` holds that version's entry.
    const previous = before?.lastChange as RecognitionChange | undefined;
    if (previous && before?.version === expectedVersion) await this.copyChange(id, previous);
    await this.copyChange(id, change);
    return toBody(item);
  }

  /** Every change of the body, oldest first: the registration, then one entry per version. */
  history(id: string): Promise<RecognitionChange[]> {
    return readChangeHistory(this.config, keys.recognisedBody(id), keys.recognisedBodyChangePrefix, toChange);
  }

  /** Writes a history entry once; an entry already copied is left as it is (entries never change). */
  private copyChange(id: string, change: RecognitionChange): Promise<void> {
    return putOnce(this.config, { entity: 'RecognisedBodyChange', ...change, ...keys.recognisedBodyChange(id, change.version) });
  }
}
