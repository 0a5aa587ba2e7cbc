import { z } from 'zod';
import { bureauCodeSchema, directionSchema, portCodeSchema, tradeModeSchema, transportModeSchema } from '../codes.ts';
import { containerSchema } from '../container.ts';
import { disposalKindSchema } from '../lifecycle-records.ts';
import {
  MAX_CONTAINERS_PER_CONSIGNMENT,
  MAX_FINDINGS_LENGTH,
  MAX_GOODS_DESCRIPTION_LENGTH,
  MAX_GOODS_LINES,
  MAX_REFERENCE_ID_LENGTH,
} from '../limits.ts';
import { partySchema } from '../party.ts';
import { localisedTextSchema } from '../text.ts';
import { calendarDateSchema } from '../validators/calendar-date.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { hsCodeSchema } from '../validators/hs-code.ts';
import { positiveQuantitySchema, unitCodeSchema } from '../validators/quantity.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { beijingDateTime } from './beijing-time.ts';
import { CERTIFICATE_KIND_RULES, CERTIFICATE_KINDS, DECISION_OUTCOMES } from './certificate-kinds.ts';
import { FORM_RULES, ORIGIN_CRITERIA, ORIGIN_FORMS, ORIGIN_RULES } from '../origin/origin-forms.ts';
import { parseSerial } from './serial.ts';

export { CERTIFICATE_KINDS, CERTIFICATE_KIND_RULES, DECISION_OUTCOMES, type CertificateKind, type DecisionOutcome } from './certificate-kinds.ts';
export { DECISION_CODES, type CertificateReason, type DecisionCode } from './decision.ts';
export { formatSerial, parseSerial, type SerialParts } from './serial.ts';

/**
 * The certificate document: what a bureau signs and anyone can verify (docs/certificates.md).
 * It is self-contained (names and texts are written out, not looked up) because a verifier
 * abroad has the document and the public keys, nothing else. Field names follow the domain and,
 * where they overlap, the UN/CEFACT SPS certificate (ePhyto); the mapping is in the docs.
 * Changing the meaning of a field needs a new `schema` tag: signed documents live for years.
 */
export const CERTIFICATE_SCHEMA_TAG = 'cr-express-certificate/1';

/** The most reasons a certificate lists: the decisive one and the inspection plan's. */
export const MAX_CERTIFICATE_REASONS = 64;
const MAX_TEXT_LENGTH = 2000;
const MAX_IDENTIFIER_LENGTH = 256;

const identifier = z.string().min(1).max(MAX_IDENTIFIER_LENGTH);
const text = z.strictObject({ zh: z.string().min(1).max(MAX_TEXT_LENGTH), en: z.string().min(1).max(MAX_TEXT_LENGTH) });
const calendarDate = calendarDateSchema;
const country = countryCodeSchema;

const certificatePartySchema = partySchema.strict();
const certificateContainerSchema = containerSchema.strict();

/** SPSTradeLineItem: one goods line as filed, numbered from 1. */
export const certificateGoodsLineSchema = z.strictObject({
  sequence: z.number().int().positive(),
  hsCode: hsCodeSchema,
  description: z.string().min(1).max(MAX_GOODS_DESCRIPTION_LENGTH),
  quantity: positiveQuantitySchema,
  unit: unitCodeSchema,
  netWeightKg: z.number().positive(),
  originCountry: countryCodeSchema,
  /** Certificates of origin only: the criterion the line qualifies under (one of its form's). */
  originCriterion: z.enum(ORIGIN_CRITERIA).optional(),
  /** With a transformation criterion (ST, PSR): the rule met, e.g. CTH or RVC 45 %. */
  originRule: z
    .strictObject({
      kind: z.enum(ORIGIN_RULES),
      valueContent: z.number().min(0).max(100).optional(),
      operation: z.string().min(1).max(MAX_TEXT_LENGTH).optional(),
    })
    .optional(),
});
export type CertificateGoodsLine = z.infer<typeof certificateGoodsLineSchema>;

/**
 * A reason's text names what it is about (every permit number, certificate number, goods line),
 * so at the input limits it outgrows other texts: 20 permits of 64 characters are 2,100.
 */
const MAX_REASON_TEXT_LENGTH = 16_000;
const reasonText = z.strictObject({ zh: z.string().min(1).max(MAX_REASON_TEXT_LENGTH), en: z.string().min(1).max(MAX_REASON_TEXT_LENGTH) });

/** A reason: the plan's `{ code, rule, text, goodsLines, refs }`; codes as written, any version. */
export const certificateReasonSchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
  rule: z.string().min(1).max(MAX_TEXT_LENGTH).optional(),
  text: reasonText,
  goodsLines: z.array(z.number().int().nonnegative()).max(MAX_GOODS_LINES).optional(),
  refs: z.array(identifier).max(MAX_CERTIFICATE_REASONS).optional(),
});

export const certificateDisposalSchema = z.strictObject({
  kind: disposalKindSchema,
  text,
  /** The task whose result ordered it, e.g. `destination-inspection`. */
  decidedIn: identifier,
  decidedBy: bureauCodeSchema,
  decidedAt: timestampSchema,
});

export const certificateDecisionSchema = z.strictObject({
  outcome: z.enum(DECISION_OUTCOMES),
  /** The certifying clause printed above the signature. */
  statement: text,
  reasons: z.array(certificateReasonSchema).min(1).max(MAX_CERTIFICATE_REASONS),
  /** Export clearances: direct release by the origin bureau or exchange at the port. */
  clearanceRoute: z.enum(['direct-release', 'port-exchange']).optional(),
  /** Rejections: what must happen to the goods. */
  disposal: certificateDisposalSchema.optional(),
  /** The officer's findings, when the deciding result recorded them. */
  findings: z.string().min(1).max(MAX_FINDINGS_LENGTH).optional(),
});

export const certificateOriginSchema = z.strictObject({
  form: z.enum(ORIGIN_FORMS),
  preferential: z.boolean(),
  exporter: certificatePartySchema,
  /** Only when someone other than the exporter produced the goods. */
  producer: z
    .strictObject({ name: identifier, address: z.string().min(1).max(MAX_TEXT_LENGTH), country, creditCode: z.string().min(1).max(32).optional() })
    .optional(),
  importingCountry: country,
  /** Means of transport and route (box 3 of the forms). */
  transport: z.strictObject({
    mode: transportModeSchema,
    /** The border port the goods leave China by. */
    portCode: portCodeSchema,
    from: identifier,
    to: identifier,
    departureDate: calendarDate,
    trainNumber: identifier.optional(),
    transitCountries: z.array(country).max(10).optional(),
  }),
  invoice: z.strictObject({ number: identifier, date: calendarDate }),
  remarks: z.string().min(1).max(MAX_FINDINGS_LENGTH).optional(),
});
export type CertificateOrigin = z.infer<typeof certificateOriginSchema>;

const documentShape = {
  schema: z.literal(CERTIFICATE_SCHEMA_TAG),
  /** Storage id; the serial is what people quote. */
  id: identifier,
  /** `formatSerial`: checked with the issuer and the year in `documentRules`. */
  serial: z.string().min(1).max(32),
  kind: z.enum(CERTIFICATE_KINDS),
  title: text,
  issuedAt: timestampSchema,
  issuingBureau: z.strictObject({ code: bureauCodeSchema, name: localisedTextSchema.strict(), seat: localisedTextSchema.strict() }),
  /** The officer who decided, by the subject of their token, when a person decided. */
  officer: z.strictObject({ subject: identifier }).optional(),
  consignment: z.strictObject({
    id: identifier,
    direction: directionSchema,
    portCode: portCodeSchema,
    port: text,
    tradeMode: tradeModeSchema,
    transportMode: transportModeSchema,
    trainId: z.string().min(1).max(MAX_REFERENCE_ID_LENGTH).optional(),
    filedAt: timestampSchema,
    exportCountry: countryCodeSchema,
    importCountry: countryCodeSchema,
  }),
  consignor: certificatePartySchema,
  consignee: certificatePartySchema,
  containers: z.array(certificateContainerSchema).min(1).max(MAX_CONTAINERS_PER_CONSIGNMENT),
  goods: z.array(certificateGoodsLineSchema).min(1).max(MAX_GOODS_LINES),
  decision: certificateDecisionSchema,
  /** Certificates of origin only. */
  origin: certificateOriginSchema.optional(),
};

type DocumentFields = z.infer<z.ZodObject<typeof documentShape>>;

function issue(ctx: z.RefinementCtx, path: PropertyKey[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** What holds between the fields: the kind decides outcome, direction and which parts exist. */
function documentRules(doc: DocumentFields, ctx: z.RefinementCtx): void {
  const rule = CERTIFICATE_KIND_RULES[doc.kind];
  const serial = parseSerial(doc.serial);
  if (!serial) issue(ctx, ['serial'], 'serial is not bureau + year + 6-digit sequence');
  else {
    if (serial.bureau !== doc.issuingBureau.code) issue(ctx, ['serial'], `serial is of bureau ${serial.bureau}, issuer is ${doc.issuingBureau.code}`);
    const year = Number.isNaN(Date.parse(doc.issuedAt)) ? serial.year : beijingDateTime(doc.issuedAt).year;
    if (serial.year !== year) issue(ctx, ['serial'], `serial is of year ${serial.year}, issued in ${year} (Beijing time)`);
  }
  if (doc.decision.outcome !== rule.outcome) issue(ctx, ['decision', 'outcome'], `a ${doc.kind} is ${rule.outcome}`);
  if (rule.direction && doc.consignment.direction !== rule.direction) {
    issue(ctx, ['consignment', 'direction'], `a ${doc.kind} is issued for an ${rule.direction}`);
  }
  if ((doc.decision.disposal !== undefined) !== (doc.kind === 'disposal-notice')) {
    issue(ctx, ['decision', 'disposal'], 'a disposal belongs to a disposal notice, and a disposal notice needs one');
  }
  if ((doc.decision.clearanceRoute !== undefined) !== (doc.kind === 'export-clearance')) {
    issue(ctx, ['decision', 'clearanceRoute'], 'a clearance route belongs to an export clearance, and an export clearance needs one');
  }
  doc.goods.forEach((line, index) => {
    if (line.sequence !== index + 1) issue(ctx, ['goods', index, 'sequence'], `line ${index + 1} has sequence ${line.sequence}`);
  });

  const origin = doc.origin;
  if ((origin !== undefined) !== (doc.kind === 'certificate-of-origin')) {
    issue(ctx, ['origin'], 'origin details belong to a certificate of origin, and a certificate of origin needs them');
  }
  if (!origin) {
    doc.goods.forEach((line, index) => {
      if (line.originCriterion !== undefined || line.originRule !== undefined) {
        issue(ctx, ['goods', index, 'originCriterion'], 'an origin criterion belongs to a certificate of origin');
      }
    });
    return;
  }
  const form = FORM_RULES[origin.form];
  if (origin.preferential !== form.preferential) issue(ctx, ['origin', 'preferential'], `form ${origin.form} is ${form.preferential ? '' : 'not '}preferential`);
  if (form.importingCountry && origin.importingCountry !== form.importingCountry) {
    issue(ctx, ['origin', 'importingCountry'], `form ${origin.form} is for imports into ${form.importingCountry}`);
  }
  doc.goods.forEach((line, index) => {
    if (line.originCountry !== 'CN') issue(ctx, ['goods', index, 'originCountry'], 'a Chinese certificate of origin certifies goods of Chinese origin');
    if (line.originCriterion === undefined || !form.criteria.includes(line.originCriterion)) {
      issue(ctx, ['goods', index, 'originCriterion'], `origin criterion must be one of ${form.criteria.join(', ')}`);
    }
  });
}

export const certificateDocumentObjectSchema = z.strictObject(documentShape);
export const certificateDocumentSchema = certificateDocumentObjectSchema.superRefine(documentRules);
export type CertificateDocument = z.infer<typeof certificateDocumentSchema>;
