import { PublishBatchCommand, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { LocalisedText } from '../domain/text.ts';
import { snsClient } from '../aws/clients.ts';
import { ENV } from '../config/environment.ts';
import { requiredEnv } from '../config/required-env.ts';

/**
 * A message to a bureau's inbox (and its webhooks). Published on the bureau notifications topic
 * with the message attributes `bureau` and `kind`, which subscriptions filter on.
 */
export interface BureauNotice {
  bureau: string;
  kind: string;
  title: LocalisedText;
  consignmentId?: string;
  taskId?: string;
  data?: Record<string, unknown>;
  /**
   * An enterprise the notice is also for (a credit code): filed in its inbox too, which its
   * declarants read, e.g. the applicant of a certificate of origin hearing the decision.
   */
  enterprise?: string;
  /**
   * The inbox item's id (a ULID), when the publisher must not file a notice twice: a retried step
   * publishes again with a new SNS message id, and the same inbox id lands on the same item.
   */
  inboxId?: string;
}

const PUBLISH_BATCH_LIMIT = 10;

const topicArn = () => requiredEnv(ENV.bureauNotificationsTopicArn);

/** Where bureau notices go: the SNS topic (`snsBureauNotices`), or an in-memory fake in unit tests. */
export interface BureauNotices {
  notify(notices: BureauNotice[]): Promise<void>;
}

/**
 * Publishes the notices, one per bureau, kind and task, in batches of at most ten entries and
 * 256 KiB together (SNS's PublishBatch limits: a full train's run summary to ten bureaus is more).
 * A retried step publishes again: SNS gives each publish a new message id, so the caller keeps
 * track of what was sent (see openTask).
 */
async function publishNotices(notices: BureauNotice[]): Promise<void> {
  const unique = [...new Map(notices.map((n) => [`${n.bureau}|${n.kind}|${n.taskId ?? ''}`, n])).values()];
  const entries: PublishBatchRequestEntry[] = unique.map((notice, i) => ({
    Id: `n${i}`,
    Message: JSON.stringify(notice),
    MessageAttributes: {
      bureau: { DataType: 'String', StringValue: notice.bureau },
      kind: { DataType: 'String', StringValue: notice.kind },
    },
  }));
  for (const batch of batches(entries)) {
    const output = await snsClient().send(new PublishBatchCommand({ TopicArn: topicArn(), PublishBatchRequestEntries: batch }));
    if (output.Failed && output.Failed.length > 0) {
      throw new Error(`SNS refused ${output.Failed.length} notice(s): ${output.Failed.map((f) => f.Message ?? f.Code).join('; ')}`);
    }
  }
}

const PUBLISH_BATCH_BYTES = 256 * 1024;

/** What SNS counts of an entry: the message and each attribute's name, type and value. */
const entrySize = (entry: PublishBatchRequestEntry) =>
  Buffer.byteLength(entry.Message ?? '') +
  Object.entries(entry.MessageAttributes ?? {}).reduce((sum, [name, value]) => sum + Buffer.byteLength(name + (value.DataType ?? '') + (value.StringValue ?? '')), 0);

function batches(entries: PublishBatchRequestEntry[]): PublishBatchRequestEntry[][] {
  const out: PublishBatchRequestEntry[][] = [];
  let current: PublishBatchRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (current.length > 0 && (current.length === PUBLISH_BATCH_LIMIT || bytes + size > PUBLISH_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export const snsBureauNotices: BureauNotices = { notify: publishNotices };
