import { z } from 'zod';
import { actor, day, instant, localisedText, record, version } from './common.ts';

/**
 * The answers of the registers of 408号 三（三）、（五） (market access, designated sites, going-out
 * risk assessments) and of the technical-trade-measures service. Who edited an entry is shown to
 * those who keep the register only, so `registeredBy` and the history are optional.
 */
const registerMeta = {
  id: z.string(),
  status: z.enum(['active', 'withdrawn']),
  withdrawal: record.optional(),
  registeredBy: actor.optional(),
  createdAt: instant,
  updatedAt: instant,
  version,
};
const history = z.array(record).optional().meta({ description: 'Every version: who changed which field from what to what (for the keepers of the register)' });
const items = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item) });
const paged = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), nextToken: z.string().optional().meta({ description: 'Pass as ?nextToken= to read the next page; absent on the last' }) });

export const marketAccessEntry = z.looseObject({
  ...registerMeta,
  country: z.string(),
  product: localisedText,
  scope: z.looseObject({ hsPrefixes: z.array(z.string()), categories: z.array(z.string()) }),
  conditions: z.looseObject({ permitRequired: z.boolean().optional(), designatedSite: z.string().optional(), minimumInspectionLevel: z.string().optional() }),
  validFrom: instant,
  validUntil: instant.optional(),
});
export const marketAccessList = items(marketAccessEntry);
export const marketAccessDetail = marketAccessEntry.extend({ history });

export const designatedSite = z.looseObject({ ...registerMeta, bureau: z.string(), name: localisedText, categories: z.array(z.string()) });
export const designatedSiteList = items(designatedSite);
export const designatedSiteDetail = designatedSite.extend({ history });

export const goingOutAssessment = z.looseObject({
  ...registerMeta,
  kind: z.enum(['own-use', 'overseas-agricultural']),
  enterprise: z.string(),
  enterpriseName: z.string(),
  bureau: z.string(),
  product: z.looseObject({ description: localisedText, hsPrefixes: z.array(z.string()) }),
  country: z.string(),
  risk: z.enum(['low', 'medium', 'high']),
  summary: z.string(),
  validFrom: instant,
  validUntil: instant,
});
export const goingOutAssessmentPage = paged(goingOutAssessment);
export const goingOutAssessmentDetail = goingOutAssessment.extend({ history });

export const tradeMeasureNote = z.looseObject({
  id: z.string(),
  country: z.string(),
  kind: z.enum(['technical-regulation', 'standard', 'conformity-assessment']),
  hsPrefixes: z.array(z.string()),
  title: localisedText,
  summary: localisedText,
  sourceUrl: z.string(),
  effectiveDate: day,
  bureau: z.string(),
  publishedBy: actor.optional(),
  publishedAt: instant,
});
export const tradeMeasureNotePage = paged(tradeMeasureNote);

export const tradeMeasureSubscription = z.looseObject({
  enterprise: z.string(),
  countries: z.array(z.string()),
  hsPrefixes: z.array(z.string()),
  active: z.boolean(),
  updatedAt: instant,
});
