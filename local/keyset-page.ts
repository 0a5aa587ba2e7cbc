/**
 * Paging for the emulators' List* calls the way AWS pages: the token carries the sort key of
 * the last item returned, not an offset. Items created or deleted between two calls then
 * neither repeat nor push others out of the listing (an offset over a newest-first list shifts
 * by one with every new execution). Keys compare component by component: numbers numerically,
 * strings by UTF-16 code unit (not locale), so the order is the same in every process.
 */
export type SortKey = readonly (string | number)[];

export interface KeysetPageOptions<T> {
  /** The item's place in the listing: unique per item, and fixed while the item exists. */
  key: (item: T) => SortKey;
  /** Per key component, true when it sorts descending (e.g. newest first). Ascending by default. */
  descending?: readonly boolean[];
  limit: number;
  /** The previous page's `nextToken`, if any. */
  token: string | undefined;
  /** The service's own error for a token it did not issue. */
  invalidToken: () => Error;
}

export interface KeysetPage<T> {
  items: T[];
  /** Set when more items follow the last one returned. */
  nextToken: string | undefined;
}

export function keysetPage<T>(all: Iterable<T>, options: KeysetPageOptions<T>): KeysetPage<T> {
  const descending = options.descending ?? [];
  const order = (a: SortKey, b: SortKey) => compareKeys(a, b, descending);
  const after = options.token === undefined ? undefined : decodeKey(options.token, options.invalidToken);
  const keyed = [...all].map((item) => ({ item, key: options.key(item) }));
  const following = (after === undefined ? keyed : keyed.filter((entry) => order(entry.key, after) > 0)).sort((a, b) => order(a.key, b.key));
  const page = following.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((entry) => entry.item),
    nextToken: following.length > page.length && last ? encodeKey(last.key) : undefined,
  };
}

function compareKeys(a: SortKey, b: SortKey, descending: readonly boolean[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    // A forged token may mix types: numbers sort before strings, as a fixed rule.
    const difference = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : typeof x === 'number' ? -1 : 1;
    if (difference !== 0) return descending[i] ? -difference : difference;
  }
  return a.length - b.length;
}

function encodeKey(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeKey(token: string, invalidToken: () => Error): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  const isKey = Array.isArray(parsed) && parsed.length > 0 && parsed.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)));
  if (!isKey) throw invalidToken();
  return parsed as SortKey;
}
