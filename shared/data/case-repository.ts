import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BureauCode } from '../domain/codes.ts';
import { caseParties, type CaseHistoryEntry, type CaseMessage, type CaseStatus, type CoordinationCase } from '../domain/coordination/case.ts';
import type { Actor } from '../domain/train.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { ConflictError, NotFoundError, isConditionalCheckFailed } from './errors.ts';
import { readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { createKeyed, findKeyed, putOnce, readMany, REQUEST_KEY, type RequestKey } from './keyed-items.ts';
import { keys } from './keys.ts';
import { everyPage, type Page, type PageRequest } from './pagination.ts';
import { queryPage, timeRangeCondition } from './query.ts';

const subject = (id: string) => ({ entity: 'coordination case', id, key: keys.coordinationCase(id) });
const toCase = (item: Record<string, unknown>) => withoutKeys(item, [REQUEST_KEY]) as unknown as CoordinationCase;
const toEntry = (item: Record<string, unknown>) => withoutKeys(item, ['caseId']) as unknown as CaseHistoryEntry;
const toMessage = (item: Record<string, unknown>) => withoutKeys(item) as unknown as CaseMessage;

/** Where each kind of entry falls in a case's life: opened, waiting (escalations in level order), ended. */
const HISTORY_PHASE: Record<CaseHistoryEntry['type'], number> = { opened: 1, 'awaiting-answer': 2, escalated: 2, resolved: 3, withdrawn: 3 };

/** Whose cases a listing reads: all (HQ), those in a status (HQ; `opened` for the outbox relay), or a bureau's. */
export type CaseListing = { all: true } | { status: CaseStatus } | { bureau: BureauCode };

/** The changes a case takes besides its status: its escalation, deadline and outcome. */
export type CaseChange = Partial<Pick<CoordinationCase, 'escalation' | 'dueAt' | 'closedAt' | 'outcome'>>;

/**
 * Coordination cases. The case item carries the status (guarded moves) and is listed for HQ by
 * opening time and by status; a listing entry per bureau concerned (`LINK#BUREAU#<code>`) lists it
 * for the opener, the addressed bureau and the lead bureau, and points back to the case, which a
 * listing reads by BatchGetItem so that it always shows the current status. History entries and
 * messages are items of their own under the case's pk; history entries are written once each
 * (named by time and what happened), so a retried step cannot write one twice.
 */
export class CaseRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /**
   * Stores a new case (status `opened`) with its listing entries and first history entry. The
   * entries go first: a crash before the case leaves entries that point at nothing, which a
   * listing skips, and the keyed retry writes the same ones again.
   */
  async create(coordinationCase: CoordinationCase, opened: CaseHistoryEntry, keyed: RequestKey = {}): Promise<CoordinationCase> {
    const { id, openedAt } = coordinationCase;
    for (const bureau of caseParties(coordinationCase)) {
      await this.config.client.send(
        new PutCommand({
          TableName: this.config.tableName,
          Item: { ...keys.caseLink(id, bureau), entity: 'CaseLink', caseId: id, gsi1pk: keys.casesOfBureau(bureau), gsi1sk: keys.timeOrder(openedAt, id) },
        }),
      );
    }
    const stored = await createKeyed(
      this.config,
      subject(id),
      {
        entity: 'CoordinationCase',
        gsi1pk: keys.allCases,
        gsi1sk: keys.timeOrder(openedAt, id),
        gsi2pk: keys.casesInStatus(coordinationCase.status),
        gsi2sk: keys.timeOrder(openedAt, id),
        ...coordinationCase,
      },
      keyed,
    );
    await this.recordHistory(id, opened);
    return toCase(stored);
  }

  /** The case a keyed request opened before (see keyed-items.ts). */
  async findKeyed(id: string, keyed: RequestKey): Promise<CoordinationCase | undefined> {
    const item = await findKeyed(this.config, subject(id), keyed);
    return item && toCase(item);
  }

  async find(id: string): Promise<CoordinationCase | undefined> {
    const item = await readItem(this.config, keys.coordinationCase(id));
    return item ? toCase(item) : undefined;
  }

  async get(id: string): Promise<CoordinationCase> {
    const found = await this.find(id);
    if (!found) throw new NotFoundError(`coordination case ${id} does not exist`, { entity: 'coordination case', id });
    return found;
  }

  /** One guarded change: only from the statuses given (a ConflictError otherwise), moving the status listing with the status. */
  async change(id: string, change: { from: readonly CaseStatus[]; status?: CaseStatus; set?: CaseChange }): Promise<CoordinationCase> {
    const item = await updateGuarded(this.config, subject(id), {
      from: { attribute: 'status', values: change.from },
      set: {
        ...change.set,
        updatedAt: this.config.now().toISOString(),
        ...(change.status !== undefined && { status: change.status, gsi2pk: keys.casesInStatus(change.status) }),
      },
    });
    return toCase(item);
  }

  /**
   * Writes a history entry once: the same step again (a retry) finds it written. Entries are kept
   * in the order of the case's life rather than by time: the API's and the workflow's clocks are
   * one on AWS, but the local cloud's runs ahead when its time is scaled.
   */
  async recordHistory(id: string, entry: CaseHistoryEntry): Promise<void> {
    const level = entry.type === 'escalated' ? (entry.level ?? 0) : 0;
    await putOnce(this.config, { ...keys.caseHistoryEntry(id, HISTORY_PHASE[entry.type], level, entry.type), entity: 'CaseHistoryEntry', caseId: id, ...entry });
  }

  /** The case's history, oldest first. */
  history(id: string): Promise<CaseHistoryEntry[]> {
    return everyPage((page) =>
      queryPage(this.config, { partition: keys.coordinationCase(id).pk, sort: { beginsWith: keys.caseHistoryPrefix }, consistent: true, page, map: toEntry }),
    );
  }

  /**
   * Adds a message to the thread of an open case, numbered after the last: one conditional
   * UpdateItem takes the number (refused when the case is closed or its thread full), then the
   * message is stored under it. A crash between the two leaves a number unused, nothing more.
   */
  async addMessage(id: string, message: { text: string; by: Actor; at: string }, limits: { openStatuses: readonly CaseStatus[]; maxMessages: number }): Promise<CaseMessage> {
    let sequence: number;
    try {
      const { Attributes } = await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.coordinationCase(id),
          UpdateExpression: 'SET messageCount = messageCount + :one',
          ConditionExpression: `attribute_exists(pk) AND #status IN (${limits.openStatuses.map((_, i) => `:s${i}`).join(', ')}) AND messageCount < :max`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':max': limits.maxMessages, ...Object.fromEntries(limits.openStatuses.map((s, i) => [`:s${i}`, s])) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      sequence = Number(Attributes?.messageCount);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.get(id);
      throw new ConflictError(`coordination case ${id} takes no message: it is ${current.status} with ${current.messageCount} messages`, {
        entity: 'coordination case',
        id,
        actualState: current.status,
      });
    }
    const stored: CaseMessage = { caseId: id, sequence, ...message };
    await putOnce(this.config, { ...keys.caseMessage(id, sequence), entity: 'CaseMessage', ...stored });
    return stored;
  }

  /** The thread, oldest first (at most MAX_MESSAGES_PER_CASE messages). */
  messages(id: string): Promise<CaseMessage[]> {
    return everyPage((page) =>
      queryPage(this.config, { partition: keys.coordinationCase(id).pk, sort: { beginsWith: keys.caseMessagePrefix }, consistent: true, page, map: toMessage }),
    );
  }

  /** Newest first: all cases, those in a status, or a bureau's (its listing entries, each read back as the case). */
  async list(listing: CaseListing, page: PageRequest = {}): Promise<Page<CoordinationCase>> {
    if ('all' in listing) return queryPage(this.config, { index: 'gsi1', partition: keys.allCases, forward: false, page, map: toCase });
    if ('status' in listing) return queryPage(this.config, { index: 'gsi2', partition: keys.casesInStatus(listing.status), forward: false, page, map: toCase });
    const links = await queryPage(this.config, { index: 'gsi1', partition: keys.casesOfBureau(listing.bureau), forward: false, page, map: (item) => String(item.caseId) });
    const found = new Map((await readMany(this.config, links.items.map((id) => keys.coordinationCase(id)))).map((item) => [String(item.id), toCase(item)]));
    // An entry whose case was never stored (its request died in between) is skipped.
    const items = links.items.flatMap((id) => found.get(id) ?? []);
    return { items, ...(links.nextToken !== undefined && { nextToken: links.nextToken }) };
  }

  /** The cases opened in a time window (inclusive), at most `max` + 1 of them, so the caller can tell the window held more. */
  async openedWithin(window: { from: string; to: string }, max: number): Promise<CoordinationCase[]> {
    const sort = timeRangeCondition(window);
    const cases: CoordinationCase[] = [];
    let nextToken: string | undefined;
    do {
      const page = await queryPage(this.config, {
        index: 'gsi1',
        partition: keys.allCases,
        ...(sort && { sort }),
        page: { limit: 100, ...(nextToken !== undefined && { nextToken }) },
        map: toCase,
      });
      cases.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken !== undefined && cases.length <= max);
    return cases;
  }
}
