import { MemoryStore } from './memory-store.ts';

/**
 * The store of EXPRESS executions: AWS keeps no history of them (only CloudWatch Logs, when
 * configured) and does not resume them, so locally nothing of them is written anywhere: the
 * `:memory:` store, less the history it keeps.
 */
export class DiscardingStore extends MemoryStore {
  override appendEvent(): void {}
}
