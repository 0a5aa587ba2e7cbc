import { ENV } from '../shared/config/environment.ts';
import type { Grant, Manifest } from './manifest-types.ts';

// The grants most functions share, named once: each is one least-privilege IAM statement on AWS.
const domainRead: Grant = { table: 'Domain', access: 'read' };
const domainReadWrite: Grant = { table: 'Domain', access: 'readWrite' };
const idempotencyRecords: Grant = { table: 'Idempotency', access: 'readWriteDelete' };
const notifyBureaus: Grant = { topic: 'BureauNotifications', access: 'publish' };
const answerCallbacks: Grant = { taskTokens: 'complete' };
const signCertificates: Grant = { key: 'CertificateSigning', access: 'sign' };
/** The AlertEffect execution each change of an alert names (shared/lifecycle/alerts/alert-workflow.ts). */
const startAlertEffect: Grant = { stateMachine: 'AlertEffect', actions: ['start'] };


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
    docs: {
      entry: 'functions/api/docs.ts',
      description: 'GET /docs: the API contract rendered by Swagger UI, its files served by the API itself (no CDN)',
      grants: [],
    },
    fileConsignment: {
      entry: 'functions/api/file-consignment.ts',
      description: 'POST /consignments: filing, inspection plan, start of the lifecycle workflow',
      timeoutSeconds: 10,
      // Filing checks the consignment against every register in one request (permits, market
      // access, designated sites, going-out records, market procurement, multimodal journeys,
      // parcel manifests) and plans the inspection: the whole policy is in this one bundle (530 KB).
      bundleLimitKb: 576,
      grants: [
        domainReadWrite,
        idempotencyRecords,
        { stateMachine: 'ConsignmentImport', actions: ['start'] },
        { stateMachine: 'ConsignmentExport', actions: ['start'] },
        // 408号 三（四）: a global-maintenance import waits for its re-export deadline.
        { stateMachine: 'MaintenanceDeadline', actions: ['start'] },
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
        { stateMachine: 'CoordinationCase', actions: ['read'] },
      ],
    },
    getExecution: {
      entry: 'functions/api/get-execution.ts',
      description: 'GET /executions/{id}: one execution, its full history and a readable timeline',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        { stateMachine: 'ConsignmentImport', actions: ['read', 'definition'] },
        { stateMachine: 'ConsignmentExport', actions: ['read', 'definition'] },
        { stateMachine: 'TrainRun', actions: ['read', 'definition'] },
        { stateMachine: 'OriginCertificate', actions: ['read', 'definition'] },
        { stateMachine: 'CoordinationCase', actions: ['read', 'definition'] },
      ],
    },
    getStats: {
      entry: 'functions/api/get-stats.ts',
      description: 'GET /stats: volumes, direct-through share, release times, port dwell, nonconformity, escalations from the aggregates kept at close (JSON or CSV)',
      grants: [domainRead],
    },
    getQualityAssessments: {
      entry: 'functions/api/get-quality-assessments.ts',
      description: "GET /quality-assessments: an enterprise's export quality assessment per HS heading over 90 and 365 days (408号 三（二）)",
      grants: [domainRead],
    },
    getRiskSettings: {
      entry: 'functions/api/get-risk-settings.ts',
      description: 'GET /risk-settings: the thresholds that set risk grades from nonconformity history; HQ also their audit history',
      grants: [domainRead],
    },
    changeRiskSettings: {
      entry: 'functions/api/change-risk-settings.ts',
      description: 'PUT /risk-settings: HQ sets the risk-grade thresholds from the version read, audited',
      grants: [domainReadWrite, idempotencyRecords],
    },
    replayPolicy: {
      entry: 'functions/api/replay-policy.ts',
      description: 'POST /policy/replay: re-plans a past window of filings under proposed thresholds and reports the changes, writing nothing (HQ)',
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
    registerMarketAccess: {
      entry: 'functions/api/register-market-access.ts',
      description: 'POST /market-access: HQ approves the import of a product from a country, on conditions (408号 三（三）)',
      grants: [domainReadWrite, idempotencyRecords],
    },
    changeMarketAccess: {
      entry: 'functions/api/change-market-access.ts',
      description: 'PATCH /market-access/{id}: HQ changes an approval from the version it read',
      grants: [domainReadWrite, idempotencyRecords],
    },
    withdrawMarketAccess: {
      entry: 'functions/api/withdraw-market-access.ts',
      description: 'POST /market-access/{id}/withdraw: HQ withdraws an approval, with a reason',
      grants: [domainReadWrite, idempotencyRecords],
    },
    listMarketAccess: {
      entry: 'functions/api/list-market-access.ts',
      description: 'GET /market-access: the market-access register, for every caller',
      grants: [domainRead],
    },
    getMarketAccess: {
      entry: 'functions/api/get-market-access.ts',
      description: 'GET /market-access/{id}: one approval; HQ also gets its audit history',
      grants: [domainRead],
    },
    registerDesignatedSite: {
      entry: 'functions/api/register-designated-site.ts',
      description: 'POST /designated-sites: HQ approves a designated inland site (指定监管场地) of a bureau',
      grants: [domainReadWrite, idempotencyRecords],
    },
    changeDesignatedSite: {
      entry: 'functions/api/change-designated-site.ts',
      description: "PATCH /designated-sites/{id}: HQ changes a site's name or classes from the version it read",
      grants: [domainReadWrite, idempotencyRecords],
    },
    withdrawDesignatedSite: {
      entry: 'functions/api/withdraw-designated-site.ts',
      description: 'POST /designated-sites/{id}/withdraw: HQ withdraws a site, with a reason',
      grants: [domainReadWrite, idempotencyRecords],
    },
    listDesignatedSites: {
      entry: 'functions/api/list-designated-sites.ts',
      description: 'GET /designated-sites: the register of designated sites, for every caller',
      grants: [domainRead],
    },
    getDesignatedSite: {
      entry: 'functions/api/get-designated-site.ts',
      description: 'GET /designated-sites/{id}: one site; HQ also gets its audit history',
      grants: [domainRead],
    },
    recordGoingOutAssessment: {
      entry: 'functions/api/record-going-out-assessment.ts',
      description: "POST /going-out/risk-assessments: a bureau records a going-out enterprise's risk assessment (408号 三（五）)",
      grants: [domainReadWrite, idempotencyRecords],
    },
    changeGoingOutAssessment: {
      entry: 'functions/api/change-going-out-assessment.ts',
      description: 'PATCH /going-out/risk-assessments/{id}: the keeping bureau re-assesses from the version it read',
      grants: [domainReadWrite, idempotencyRecords],
    },
    withdrawGoingOutAssessment: {
      entry: 'functions/api/withdraw-going-out-assessment.ts',
      description: 'POST /going-out/risk-assessments/{id}/withdraw: the keeping bureau withdraws an assessment',
      grants: [domainReadWrite, idempotencyRecords],
    },
    listGoingOutAssessments: {
      entry: 'functions/api/list-going-out-assessments.ts',
      description: 'GET /going-out/risk-assessments: by enterprise or keeping bureau',
      grants: [domainRead],
    },
    getGoingOutAssessment: {
      entry: 'functions/api/get-going-out-assessment.ts',
      description: 'GET /going-out/risk-assessments/{id}: one assessment with its history',
      grants: [domainRead],
    },
    publishTradeMeasure: {
      entry: 'functions/api/publish-trade-measure.ts',
      description: 'POST /trade-measures: a bureau or HQ publishes a technical-trade-measure note; matching subscribers are notified',
      // Reads the subscriptions and writes one inbox notice per matching enterprise.
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords],
    },
    listTradeMeasures: {
      entry: 'functions/api/list-trade-measures.ts',
      description: 'GET /trade-measures: the technical-trade-measure notes, newest first',
      grants: [domainRead],
    },
    getTradeMeasure: {
      entry: 'functions/api/get-trade-measure.ts',
      description: 'GET /trade-measures/{id}: one technical-trade-measure note',
      grants: [domainRead],
    },
    subscribeTradeMeasures: {
      entry: 'functions/api/subscribe-trade-measures.ts',
      description: "PUT /trade-measure-subscription: an enterprise's subscription to technical-trade-measure notes",
      grants: [domainReadWrite, idempotencyRecords],
    },
    getTradeMeasureSubscription: {
      entry: 'functions/api/get-trade-measure-subscription.ts',
      description: "GET /trade-measure-subscription: the caller's enterprise's subscription",
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
      description: 'Every minute: delivers answers a crash kept from their workflows, starts lifecycles, certificate-of-origin reviews, cases and alert effects a crash left unstarted',
      timeoutSeconds: 60,
      grants: [
        domainReadWrite,
        notifyBureaus,
        answerCallbacks,
        { stateMachine: 'ConsignmentImport', actions: ['start'] },
        { stateMachine: 'ConsignmentExport', actions: ['start'] },
        { stateMachine: 'OriginCertificate', actions: ['start'] },
        { stateMachine: 'CoordinationCase', actions: ['start'] },
        startAlertEffect,
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
    closeCoordinationCase: {
      entry: 'functions/steps/close-coordination-case.ts',
      description: 'CoordinationCase step: the bureaus concerned (and HQ, if reached) hear how a case ended',
      grants: [domainRead, notifyBureaus],
    },
    openCase: {
      entry: 'functions/api/open-case.ts',
      description: 'POST /cases: a bureau opens a coordination case with another (408号 四（二）), start of its workflow',
      timeoutSeconds: 10,
      grants: [
        domainReadWrite,
        idempotencyRecords,
        { stateMachine: 'CoordinationCase', actions: ['start'] },
      ],
    },
    listCases: {
      entry: 'functions/api/list-cases.ts',
      description: "GET /cases: HQ all cases, a bureau those it opened, is addressed by or leads, newest first",
      grants: [domainRead],
    },
    getCase: {
      entry: 'functions/api/get-case.ts',
      description: 'GET /cases/{id}: a coordination case with its history, message thread and task',
      grants: [domainRead],
    },
    getCaseStats: {
      entry: 'functions/api/get-case-stats.ts',
      description: 'GET /cases/stats: coordination cases by kind, escalation and time to resolution (HQ)',
      timeoutSeconds: 30,
      memoryMb: 512,
      grants: [domainRead],
    },
    postCaseMessage: {
      entry: 'functions/api/post-case-message.ts',
      description: "POST /cases/{id}/messages: a message on a case's thread; the other bureaus concerned are told",
      grants: [domainReadWrite, idempotencyRecords, notifyBureaus],
    },
    resolveCase: {
      entry: 'functions/api/resolve-case.ts',
      description: 'POST /cases/{id}/resolve: the addressed bureau, or once escalated the lead bureau or HQ, resolves a case; its workflow resumes',
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, answerCallbacks],
    },
    withdrawCase: {
      entry: 'functions/api/withdraw-case.ts',
      description: 'POST /cases/{id}/withdraw: the opener withdraws a case; its workflow resumes',
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, answerCallbacks],
    },
    getDirectory: {
      entry: 'functions/api/get-directory.ts',
      description: 'GET /directory: cooperation groups, bureaus with division and contacts, node-city ↔ port docking pairs',
      grants: [domainRead],
    },
    getDirectoryBureau: {
      entry: 'functions/api/get-directory-bureau.ts',
      description: "GET /directory/bureaus/{code}: one bureau's directory entry, docking pairs and history",
      grants: [domainRead],
    },
    updateDirectoryBureau: {
      entry: 'functions/api/update-directory-bureau.ts',
      description: "PUT /directory/bureaus/{code}: the bureau or HQ writes its division and contacts (version-guarded, audited)",
      grants: [domainReadWrite, idempotencyRecords],
    },
    fileReport: {
      entry: 'functions/api/file-report.ts',
      description: 'POST /reports: a bureau reports a good practice or suggestion to HQ (408号 三（十）)',
      grants: [domainReadWrite, idempotencyRecords, notifyBureaus],
    },
    listReports: {
      entry: 'functions/api/list-reports.ts',
      description: "GET /reports: HQ all reports, a bureau its own, newest first",
      grants: [domainRead],
    },
    acknowledgeReport: {
      entry: 'functions/api/acknowledge-report.ts',
      description: 'POST /reports/{id}/acknowledge: HQ acknowledges a report; the bureau is told',
      grants: [domainReadWrite, idempotencyRecords, notifyBureaus],
    },
    publishPolicyNotice: {
      entry: 'functions/api/publish-policy-notice.ts',
      description: 'POST /policy-notices: HQ or a bureau publishes a policy notice for enterprises',
      grants: [domainReadWrite, idempotencyRecords],
    },
    listPolicyNotices: {
      entry: 'functions/api/list-policy-notices.ts',
      description: 'GET /policy-notices: the public feed of policy notices, newest first',
      grants: [domainRead],
    },
    // The alert platform (疫病疫情和异常情况信息通报平台, 408号 三（七）): routes, and the AlertEffect workflow's steps.
    publishAlert: {
      entry: 'functions/api/publish-alert.ts',
      description: "POST /alerts: a bureau or HQ publishes an alert (HQ's in force at once, a bureau's after approval); its AlertEffect execution starts",
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, startAlertEffect],
    },
    listAlerts: {
      entry: 'functions/api/list-alerts.ts',
      description: 'GET /alerts: alerts in force (soonest to end first) or all, by status, kind and country, for every caller',
      grants: [domainRead],
    },
    getAlert: {
      entry: 'functions/api/get-alert.ts',
      description: 'GET /alerts/{id}: one alert; HQ also its audit history',
      grants: [domainRead],
    },
    changeAlert: {
      entry: 'functions/api/change-alert.ts',
      description: "PATCH /alerts/{id}: an alert's coverage, measure, validity or text from the version read; its AlertEffect execution starts",
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, startAlertEffect],
    },
    approveAlert: {
      entry: 'functions/api/approve-alert.ts',
      description: "POST /alerts/{id}/approve: HQ puts a bureau's alert in force",
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, startAlertEffect],
    },
    rejectAlert: {
      entry: 'functions/api/reject-alert.ts',
      description: "POST /alerts/{id}/reject: HQ turns a bureau's alert down, with a reason",
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, startAlertEffect],
    },
    withdrawAlert: {
      entry: 'functions/api/withdraw-alert.ts',
      description: 'POST /alerts/{id}/withdraw: an alert ends now, with a reason',
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, startAlertEffect],
    },
    listAlertCandidates: {
      entry: 'functions/api/list-alert-candidates.ts',
      description: 'GET /alert-candidates: nonconformities by origin country and HS heading, with counts and consignments (HQ)',
      grants: [domainRead],
    },
    publishAlertCandidate: {
      entry: 'functions/api/publish-alert-candidate.ts',
      description: 'POST /alert-candidates/{key}/publish: HQ publishes an alert from a candidate in one request',
      timeoutSeconds: 10,
      grants: [domainReadWrite, idempotencyRecords, startAlertEffect],
    },
    subscribeAlerts: {
      entry: 'functions/api/subscribe-alerts.ts',
      description: "PUT /alert-subscription: an enterprise's subscription to alert notices",
      grants: [{ table: 'Domain', access: 'write' }, idempotencyRecords],
    },
    getAlertSubscription: {
      entry: 'functions/api/get-alert-subscription.ts',
      description: "GET /alert-subscription: the caller's enterprise's subscription to alert notices",
      grants: [domainRead],
    },
    settlePlan: {
      entry: 'functions/steps/settle-plan.ts',
      description: 'Consignment step before a Choice on the plan: the plan as it stands (an alert may have re-planned it), settled for the routing',
      // One UpdateItem that returns the item: no read.
      grants: [{ table: 'Domain', access: 'write' }],
    },
    announceAlert: {
      entry: 'functions/steps/announce-alert.ts',
      description: 'AlertEffect step: HQ, the bureau, or every bureau and subscribed enterprise hears of a change of an alert',
      // Pages through the subscribed enterprises, one inbox item each.
      timeoutSeconds: 60,
      grants: [domainReadWrite, notifyBureaus],
    },
    startAlert: {
      entry: 'functions/steps/start-alert.ts',
      description: 'AlertEffect step at validFrom: a scheduled alert takes effect, everyone hears',
      timeoutSeconds: 60,
      grants: [domainReadWrite, notifyBureaus],
    },
    listAlertCoverage: {
      entry: 'functions/steps/list-alert-coverage.ts',
      description: 'AlertEffect step: a page of the consignments in flight an alert covers',
      timeoutSeconds: 20,
      // A page holds 50 full consignments (up to ~200 KB each at every limit).
      memoryMb: 512,
      grants: [domainRead],
    },
    replanConsignment: {
      entry: 'functions/steps/replan-consignment.ts',
      description: 'AlertEffect Map step: a consignment in flight re-planned under an alert, recorded and notified',
      timeoutSeconds: 10,
      grants: [domainReadWrite, notifyBureaus],
    },
    endAlert: {
      entry: 'functions/steps/end-alert.ts',
      description: 'AlertEffect step at validUntil: the alert expires once, everyone hears',
      timeoutSeconds: 60,
      grants: [domainReadWrite, notifyBureaus],
    },
    uploadParcelManifest: {
      entry: 'functions/api/upload-parcel-manifest.ts',
      description: 'PUT /consignments/{id}/parcels: the parcel manifest of a list-based consignment, in chunks, and its sample (408号 三（四）)',
      // Up to 10,000 lines (a few MB of JSON) parsed, hashed and written in 50 chunks.
      timeoutSeconds: 20,
      memoryMb: 512,
      grants: [domainReadWrite, idempotencyRecords],
    },
    getParcelManifest: {
      entry: 'functions/api/get-parcel-manifest.ts',
      description: "GET /consignments/{id}/parcels: a consignment's parcel manifest, one chunk of 200 lines a page",
      grants: [domainRead],
    },
    getParcelSample: {
      entry: 'functions/api/get-parcel-sample.ts',
      description: 'GET /consignments/{id}/parcel-sample: the sampled parcel lines and the sampling rule',
      grants: [domainRead],
    },
    registerMarket: {
      entry: 'functions/api/register-market.ts',
      description: 'POST /markets: a market of market-procurement trade, kept by its purchase-location bureau (408号 三（四）)',
      grants: [domainReadWrite, idempotencyRecords],
    },
    registerMarketTrader: {
      entry: 'functions/api/register-market-trader.ts',
      description: "PUT /markets/{id}/traders/{creditCode}: a trader's registration at a market, with its goods list",
      grants: [domainReadWrite, idempotencyRecords],
    },
    getMarket: {
      entry: 'functions/api/get-market.ts',
      description: 'GET /markets/{id}: a market with its registered traders and their goods lists',
      grants: [domainRead],
    },
    getMaintenancePair: {
      entry: 'functions/api/get-maintenance-pair.ts',
      description: 'GET /maintenance/{importId}: a global-maintenance import, its re-export deadline and its re-export (408号 三（四）)',
      grants: [domainRead],
    },
    listMaintenancePairs: {
      entry: 'functions/api/list-maintenance-pairs.ts',
      description: "GET /maintenance: a bureau's global-maintenance pairs, or every pair still in China (HQ), by deadline",
      grants: [domainRead],
    },
    escalateMaintenance: {
      entry: 'functions/steps/escalate-maintenance.ts',
      description: 'MaintenanceDeadline step at the re-export deadline: a pair still in China is marked overdue, its bureau, HQ and the enterprise hear',
      grants: [domainReadWrite, notifyBureaus],
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
    { method: 'GET', path: '/docs', function: 'docs', auth: 'public' },
    { method: 'GET', path: '/docs/{asset}', function: 'docs', auth: 'public' },
    { method: 'POST', path: '/consignments', function: 'fileConsignment', auth: 'jwt' },
    { method: 'GET', path: '/consignments', function: 'listConsignments', auth: 'jwt' },
    { method: 'GET', path: '/consignments/{id}', function: 'getConsignment', auth: 'jwt' },
    { method: 'GET', path: '/consignments/{id}/history', function: 'getConsignmentHistory', auth: 'jwt' },
    { method: 'PUT', path: '/consignments/{id}/parcels', function: 'uploadParcelManifest', auth: 'jwt' },
    { method: 'GET', path: '/consignments/{id}/parcels', function: 'getParcelManifest', auth: 'jwt' },
    { method: 'GET', path: '/consignments/{id}/parcel-sample', function: 'getParcelSample', auth: 'jwt' },
    { method: 'POST', path: '/markets', function: 'registerMarket', auth: 'jwt' },
    { method: 'GET', path: '/markets/{id}', function: 'getMarket', auth: 'jwt' },
    { method: 'PUT', path: '/markets/{id}/traders/{creditCode}', function: 'registerMarketTrader', auth: 'jwt' },
    { method: 'GET', path: '/maintenance', function: 'listMaintenancePairs', auth: 'jwt' },
    { method: 'GET', path: '/maintenance/{importId}', function: 'getMaintenancePair', auth: 'jwt' },
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
    { method: 'GET', path: '/quality-assessments', function: 'getQualityAssessments', auth: 'jwt' },
    { method: 'GET', path: '/risk-settings', function: 'getRiskSettings', auth: 'jwt' },
    { method: 'PUT', path: '/risk-settings', function: 'changeRiskSettings', auth: 'jwt' },
    { method: 'POST', path: '/policy/replay', function: 'replayPolicy', auth: 'jwt' },
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
    { method: 'POST', path: '/market-access', function: 'registerMarketAccess', auth: 'jwt' },
    { method: 'GET', path: '/market-access', function: 'listMarketAccess', auth: 'jwt' },
    { method: 'GET', path: '/market-access/{id}', function: 'getMarketAccess', auth: 'jwt' },
    { method: 'PATCH', path: '/market-access/{id}', function: 'changeMarketAccess', auth: 'jwt' },
    { method: 'POST', path: '/market-access/{id}/withdraw', function: 'withdrawMarketAccess', auth: 'jwt' },
    { method: 'POST', path: '/designated-sites', function: 'registerDesignatedSite', auth: 'jwt' },
    { method: 'GET', path: '/designated-sites', function: 'listDesignatedSites', auth: 'jwt' },
    { method: 'GET', path: '/designated-sites/{id}', function: 'getDesignatedSite', auth: 'jwt' },
    { method: 'PATCH', path: '/designated-sites/{id}', function: 'changeDesignatedSite', auth: 'jwt' },
    { method: 'POST', path: '/designated-sites/{id}/withdraw', function: 'withdrawDesignatedSite', auth: 'jwt' },
    { method: 'POST', path: '/going-out/risk-assessments', function: 'recordGoingOutAssessment', auth: 'jwt' },
    { method: 'GET', path: '/going-out/risk-assessments', function: 'listGoingOutAssessments', auth: 'jwt' },
    { method: 'GET', path: '/going-out/risk-assessments/{id}', function: 'getGoingOutAssessment', auth: 'jwt' },
    { method: 'PATCH', path: '/going-out/risk-assessments/{id}', function: 'changeGoingOutAssessment', auth: 'jwt' },
    { method: 'POST', path: '/going-out/risk-assessments/{id}/withdraw', function: 'withdrawGoingOutAssessment', auth: 'jwt' },
    { method: 'POST', path: '/trade-measures', function: 'publishTradeMeasure', auth: 'jwt' },
    { method: 'GET', path: '/trade-measures', function: 'listTradeMeasures', auth: 'jwt' },
    { method: 'GET', path: '/trade-measures/{id}', function: 'getTradeMeasure', auth: 'jwt' },
    { method: 'PUT', path: '/trade-measure-subscription', function: 'subscribeTradeMeasures', auth: 'jwt' },
    { method: 'GET', path: '/trade-measure-subscription', function: 'getTradeMeasureSubscription', auth: 'jwt' },
    { method: 'POST', path: '/alerts', function: 'publishAlert', auth: 'jwt' },
    { method: 'GET', path: '/alerts', function: 'listAlerts', auth: 'jwt' },
    { method: 'GET', path: '/alerts/{id}', function: 'getAlert', auth: 'jwt' },
    { method: 'PATCH', path: '/alerts/{id}', function: 'changeAlert', auth: 'jwt' },
    { method: 'POST', path: '/alerts/{id}/approve', function: 'approveAlert', auth: 'jwt' },
    { method: 'POST', path: '/alerts/{id}/reject', function: 'rejectAlert', auth: 'jwt' },
    { method: 'POST', path: '/alerts/{id}/withdraw', function: 'withdrawAlert', auth: 'jwt' },
    { method: 'GET', path: '/alert-candidates', function: 'listAlertCandidates', auth: 'jwt' },
    { method: 'POST', path: '/alert-candidates/{key}/publish', function: 'publishAlertCandidate', auth: 'jwt' },
    { method: 'PUT', path: '/alert-subscription', function: 'subscribeAlerts', auth: 'jwt' },
    { method: 'GET', path: '/alert-subscription', function: 'getAlertSubscription', auth: 'jwt' },
    { method: 'POST', path: '/cases', function: 'openCase', auth: 'jwt' },
    { method: 'GET', path: '/cases', function: 'listCases', auth: 'jwt' },
    { method: 'GET', path: '/cases/stats', function: 'getCaseStats', auth: 'jwt' },
    { method: 'GET', path: '/cases/{id}', function: 'getCase', auth: 'jwt' },
    { method: 'POST', path: '/cases/{id}/messages', function: 'postCaseMessage', auth: 'jwt' },
    { method: 'POST', path: '/cases/{id}/resolve', function: 'resolveCase', auth: 'jwt' },
    { method: 'POST', path: '/cases/{id}/withdraw', function: 'withdrawCase', auth: 'jwt' },
    { method: 'GET', path: '/directory', function: 'getDirectory', auth: 'jwt' },
    { method: 'GET', path: '/directory/bureaus/{code}', function: 'getDirectoryBureau', auth: 'jwt' },
    { method: 'PUT', path: '/directory/bureaus/{code}', function: 'updateDirectoryBureau', auth: 'jwt' },
    { method: 'POST', path: '/reports', function: 'fileReport', auth: 'jwt' },
    { method: 'GET', path: '/reports', function: 'listReports', auth: 'jwt' },
    { method: 'POST', path: '/reports/{id}/acknowledge', function: 'acknowledgeReport', auth: 'jwt' },
    { method: 'POST', path: '/policy-notices', function: 'publishPolicyNotice', auth: 'jwt' },
    // Public and paged: throttled, as the public verification is, so nobody floods the table with reads.
    { method: 'GET', path: '/policy-notices', function: 'listPolicyNotices', auth: 'public', throttle: { ratePerSecond: 20, burst: 40 } },
  ],

  stateMachines: {
    ConsignmentImport: {
      definition: 'workflows/consignment-import.asl.json',
      envVar: ENV.consignmentImportStateMachineArn,
      description: 'Import direct-through: port checks, destination inspection, release or disposal',
      substitutions: { OpenTaskFunction: { function: 'openTask' }, SettlePlanFunction: { function: 'settlePlan' }, CloseConsignmentFunction: { function: 'closeConsignment' } },
    },
    ConsignmentExport: {
      definition: 'workflows/consignment-export.asl.json',
      envVar: ENV.consignmentExportStateMachineArn,
      description: 'Export direct release: origin inspection, clearance document, port inspection for exceptions',
      substitutions: { OpenTaskFunction: { function: 'openTask' }, SettlePlanFunction: { function: 'settlePlan' }, CloseConsignmentFunction: { function: 'closeConsignment' } },
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
    AlertEffect: {
      definition: 'workflows/alert-effect.asl.json',
      envVar: ENV.alertEffectStateMachineArn,
      description: 'Alert effect: the notices of a change of an alert, the re-planning of consignments in flight it covers, the waits for validFrom and validUntil',
      substitutions: {
        AnnounceAlertFunction: { function: 'announceAlert' },
        StartAlertFunction: { function: 'startAlert' },
        ListAlertCoverageFunction: { function: 'listAlertCoverage' },
        ReplanConsignmentFunction: { function: 'replanConsignment' },
        EndAlertFunction: { function: 'endAlert' },
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
    MaintenanceDeadline: {
      definition: 'workflows/maintenance-deadline.asl.json',
      envVar: ENV.maintenanceDeadlineStateMachineArn,
      description: 'Global maintenance: waits for a repair import\'s re-export deadline, then escalates the pair if the goods are still in China',
      substitutions: {
        EscalateMaintenanceFunction: { function: 'escalateMaintenance' },
      },
    },
    CoordinationCase: {
      definition: 'workflows/coordination-case.asl.json',
      envVar: ENV.coordinationCaseStateMachineArn,
      description: 'Coordination case: the addressed bureau answers, or the case escalates to the lead bureau, then HQ; resolved or withdrawn',
      substitutions: {
        OpenTaskFunction: { function: 'openTask' },
        CloseCoordinationCaseFunction: { function: 'closeCoordinationCase' },
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
