import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertCandidate, Nonconformity } from '../domain/alerts/alert-candidate.ts';
import { MAX_CANDIDATE_CONSIGNMENTS } from '../domain/limits.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { isConditionalCheckFailed } from './errors.ts';
import { readItem } from './guarded-write.ts';
import { keys, sortableTime } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

/** How a nonconformity fared: counted now, counted before (a retried follow-up), or the candidate is full. */
export type CandidateRecording = 'recorded' | 'known' | 'full';

function toCandidate(item: Record<string, unknown>): AlertCandidate {
  const entries = Object.values((item.entries ?? {}) as Record<string, Nonconformity>).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    key: String(item.key),
    country: String(item.country),
    heading: String(item.heading),
    nonconformities: entries,
    firstAt: String(item.firstAt ?? item.lastAt ?? ''),
    lastAt: String(item.lastAt ?? ''),
    ...(item.lastPublished !== undefined && { lastPublished: item.lastPublished as NonNullable<AlertCandidate['lastPublished']> }),
  };
}

/**
 * Alert candidates: one item per (country of origin, HS heading) pair, holding the consignments
 * found nonconforming since an alert was last published from it, as a map keyed by consignment
 * (`entries.<consignmentId>`), so a retried follow-up counts a consignment once. The sparse index
 * (gsi1 `ALERT-CANDIDATES`, by the latest nonconformity) lists the pairs that have any.
 */
export class AlertCandidateRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** Counts a consignment's failed inspection against a pair, once, up to MAX_CANDIDATE_CONSIGNMENTS. */
  async record(pair: { key: string; country: string; heading: string }, nonconformity: Nonconformity): Promise<CandidateRecording> {
    const key = keys.alertCandidate(pair.key);
    const listed = { gsi1pk: keys.alertCandidates, gsi1sk: `${sortableTime(nonconformity.at)}#${pair.key}` };
    try {
      await this.config.client.send(
        new PutCommand({
          TableName: this.config.tableName,
          Item: {
            ...key,
            entity: 'AlertCandidate',
            ...pair,
            ...listed,
            entries: { [nonconformity.consignmentId]: nonconformity },
            entryCount: 1,
            firstAt: nonconformity.at,
            lastAt: nonconformity.at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: key,
          UpdateExpression: 'SET #entries.#c = :n, lastAt = :at, firstAt = if_not_exists(firstAt, :at), gsi1pk = :gsi1pk, gsi1sk = :gsi1sk ADD entryCount :one',
          ConditionExpression: 'attribute_not_exists(#entries.#c) AND entryCount < :max',
          ExpressionAttributeNames: { '#entries': 'entries', '#c': nonconformity.consignmentId },
          ExpressionAttributeValues: { ':n': nonconformity, ':at': nonconformity.at, ':one': 1, ':max': MAX_CANDIDATE_CONSIGNMENTS, ':gsi1pk': listed.gsi1pk, ':gsi1sk': listed.gsi1sk },
        }),
      );
      return 'recorded';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const item = await readItem(this.config, key);
      return (item?.entries as Record<string, unknown> | undefined)?.[nonconformity.consignmentId] !== undefined ? 'known' : 'full';
    }
  }

  async find(candidateKey: string): Promise<AlertCandidate | undefined> {
    const item = await readItem(this.config, keys.alertCandidate(candidateKey));
    return item ? toCandidate(item) : undefined;
  }

  /** The pairs with nonconformities not yet published, the latest first. */
  list(page: PageRequest = {}): Promise<Page<AlertCandidate>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.alertCandidates, forward: false, page, map: toCandidate });
  }

  /**
   * An alert was published from these consignments: they leave the candidate (later ones stay),
   * and a candidate left empty leaves the listing until its next nonconformity.
   */
  async consume(candidateKey: string, consignmentIds: readonly string[], published: { alertId: string; at: string }): Promise<void> {
    const key = keys.alertCandidate(candidateKey);
    const names: Record<string, string> = consignmentIds.length > 0 ? { '#entries': 'entries' } : {};
    consignmentIds.forEach((id, i) => (names[`#c${i}`] = id));
    const removals = consignmentIds.map((_, i) => `#entries.#c${i}`);
    await this.config.client.send(
      new UpdateCommand({
        TableName: this.config.tableName,
        Key: key,
        UpdateExpression: `SET lastPublished = :published ADD entryCount :minus${removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ...(consignmentIds.length > 0 && { ExpressionAttributeNames: names }),
        ExpressionAttributeValues: { ':published': { ...published, nonconformities: consignmentIds.length }, ':minus': -consignmentIds.length },
      }),
    );
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: key,
          UpdateExpression: 'REMOVE gsi1pk, gsi1sk, firstAt',
          ConditionExpression: 'entryCount <= :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
