import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Manifest } from '../../infra/manifest-types.ts';
import { manifest as appManifest } from '../../infra/manifest.ts';
import { LOCAL_REGION } from '../arns.ts';
import { startAwsEndpoint, type AwsEndpoint } from '../aws-endpoint.ts';
import { createDynamoDbService } from './dynalite-service.ts';
import { ensureTables, localTableEnvironment, type EnsuredTable } from './tables.ts';

export interface LocalDynamo {
  endpoint: AwsEndpoint;
  /** Environment variables naming the tables, e.g. `{ DOMAIN_TABLE: 'Domain', ... }`. */
  tableEnvironment: Record<string, string>;
  /** What start-up did to each table (created, existing, rebuilt) and its TTL outcome. */
  tables: Record<string, EnsuredTable>;
  close(): Promise<void>;
}

/**
 * A DynamoDB-only local endpoint on an ephemeral port with the manifest's tables created: for
 * tests of the data layer that do not need the whole local cloud.
 */
export async function startLocalDynamo(options: { dataDir?: string; manifest?: Pick<Manifest, 'tables'> } = {}): Promise<LocalDynamo> {
  const tables = options.manifest ?? appManifest;
  const service = await createDynamoDbService({ dataDir: options.dataDir });
  const endpoint = await startAwsEndpoint({ port: 0, services: [service] });
  // A private client: the product's memoised clients may not point at this endpoint yet.
  const client = new DynamoDBClient({
    endpoint: endpoint.url,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let ensured: Record<string, EnsuredTable>;
  try {
    ensured = await ensureTables(client, tables, { rebuildIndexes: service.uncleanStop });
  } catch (error) {
    await endpoint.close();
    await service.close();
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    tableEnvironment: localTableEnvironment(tables),
    tables: ensured,
    async close() {
      await endpoint.close();
      await service.close();
    },
  };
}
