import { join } from 'node:path';
import { z } from 'zod';
import { isInMemory, readJsonFile, writeJsonFileAtomic } from '../json-file.ts';

/** Topics and subscriptions, kept in `DATA_DIR/sns/state.json` (or only in memory). */
const topicSchema = z.object({
  arn: z.string(),
  name: z.string(),
  attributes: z.record(z.string(), z.string()),
  tags: z.record(z.string(), z.string()),
});

const subscriptionSchema = z.object({
  arn: z.string(),
  topicArn: z.string(),
  protocol: z.string(),
  endpoint: z.string(),
  owner: z.string(),
  attributes: z.record(z.string(), z.string()),
  confirmed: z.boolean(),
  token: z.string().optional(),
});

const stateSchema = z.object({ topics: z.array(topicSchema), subscriptions: z.array(subscriptionSchema) });

export type TopicRecord = z.infer<typeof topicSchema>;
export type SubscriptionRecord = z.infer<typeof subscriptionSchema>;

export interface SnsStore {
  topics: Map<string, TopicRecord>;
  subscriptions: Map<string, SubscriptionRecord>;
  save(): void;
}

export function openSnsStore(dataDir: string | undefined): SnsStore {
  const file = isInMemory(dataDir) ? undefined : join(dataDir as string, 'sns', 'state.json');
  const loaded = file ? stateSchema.parse(readJsonFile(file) ?? { topics: [], subscriptions: [] }) : { topics: [], subscriptions: [] };
  const store: SnsStore = {
    topics: new Map(loaded.topics.map((t) => [t.arn, t])),
    subscriptions: new Map(loaded.subscriptions.map((s) => [s.arn, s])),
    save() {
      if (file) writeJsonFileAtomic(file, { topics: [...store.topics.values()], subscriptions: [...store.subscriptions.values()] });
    },
  };
  return store;
}
