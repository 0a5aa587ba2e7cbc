import type { SNSEvent } from 'aws-lambda';
import { storeNotices } from '#shared/messaging/inbox.ts';

/** Subscriber of the bureau notifications topic: files each message in its bureau's inbox. */
export const handler = async (event: SNSEvent): Promise<void> => {
  await storeNotices(event.Records.map((record) => record.Sns));
};
