import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { CallerIdentity } from '../../auth/claims.ts';
import type { RequestKey } from '../../data/keyed-items.ts';
import { deterministicId } from '../deterministic-id.ts';

/**
 * The id of what a create request makes, and the key it is stored with: without an
 * Idempotency-Key a new id; with one, an id derived from the caller and the key, so that the same
 * request again, however late, lands on the same item (and another request with the key is refused).
 */
export function keyedRequest(what: string, caller: Pick<CallerIdentity, 'subject'>, request: unknown, idempotencyKey?: string): { id: string; keyed: RequestKey } {
  if (idempotencyKey === undefined) return { id: ulid(), keyed: {} };
  return {
    id: deterministicId(what, caller.subject, idempotencyKey),
    keyed: { idempotencyKey, fingerprint: createHash('sha256').update(JSON.stringify(request)).digest('base64url') },
  };
}
