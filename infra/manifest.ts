import { ENV } from '../shared/config/environment.ts';
import type { Grant, Manifest } from './manifest-types.ts';

// The grants most functions share, named once: each is one least-privilege IAM statement on AWS.
const domainRead: Grant = { table: 'Domain', access: 'read' };
const domainReadWrite: Grant = { table: 'Domain', access: 'readWrite' };
const idempotencyRecords: Grant = { table: 'Idempotency', access: 'readWriteDelete' };
const notifyBureaus: Grant = { topic: 'BureauNotifications', access: 'publish' };
const answerCallbacks: Grant = { taskTokens: 'complete' };
const signCertificates: Grant = { key: 'CertificateSigning', access: 'sign' };


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

  keys: {
    // Signs every certificate; its public key is published in the certificates' JWKS. Functions
    // that issue certificates are granted `{ key: 'CertificateSigning', access: 'sign' }`.
    CertificateSigning: {
      envVar: ENV.certificateSigningKeyId,
      spec: 'ECC_NIST_P256',
      usage: 'SIGN_VERIFY',
      description: 'Signs e-certificates (ES256); the private key never leaves KMS',
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
      description: 'Final step: release or rejection, with the signed certificate it closes with',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
        signCertificates,
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
        { stateMachine: 'OriginCertificate', actions: ['read'] },
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
        { stateMachine: 'OriginCertificate', actions: ['read'] },
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
    registerRecognisedBody: {
      entry: 'functions/api/register-recognised-body.ts',
      description: 'POST /recognised-bodies: HQ registers a recognised foreign third-party body (408号 三（八）)',
      grants: [domainReadWrite, idempotencyRecords],
    },
    changeRecognisedBody: {
      entry: 'functions/api/change-recognised-body.ts',
      description: "PATCH /recognised-bodies/{id}: HQ changes a body's scope or validity from the version it read",
      grants: [domainReadWrite, idempotencyRecords],
    },
    withdrawRecognisedBody: {
      entry: 'functions/api/withdraw-recognised-body.ts',
      description: "POST /recognised-bodies/{id}/withdraw: HQ withdraws a body's recognition, with a reason",
      grants: [domainReadWrite, idempotencyRecords],
    },
    listRecognisedBodies: {
      entry: 'functions/api/list-recognised-bodies.ts',
      description: 'GET /recognised-bodies: the register of recognised bodies, for every caller',
      grants: [domainRead],
    },
    getRecognisedBody: {
      entry: 'functions/api/get-recognised-body.ts',
      description: 'GET /recognised-bodies/{id}: one recognised body; HQ also gets its audit history',
      grants: [domainRead],
    },
    applyOriginCertificate: {
      entry: 'functions/api/apply-origin-certificate.ts',
      description: 'POST /origin-certificate-applications: paperless certificate-of-origin application (原产地签证无纸化申报), start of its review',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        idempotencyRecords,
        { stateMachine: 'OriginCertificate', actions: ['start'] },
      ],
    },
    getOriginCertificateApplication: {
      entry: 'functions/api/get-origin-certificate-application.ts',
      description: 'GET /origin-certificate-applications/{id}: an application with its review, decision and certificate',
      grants: [domainRead],
    },
    listOriginCertificateApplications: {
      entry: 'functions/api/list-origin-certificate-applications.ts',
      description: "GET /origin-certificate-applications: an enterprise's, a bureau's or a status's applications, newest first",
      grants: [domainRead],
    },
    issueOriginCertificate: {
      entry: 'functions/steps/issue-origin-certificate.ts',
      description: 'OriginCertificate step: issues the signed certificate of origin of an approved application, tells the applicant',
      timeoutSeconds: 20,
      grants: [
        domainReadWrite,
        notifyBureaus,
        signCertificates,
      ],
    },
    closeRefusedOriginApplication: {
      entry: 'functions/steps/close-refused-origin-application.ts',
      description: 'OriginCertificate step: a refused application gives up its slot; the applicant hears the reason',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        notifyBureaus,
      ],
    },
    issuePermit: {
      entry: 'functions/api/issue-permit.ts',
      description: 'POST /permits: a bureau or HQ registers a quarantine permit or special-item approval it issued (408号 三（六）)',
      grants: [domainReadWrite, idempotencyRecords],
    },
    listPermits: {
      entry: 'functions/api/list-permits.ts',
      description: "GET /permits: an enterprise's permits, a bureau's issues, or all (HQ), paged",
      grants: [domainRead],
    },
    getPermit: {
      entry: 'functions/api/get-permit.ts',
      description: 'GET /permits/{number}: the online query (网上查询): standing, balance, reservations and write-offs',
      grants: [domainRead],
    },
    cancelPermit: {
      entry: 'functions/api/cancel-permit.ts',
      description: 'POST /permits/{number}/cancel: the issuing bureau or HQ cancels a permit, with a reason',
      grants: [domainReadWrite, idempotencyRecords],
    },
    relayOutbox: {
      entry: 'functions/triggers/relay-outbox.ts',
      description: 'Every minute: delivers answers a crash kept from their workflows, starts lifecycles and certificate-of-origin reviews a crash left unstarted',
      timeoutSeconds: 60,
      grants: [
        domainReadWrite,
        notifyBureaus,
        answerCallbacks,
        { stateMachine: 'ConsignmentImport', actions: ['start'] },
        { stateMachine: 'ConsignmentExport', actions: ['start'] },
        { stateMachine: 'OriginCertificate', actions: ['start'] },
      ],
    },
    getCertificate: {
      entry: 'functions/api/get-certificate.ts',
      description: 'GET /certificates/{id}: a signed certificate as JSON, or as a printable PDF',
      // A PDF at every input limit (120 containers, 50 goods lines) takes seconds to lay out and
      // subset (npm run bench:certificates); API Gateway waits 30 s at most.
      timeoutSeconds: 25,
      // The PDF embeds a subset of a 10 MB CJK font: parsing it wants the memory, and the PDF and
      // font libraries (pdf-lib, fontkit with its Unicode tables) make a 1.5 MB bundle.
      memoryMb: 1024,
      bundleLimitKb: 2048,
      grants: [domainRead],
    },
    revokeCertificate: {
      entry: 'functions/api/revoke-certificate.ts',
      description: 'POST /certificates/{id}/revoke: the issuing bureau revokes a certificate with a reason',
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, notifyBureaus],
    },
    verifyCertificate: {
      entry: 'functions/api/verify-certificate.ts',
      description: 'GET /verify/{serial}: public verification of a certificate (valid, revoked, unknown)',
      grants: [domainRead],
    },
    certificateKeys: {
      entry: 'functions/api/certificate-keys.ts',
      description: 'GET /.well-known/certificate-keys.json: the JWKS that verifies certificates offline',
      grants: [signCertificates],
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
    { method: 'GET', path: '/certificates/{id}', function: 'getCertificate', auth: 'jwt' },
    { method: 'POST', path: '/certificates/{id}/revoke', function: 'revokeCertificate', auth: 'jwt' },
    // Public and enumerable by serial: throttled so that nobody can harvest the register.
    { method: 'GET', path: '/verify/{serial}', function: 'verifyCertificate', auth: 'public', throttle: { ratePerSecond: 20, burst: 40 } },
    { method: 'GET', path: '/.well-known/certificate-keys.json', function: 'certificateKeys', auth: 'public' },
    { method: 'POST', path: '/permits', function: 'issuePermit', auth: 'jwt' },
    { method: 'GET', path: '/permits', function: 'listPermits', auth: 'jwt' },
    { method: 'GET', path: '/permits/{number}', function: 'getPermit', auth: 'jwt' },
    { method: 'POST', path: '/permits/{number}/cancel', function: 'cancelPermit', auth: 'jwt' },
    { method: 'POST', path: '/origin-certificate-applications', function: 'applyOriginCertificate', auth: 'jwt' },
    { method: 'GET', path: '/origin-certificate-applications', function: 'listOriginCertificateApplications', auth: 'jwt' },
    { method: 'GET', path: '/origin-certificate-applications/{id}', function: 'getOriginCertificateApplication', auth: 'jwt' },
    { method: 'POST', path: '/recognised-bodies', function: 'registerRecognisedBody', auth: 'jwt' },
    { method: 'GET', path: '/recognised-bodies', function: 'listRecognisedBodies', auth: 'jwt' },
    { method: 'GET', path: '/recognised-bodies/{id}', function: 'getRecognisedBody', auth: 'jwt' },
    { method: 'PATCH', path: '/recognised-bodies/{id}', function: 'changeRecognisedBody', auth: 'jwt' },
    { method: 'POST', path: '/recognised-bodies/{id}/withdraw', function: 'withdrawRecognisedBody', auth: 'jwt' },
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
    OriginCertificate: {
      definition: 'workflows/origin-certificate.asl.json',
      envVar: ENV.originCertificateStateMachineArn,
      description: 'Certificate of origin: the origin bureau reviews the application (escalating), then issues the signed certificate or closes it refused',
      substitutions: {
        OpenTaskFunction: { function: 'openTask' },
        IssueOriginCertificateFunction: { function: 'issueOriginCertificate' },
        CloseRefusedOriginApplicationFunction: { function: 'closeRefusedOriginApplication' },
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
