import { createHash } from 'node:crypto';
import { encodeTime, isValid } from 'ulid';
import { z } from 'zod';
import { bureauCodeSchema } from '../domain/codes.ts';
import { localisedTextSchema } from '../domain/text.ts';
import { repositories } from '../data/repositories.ts';

const noticeSchema = z.object({
  bureau: bureauCodeSchema,
  kind: z.string().min(1),
  title: localisedTextSchema,
  consignmentId: z.string().optional(),
  taskId: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  enterprise: z.string().min(1).optional(),
  inboxId: z.string().optional(),
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID for an SNS message: its time part from the publish time (so the inbox sorts by it),
 * its random part from the message id (so a redelivered message lands on the same item).
 */
export function inboxIdOf(message: { MessageId: string; Timestamp: string }): string {
  const digest = createHash('sha256').update(message.MessageId).digest();
  let randomPart = '';
  for (let i = 0; i < 16; i++) randomPart += CROCKFORD[(digest[i] ?? 0) % 32];
  return encodeTime(Date.parse(message.Timestamp), 10) + randomPart;
}

export async function storeNotices(messages: Array<{ MessageId: string; Message: string; Timestamp: string }>): Promise<void> {
  for (const message of messages) {
    const { enterprise, inboxId, ...notice } = noticeSchema.parse(JSON.parse(message.Message));
    const id = inboxId !== undefined && isValid(inboxId) ? inboxId : inboxIdOf(message);
    await repositories().notifications.add({ ...notice, id });
    // The same id in the enterprise's inbox: a redelivered message lands on both items again.
    if (enterprise !== undefined) await repositories().notifications.add({ ...notice, id }, { enterprise });
  }
}

/**
 * A ULID chosen by a publisher for a notice it may send more than once (`BureauNotice.inboxId`):
 * its time part from the moment the notice is about, its random part from what identifies it.
 */
export function stableInboxId(at: string, ...identity: string[]): string {
  const digest = createHash('sha256').update(identity.join('\u0000')).digest();
  let randomPart = '';
  for (let i = 0; i < 16; i++) randomPart += CROCKFORD[(digest[i] ?? 0) % 32];
  return encodeTime(Date.parse(at), 10) + randomPart;
}
