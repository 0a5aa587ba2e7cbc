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
      subscriptions: [{ function: 'storeNotification' }],
    },
  },

  functions: {
    health: {
      entry: 'functions/api/health.ts',
      description: 'Readiness probe for the HTTP API',
      grants: [],
    },
    me: {
      entry: 'functions/api/me.ts',
      description: 'The caller identity the token carries (bureau, role, enterprise)',
      grants: [],
    },
    openapi: {
      entry: 'functions/api/openapi.ts',
      description: 'GET /openapi.json: the API contract generated from the request schemas',
      grants: [],
    },
    fileConsignment: {
      entry: 'functions/api/file-consignment.ts',
      description: 'POST /consignments: filing, inspection plan, start of the lifecycle workflow',
      timeoutSeconds: 10,
      grants: [
        { table: 'Domain', access: 'readWrite' },
        { table: 'Idempotency', access: 'readWrite' },
        { stateMachine: 'ConsignmentImport', actions: ['start'] },
        { stateMachine: 'ConsignmentExport', actions: ['start'] },
      ],
    },
    getConsignment: {
      entry: 'functions/api/get-consignment.ts',
      description: 'GET /consignments/{id}: a consignment with its plan, open tasks and events',
      grants: [{ table: 'Domain', access: 'read' }],
    },
    listConsignments: {
      entry: 'functions/api/list-consignments.ts',
      description: 'GET /consignments: filtered, paged listing scoped to the caller',
      grants: [{ table: 'Domain', access: 'read' }],
    },
    getConsignmentHistory: {
      entry: 'functions/api/get-consignment-history.ts',
      description: 'GET /consignments/{id}/history: the workflow execution and its history',
      timeoutSeconds: 10,
      grants: [
        { table: 'Domain', access: 'read' },
        { stateMachine: 'ConsignmentImport', actions: ['read'] },
        { stateMachine: 'ConsignmentExport', actions: ['read'] },
      ],
    },
    listTasks: {
      entry: 'functions/api/list-tasks.ts',
      description: "GET /tasks: the caller's bureau's open tasks",
      grants: [{ table: 'Domain', access: 'read' }],
    },
    completeTask: {
      entry: 'functions/api/complete-task.ts',
      description: 'POST /tasks/{id}/complete: an officer answers a task; the workflow resumes',
      timeoutSeconds: 10,
      grants: [
        { table: 'Domain', access: 'readWrite' },
        { table: 'Idempotency', access: 'readWrite' },
        { topic: 'BureauNotifications', access: 'publish' },
        { taskTokens: 'complete' },
      ],
    },
    listNotifications: {
      entry: 'functions/api/list-notifications.ts',
      description: "GET /notifications: the caller's bureau's inbox",
      grants: [{ table: 'Domain', access: 'read' }],
    },
    registerWebhook: {
      entry: 'functions/api/register-webhook.ts',
      description: "POST /webhooks: an HTTPS subscription to the caller's bureau notifications",
      grants: [
        { table: 'Idempotency', access: 'readWrite' },
        { topic: 'BureauNotifications', access: 'subscribe' },
      ],
    },
    openTask: {
      entry: 'functions/steps/open-task.ts',
      description: 'Callback step: records the task a bureau must complete, notifies or escalates',
      timeoutSeconds: 10,
      grants: [
        { table: 'Domain', access: 'readWrite' },
        { topic: 'BureauNotifications', access: 'publish' },
        { taskTokens: 'complete' },
      ],
    },
    closeConsignment: {
      entry: 'functions/steps/close-consignment.ts',
      description: 'Final step: release (with the export clearance document) or rejection',
      timeoutSeconds: 10,
      grants: [
        { table: 'Domain', access: 'readWrite' },
        { topic: 'BureauNotifications', access: 'publish' },
      ],
    },
    storeNotification: {
      entry: 'functions/triggers/store-notification.ts',
      description: "Bureau notifications subscriber: files each message in the bureau's inbox",
      grants: [{ table: 'Domain', access: 'readWrite' }],
    },
  },

  routes: [
    { method: 'GET', path: '/health', function: 'health', auth: 'public' },
    { method: 'GET', path: '/me', function: 'me', auth: 'jwt' },
    { method: 'GET', path: '/openapi.json', function: 'openapi', auth: 'public' },
    { method: 'POST', path: '/consignments', function: 'fileConsignment', auth: 'jwt' },
    { method: 'GET', path: '/consignments', function: 'listConsignments', auth: 'jwt' },
    { method: 'GET', path: '/consignments/{id}', function: 'getConsignment', auth: 'jwt' },
    { method: 'GET', path: '/consignments/{id}/history', function: 'getConsignmentHistory', auth: 'jwt' },
    { method: 'GET', path: '/tasks', function: 'listTasks', auth: 'jwt' },
    { method: 'POST', path: '/tasks/{id}/complete', function: 'completeTask', auth: 'jwt' },
    { method: 'GET', path: '/notifications', function: 'listNotifications', auth: 'jwt' },
    { method: 'POST', path: '/webhooks', function: 'registerWebhook', auth: 'jwt' },
  ],

  stateMachines: {
    ConsignmentImport: {
      definition: 'workflows/consignment-import.asl.json',
      envVar: 'CONSIGNMENT_IMPORT_STATE_MACHINE_ARN',
      description: 'Import direct-through: port checks, destination inspection, release or disposal',
      substitutions: { OpenTaskFunction: { function: 'openTask' }, CloseConsignmentFunction: { function: 'closeConsignment' } },
    },
    ConsignmentExport: {
      definition: 'workflows/consignment-export.asl.json',
      envVar: 'CONSIGNMENT_EXPORT_STATE_MACHINE_ARN',
      description: 'Export direct release: origin inspection, clearance document, port inspection for exceptions',
      substitutions: { OpenTaskFunction: { function: 'openTask' }, CloseConsignmentFunction: { function: 'closeConsignment' } },
    },
  },

  scheduleGroups: {},
};
