import { z } from 'zod';
import { bureauCodeSchema } from '../../domain/codes.ts';
import { caseKindSchema, caseStatusSchema } from '../../domain/coordination/case.ts';
import { actor, instant, page, record, version } from './common.ts';
import { task } from './tasks.ts';

/** A coordination case between bureaus. */
export const coordinationCase = z.looseObject({
  id: z.string(),
  kind: caseKindSchema,
  subject: record,
  title: z.string(),
  openedBy: actor,
  addressedBureau: bureauCodeSchema,
  leadBureau: bureauCodeSchema,
  status: caseStatusSchema,
  escalation: z.number().int(),
  dueAt: instant.optional(),
  openedAt: instant,
  updatedAt: instant,
  closedAt: instant.optional(),
  outcome: record.optional(),
  messageCount: z.number().int(),
  executionArn: z.string(),
  version,
});

/** POST /cases: the case as opened. */
export const openedCase = z.looseObject({
  id: z.string(),
  kind: caseKindSchema,
  status: z.literal('opened'),
  addressedBureau: bureauCodeSchema,
  leadBureau: bureauCodeSchema,
  openedAt: instant,
  executionArn: z.string(),
});

export const caseSummary = coordinationCase.extend({ stage: z.string(), open: z.boolean() });
export const casePage = page(caseSummary);

/** One message of a case's thread. */
export const caseMessage = z.looseObject({ caseId: z.string(), sequence: z.number().int(), text: z.string(), by: actor, at: instant });

/** GET /cases/{id}: the case with its history, its thread and its open task. */
export const caseDetail = coordinationCase.extend({
  description: z.string(),
  stage: z.string(),
  history: z.array(record),
  messages: z.array(caseMessage),
  task: task.optional(),
});

/** GET /cases/stats. */
export const caseStatistics = z.looseObject({ window: z.looseObject({ from: instant, to: instant }), total: record, byKind: z.record(z.string(), record) });

/** A bureau in the cooperation directory; contacts only to bureaus and HQ. `version` 0: no entry written yet. */
export const directoryBureau = z.looseObject({
  code: bureauCodeSchema,
  name: z.unknown(),
  shortName: z.unknown(),
  seat: z.unknown(),
  lead: z.unknown(),
  groups: z.array(z.string()),
  division: z.unknown().optional(),
  contacts: z.array(record).optional(),
  updatedAt: instant.optional(),
  updatedBy: actor.optional(),
  version,
});
export const directoryBureauDetail = directoryBureau.extend({ dockingPairs: z.array(record), history: z.array(record).optional() });
export const directory = z.looseObject({ groups: z.array(record), bureaus: z.array(directoryBureau), dockingPairs: z.array(record) });

/** PUT /directory/bureaus/{code}: the entry as written. */
export const directoryEntry = z.looseObject({ bureau: bureauCodeSchema, division: z.unknown(), contacts: z.array(record), updatedAt: instant, updatedBy: actor, version });

/** A report to HQ. */
export const report = z.looseObject({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  relatedCases: z.array(z.string()),
  relatedTrains: z.array(z.string()),
  bureau: bureauCodeSchema,
  filedBy: actor,
  filedAt: instant,
  status: z.enum(['filed', 'acknowledged']),
  acknowledgement: z.looseObject({ by: actor, at: instant, remarks: z.string().optional() }).optional(),
  version,
});
export const reportPage = page(report);

/** A policy notice for enterprises, as the public feed shows it. */
export const policyNotice = z.looseObject({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  effectiveFrom: instant.optional(),
  url: z.string().optional(),
  bureau: bureauCodeSchema,
  publishedAt: instant,
});
export const policyNoticePage = page(policyNotice);
