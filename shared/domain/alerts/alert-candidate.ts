import { z } from 'zod';
import type { BureauCode, Direction } from '../codes.ts';
import type { GoodsLine } from '../goods-line.ts';
import { bilingual } from '../text.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { alertDescriptionSchema, alertKindSchema, alertMeasureSchema, alertSourceSchema, type AlertPublication } from './alert.ts';

/**
 * Alert candidates (408号 三（七）: "及时通报……检验检疫不合格信息"): every failed inspection of a
 * consignment (port checks, port inspection, destination or origin inspection) counts against
 * each (country of origin, HS heading) pair of its goods, so that HQ sees where nonconformities
 * gather and can publish an alert for the pair with one request.
 */
export const NONCONFORMITY_TASK_KINDS = ['port-checks', 'port-inspection', 'destination-inspection', 'origin-inspection'] as const;
export type NonconformityTaskKind = (typeof NONCONFORMITY_TASK_KINDS)[number];

export const isNonconformityTaskKind = (kind: string): kind is NonconformityTaskKind => (NONCONFORMITY_TASK_KINDS as readonly string[]).includes(kind);

/** `<country>-<HS heading>`, e.g. `PL-0203`: a key and a URL segment. */
export const candidateKeySchema = z
  .string({ error: bilingual('候选编号须为字符串', 'key must be a string') })
  .regex(/^[A-Z]{2}-\d{4}$/, { error: bilingual('候选编号为“国家代码-四位 HS 品目”，例如 PL-0203', 'key is <country>-<4-digit HS heading>, e.g. PL-0203') });
export const candidatePathSchema = z.object({ key: candidateKeySchema });

export const candidateKeyOf = (country: string, hsCode: string) => `${country}-${hsCode.slice(0, 4)}`;

/** The pairs a consignment's goods fall in, each once. */
export function candidatePairsOf(goods: readonly Pick<GoodsLine, 'originCountry' | 'hsCode'>[]): Array<{ key: string; country: string; heading: string }> {
  const pairs = new Map<string, { key: string; country: string; heading: string }>();
  for (const line of goods) {
    const key = candidateKeyOf(line.originCountry, line.hsCode);
    pairs.set(key, { key, country: line.originCountry, heading: line.hsCode.slice(0, 4) });
  }
  return [...pairs.values()];
}

/** One failed inspection, as a candidate lists it (one per consignment: the first that failed). */
export interface Nonconformity {
  consignmentId: string;
  kind: NonconformityTaskKind;
  bureau: BureauCode;
  direction: Direction;
  at: string;
}

export interface AlertCandidate {
  key: string;
  country: string;
  heading: string;
  /** The consignments found nonconforming since the last alert published from the candidate, newest first. */
  nonconformities: Nonconformity[];
  firstAt: string;
  lastAt: string;
  lastPublished?: { alertId: string; at: string; nonconformities: number };
}

/**
 * POST /alert-candidates/{key}/publish: the candidate's country and heading make the coverage;
 * the rest has defaults a click accepts (a product-nonconformity alert whose description lists
 * what was found), so only the measure and the end are required.
 */
export const candidatePublicationSchema = z
  .object({
    kind: alertKindSchema.optional(),
    measure: alertMeasureSchema,
    validFrom: timestampSchema.optional(),
    validUntil: timestampSchema,
    source: alertSourceSchema.optional(),
    description: alertDescriptionSchema.optional(),
  })
  .strict();
export type CandidatePublication = z.infer<typeof candidatePublicationSchema>;

/** The alert a candidate becomes: its pair, and what was found as its source and description. */
export function publicationFromCandidate(candidate: AlertCandidate, request: CandidatePublication): AlertPublication {
  const count = candidate.nonconformities.length;
  const kinds = [...new Set(candidate.nonconformities.map((n) => n.kind))].join(', ');
  return {
    kind: request.kind ?? 'product-nonconformity',
    countries: [candidate.country],
    hsPrefixes: [candidate.heading],
    measure: request.measure,
    ...(request.validFrom !== undefined && { validFrom: request.validFrom }),
    validUntil: request.validUntil,
    source: request.source ?? `检验检疫不合格信息 ${count} 批 / ${count} nonconforming consignment(s)`,
    description: request.description ?? {
      zh: `原产${candidate.country}、HS 品目 ${candidate.heading} 的货物自 ${candidate.firstAt} 起检验检疫不合格 ${count} 批（${kinds}）`,
      en: `${count} consignment(s) of HS heading ${candidate.heading} from ${candidate.country} failed inspection since ${candidate.firstAt} (${kinds})`,
    },
  };
}
