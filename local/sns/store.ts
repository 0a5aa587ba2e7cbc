import { z } from 'zod';
import { dataFile, openJsonStore } from '../json-file.ts';

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
  const file = openJsonStore(dataFile(dataDir, 'sns', 'state.json'), stateSchema, { topics: [], subscriptions: [] });
  const store: SnsStore = {
    topics: new Map(file.loaded.topics.map((t) => [t.arn, t])),
    subscriptions: new Map(file.loaded.subscriptions.map((s) => [s.arn, s])),
    save() {
      file.save({ topics: [...store.topics.values()], subscriptions: [...store.subscriptions.values()] });
    },
  };
  return store;
}
