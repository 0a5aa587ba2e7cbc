import { z } from 'zod';
import { actor, instant, localisedText, page, record, version } from './common.ts';

/** A workflow execution as HQ and the bureaus review it. */
export const executionSummary = z.looseObject({
  executionArn: z.string(),
  name: z.string(),
  workflow: z.string(),
  stateMachineArn: z.string(),
  status: z.string().meta({ description: 'RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED' }),
  startDate: instant,
  stopDate: instant.optional(),
  consignmentId: z.string().optional(),
  trainId: z.string().optional(),
  portCode: z.string().optional(),
  bureaus: z.array(z.string()),
});
export const executionPage = page(executionSummary);

/** GET /executions/{id}: the execution, its AWS-shaped history and the timeline read from it. */
export const executionReview = z.looseObject({
  execution: executionSummary,
  history: z.looseObject({ events: z.array(z.unknown()) }),
  timeline: z.unknown(),
  definition: z
    .looseObject({ StartAt: z.string(), States: z.record(z.string(), z.looseObject({ Type: z.string() })) })
    .optional()
    .meta({ description: 'The state machine the execution ran, reduced to its states, their types and transitions (for drawing it)' }),
});

/** GET /consignments/{id}/history: the lifecycle execution and its events, as GetExecutionHistory names them (data for HQ only). */
export const executionHistory = z.looseObject({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  status: z.string(),
  startDate: instant,
  stopDate: instant.optional(),
  events: z.array(record),
});

/** GET /stats. */
export const statistics = z.looseObject({ filter: record, window: z.looseObject({ from: z.string(), to: z.string(), days: z.number().int() }), stats: record });

/** GET /risk-settings, PUT /risk-settings: the thresholds in force (version 0: the defaults). */
export const riskSettings = z.looseObject({
  settings: record,
  version,
  updatedAt: instant.optional(),
  updatedBy: actor.optional(),
  history: z.array(record).optional(),
});

/** POST /policy/replay: what the proposed thresholds would have changed on past filings. */
export const policyReplay = z.looseObject({
  window: z.looseObject({ from: instant, to: instant }),
  settings: z.looseObject({ currentVersion: z.number().int(), current: record, proposed: record }),
  totals: record,
  changes: z.array(record),
});

/** GET /quality-assessments: an enterprise's nonconformity history and the risk grade it gives. */
export const qualityAssessment = z.looseObject({
  enterprise: z.string(),
  direction: z.enum(['import', 'export']),
  asOf: instant,
  overall: z.looseObject({ windows: z.array(record), riskGrade: z.looseObject({ grade: z.string(), basis: localisedText, settingsVersion: z.number().int() }) }),
  headings: z.array(z.looseObject({ hsHeading: z.string(), windows: z.array(record) })),
  truncated: z.boolean(),
});
