import type { ParcelLine } from '../domain/parcels/parcel-manifest.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { mapWithConcurrency } from '../review/concurrency.ts';
import { putOnce, readMany } from './keyed-items.ts';
import { readItem } from './guarded-write.ts';
import { keys } from './keys.ts';
import type { Page } from './pagination.ts';
import { queryPage } from './query.ts';

/**
 * A consignment's parcel manifest, up to 10,000 lines, in chunks of PARCEL_CHUNK_SIZE lines, one
 * item each (docs/data-model.md): the consignment item keeps only the summary and the sample, so
 * filing, listing and every step that reads the consignment stay as fast as without a manifest.
 * A chunk of 200 lines at every input limit measures 78 KB, the largest sample (315 lines) 125 KB
 * (test/data/parcel-manifest-repository.test.ts), well under DynamoDB's 400 KB item limit.
 *
 * Chunks are keyed by the manifest's digest: writing them again (a retried upload) writes the
 * same items, and a different manifest never overwrites the one the consignment's summary names.
 */
export const PARCEL_CHUNK_SIZE = 200;

const CHUNK_WRITES_IN_FLIGHT = 16;

export interface ParcelChunk {
  index: number;
  /** Index in the manifest of the chunk's first line. */
  firstLine: number;
  lines: ParcelLine[];
}

export class ParcelManifestRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** Writes the chunks of a manifest (before the consignment's summary names it). */
  async writeChunks(consignmentId: string, digest: string, lines: readonly ParcelLine[]): Promise<number> {
    const items: Array<Record<string, unknown> & { pk: string; sk: string }> = [];
    for (let index = 0, first = 0; first < lines.length; index++, first += PARCEL_CHUNK_SIZE) {
      items.push({ ...keys.parcelChunk(consignmentId, digest, index), entity: 'ParcelChunk', index, firstLine: first, lines: lines.slice(first, first + PARCEL_CHUNK_SIZE) });
    }
    // One PutItem each, not BatchWriteItem: the functions are granted item writes only
    // (infra/grants.ts). A chunk's key names the manifest's digest, so a retried upload finds
    // the same chunk there and keeps it.
    await mapWithConcurrency(items, CHUNK_WRITES_IN_FLIGHT, (item) => putOnce(this.config, item));
    return items.length;
  }

  /**
   * The sampled lines, whole, in one item beside the chunks (at most 315 lines for 10,000 at level
   * III, 125 KB at every limit): the sample view reads one item, not every chunk a sampled
   * line falls in (50 for 10,000 lines).
   */
  async writeSample(consignmentId: string, digest: string, lines: ReadonlyArray<{ line: number } & ParcelLine>): Promise<void> {
    await putOnce(this.config, { ...keys.parcelSample(consignmentId, digest), entity: 'ParcelSample', lines });
  }

  async sample(consignmentId: string, digest: string): Promise<Array<{ line: number } & ParcelLine> | undefined> {
    const item = await readItem(this.config, keys.parcelSample(consignmentId, digest));
    return item === undefined ? undefined : (item.lines as Array<{ line: number } & ParcelLine>);
  }

  /**
   * One page of the manifest: one chunk, in line order. With `chunks` (the summary's count) the
   * last chunk's page has no nextToken (a Query with Limit 1 would name one, for an empty page).
   */
  async page(consignmentId: string, digest: string, nextToken?: string, chunks?: number): Promise<Page<ParcelChunk>> {
    const page = await queryPage(this.config, {
      partition: keys.parcelChunksOf(consignmentId),
      sort: { beginsWith: keys.parcelChunkPrefix(digest) },
      consistent: true,
      page: { limit: 1, ...(nextToken !== undefined && { nextToken }) },
      map: toChunk,
    });
    const last = chunks !== undefined && page.items.at(-1)?.index === chunks - 1;
    return last ? { items: page.items } : page;
  }

  /** The chunks with these indexes (the ones holding the sampled lines). */
  async chunks(consignmentId: string, digest: string, indexes: readonly number[]): Promise<ParcelChunk[]> {
    const found = await readMany(this.config, [...new Set(indexes)].map((i) => keys.parcelChunk(consignmentId, digest, i)));
    return found.map(toChunk).sort((a, b) => a.index - b.index);
  }
}

function toChunk(item: Record<string, unknown>): ParcelChunk {
  return { index: Number(item.index), firstLine: Number(item.firstLine), lines: item.lines as ParcelLine[] };
}
