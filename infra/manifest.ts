import type { Manifest } from './manifest-types.ts';

/**
 * The single source of truth for what the application is made of. The CDK stack (`infra/`) and
 * the local cloud (`local/`) are both generated from this value. Adding a route or a step is one
 * entry here plus one handler file.
 */
export const manifest: Manifest = {
  appName: 'CrExpressInspection',

  tables: {
    // Single-table design; every key and index use is listed in docs/data-model.md.
    Domain: {
      envVar: 'DOMAIN_TABLE',
      partitionKey: 'pk',
      sortKey: 'sk',
      globalSecondaryIndexes: [
        { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
        { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
        { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
      ],
    },
    // Powertools Idempotency's DynamoDB persistence layer defaults: key `id`, TTL `expiration`.
    Idempotency: {
      envVar: 'IDEMPOTENCY_TABLE',
      partitionKey: 'id',
      globalSecondaryIndexes: [],
      timeToLiveAttribute: 'expiration',
    },
  },

  topics: {
    BureauNotifications: {
      envVar: 'BUREAU_NOTIFICATIONS_TOPIC_ARN',
      messageAttributes: ['bureau', 'kind'],
      subscriptions: [],
    },
  },

  functions: {
    health: {
      entry: 'functions/api/health.ts',
      description: 'Readiness probe for the HTTP API',
      grants: [],
    },
  },

  routes: [{ method: 'GET', path: '/health', function: 'health', auth: 'public' }],

  stateMachines: {},

  scheduleGroups: {},
};
