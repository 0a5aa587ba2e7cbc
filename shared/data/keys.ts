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

  /** A recognised foreign third-party body (§9), and its audit history beside it under the same pk. */
  recognisedBody: (id: string) => ({ pk: `RECOGNISED-BODY#${id}`, sk: 'RECOGNISED-BODY' }),
  recognisedBodies: 'RECOGNISED-BODIES',
  recognisedBodyChange: (id: string, version: number) => ({ pk: `RECOGNISED-BODY#${id}`, sk: `CHANGE#${String(version).padStart(SEQUENCE_DIGITS, '0')}` }),
  recognisedBodyChangePrefix: 'CHANGE#',

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
