import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BureauCode } from '../domain/codes.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { isConditionalCheckFailed } from './errors.ts';
import { withoutKeys } from './items.ts';
import { keys, sortableTime } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage } from './query.ts';

/**
 * Which workflow executions concern which bureaus and consignments, so HQ and a bureau can find
 * the executions to review. Step Functions keeps the history itself; this is only the index.
 */
export interface ExecutionRef {
  executionArn: string;
  /** Execution name, unique per state machine (the index key). */
  name: string;
  stateMachine: string;
  consignmentId?: string;
  bureaus: BureauCode[];
  startedAt: string;
}

const toRef = (item: Record<string, unknown>) => withoutKeys(item, ['removed']) as unknown as ExecutionRef;

export class ExecutionIndexRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** Idempotent: recording the same execution again changes nothing. */
  async record(ref: ExecutionRef): Promise<void> {
    const order = `${sortableTime(ref.startedAt)}#${ref.name}`;
    const main = {
      ...keys.execution(ref.name),
      entity: 'Execution',
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
    await Promise.all([main, ...links].map((item) => this.putIfAbsent(item)));
  }

  /** Newest first. */
  listByBureau(bureau: BureauCode, page: PageRequest = {}): Promise<Page<ExecutionRef>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.executionsOfBureau(bureau), forward: false, page, map: toRef });
  }

  listByConsignment(consignmentId: string, page: PageRequest = {}): Promise<Page<ExecutionRef>> {
    return queryPage(this.config, { index: 'gsi2', partition: keys.executionsOfConsignment(consignmentId), forward: false, page, map: toRef });
  }

  /** Every execution, newest first (HQ). */
  listAll(page: PageRequest = {}): Promise<Page<ExecutionRef>> {
    return queryPage(this.config, { index: 'gsi3', partition: keys.allExecutions, forward: false, page, map: toRef });
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<void> {
    try {
      await this.config.client.send(new PutCommand({ TableName: this.config.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
