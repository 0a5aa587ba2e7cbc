import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { workflowOf } from '../orchestration/execution-arn.ts';
import type { BureauCode, PortCode } from '../domain/codes.ts';
import { portBureau } from '../domain/reference/ports.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { AlreadyExistsError, ConflictError, isConditionalCheckFailed } from './errors.ts';
import { putNew, readItem } from './guarded-write.ts';
import { createAllOrNone } from './keyed-items.ts';
import { setClauses, withoutKeys } from './items.ts';
import { keys, sortableTime, type IndexName } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage, timeRangeCondition, type Filter } from './query.ts';
import { retryOnConflict } from './retry-on-conflict.ts';

/** Step Functions' execution statuses; all but RUNNING are final (we never redrive). */
export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type FinalExecutionStatus = Exclude<ExecutionStatus, 'RUNNING'>;
/** Step Functions' status as ours: a status we do not know (`PENDING_REDRIVE`: we never redrive) counts as running. */
export const executionStatusOf = (status: string | undefined): ExecutionStatus => EXECUTION_STATUSES.find((known) => known === status) ?? 'RUNNING';
export const isFinalExecutionStatus = (status: string | undefined): status is FinalExecutionStatus =>
  status !== undefined && status !== 'RUNNING' && (EXECUTION_STATUSES as readonly string[]).includes(status);

/**
 * Which workflow executions concern which bureaus, trains and consignments, so HQ and a bureau
 * can find the executions to review. Step Functions keeps the history itself; this is only the
 * index, plus the final status once someone has read it (it never changes afterwards).
 */
export interface ExecutionRef {
  executionArn: string;
  /** Execution name, unique per state machine (the index key). */
  name: string;
  /** The state machine's ARN (or, in tests, its name). */
  stateMachine: string;
  /** The manifest's workflow name (`ConsignmentImport`, `TrainRun`); derived from `stateMachine` when omitted. */
  workflow?: string;
  consignmentId?: string;
  trainId?: string;
  /** The border port of the consignment or train run (absent on executions indexed before it was kept, and on the others). */
  portCode?: PortCode;
  bureaus: BureauCode[];
  startedAt: string;
  /** Only once final: absent means "running when last looked at". */
  status?: FinalExecutionStatus;
  stoppedAt?: string;
}

/** Filters of the review listing; each narrows the others. Time bounds are inclusive, on `startedAt`. */
export interface ExecutionQuery {
  workflow?: string;
  bureau?: BureauCode;
  trainId?: string;
  consignmentId?: string;
  portCode?: PortCode;
  from?: string;
  to?: string;
}

/** Entries differ from the record only in their keys. */
const toRef = (item: Record<string, unknown>) => withoutKeys(item) as unknown as ExecutionRef;

export class ExecutionIndexRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** Idempotent: recording the same execution again changes nothing. */
  async record(input: ExecutionRef): Promise<void> {
    const ref: ExecutionRef = { ...input, workflow: input.workflow ?? workflowOf(input.stateMachine) };
    const order = `${sortableTime(ref.startedAt)}#${ref.name}`;
    const main = {
      ...keys.execution(ref.name),
      entity: 'Execution',
      gsi1pk: keys.executionsOfWorkflow(ref.workflow ?? ''),
      gsi1sk: order,
      gsi3pk: keys.allExecutions,
      gsi3sk: order,
      ...(ref.consignmentId !== undefined && { gsi2pk: keys.executionsOfConsignment(ref.consignmentId), gsi2sk: order }),
      ...ref,
    };
    const links = ref.bureaus.map((bureau) => ({
      ...keys.executionLink(ref.name, bureau),
      entity: 'ExecutionLink',
      gsi1pk: keys.executionsOfBureau(bureau),
      gsi1sk: order,
      ...ref,
    }));
    const trainLink = ref.trainId !== undefined ? [this.trainLinkItem(ref, ref.trainId)] : [];
    // The first recording (nearly every one): all entries at once, so a writer that finds the
    // record finds its entries too, and spreads what bureaus it adds itself.
    if (await createAllOrNone(this.config, [main, ...links, ...trainLink])) return;
    const [created] = await Promise.all([main, ...links, ...trainLink].map((item) => this.putIfAbsent(item)));
    // Every entry carries the bureaus, so whoever records again brings all entries up to the
    // record's list; the creator only when another writer added bureaus meanwhile.
    const bureaus = await this.addBureaus(ref.name, ref.bureaus);
    if (bureaus && (!created || bureaus.length > ref.bureaus.length)) await this.spreadBureaus({ ...ref, bureaus });
  }

  /**
   * Recorded again with more bureaus (a train run learns its consignments' bureaus): the record
   * lists them all. Returns the record's list, or undefined when there is no record.
   */
  private addBureaus(name: string, bureaus: readonly BureauCode[]): Promise<BureauCode[] | undefined> {
    return retryOnConflict(async () => {
      const current = await this.find(name);
      if (!current) return undefined;
      const missing = bureaus.filter((b) => !current.bureaus.includes(b));
      if (missing.length === 0) return current.bureaus;
      try {
        // Appended only while none of them is there: a writer adding the same bureau at once loses and re-reads.
        // One adding another bureau may append in between: the list written is the one to pass on.
        const { Attributes } = await this.config.client.send(
          new UpdateCommand({
            TableName: this.config.tableName,
            Key: keys.execution(name),
            UpdateExpression: 'SET #bureaus = list_append(#bureaus, :missing)',
            ConditionExpression: missing.map((_, i) => `NOT contains(#bureaus, :b${i})`).join(' AND '),
            ExpressionAttributeNames: { '#bureaus': 'bureaus' },
            ExpressionAttributeValues: { ':missing': missing, ...Object.fromEntries(missing.map((b, i) => [`:b${i}`, b])) },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return (Attributes as Pick<ExecutionRef, 'bureaus'> | undefined)?.bureaus ?? [...current.bureaus, ...missing];
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        throw new ConflictError(`execution ${name} gained bureaus meanwhile`, { entity: 'execution', id: name });
      }
    }, 5);
  }

  /**
   * Writes the record's bureaus to every listing entry. The record's list only grows by appending,
   * and an entry holds either an earlier list or a subset it was created with, so a longer list
   * is always the newer one: writing only over shorter lists lets racing writers land in any order.
   */
  private async spreadBureaus(ref: ExecutionRef): Promise<void> {
    const entries = [
      ...ref.bureaus.map((bureau) => keys.executionLink(ref.name, bureau)),
      ...(ref.trainId !== undefined ? [keys.executionTrainLink(ref.name, ref.trainId)] : []),
    ];
    await Promise.all(
      entries.map(async (key) => {
        try {
          await this.config.client.send(
            new UpdateCommand({
              TableName: this.config.tableName,
              Key: key,
              UpdateExpression: 'SET #bureaus = :bureaus',
              ConditionExpression: 'attribute_exists(pk) AND size(#bureaus) < :count',
              ExpressionAttributeNames: { '#bureaus': 'bureaus' },
              ExpressionAttributeValues: { ':bureaus': ref.bureaus, ':count': ref.bureaus.length },
            }),
          );
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }),
    );
  }

  async find(name: string): Promise<ExecutionRef | undefined> {
    const item = await readItem(this.config, keys.execution(name));
    return item ? toRef(item) : undefined;
  }

  /**
   * A consignment put on a train after filing: its execution is listed under the train too.
   * Idempotent; the entry carries the index record as it is now.
   */
  async linkTrain(name: string, trainId: string): Promise<void> {
    const ref = await this.find(name);
    if (!ref) return;
    await this.putIfAbsent(this.trainLinkItem({ ...ref, trainId }, trainId));
    await this.setOnEntries(ref, { trainId }, undefined);
  }

  /**
   * Remembers a final status read from Step Functions on the index record and its listing entries,
   * so later listings need not ask again. First writer wins; a final status never changes.
   */
  async recordFinal(ref: ExecutionRef, final: { status: FinalExecutionStatus; stoppedAt: string }): Promise<void> {
    await this.setOnEntries(ref, final, 'attribute_exists(pk) AND attribute_not_exists(#status)');
  }

  /**
   * The review listing, newest first. The most selective filter picks the partition (consignment,
   * then train, then bureau, then workflow, then all); the time range is a key condition on every
   * one, the remaining filters are filter expressions. See docs/data-model.md.
   */
  list(query: ExecutionQuery = {}, page: PageRequest = {}): Promise<Page<ExecutionRef>> {
    const filters: Filter[] = [];
    let index: IndexName;
    let partition: string;
    if (query.consignmentId !== undefined) {
      index = 'gsi2';
      partition = keys.executionsOfConsignment(query.consignmentId);
    } else if (query.trainId !== undefined) {
      index = 'gsi1';
      partition = keys.executionsOfTrain(query.trainId);
    } else if (query.bureau !== undefined) {
      index = 'gsi1';
      partition = keys.executionsOfBureau(query.bureau);
    } else if (query.workflow !== undefined) {
      index = 'gsi1';
      partition = keys.executionsOfWorkflow(query.workflow);
    } else if (query.portCode !== undefined) {
      // The port bureau is among the bureaus of every execution through its ports.
      index = 'gsi1';
      partition = keys.executionsOfBureau(portBureau(query.portCode));
    } else {
      index = 'gsi3';
      partition = keys.allExecutions;
    }
    if (query.consignmentId !== undefined && query.trainId !== undefined) filters.push({ attribute: 'trainId', equals: query.trainId });
    if (query.bureau !== undefined && (query.consignmentId !== undefined || query.trainId !== undefined)) {
      filters.push({ attribute: 'bureaus', contains: query.bureau });
    }
    if (query.workflow !== undefined && partition !== keys.executionsOfWorkflow(query.workflow)) {
      filters.push({ attribute: 'workflow', equals: query.workflow });
    }
    if (query.portCode !== undefined) filters.push({ attribute: 'portCode', equals: query.portCode });
    return queryPage(this.config, { index, partition, sort: timeRangeCondition(query), filters, forward: false, page, map: toRef });
  }

  private trainLinkItem(ref: ExecutionRef, trainId: string) {
    return {
      ...keys.executionTrainLink(ref.name, trainId),
      entity: 'ExecutionLink',
      gsi1pk: keys.executionsOfTrain(trainId),
      gsi1sk: `${sortableTime(ref.startedAt)}#${ref.name}`,
      ...ref,
    };
  }

  /** The same attributes on the record and every listing entry (bureaus, train), each one UpdateItem. */
  private async setOnEntries(ref: ExecutionRef, values: Record<string, string>, condition: string | undefined): Promise<void> {
    const entries = [
      keys.execution(ref.name),
      ...ref.bureaus.map((bureau) => keys.executionLink(ref.name, bureau)),
      ...(ref.trainId !== undefined ? [keys.executionTrainLink(ref.name, ref.trainId)] : []),
      ...('trainId' in values && values.trainId !== undefined ? [keys.executionTrainLink(ref.name, values.trainId)] : []),
    ];
    const set = setClauses(values, 'a');
    await Promise.all(
      entries.map(async (key) => {
        try {
          await this.config.client.send(
            new UpdateCommand({
              TableName: this.config.tableName,
              Key: key,
              UpdateExpression: `SET ${set.clauses.join(', ')}`,
              ConditionExpression: condition ?? 'attribute_exists(pk)',
              ExpressionAttributeNames: { ...set.names, ...(condition?.includes('#status') && { '#status': 'status' }) },
              ExpressionAttributeValues: set.values,
            }),
          );
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }),
    );
  }

  /** True when this call wrote the item. */
  private async putIfAbsent(item: Record<string, unknown> & { pk: string; sk: string }): Promise<boolean> {
    try {
      await putNew(this.config, { entity: 'execution entry', id: `${item.pk} ${item.sk}`, key: { pk: item.pk, sk: item.sk } }, item);
      return true;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      return false;
    }
  }
}
