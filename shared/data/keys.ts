/**
 * Every key of the Domain table is built here, so the layout in docs/data-model.md has exactly
 * one implementation. Keys are strings with an entity prefix; sort keys that order by time use
 * UTC ISO 8601 (`toISOString`), which sorts lexicographically.
 */

export const INDEX = {
  gsi1: { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' },
  gsi2: { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
  gsi3: { name: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk' },
} as const;
export type IndexName = keyof typeof INDEX;

/** Attribute names that only exist for the table's sake and never leave the data layer. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'] as const;

/** Normalises any ISO 8601 timestamp (with an offset or not) to the sortable UTC form. */
export function sortableTime(timestamp: string | Date): string {
  const date = typeof timestamp === 'string' ? new Date(timestamp) : timestamp;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${String(timestamp)}`);
  return date.toISOString();
}

/** Event sequence numbers, zero-padded so that string order is numeric order. */
export const SEQUENCE_DIGITS = 10;
export const sequenceKey = (sequence: number) => `EVENT#${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;

export const keys = {
  bureau: (code: string) => ({ pk: `BUREAU#${code}`, sk: 'BUREAU' }),
  bureauList: (code: string) => ({ gsi1pk: 'BUREAUS', gsi1sk: code }),

  notification: (bureau: string, id: string) => ({ pk: `BUREAU#${bureau}`, sk: `NOTIFICATION#${id}` }),
  notificationPrefix: 'NOTIFICATION#',
  /** An enterprise's inbox: notices bureaus send its declarants (a certificate of origin issued or refused). */
  enterpriseNotification: (creditCode: string, id: string) => ({ pk: `ENTERPRISE#${creditCode}`, sk: `NOTIFICATION#${id}` }),
  /** A bureau's webhook registry: one item holding all its webhooks, so one write keeps the cap. */
  webhooks: (bureau: string) => ({ pk: `BUREAU#${bureau}`, sk: 'WEBHOOKS' }),
  /** Which bureau a webhook URL serves (SNS keeps one subscription per endpoint). */
  webhookUrl: (urlId: string) => ({ pk: `WEBHOOK-URL#${urlId}`, sk: 'WEBHOOK-URL' }),

  train: (trainId: string) => ({ pk: `TRAIN#${trainId}`, sk: 'TRAIN' }),
  trainsByPort: (port: string) => `PORT#${port}#TRAINS`,
  trainsByDate: (date: string) => `TRAINS#${date}`,
  trainsOfInlandBureau: (bureau: string) => `BUREAU#${bureau}#TRAINS`,

  consignment: (id: string) => ({ pk: `CONSIGNMENT#${id}`, sk: 'CONSIGNMENT' }),
  consignmentEvent: (id: string, sequence: number) => ({ pk: `CONSIGNMENT#${id}`, sk: sequenceKey(sequence) }),
  consignmentEventPrefix: 'EVENT#',
  /** A listing entry of the consignment under one bureau or enterprise (adjacency list). */
  consignmentLink: (id: string, owner: ConsignmentOwner) => ({ pk: `CONSIGNMENT#${id}`, sk: `LINK#${ownerKey(owner)}` }),
  consignmentLinkPrefix: 'LINK#',
  consignmentsOfOwner: (owner: ConsignmentOwner) => `${ownerKey(owner)}#CONSIGNMENTS`,
  consignmentsOfOwnerInStatus: (owner: ConsignmentOwner, status: string) => `${ownerKey(owner)}#STATUS#${status}`,
  consignmentsOfTrain: (trainId: string) => `TRAIN#${trainId}#CONSIGNMENTS`,
  consignmentsInStatus: (status: string) => `CONSIGNMENTS#STATUS#${status}`,
  allConsignments: 'CONSIGNMENTS',
  /** Newest first when read backwards; the id breaks ties between equal timestamps. */
  consignmentOrder: (filedAt: string, id: string) => `${sortableTime(filedAt)}#${id}`,
  /** A search entry of a consignment (written once at filing: containers, goods and parties never change). */
  consignmentSearchEntry: (id: string, term: string) => ({ pk: `CONSIGNMENT#${id}`, sk: `SEARCH#${term}` }),
  consignmentsWithContainer: (containerNumber: string) => `CONTAINER#${containerNumber}#CONSIGNMENTS`,
  consignmentsWithHeading: (heading: string) => `HS#${heading}#CONSIGNMENTS`,
  consignmentsOfParty: (creditCode: string) => `PARTY#${creditCode}#CONSIGNMENTS`,

  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  openTasksOfBureau: (bureau: string) => `BUREAU#${bureau}#TASKS#OPEN`,
  tasksOfConsignment: (consignmentId: string) => `CONSIGNMENT#${consignmentId}#TASKS`,
  tasksOfTrain: (trainId: string) => `TRAIN#${trainId}#TASKS`,
  /** Answered tasks whose answer has not reached the waiting workflow yet (the outbox). */
  undeliveredAnswers: () => 'TASKS#ANSWERS#UNDELIVERED',

  /** A certificate-of-origin application (原产地证书申请) and its listings. */
  originApplication: (id: string) => ({ pk: `ORIGIN-APPLICATION#${id}`, sk: 'ORIGIN-APPLICATION' }),
  originApplicationsOfEnterprise: (creditCode: string) => `ENTERPRISE#${creditCode}#ORIGIN-APPLICATIONS`,
  originApplicationsOfBureau: (bureau: string) => `BUREAU#${bureau}#ORIGIN-APPLICATIONS`,
  originApplicationsInStatus: (status: string) => `ORIGIN-APPLICATIONS#STATUS#${status}`,
  /** Which application is the live one for a consignment and form (one at a time). */
  originApplicationClaim: (consignmentId: string, form: string) => ({ pk: `ORIGIN-CLAIM#${consignmentId}#${form}`, sk: 'ORIGIN-CLAIM' }),
  tasksOfOriginApplication: (applicationId: string) => `ORIGIN-APPLICATION#${applicationId}#TASKS`,

  permit: (permitNumber: string) => ({ pk: `PERMIT#${permitNumber}`, sk: 'PERMIT' }),
  permitsOfHolder: (creditCode: string) => `ENTERPRISE#${creditCode}#PERMITS`,
  permitsOfBureau: (bureau: string) => `BUREAU#${bureau}#PERMITS`,
  allPermits: 'PERMITS',
  /** Newest first when read backwards; the number breaks ties. */
  permitOrder: (issuedAt: string, permitNumber: string) => `${sortableTime(issuedAt)}#${permitNumber}`,

  certificate: (id: string) => ({ pk: `CERTIFICATE#${id}`, sk: 'CERTIFICATE' }),
  certificateBySerial: (serial: string) => `CERTIFICATE-SERIAL#${serial}`,
  /** The last serial sequence a bureau used in a year. */
  certificateSerialCounter: (bureau: string, year: number) => ({ pk: `BUREAU#${bureau}`, sk: `CERTIFICATE-SERIALS#${year}` }),

  /**
   * Statistics kept as consignments close (408号 三（二）): counters of one scope and dimension
   * value (`ALL#port#ALASHANKOU`) in one Beijing day or month (`DAY#2024-03-15`, `MONTH#2024-03`).
   */
  statistics: (target: string, period: string) => ({ pk: `STATS#${target}`, sk: period }),
  /** Whether a consignment's close is counted: claimed, counted, and which items still carry its mark. */
  statisticsCount: (consignmentId: string) => ({ pk: `STATS-COUNT#${consignmentId}`, sk: 'STATS-COUNT' }),
  /** Counts begun and not finished (a crashed close), for the outbox relay. */
  statisticsCountsOpen: 'STATS-COUNTS#OPEN',
  /** The HS headings an enterprise's consignments carried: what its quality assessment lists. */
  enterpriseHeadings: (creditCode: string) => ({ pk: `ENTERPRISE#${creditCode}`, sk: 'STATS-HEADINGS' }),
  /** HQ's risk-grade thresholds, and their audit history beside them. */
  riskSettings: () => ({ pk: 'RISK-SETTINGS', sk: 'RISK-SETTINGS' }),
  riskSettingsChange: (version: number) => ({ pk: 'RISK-SETTINGS', sk: `CHANGE#${String(version).padStart(SEQUENCE_DIGITS, '0')}` }),
  riskSettingsChangePrefix: 'CHANGE#',

  /** A recognised foreign third-party body (§9), and its audit history beside it under the same pk. */
  recognisedBody: (id: string) => ({ pk: `RECOGNISED-BODY#${id}`, sk: 'RECOGNISED-BODY' }),
  recognisedBodies: 'RECOGNISED-BODIES',
  recognisedBodyChange: (id: string, version: number) => ({ pk: `RECOGNISED-BODY#${id}`, sk: `CHANGE#${String(version).padStart(SEQUENCE_DIGITS, '0')}` }),
  recognisedBodyChangePrefix: 'CHANGE#',

  /**
   * An alert of the platform (§8, 408号 三（七）) with its audit history beside it under the same pk;
   * listed all together newest first, while active by its end, and from a change until the change's
   * workflow execution is known to run (the outbox).
   */
  alert: (id: string) => ({ pk: `ALERT#${id}`, sk: 'ALERT' }),
  alertChange: (id: string, version: number) => ({ pk: `ALERT#${id}`, sk: `CHANGE#${String(version).padStart(SEQUENCE_DIGITS, '0')}` }),
  alertChangePrefix: 'CHANGE#',
  allAlerts: 'ALERTS',
  activeAlerts: 'ALERTS#ACTIVE',
  unstartedAlertEffects: 'ALERTS#EFFECTS#UNSTARTED',
  /** Nonconformities of one (country of origin, HS heading) pair, for HQ to publish an alert from. */
  alertCandidate: (key: string) => ({ pk: `ALERT-CANDIDATE#${key}`, sk: 'ALERT-CANDIDATE' }),
  alertCandidates: 'ALERT-CANDIDATES',
  /** An enterprise's subscription to alert notices, in the enterprise's partition beside its inbox. */
  alertSubscription: (creditCode: string) => ({ pk: `ENTERPRISE#${creditCode}`, sk: 'ALERT-SUBSCRIPTION' }),
  alertSubscribers: 'ALERT-SUBSCRIBERS',

  /**
   * A coordination case (协调事项, 408号 四（二）、（三）) with, under the same pk, its history, its
   * message thread and one listing entry per bureau concerned (opener, addressed, lead).
   */
  coordinationCase: (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' }),
  allCases: 'CASES',
  casesInStatus: (status: string) => `CASES#STATUS#${status}`,
  caseLink: (id: string, bureau: string) => ({ pk: `CASE#${id}`, sk: `LINK#BUREAU#${bureau}` }),
  casesOfBureau: (bureau: string) => `BUREAU#${bureau}#CASES`,
  /**
   * A history entry, at its place in the case's life (`<phase>#<escalation level, 10 digits>#<what>`:
   * opened, then the wait and each escalation, then the end), so that a retried step writes it once
   * and the history reads in order whichever clock each entry's time comes from.
   */
  caseHistoryEntry: (id: string, phase: number, level: number, what: string) => ({
    pk: `CASE#${id}`,
    sk: `HISTORY#${phase}#${String(level).padStart(SEQUENCE_DIGITS, '0')}#${what}`,
  }),
  caseHistoryPrefix: 'HISTORY#',
  caseMessage: (id: string, sequence: number) => ({ pk: `CASE#${id}`, sk: `MESSAGE#${String(sequence).padStart(SEQUENCE_DIGITS, '0')}` }),
  caseMessagePrefix: 'MESSAGE#',
  tasksOfCase: (caseId: string) => `CASE#${caseId}#TASKS`,

  /** A bureau's entry in the cooperation directory (分管业务处室及联系人) and its audit history. */
  directoryEntry: (bureau: string) => ({ pk: `BUREAU#${bureau}`, sk: 'DIRECTORY' }),
  directoryChange: (bureau: string, version: number) => ({ pk: `BUREAU#${bureau}`, sk: `DIRECTORY-CHANGE#${String(version).padStart(SEQUENCE_DIGITS, '0')}` }),
  directoryChangePrefix: 'DIRECTORY-CHANGE#',

  /** A bureau's report of good practice or suggestion to HQ (408号 三（十）). */
  report: (id: string) => ({ pk: `REPORT#${id}`, sk: 'REPORT' }),
  allReports: 'REPORTS',
  reportsOfBureau: (bureau: string) => `BUREAU#${bureau}#REPORTS`,
  /** A policy notice for enterprises, in the public feed. */
  policyNotice: (id: string) => ({ pk: `POLICY-NOTICE#${id}`, sk: 'POLICY-NOTICE' }),
  allPolicyNotices: 'POLICY-NOTICES',
  policyNoticesOfBureau: (bureau: string) => `BUREAU#${bureau}#POLICY-NOTICES`,
  /** The sort key of case, report and notice listings: newest first when read backwards; the id breaks ties. */
  timeOrder: (at: string, id: string) => `${sortableTime(at)}#${id}`,

  /**
   * HQ's registers of 408号 三（三）(`MARKET-ACCESS`, `DESIGNATED-SITES`): every entry of a register
   * under one pk, so a filing reads the whole register in one consistent Query; each entry's audit
   * history beside it (`CHANGE#<id>#<version>`).
   */
  registerEntry: (register: string, id: string) => ({ pk: `REGISTER#${register}`, sk: `ENTRY#${id}` }),
  registerEntryPrefix: 'ENTRY#',
  /** A going-out risk assessment (408号 三（五）), its history beside it; listed per enterprise and per keeping bureau. */
  goingOutAssessment: (id: string) => ({ pk: `GOING-OUT#${id}`, sk: 'GOING-OUT' }),
  goingOutOfEnterprise: (creditCode: string) => `ENTERPRISE#${creditCode}#GOING-OUT`,
  goingOutOfBureau: (bureau: string) => `BUREAU#${bureau}#GOING-OUT`,
  allGoingOut: 'GOING-OUT',
  /** The history entry of a register entry or assessment, under the item's own pk. */
  entryChange: (item: { pk: string }, id: string, version: number) => ({ pk: item.pk, sk: `CHANGE#${id}#${String(version).padStart(SEQUENCE_DIGITS, '0')}` }),
  entryChangePrefix: (id: string) => `CHANGE#${id}#`,
  /** A technical-trade-measures note (408号 三（五）), listed newest first, all and per country. */
  tradeMeasure: (id: string) => ({ pk: `TRADE-MEASURE#${id}`, sk: 'TRADE-MEASURE' }),
  allTradeMeasures: 'TRADE-MEASURES',
  tradeMeasuresOfCountry: (country: string) => `COUNTRY#${country}#TRADE-MEASURES`,
  /** An enterprise's subscription to trade-measure notes, beside its inbox; listed while active. */
  tradeMeasureSubscription: (creditCode: string) => ({ pk: `ENTERPRISE#${creditCode}`, sk: 'TRADE-MEASURE-SUBSCRIPTION' }),
  tradeMeasureSubscribers: 'TRADE-MEASURE-SUBSCRIBERS',

  /**
   * New trade forms (408号 三（四）): a consignment's parcel manifest in chunks of lines, kept under
   * the manifest's digest (`PARCELS#<consignment>`, `CHUNK#<digest>#<index>`); the market-procurement
   * register (a market and its traders under `MARKET#<id>`, a trader found by its credit code); the
   * global-maintenance pairs (`MAINTENANCE#<import id>`, listed per bureau and while open by due date).
   */
  parcelChunk: (consignmentId: string, digest: string, index: number) => ({ pk: `PARCELS#${consignmentId}`, sk: `CHUNK#${digest}#${String(index).padStart(6, '0')}` }),
  parcelChunksOf: (consignmentId: string) => `PARCELS#${consignmentId}`,
  parcelChunkPrefix: (digest: string) => `CHUNK#${digest}#`,
  parcelSample: (consignmentId: string, digest: string) => ({ pk: `PARCELS#${consignmentId}`, sk: `SAMPLE#${digest}` }),
  market: (id: string) => ({ pk: `MARKET#${id}`, sk: 'MARKET' }),
  marketTrader: (marketId: string, creditCode: string) => ({ pk: `MARKET#${marketId}`, sk: `TRADER#${creditCode}` }),
  marketTraderPrefix: 'TRADER#',
  marketsOfBureau: (bureau: string) => `BUREAU#${bureau}#MARKETS`,
  traderByCreditCode: (creditCode: string) => `MARKET-TRADER#${creditCode}`,
  maintenanceItem: (importId: string) => ({ pk: `MAINTENANCE#${importId}`, sk: 'MAINTENANCE' }),
  maintenanceOfBureau: (bureau: string) => `BUREAU#${bureau}#MAINTENANCE`,
  maintenanceOpen: 'MAINTENANCE#OPEN',

  execution: (name: string) => ({ pk: `EXECUTION#${name}`, sk: 'EXECUTION' }),
  executionLink: (name: string, bureau: string) => ({ pk: `EXECUTION#${name}`, sk: `LINK#BUREAU#${bureau}` }),
  executionsOfBureau: (bureau: string) => `BUREAU#${bureau}#EXECUTIONS`,
  executionsOfConsignment: (consignmentId: string) => `CONSIGNMENT#${consignmentId}#EXECUTIONS`,
  executionTrainLink: (name: string, trainId: string) => ({ pk: `EXECUTION#${name}`, sk: `LINK#TRAIN#${trainId}` }),
  executionsOfTrain: (trainId: string) => `TRAIN#${trainId}#EXECUTIONS`,
  executionsOfWorkflow: (workflow: string) => `WORKFLOW#${workflow}#EXECUTIONS`,
  allExecutions: 'EXECUTIONS',
} as const;

export type ConsignmentOwner = { bureau: string } | { enterprise: string };

function ownerKey(owner: ConsignmentOwner): string {
  return 'bureau' in owner ? `BUREAU#${owner.bureau}` : `ENTERPRISE#${owner.enterprise}`;
}
