import { createHash } from 'node:crypto';
import { InvalidPageTokenError } from './errors.ts';

/** One page of a listing; `nextToken` is absent on the last page. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface PageRequest {
  /** 1..100; defaults to 20. */
  limit?: number;
  /** An opaque token from the previous page of the same listing. */
  nextToken?: string;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_TOKEN_LENGTH = 4096;

/** A sort-key condition of a Query (`begins_with`, `BETWEEN`, `>=`, `<=`). */
export type SortCondition = { beginsWith: string } | { between: readonly [string, string] } | { atLeast: string } | { atMost: string };

/**
 * What a listing reads: the key condition of its Query. A page token belongs to exactly one of
 * these, and a token is only accepted back by the listing whose key condition it was issued for.
 */
export interface ListingKey {
  /** The index queried; undefined for the table's own key. */
  index?: string;
  /** Names of the key attributes: the table's (`pk`, `sk`) and, for an index, the index's. */
  tableKey: { pk: string; sk: string };
  indexKey?: { pk: string; sk: string };
  /** The partition value of the query (of the index, for an index query). */
  partition: string;
  sort?: SortCondition;
}

export function pageSize(request: PageRequest): number {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  return limit;
}

/*
 * Token format, version 1: base64url of the JSON array `[1, <listing>, ...<key values>]`.
 * - `<listing>` is a short hash of the listing's key condition (index, partition, sort condition),
 *   so a token handed to another listing is refused before anything is read;
 * - the key values are positional and carry no attribute names: for a table query the sort key
 *   only, for an index query the table's partition and sort key and the index's sort key. The
 *   partition of the query is never in the token: it is the caller's own and is filled in here.
 * A decoded token is then checked against the caller's own key condition (the sort key must lie
 * in the range or have the prefix of the query), so a token can only continue the reading the
 * caller could have done from the start; see shared/data/README.md.
 */
const TOKEN_VERSION = 1;
/** DynamoDB's limits on key values: 2048 bytes for a partition key, 1024 for a sort key. */
const MAX_PARTITION_BYTES = 2048;
const MAX_SORT_BYTES = 1024;

/** The short hash of a listing's key condition that binds a token to it. */
export function listingBinding(listing: ListingKey): string {
  const condition = JSON.stringify([listing.index ?? '', listing.partition, listing.sort ?? null]);
  return createHash('sha256').update(condition, 'utf8').digest('base64url').slice(0, 12);
}

/** The key attributes in token order, each with its size limit; the query's partition is left out. */
function positions(listing: ListingKey): Array<{ name: string; maxBytes: number }> {
  if (!listing.indexKey) return [{ name: listing.tableKey.sk, maxBytes: MAX_SORT_BYTES }];
  return [
    { name: listing.tableKey.pk, maxBytes: MAX_PARTITION_BYTES },
    { name: listing.tableKey.sk, maxBytes: MAX_SORT_BYTES },
    { name: listing.indexKey.sk, maxBytes: MAX_SORT_BYTES },
  ];
}

const sortKeyName = (listing: ListingKey) => (listing.indexKey ?? listing.tableKey).sk;
const partitionKeyName = (listing: ListingKey) => (listing.indexKey ?? listing.tableKey).pk;

/** Byte order of the UTF-8 encodings: how DynamoDB compares string keys. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Whether a sort key value satisfies the listing's sort condition (none: every value). */
export function withinSortCondition(value: string, sort: SortCondition | undefined): boolean {
  if (!sort) return true;
  if ('beginsWith' in sort) return Buffer.from(value, 'utf8').subarray(0, Buffer.byteLength(sort.beginsWith, 'utf8')).equals(Buffer.from(sort.beginsWith, 'utf8'));
  if ('between' in sort) return compareKeys(value, sort.between[0]) >= 0 && compareKeys(value, sort.between[1]) <= 0;
  if ('atLeast' in sort) return compareKeys(value, sort.atLeast) >= 0;
  return compareKeys(value, sort.atMost) <= 0;
}

/** True for a `BETWEEN` whose lower bound is above its upper bound: no key can satisfy it. */
export function isEmptySortCondition(sort: SortCondition | undefined): boolean {
  return sort !== undefined && 'between' in sort && compareKeys(sort.between[0], sort.between[1]) > 0;
}

/** The continuation token for DynamoDB's LastEvaluatedKey of a Query of `listing`. */
export function encodePageToken(lastEvaluatedKey: Record<string, unknown>, listing: ListingKey): string {
  const values = positions(listing).map(({ name }) => {
    const value = lastEvaluatedKey[name];
    if (typeof value !== 'string') throw new TypeError(`LastEvaluatedKey has no string ${name}`);
    return value;
  });
  return Buffer.from(JSON.stringify([TOKEN_VERSION, listingBinding(listing), ...values]), 'utf8').toString('base64url');
}

/** A string that survives a UTF-8 round trip (no lone surrogates), as DynamoDB requires of keys. */
const isWellFormed = (value: string) => Buffer.from(value, 'utf8').toString('utf8') === value;

/**
 * Decodes a token into the ExclusiveStartKey of the listing's next Query, after checking that it
 * can only continue that listing: the right version and shape, issued for this key condition
 * (index, partition and sort condition), key values DynamoDB accepts, and a sort key inside the
 * query's own range or prefix. Anything else is an InvalidPageTokenError (the API answers 400),
 * never a DynamoDB ValidationException.
 */
export function decodePageToken(token: string, listing: ListingKey): Record<string, string> {
  const invalid = (why: string) => new InvalidPageTokenError(`nextToken is not valid for this listing: ${why}`, { nextToken: token.slice(0, 64) });
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid('not base64url');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a page token');
  }
  if (!Array.isArray(decoded) || decoded[0] !== TOKEN_VERSION) throw invalid('not a page token of this version');
  const [, binding, ...values] = decoded as unknown[];
  if (binding !== listingBinding(listing)) throw invalid('issued for another listing');
  const expected = positions(listing);
  if (values.length !== expected.length) throw invalid('wrong number of key values');
  const key: Record<string, string> = { [partitionKeyName(listing)]: listing.partition };
  expected.forEach(({ name, maxBytes }, i) => {
    const value = values[i];
    if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value, 'utf8') > maxBytes || !isWellFormed(value)) {
      throw invalid('bad key value');
    }
    key[name] = value;
  });
  // For a table query the token's sort key is the table's; the partition is the caller's own.
  if (!withinSortCondition(key[sortKeyName(listing)] ?? '', listing.sort)) throw invalid('outside the range of this listing');
  return key;
}

/** Reads a listing to its end, a page of the largest size at a time. */
export async function everyPage<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await read({ limit: MAX_PAGE_SIZE, ...(nextToken !== undefined && { nextToken }) });
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return items;
}
