import { putAll } from './keyed-items.ts';
import type { Consignment } from '../domain/consignment.ts';
import { declarantOf } from './consignment-items.ts';
import type { DataConfig } from './config.ts';
import { keys } from './keys.ts';

/**
 * Search entries: one item per container, HS heading (4 digits) and party credit code of a
 * consignment, in its own item collection, each in gsi1 under what it is searched by, ordered by
 * filing time like every other consignment listing (docs/data-model.md, "Search"). What they
 * index never changes after filing, so they are written once, at filing, and never updated:
 * they carry only what never changes (direction, port, declarant, HS codes); the current status
 * and bureaus are read from the consignment items a search page finds.
 */
export interface SearchTerm {
  /** `CONTAINER#<number>`, `HS#<heading>` or `PARTY#<credit code>`: the entry's sort key after `SEARCH#`. */
  term: string;
  /** The gsi1 partition the entry is found in. */
  partition: string;
}

/** The HS heading (first 4 digits) a search for an HS prefix reads the entries of. */
export const hsHeading = (code: string) => code.slice(0, 4);

export function searchTermsOf(c: Pick<Consignment, 'containers' | 'goods' | 'consignor' | 'consignee'>): SearchTerm[] {
  const containers = new Set(c.containers.map((container) => container.number));
  const headings = new Set(c.goods.map((line) => hsHeading(line.hsCode)));
  const parties = new Set([c.consignor.creditCode, c.consignee.creditCode].filter((code): code is string => code !== undefined));
  return [
    ...[...containers].map((n) => ({ term: `CONTAINER#${n}`, partition: keys.consignmentsWithContainer(n) })),
    ...[...headings].map((h) => ({ term: `HS#${h}`, partition: keys.consignmentsWithHeading(h) })),
    ...[...parties].map((p) => ({ term: `PARTY#${p}`, partition: keys.consignmentsOfParty(p) })),
  ];
}

/**
 * The text an HS-prefix filter matches on the heading's entry: every HS code of the consignment
 * under that heading, each after a space, so `contains(hsCodes, " <prefix>")` is a prefix match.
 */
export function hsCodesText(c: Pick<Consignment, 'goods'>, heading: string): string {
  const codes = [...new Set(c.goods.map((line) => line.hsCode).filter((code) => hsHeading(code) === heading))];
  return codes.map((code) => ` ${code}`).join('') + ' ';
}

export function searchEntriesOf(c: Consignment): Array<Record<string, unknown>> {
  const order = keys.consignmentOrder(c.createdAt, c.id);
  const declarant = declarantOf(c);
  return searchTermsOf(c).map(({ term, partition }) => ({
    ...keys.consignmentSearchEntry(c.id, term),
    entity: 'ConsignmentSearchEntry',
    gsi1pk: partition,
    gsi1sk: order,
    id: c.id,
    direction: c.direction,
    portCode: c.portCode,
    createdAt: c.createdAt,
    ...(declarant !== undefined && { declarant }),
    ...(term.startsWith('HS#') && { hsCodes: hsCodesText(c, term.slice('HS#'.length)) }),
  }));
}

/**
 * Writes the consignment's search entries. Unconditional puts: an entry's content follows from
 * the filing alone, so writing it again (a retried filing) writes the same item.
 */
export async function writeSearchEntries(config: DataConfig, c: Consignment): Promise<void> {
  await putAll(config, searchEntriesOf(c));
}
