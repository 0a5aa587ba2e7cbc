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

export function pageSize(request: PageRequest): number {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  return limit;
}

/** The token is base64url of DynamoDB's LastEvaluatedKey: opaque to callers, no state kept here. */
export function encodePageToken(lastEvaluatedKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(lastEvaluatedKey), 'utf8').toString('base64url');
}

/**
 * Decodes a token and checks that it can only continue the listing that issued it: exactly the
 * key attributes of that table or index, all strings, and the same partition. Anything else is
 * an InvalidPageTokenError (the API answers 400), never a DynamoDB ValidationException.
 */
export function decodePageToken(
  token: string,
  expected: { attributes: readonly string[]; partition: { attribute: string; value: string } },
): Record<string, string> {
  const invalid = (why: string) => new InvalidPageTokenError(`nextToken is not valid for this listing: ${why}`, { nextToken: token.slice(0, 64) });
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid('not base64url');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not JSON');
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalid('not a key');
  const entries = Object.entries(decoded);
  const names = entries.map(([name]) => name).sort();
  if (names.join() !== [...expected.attributes].sort().join()) throw invalid('wrong key attributes');
  const key: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024) throw invalid(`bad value for ${name}`);
    key[name] = value;
  }
  if (key[expected.partition.attribute] !== expected.partition.value) throw invalid('issued for another listing');
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
