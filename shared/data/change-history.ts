import type { DataConfig } from './config.ts';
import { readItem } from './guarded-write.ts';
import { everyPage } from './pagination.ts';
import { queryPage } from './query.ts';

/**
 * The audit history of a versioned item (a recognised body, an alert, a directory entry, the risk
 * settings). Each change writes the item with its history entry as `lastChange` in one guarded
 * write, then copies the entry to an item of its own (`putOnce`); a copy a crash kept back is
 * made by the next change, and read from `lastChange` meanwhile. Oldest first.
 */
export async function readChangeHistory<Change extends { version: number }>(
  config: DataConfig,
  item: { pk: string; sk: string },
  changePrefix: string,
  map: (stored: Record<string, unknown>) => Change,
): Promise<Change[]> {
  const entries = await everyPage((page) => queryPage(config, { partition: item.pk, sort: { beginsWith: changePrefix }, consistent: true, page: { ...page, limit: 100 }, map }));
  const last = (await readItem(config, item))?.lastChange as Change | undefined;
  if (last && !entries.some((entry) => entry.version === last.version)) entries.push(last);
  return entries.sort((a, b) => a.version - b.version);
}
