import { PublishBatchCommand } from '@aws-sdk/client-sns';
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
}

const PUBLISH_BATCH_LIMIT = 10;

const topicArn = () => requiredEnv(ENV.bureauNotificationsTopicArn);

/** Where bureau notices go: the SNS topic (`snsBureauNotices`), or an in-memory fake in unit tests. */
export interface BureauNotices {
  notify(notices: BureauNotice[]): Promise<void>;
}

/**
 * Publishes the notices, one per bureau, kind and task. A retried step publishes again: SNS gives
 * each publish a new message id, so the caller keeps track of what was sent (see openTask).
 */
async function publishNotices(notices: BureauNotice[]): Promise<void> {
  const unique = [...new Map(notices.map((n) => [`${n.bureau}|${n.kind}|${n.taskId ?? ''}`, n])).values()];
  for (let start = 0; start < unique.length; start += PUBLISH_BATCH_LIMIT) {
    const batch = unique.slice(start, start + PUBLISH_BATCH_LIMIT);
    const output = await snsClient().send(
      new PublishBatchCommand({
        TopicArn: topicArn(),
        PublishBatchRequestEntries: batch.map((notice, i) => ({
          Id: `n${start + i}`,
          Message: JSON.stringify(notice),
          MessageAttributes: {
            bureau: { DataType: 'String', StringValue: notice.bureau },
            kind: { DataType: 'String', StringValue: notice.kind },
          },
        })),
      }),
    );
    if (output.Failed && output.Failed.length > 0) {
      throw new Error(`SNS refused ${output.Failed.length} notice(s): ${output.Failed.map((f) => f.Message ?? f.Code).join('; ')}`);
    }
  }
}

export const snsBureauNotices: BureauNotices = { notify: publishNotices };
