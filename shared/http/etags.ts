import { ApiProblem } from './api-problem.ts';

/**
 * Entity tags of versioned resources (RFC 9110 §8.8.3, §13.1.1): a resource's ETag is its
 * version, `"<version>"`, strong. An update sent with `If-Match` applies only while the resource
 * is still at one of the versions it names; `If-Match: *` only while the resource exists.
 */
export const etag = (version: number): string => `"${version}"`;

/** The ETag of an answer whose JSON body names its version. */
export function etagOf(body: unknown): string | undefined {
  const version = typeof body === 'object' && body !== null ? (body as { version?: unknown }).version : undefined;
  return typeof version === 'number' && Number.isInteger(version) ? etag(version) : undefined;
}

/**
 * Why `If-Match` is not met by the resource at `current` (undefined: it does not exist), or
 * undefined when it is. Weak tags (`W/"…"`) never match: If-Match compares strongly.
 */
export function unmetPrecondition(ifMatch: string, current: number | undefined): string | undefined {
  const tags = ifMatch.split(',').map((tag) => tag.trim()).filter(Boolean);
  if (tags.includes('*')) return current === undefined ? 'If-Match: * 要求资源存在 / If-Match: * needs the resource to exist' : undefined;
  if (current !== undefined && tags.includes(etag(current))) return undefined;
  return current === undefined
    ? `资源不存在，If-Match ${ifMatch} 不成立 / the resource does not exist, so If-Match ${ifMatch} does not hold`
    : `资源当前版本为 ${etag(current)}，不是 If-Match 所列的 ${ifMatch}：请重新读取后再决定 / the resource is at ${etag(current)}, not ${ifMatch}: read it again and decide on what it says now`;
}

export const preconditionFailed = (detail: string) => new ApiProblem(412, 'precondition-failed', '前提条件不成立 / Precondition failed', detail);
