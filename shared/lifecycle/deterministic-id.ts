import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A 26-character id (the alphabet and length of a ULID) derived from what identifies a thing, so
 * that a retried request or step lands on the same item instead of making a second one.
 */
export function deterministicId(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let id = '';
  for (let i = 0; i < 26; i++) id += CROCKFORD[(digest[i] ?? 0) % 32];
  return id;
}
