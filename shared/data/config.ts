import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/clients.ts';
import { ENV } from '../config/environment.ts';
import { now } from '../clock.ts';

/** What every repository needs; tests pass their own, handlers take the defaults. */
export interface DataConfig {
  /** Physical name of the Domain table. */
  tableName: string;
  client: DynamoDBDocumentClient;
  /** The time stamped on writes; injectable so tests and the local clock agree. */
  now: () => Date;
}

export function dataConfig(overrides: Partial<DataConfig> = {}): DataConfig {
  const tableName = overrides.tableName ?? process.env[ENV.domainTable];
  if (!tableName) throw new Error(`${ENV.domainTable} is not set: the data layer does not know which table to use`);
  return {
    tableName,
    client: overrides.client ?? documentClient(),
    now: overrides.now ?? now,
  };
}
