import { afterAll, beforeAll } from 'vitest';
import { resetClients } from '#shared/aws/clients.ts';
import { dataConfig, type DataConfig } from '#shared/data/config.ts';
import { startLocalDynamo, type LocalDynamo } from '#local/dynamodb/start-local-dynamo.ts';

/**
 * Starts dynalite in memory for one test file and points the product's client factory at it,
 * exactly as the local cloud does for handlers: AWS_ENDPOINT_URL plus dummy credentials.
 */
export function useLocalTable(): { config: () => DataConfig } {
  let local: LocalDynamo | undefined;
  let config: DataConfig | undefined;
  beforeAll(async () => {
    local = await startLocalDynamo();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: local.endpoint.url,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
      ...local.tableEnvironment,
    });
    resetClients();
    config = dataConfig();
  });
  afterAll(async () => {
    config?.client.destroy();
    resetClients();
    await local?.close();
  });
  return {
    config: () => {
      if (!config) throw new Error('the local table is not started yet');
      return config;
    },
  };
}
