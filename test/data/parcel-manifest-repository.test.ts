import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoDbClient } from '#shared/aws/clients.ts';
import { keys } from '#shared/data/keys.ts';
import { ParcelManifestRepository, PARCEL_CHUNK_SIZE } from '#shared/data/parcel-manifest-repository.ts';
import { ITEM_SIZE_BUDGET_BYTES } from '#shared/domain/limits.ts';
import { MAX_PARCEL_DESCRIPTION_LENGTH, MAX_PARCEL_LINES, MAX_PARCEL_QUANTITY, MAX_PARCEL_VALUE, MAX_WAYBILL_LENGTH, type ParcelLine } from '#shared/domain/parcels/parcel-manifest.ts';
import { drawSample, samplingPlan } from '#shared/domain/parcels/parcel-sampling.ts';
import { chinese } from '#test/domain/limit-bodies.ts';
import { itemSize } from './item-size.ts';
import { useLocalTable } from './local-table.ts';

const table = useLocalTable();
const manifests = () => new ParcelManifestRepository(table.config());

/** A line at every limit: the longest waybill, a Chinese description at its longest, ten-digit HS code, the largest numbers. */
const longest = (i: number): ParcelLine => ({
  waybill: `${String(i).padStart(8, '0')}`.padEnd(MAX_WAYBILL_LENGTH, 'W'),
  description: chinese(MAX_PARCEL_DESCRIPTION_LENGTH, String(i)),
  hsCode: '8471300010',
  quantity: MAX_PARCEL_QUANTITY - 1,
  value: MAX_PARCEL_VALUE - 0.01,
});

async function measure(key: { pk: string; sk: string }) {
  const { Item } = await dynamoDbClient().send(new GetItemCommand({ TableName: table.config().tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }));
  return itemSize(Item ?? {});
}

describe('the parcel manifest in chunks (408号 三（四）)', () => {
  it('keeps 10,000 lines at every limit in 50 chunks and the largest sample under the item budget, and pages them back in order', async () => {
    const lines = Array.from({ length: MAX_PARCEL_LINES }, (_, i) => longest(i));
    const chunks = await manifests().writeChunks('C-PARCELS', 'digest', lines);
    expect(chunks).toBe(MAX_PARCEL_LINES / PARCEL_CHUNK_SIZE);
    const largestChunk = await measure(keys.parcelChunk('C-PARCELS', 'digest', 0));
    expect(largestChunk).toBeLessThan(ITEM_SIZE_BUDGET_BYTES);

    // The largest sample 10,000 lines give (intensified: level III, code letter M, 315 lines).
    const plan = samplingPlan(MAX_PARCEL_LINES, 'intensified');
    const sample = drawSample('C-PARCELS', lines.map((l) => l.waybill), plan.sampleSize);
    await manifests().writeSample('C-PARCELS', 'digest', sample.map((s) => ({ ...(lines[s.line] as ParcelLine), line: s.line })));
    const largestSample = await measure(keys.parcelSample('C-PARCELS', 'digest'));
    expect(largestSample).toBeLessThan(ITEM_SIZE_BUDGET_BYTES);
    expect((await manifests().sample('C-PARCELS', 'digest'))?.map((l) => l.waybill)).toEqual(sample.map((s) => s.waybill));

    let nextToken: string | undefined;
    const read: ParcelLine[] = [];
    let pages = 0;
    do {
      const page = await manifests().page('C-PARCELS', 'digest', nextToken, chunks);
      for (const chunk of page.items) {
        expect(chunk.firstLine).toBe(read.length);
        read.push(...chunk.lines);
      }
      nextToken = page.nextToken;
      pages++;
    } while (nextToken !== undefined);
    expect(pages).toBe(chunks);
    expect(read).toEqual(lines);
    // The sample item is not a page of the manifest.
    expect(read).toHaveLength(MAX_PARCEL_LINES);
    console.log(`at every limit: a chunk of ${PARCEL_CHUNK_SIZE} lines ${Math.round(largestChunk / 1024)} KB, a sample of ${plan.sampleSize} lines ${Math.round(largestSample / 1024)} KB`);
  });

  it('writes the same chunks again on a retried upload, and reads back only the chunks asked for', async () => {
    const lines = Array.from({ length: 450 }, (_, i) => longest(i));
    expect(await manifests().writeChunks('C-RETRY', 'd2', lines)).toBe(3);
    expect(await manifests().writeChunks('C-RETRY', 'd2', lines)).toBe(3);
    const [last] = await manifests().chunks('C-RETRY', 'd2', [2]);
    expect(last?.firstLine).toBe(400);
    expect(last?.lines).toEqual(lines.slice(400));
  });
});
