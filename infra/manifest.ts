import { ENV } from '../shared/config/environment.ts';
import type { Grant, Manifest } from './manifest-types.ts';

// The grants most functions share, named once: each is one least-privilege IAM statement on AWS.
const domainRead: Grant = { table: 'Domain', access: 'read' };
const domainReadWrite: Grant = { table: 'Domain', access: 'readWrite' };
const idempotencyRecords: Grant = { table: 'Idempotency', access: 'readWriteDelete' };
const notifyBureaus: Grant = { topic: 'BureauNotifications', access: 'publish' };
const answerCallbacks: Grant = { taskTokens: 'complete' };


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
      envVar: ENV.domainTable,
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
      envVar: ENV.idempotencyTable,
      partitionKey: 'id',
      globalSecondaryIndexes: [],
      timeToLiveAttribute: 'expiration',
    },
  },

  topics: {
    BureauNotifications: {
      envVar: ENV.bureauNotificationsTopicArn,
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
        domainReadWrite,
        idempotencyRecords,
        { stateMachine: 'ConsignmentImport', actions: ['start'] },
        { stateMachine: 'ConsignmentExport', actions: ['start'] },
      ],
    },
    getConsignment: {
      entry: 'functions/api/get-consignment.ts',
      description: 'GET /consignments/{id}: a consignment with its plan, open tasks and events',
      grants: [domainRead],
    },
    listConsignments: {
      entry: 'functions/api/list-consignments.ts',
      description: 'GET /consignments: filtered, paged listing scoped to the caller',
      grants: [domainRead],
    },
    getConsignmentHistory: {
      entry: 'functions/api/get-consignment-history.ts',
      description: 'GET /consignments/{id}/history: the workflow execution and its history',
      timeoutSeconds: 10,
      grants: [
        domainRead,
        { stateMachine: 'ConsignmentImport', actions: ['read'] },
        { stateMachine: 'ConsignmentExport', actions: ['read'] },
      ],
    },
    listTasks: {
      entry: 'functions/api/list-tasks.ts',
      description: "GET /tasks: the caller's bureau's open tasks",
      grants: [domainRead],
    },
    completeTask: {
      entry: 'functions/api/complete-task.ts',
      description: 'POST /tasks/{id}/complete: an officer answers a task; the workflow resumes',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        idempotencyRecords,
        notifyBureaus,
        answerCallbacks,
      ],
    },
    listNotifications: {
      entry: 'functions/api/list-notifications.ts',
      description: "GET /notifications: the caller's bureau's inbox",
      grants: [domainRead],
    },
    registerWebhook: {
      entry: 'functions/api/register-webhook.ts',
      description: "POST /webhooks: an HTTPS subscription to the caller's bureau notifications",
      grants: [
        // The bureau's webhook registry (its cap, and the subscription of each URL).
        domainReadWrite,
        idempotencyRecords,
        { topic: 'BureauNotifications', access: 'subscribe' },
        { subscriptionFilters: 'set' },
      ],
    },
    openTask: {
      entry: 'functions/steps/open-task.ts',
      description: 'Callback step: records the task a bureau must complete, notifies or escalates',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
        answerCallbacks,
      ],
    },
    closeConsignment: {
      entry: 'functions/steps/close-consignment.ts',
      description: 'Final step: release (with the export clearance document) or rejection',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
      ],
    },
    listExecutions: {
      entry: 'functions/api/list-executions.ts',
      description: 'GET /executions: workflow executions for review (HQ all, a bureau its own), newest first',
      timeoutSeconds: 10,
      grants: [
        // readWrite: a final status read from Step Functions is written back to the index once.
        domainReadWrite,
        { stateMachine: 'ConsignmentImport', actions: ['read'] },
        { stateMachine: 'ConsignmentExport', actions: ['read'] },
        { stateMachine: 'TrainRun', actions: ['read'] },
      ],
    },
    getExecution: {
      entry: 'functions/api/get-execution.ts',
      description: 'GET /executions/{id}: one execution, its full history and a readable timeline',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        { stateMachine: 'ConsignmentImport', actions: ['read'] },
        { stateMachine: 'ConsignmentExport', actions: ['read'] },
        { stateMachine: 'TrainRun', actions: ['read'] },
      ],
    },
    getStats: {
      entry: 'functions/api/get-stats.ts',
      description: 'GET /stats: status counts, direct-through share, release times, port dwell, nonconformity',
      timeoutSeconds: 30,
      memoryMb: 512,
      grants: [domainRead],
    },
    registerTrain: {
      entry: 'functions/api/register-train.ts',
      description: 'POST /trains: registers a train run and schedules its pre-arrival notice and border crossing',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        idempotencyRecords,
        { scheduleGroup: 'TrainTimetable', access: 'manage' },
      ],
      environment: { [ENV.preArrivalNoticeHours]: '6' },
    },
    getTrain: {
      entry: 'functions/api/get-train.ts',
      description: 'GET /trains/{id}: a train run with its schedules, train tasks and consignments',
      grants: [domainRead],
    },
    listTrains: {
      entry: 'functions/api/list-trains.ts',
      description: 'GET /trains: train runs by border-crossing day and port',
      grants: [domainRead],
    },
    changeTrain: {
      entry: 'functions/api/change-train.ts',
      description: 'PATCH /trains/{id}: moves the schedules with the timetable, or deletes them on cancellation',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        idempotencyRecords,
        notifyBureaus,
        { scheduleGroup: 'TrainTimetable', access: 'manage' },
      ],
    },
    recordTrainEvent: {
      entry: 'functions/api/record-train-event.ts',
      description: 'POST /trains/{id}/events: records an actual train event once; an arrival starts or resumes the train run',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        idempotencyRecords,
        { scheduleGroup: 'TrainTimetable', access: 'manage' },
        // The run waiting for a late train is answered through its callback token.
        answerCallbacks,
      ],
    },
    linkConsignmentTrain: {
      entry: 'functions/api/link-consignment-train.ts',
      description: 'PUT /consignments/{id}/train: links a consignment to its train; results of a crossed train are handed over at once',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        idempotencyRecords,
        notifyBureaus,
        answerCallbacks,
      ],
    },
    trainPreArrivalNotice: {
      entry: 'functions/steps/train-pre-arrival-notice.ts',
      description: "Train-run step: sends the port bureau the train's manifest summary before it arrives",
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
      ],
    },
    beginTrainRun: {
      entry: 'functions/steps/begin-train-run.ts',
      description: 'Train-run step: claims the run of a train for one execution and files it for review',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
      ],
    },
    awaitTrainArrival: {
      entry: 'functions/steps/await-train-arrival.ts',
      description: 'Train-run callback step: waits for a late train to reach the border, reports it overdue',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
        answerCallbacks,
      ],
    },
    verifyTrainClearance: {
      entry: 'functions/steps/verify-train-clearance.ts',
      description: "Train-run step: verifies each export's clearance before exit quarantine, holds back the rest",
      timeoutSeconds: 20,
      grants: [
        domainReadWrite,
        notifyBureaus,
      ],
    },
    listTrainConsignments: {
      entry: 'functions/steps/list-train-consignments.ts',
      description: 'Train-run step: the consignments the train results are handed to',
      grants: [domainRead],
    },
    handOverTrainResults: {
      entry: 'functions/steps/hand-over-train-results.ts',
      description: "Train-run Map step: hands the train's port results to one consignment",
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
        answerCallbacks,
      ],
    },
    closeTrainRun: {
      entry: 'functions/steps/close-train-run.ts',
      description: 'Train-run step: the run summary to the port, lead and destination bureaus',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
      ],
    },
    relayOutbox: {
      entry: 'functions/triggers/relay-outbox.ts',
      description: 'Every minute: delivers answers a crash kept from their workflows, starts lifecycles a crash left unstarted',
      timeoutSeconds: 60,
      grants: [
        domainReadWrite,
        notifyBureaus,
        answerCallbacks,
        { stateMachine: 'ConsignmentImport', actions: ['start'] },
        { stateMachine: 'ConsignmentExport', actions: ['start'] },
      ],
    },
    storeNotification: {
      entry: 'functions/triggers/store-notification.ts',
      description: "Bureau notifications subscriber: files each message in the bureau's inbox",
      grants: [domainReadWrite],
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
    { method: 'POST', path: '/trains', function: 'registerTrain', auth: 'jwt' },
    { method: 'GET', path: '/trains', function: 'listTrains', auth: 'jwt' },
    { method: 'GET', path: '/trains/{id}', function: 'getTrain', auth: 'jwt' },
    { method: 'PATCH', path: '/trains/{id}', function: 'changeTrain', auth: 'jwt' },
    { method: 'POST', path: '/trains/{id}/events', function: 'recordTrainEvent', auth: 'jwt' },
    { method: 'PUT', path: '/consignments/{id}/train', function: 'linkConsignmentTrain', auth: 'jwt' },
    { method: 'GET', path: '/executions', function: 'listExecutions', auth: 'jwt' },
    { method: 'GET', path: '/executions/{id}', function: 'getExecution', auth: 'jwt' },
    { method: 'GET', path: '/stats', function: 'getStats', auth: 'jwt' },
  ],

  stateMachines: {
    ConsignmentImport: {
      definition: 'workflows/consignment-import.asl.json',
      envVar: ENV.consignmentImportStateMachineArn,
      description: 'Import direct-through: port checks, destination inspection, release or disposal',
      substitutions: { OpenTaskFunction: { function: 'openTask' }, CloseConsignmentFunction: { function: 'closeConsignment' } },
    },
    ConsignmentExport: {
      definition: 'workflows/consignment-export.asl.json',
      envVar: ENV.consignmentExportStateMachineArn,
      description: 'Export direct release: origin inspection, clearance document, port inspection for exceptions',
      substitutions: { OpenTaskFunction: { function: 'openTask' }, CloseConsignmentFunction: { function: 'closeConsignment' } },
    },
    TrainRun: {
      definition: 'workflows/train-run.asl.json',
      envVar: ENV.trainRunStateMachineArn,
      description: 'Train run: pre-arrival notice; train quarantine and radiation at the border, handed to every consignment; summary',
      substitutions: {
        OpenTaskFunction: { function: 'openTask' },
        PreArrivalNoticeFunction: { function: 'trainPreArrivalNotice' },
        BeginTrainRunFunction: { function: 'beginTrainRun' },
        AwaitTrainArrivalFunction: { function: 'awaitTrainArrival' },
        VerifyTrainClearanceFunction: { function: 'verifyTrainClearance' },
        ListTrainConsignmentsFunction: { function: 'listTrainConsignments' },
        HandOverTrainResultsFunction: { function: 'handOverTrainResults' },
        CloseTrainRunFunction: { function: 'closeTrainRun' },
      },
    },
  },

  scheduleGroups: {
    // One pre-arrival notice and one border crossing per train run; both start TrainRun only.
    TrainTimetable: {
      envVar: ENV.trainTimetableScheduleGroup,
      // The default `<envVar>_ROLE_ARN`, spelled out so the name the code reads is declared here.
      roleArnEnvVar: ENV.trainTimetableScheduleRoleArn,
      targets: [{ stateMachine: 'TrainRun' }],
    },
  },

  recurring: {
    RelayOutbox: {
      function: 'relayOutbox',
      everyMinutes: 1,
      description: 'Finishes what a crash left between a commit and its follow-up (shared/lifecycle/outbox.ts)',
      startInput: { inFlightSeconds: 0 },
    },
  },
};
