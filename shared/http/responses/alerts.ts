import { z } from 'zod';
import { alertKindSchema, alertStatusSchema } from '../../domain/alerts/alert.ts';
import { bureauCodeSchema } from '../../domain/codes.ts';
import { actor, instant, localisedText, page, record, version } from './common.ts';

/** An alert as the caller may read it: HQ sees who acted and the workflow bookkeeping, others the bureau only. */
export const alert = z.looseObject({
  id: z.string(),
  kind: alertKindSchema,
  countries: z.array(z.string()),
  hsPrefixes: z.array(z.string()),
  categories: z.array(z.string()),
  measure: z.string().meta({ description: 'heightened, port-inspection, suspend-direct-release or entry-ban' }),
  validFrom: instant,
  validUntil: instant,
  source: z.string(),
  description: localisedText,
  status: alertStatusSchema,
  bureau: bureauCodeSchema,
  publishedBy: actor,
  published: z.boolean(),
  approval: z.looseObject({ at: instant, by: actor }).optional(),
  rejection: z.looseObject({ at: instant, by: actor, reason: z.string() }).optional(),
  withdrawal: z.looseObject({ at: instant, by: actor, reason: z.string() }).optional(),
  createdAt: instant,
  updatedAt: instant,
  version,
});
export const alertPage = page(alert);

/** GET /alerts/{id}: for HQ with every change, oldest first. */
export const alertDetail = alert.extend({ history: z.array(z.looseObject({ version: z.number().int() })).optional() });

/** Failed inspections gathered by origin country and HS heading. */
export const alertCandidate = z.looseObject({
  key: z.string(),
  country: z.string(),
  heading: z.string(),
  nonconformities: z.array(record),
  firstAt: instant,
  lastAt: instant,
  lastPublished: z.looseObject({ alertId: z.string(), at: instant, nonconformities: z.number().int() }).optional(),
});
export const alertCandidatePage = page(alertCandidate);

/** An enterprise's subscription to alerts. */
export const alertSubscription = z.looseObject({
  enterprise: z.string(),
  countries: z.array(z.string()),
  hsPrefixes: z.array(z.string()),
  categories: z.array(z.string()),
  active: z.boolean(),
  updatedAt: instant.optional(),
});
