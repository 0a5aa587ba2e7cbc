import type { BureauCode } from '../codes.ts';
import type { Consignment } from '../consignment.ts';
import type { DisposalRecord } from '../lifecycle-records.ts';
import type { Party } from '../party.ts';
import { bureauByCode } from '../reference/bureaus.ts';
import { portByCode } from '../reference/ports.ts';
import { CERTIFICATE_KIND_RULES, type CertificateKind } from './certificate-kinds.ts';
import {
  CERTIFICATE_SCHEMA_TAG,
  certificateDocumentSchema,
  type CertificateDocument,
  type CertificateGoodsLine,
  type CertificateOrigin,
} from './certificate-document.ts';
import { exportReleased, importReleased, nonconformity, originCertified, type CertificateReason, type ClearanceRoute } from './decision.ts';
import { DISPOSAL_LABELS } from './labels.ts';
import type { OriginGoodsLine } from '../origin/origin-application.ts';
import { FORM_RULES, type OriginForm } from '../origin/origin-forms.ts';
import { ORIGIN_CERTIFICATION } from './origin-certification.ts';

/**
 * What a certificate of origin adds to its export consignment: the approved application
 * (shared/domain/origin), which can be passed as it is. Only the goods lines it names are
 * certified, each with the criterion (and rule) it claims.
 */
export interface OriginCertificateDetails {
  form: OriginForm;
  exporter: Party;
  importingCountry: string;
  goods: ReadonlyArray<Pick<OriginGoodsLine, 'goodsLine' | 'criterion' | 'rule'>>;
  producer?: { name: string; address: string; country: string; creditCode?: string | undefined } | undefined;
  invoice: { number: string; date: string };
  transport: { from: string; to: string; departureDate: string; trainNumber?: string | undefined; transitCountries?: string[] | undefined };
  remarks?: string | undefined;
}

export interface CertificateDocumentInput {
  kind: CertificateKind;
  id: string;
  /** From `formatSerial(issuingBureau, beijingDateTime(issuedAt).year, sequence)`. */
  serial: string;
  issuedAt: string;
  issuingBureau: BureauCode;
  officer?: { subject: string };
  consignment: Consignment;
  /** A disposal notice's disposal; defaults to the one recorded on the consignment. */
  disposal?: DisposalRecord;
  findings?: string;
  /**
   * The reasons listed after the decisive one; default: the inspection plan's for a clearance,
   * an inspection certificate or a disposal notice, none for a certificate of origin.
   */
  reasons?: readonly CertificateReason[];
  origin?: OriginCertificateDetails;
}

function clearanceRoute(input: CertificateDocumentInput): ClearanceRoute {
  const planned = input.consignment.inspectionPlan?.clearanceDocument?.route;
  if (planned) return planned;
  return input.issuingBureau === input.consignment.portBureau ? 'port-exchange' : 'direct-release';
}

function originOf(origin: OriginCertificateDetails, c: Consignment): CertificateOrigin {
  const t = origin.transport;
  return {
    form: origin.form,
    preferential: FORM_RULES[origin.form].preferential,
    exporter: partyOf(origin.exporter),
    ...(origin.producer && {
      producer: {
        name: origin.producer.name,
        address: origin.producer.address,
        country: origin.producer.country,
        ...(origin.producer.creditCode && { creditCode: origin.producer.creditCode }),
      },
    }),
    importingCountry: origin.importingCountry,
    transport: {
      mode: c.transportMode,
      portCode: c.portCode,
      from: t.from,
      to: t.to,
      departureDate: t.departureDate,
      ...(t.trainNumber && { trainNumber: t.trainNumber }),
      ...(t.transitCountries?.length && { transitCountries: [...t.transitCountries] }),
    },
    invoice: { number: origin.invoice.number, date: origin.invoice.date },
    ...(origin.remarks && { remarks: origin.remarks }),
  };
}

/** The lines a certificate covers: all of the consignment's, or those a CO application names. */
function goodsOf(input: CertificateDocumentInput): CertificateGoodsLine[] {
  const lines = input.consignment.goods;
  const entries = input.origin?.goods ?? lines.map((_, goodsLine) => ({ goodsLine }));
  return entries.map((entry, index) => {
    const line = lines[entry.goodsLine];
    if (!line) throw new RangeError(`consignment ${input.consignment.id} has no goods line ${entry.goodsLine}`);
    const origin = 'criterion' in entry ? entry : undefined;
    return {
      sequence: index + 1,
      hsCode: line.hsCode,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit,
      netWeightKg: line.netWeightKg,
      originCountry: line.originCountry,
      ...(origin && { originCriterion: origin.criterion }),
      ...(origin?.rule && {
        originRule: {
          kind: origin.rule.kind,
          ...(origin.rule.valueContent !== undefined && { valueContent: origin.rule.valueContent }),
          ...(origin.rule.operation !== undefined && { operation: origin.rule.operation }),
        },
      }),
    };
  });
}

function decisionOf(input: CertificateDocumentInput, bureauName: { zh: string; en: string }): CertificateDocument['decision'] {
  const c = input.consignment;
  const rule = CERTIFICATE_KIND_RULES[input.kind];
  const planReasons = input.reasons ?? (input.kind === 'certificate-of-origin' ? [] : (c.inspectionPlan?.reasons ?? []));
  const findings = input.findings !== undefined ? { findings: input.findings } : {};
  switch (input.kind) {
    case 'export-clearance': {
      const route = clearanceRoute(input);
      return { outcome: rule.outcome, statement: rule.statement, reasons: [exportReleased(bureauName, route), ...planReasons], clearanceRoute: route, ...findings };
    }
    case 'import-inspection-certificate':
      return { outcome: rule.outcome, statement: rule.statement, reasons: [importReleased(bureauName), ...planReasons], ...findings };
    case 'disposal-notice': {
      const disposal = input.disposal ?? c.disposal;
      if (!disposal) throw new Error(`consignment ${c.id} has no disposal to notify`);
      return {
        outcome: rule.outcome,
        statement: rule.statement,
        reasons: [nonconformity(disposal.kind, disposal.decidedIn), ...planReasons],
        disposal: {
          kind: disposal.kind,
          text: DISPOSAL_LABELS[disposal.kind],
          decidedIn: disposal.decidedIn,
          decidedBy: disposal.bureau,
          decidedAt: disposal.at,
        },
        ...findings,
      };
    }
    case 'certificate-of-origin': {
      if (!input.origin) throw new Error('a certificate of origin needs its origin details');
      return { outcome: rule.outcome, statement: ORIGIN_CERTIFICATION[input.origin.form].statement, reasons: [originCertified(bureauName, input.origin.form), ...planReasons], ...findings };
    }
  }
}

/**
 * The certificate document for a consignment at the decision that ends it (release or
 * rejection) or at the certification of its origin. Pure: the caller allocates the id and the
 * serial and signs the result. Throws a ZodError when the parts do not make a valid document
 * (e.g. an import clearance, or origin criteria that are not the form's).
 */
export function certificateDocumentFor(input: CertificateDocumentInput): CertificateDocument {
  const c = input.consignment;
  const bureau = bureauByCode(input.issuingBureau);
  const origin = input.origin && originOf(input.origin, c);
  const document: CertificateDocument = {
    schema: CERTIFICATE_SCHEMA_TAG,
    id: input.id,
    serial: input.serial,
    kind: input.kind,
    title: origin ? FORM_RULES[origin.form].title : CERTIFICATE_KIND_RULES[input.kind].title,
    issuedAt: input.issuedAt,
    issuingBureau: { code: bureau.code, name: bureau.name, seat: bureau.seat },
    ...(input.officer && { officer: { subject: input.officer.subject } }),
    consignment: {
      id: c.id,
      direction: c.direction,
      portCode: c.portCode,
      port: portByCode(c.portCode).name,
      tradeMode: c.tradeMode,
      transportMode: c.transportMode,
      ...(c.trainId && { trainId: c.trainId }),
      filedAt: c.createdAt,
      exportCountry: c.consignor.country,
      importCountry: c.consignee.country,
    },
    consignor: partyOf(c.consignor),
    consignee: partyOf(c.consignee),
    containers: c.containers.map((container) => ({ number: container.number, ...(container.sealNumber && { sealNumber: container.sealNumber }) })),
    goods: goodsOf(input),
    decision: decisionOf(input, bureau.name),
    ...(origin && { origin }),
  };
  return certificateDocumentSchema.parse(document);
}

function partyOf(party: Party): Party {
  return { name: party.name, country: party.country, ...(party.creditCode && { creditCode: party.creditCode }) };
}
