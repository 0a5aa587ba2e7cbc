import { z } from 'zod';
import {
  bureauCodeSchema,
  directionSchema,
  portCodeSchema,
  tradeModeSchema,
  transportModeSchema,
  type BureauCode,
} from './codes.ts';
import { consignmentStatusSchema } from './consignment-status.ts';
import { containerSchema } from './container.ts';
import { goodsLineSchema } from './goods-line.ts';
import { inspectionPlanSchema } from './inspection-plan.ts';
import {
  MAX_CONTAINERS_PER_CONSIGNMENT,
  MAX_GOODS_LINES,
  MAX_PERMITS,
  MAX_REFERENCE_ID_LENGTH,
  MAX_THIRD_PARTY_CERTIFICATES,
  tooLong,
  tooMany,
} from './limits.ts';
import { partySchema, type Party } from './party.ts';
import { permitReferenceSchema } from './permit-reference.ts';
import { portBureau } from './reference/ports.ts';
import { bilingual } from './text.ts';
import { thirdPartyCertificateSchema } from './third-party-certificate.ts';
import { isValidCreditCode } from './validators/credit-code.ts';
import { timestampSchema } from './validators/timestamp.ts';
import { certificateReferenceSchema, clearanceDocumentSchema, disposalSchema } from './lifecycle-records.ts';
import { journeyBorderBureau, journeyIssues, journeyPlan, journeySchema } from './multimodal/journey.ts';
import { parcelManifestSummarySchema } from './parcels/parcel-manifest.ts';
import { maintenanceFilingIssues, maintenanceFilingSchema } from './maintenance/maintenance-pair.ts';

export {
  CONSIGNMENT_STATUSES,
  TERMINAL_STATUSES,
  consignmentStatusSchema,
  isTerminalStatus,
  type ConsignmentStatus,
  type TerminalStatus,
} from './consignment-status.ts';

/**
 * The filing (报检): the electronic declaration that starts a consignment. Field names are
 * the HTTP API contract (POST /consignments).
 */
const filingShape = {
  direction: directionSchema,
  portCode: portCodeSchema,
  tradeMode: tradeModeSchema,
  transportMode: transportModeSchema,
  /** Imports: the bureau that inspects inland and decides release (目的地检验检疫机构). */
  destinationBureau: bureauCodeSchema.optional(),
  /** Exports: the origin or purchase-location bureau (产地局或采购地检验检疫机构). */
  originBureau: bureauCodeSchema.optional(),
  consignor: partySchema,
  consignee: partySchema,
  /** At most a train's worth (docs/limits.md). */
  containers: z
    .array(containerSchema, { error: bilingual('集装箱须为数组', 'containers must be an array') })
    .min(1, { error: bilingual('至少申报一个集装箱', 'at least one container is required') })
    .max(MAX_CONTAINERS_PER_CONSIGNMENT, {
      error: bilingual(
        `一批货物最多申报 ${MAX_CONTAINERS_PER_CONSIGNMENT} 个集装箱（一列班列的运量）`,
        `at most ${MAX_CONTAINERS_PER_CONSIGNMENT} containers per consignment (a train's worth)`,
      ),
    }),
  /** At most as many lines as a customs declaration form holds. */
  goods: z
    .array(goodsLineSchema, { error: bilingual('货物须为数组', 'goods must be an array') })
    .min(1, { error: bilingual('至少申报一项货物', 'at least one goods line is required') })
    .max(MAX_GOODS_LINES, {
      error: bilingual(`一批货物最多申报 ${MAX_GOODS_LINES} 项货物`, `at most ${MAX_GOODS_LINES} goods lines per consignment`),
    }),
  trainId: z
    .string({ error: bilingual('班列编号须为字符串', 'trainId must be a string') })
    .trim()
    .min(1, { error: bilingual('班列编号不能为空', 'trainId must not be empty') })
    .max(MAX_REFERENCE_ID_LENGTH, { error: tooLong('班列编号', 'trainId', MAX_REFERENCE_ID_LENGTH) })
    .optional(),
  permits: z
    .array(permitReferenceSchema, { error: bilingual('许可证须为数组', 'permits must be an array') })
    .max(MAX_PERMITS, { error: tooMany('许可证或审批单', 'permits', MAX_PERMITS) })
    .optional(),
  thirdPartyCertificates: z
    .array(thirdPartyCertificateSchema, { error: bilingual('第三方证书须为数组', 'thirdPartyCertificates must be an array') })
    .max(MAX_THIRD_PARTY_CERTIFICATES, { error: tooMany('第三方证书', 'third-party certificates', MAX_THIRD_PARTY_CERTIFICATES) })
    .optional(),
  /** §10: the legs of a multimodal journey (rail-air, sea-rail), supervised as one chain (multimodal/journey.ts). */
  journey: journeySchema.optional(),
  /** §5 global maintenance: the repair import's re-export deadline, or the re-export's import (maintenance/). */
  maintenance: maintenanceFilingSchema.optional(),
};

type FilingFields = z.infer<z.ZodObject<typeof filingShape>>;

/** The party on the Chinese side: consignee of an import, consignor of an export. */
export function chinesePartyOf(filing: Pick<FilingFields, 'direction' | 'consignor' | 'consignee'>): Party {
  return filing.direction === 'import' ? filing.consignee : filing.consignor;
}

/** What a consignment keeps of its bureaus once filed (`responsibleBureausOf`). */
interface StoredBureaus<B extends string> {
  portBureau: B;
  responsibleBureaus: readonly B[];
}

/**
 * The bureau that inspects inland: destination (import) or origin (export). A filing names it; a
 * stored consignment, and every summary of one, keeps it among its responsible bureaus beside the
 * port bureau (the two may be the same bureau).
 */
export function inlandBureauOf<B extends string>(consignment: StoredBureaus<B>): B;
export function inlandBureauOf(filing: Pick<FilingFields, 'direction' | 'destinationBureau' | 'originBureau'>): BureauCode;
export function inlandBureauOf(source: StoredBureaus<string> | Pick<FilingFields, 'direction' | 'destinationBureau' | 'originBureau'>): string {
  if ('responsibleBureaus' in source) return source.responsibleBureaus.find((b) => b !== source.portBureau) ?? source.portBureau;
  const bureau = source.direction === 'import' ? source.destinationBureau : source.originBureau;
  // A parsed filing always has it (filingRules); the guard keeps callers with raw data honest.
  if (!bureau) throw new Error(`filing has no ${source.direction === 'import' ? 'destination' : 'origin'} bureau`);
  return bureau;
}

/** Bureaus that may act on the consignment: the port bureau and the inland bureau. */
export function responsibleBureausOf(
  filing: Pick<FilingFields, 'direction' | 'portCode' | 'destinationBureau' | 'originBureau'> & Partial<Pick<FilingFields, 'transportMode' | 'journey'>>,
): BureauCode[] {
  // §10: the bureau where a declared journey changes mode acts on it too (the hand-over).
  const handOver = filing.transportMode === undefined ? undefined : journeyPlan({ ...filing, transportMode: filing.transportMode })?.handOver.bureau;
  return [...new Set([portBureauOfFiling(filing), inlandBureauOf(filing), ...(handOver === undefined ? [] : [handOver])])];
}

/** The bureau of the border crossing: the filing's rail port, or the seaport or airport of a declared journey (§10). */
function portBureauOfFiling(filing: Pick<FilingFields, 'direction' | 'portCode' | 'destinationBureau' | 'originBureau'> & Partial<Pick<FilingFields, 'transportMode' | 'journey'>>): BureauCode {
  const viaJourney = filing.transportMode === undefined ? undefined : journeyBorderBureau({ ...filing, transportMode: filing.transportMode });
  return viaJourney ?? portBureau(filing.portCode);
}

const IMPORT_ONLY_TRADE_MODES = new Set(['overseas-grown-agricultural']);
const EXPORT_ONLY_TRADE_MODES = new Set(['market-procurement']);

function filingRules(filing: FilingFields, ctx: z.RefinementCtx): void {
  const isImport = filing.direction === 'import';
  const required = isImport ? 'destinationBureau' : 'originBureau';
  const forbidden = isImport ? 'originBureau' : 'destinationBureau';
  const inland = filing[required];
  if (!inland) {
    ctx.addIssue({
      code: 'custom',
      path: [required],
      message: isImport
        ? bilingual('进口须填写目的地直属局', 'destinationBureau is required for an import')
        : bilingual('出口须填写产地（采购地）直属局', 'originBureau is required for an export'),
    });
  } else if (inland === 'HQ') {
    ctx.addIssue({
      code: 'custom',
      path: [required],
      message: bilingual('总局不实施检验检疫，请填写直属局', 'HQ does not inspect; name a bureau'),
    });
  }
  if (filing[forbidden] !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: [forbidden],
      message: isImport
        ? bilingual('进口不填写产地直属局', 'originBureau is only for an export')
        : bilingual('出口不填写目的地直属局', 'destinationBureau is only for an import'),
    });
  }

  const chineseRole = isImport ? 'consignee' : 'consignor';
  const chinese = filing[chineseRole];
  if (chinese.country !== 'CN') {
    ctx.addIssue({
      code: 'custom',
      path: [chineseRole, 'country'],
      message: isImport
        ? bilingual('进口的收货人须为中国企业（CN）', 'the consignee of an import must be in China (CN)')
        : bilingual('出口的发货人须为中国企业（CN）', 'the consignor of an export must be in China (CN)'),
    });
  }
  if (chinese.creditCode === undefined || !isValidCreditCode(chinese.creditCode)) {
    ctx.addIssue({
      code: 'custom',
      path: [chineseRole, 'creditCode'],
      message: bilingual(
        '中方企业须填写有效的统一社会信用代码',
        'the Chinese party needs a valid unified social credit code',
      ),
    });
  }

  const seen = new Map<string, number>();
  filing.containers.forEach((container, index) => {
    const first = seen.get(container.number);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['containers', index, 'number'],
        message: bilingual(
          `集装箱号 ${container.number} 与第 ${first + 1} 个重复`,
          `container number ${container.number} repeats container ${first + 1}`,
        ),
      });
    } else {
      seen.set(container.number, index);
    }
  });

  if (isImport && EXPORT_ONLY_TRADE_MODES.has(filing.tradeMode)) {
    ctx.addIssue({
      code: 'custom',
      path: ['tradeMode'],
      message: bilingual('市场采购贸易仅适用于出口', 'market-procurement applies to exports only'),
    });
  }
  if (!isImport && IMPORT_ONLY_TRADE_MODES.has(filing.tradeMode)) {
    ctx.addIssue({
      code: 'custom',
      path: ['tradeMode'],
      message: bilingual('境外种植农产品仅适用于进口', 'overseas-grown-agricultural applies to imports only'),
    });
  }

  // §10: a declared journey is one chain the bureaus can supervise (multimodal/journey.ts).
  for (const issue of journeyIssues(filing)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  // §5: a global-maintenance import declares its re-export deadline, a re-export its import (maintenance/).
  for (const issue of maintenanceFilingIssues(filing)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });

  const permits = filing.permits ?? [];
  permits.forEach((permit, index) => {
    if (permit.goodsLine !== undefined && permit.goodsLine >= filing.goods.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['permits', index, 'goodsLine'],
        message: bilingual('许可证对应的货物项不存在', 'the goods line of the permit does not exist'),
      });
    }
  });
  // Special items (biologicals, blood products...) cross the border only with a health
  // quarantine approval, in both directions.
  filing.goods.forEach((line, index) => {
    if (!line.categories.includes('special-item')) return;
    const covered = permits.some(
      (p) => p.kind === 'special-item-health' && (p.goodsLine === undefined || p.goodsLine === index),
    );
    if (!covered) {
      ctx.addIssue({
        code: 'custom',
        path: ['goods', index, 'categories'],
        message: bilingual(
          '特殊物品须附出入境特殊物品卫生检疫审批单',
          'a special item needs a special-item-health approval in permits',
        ),
      });
    }
  });
}

/** Base object without cross-field rules, for partial reuse (e.g. a draft PATCH). */
export const consignmentFilingObjectSchema = z.object(filingShape);

export const consignmentFilingSchema = consignmentFilingObjectSchema.superRefine(filingRules);
export type ConsignmentFiling = z.infer<typeof consignmentFilingSchema>;
/** What a client sends (before trimming and normalisation). */
export type ConsignmentFilingInput = z.input<typeof consignmentFilingSchema>;

export const consignmentSchema = z
  .object({
    ...filingShape,
    id: z.string().min(1).max(64),
    status: consignmentStatusSchema,
    /** Optimistic lock: incremented by every state change. */
    version: z.number().int().positive(),
    /** Filing time; third-party certificates must be valid at this instant. */
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    portBureau: bureauCodeSchema,
    responsibleBureaus: z.array(bureauCodeSchema).min(1),
    inspectionPlan: inspectionPlanSchema.optional(),
    /**
     * The workflow routed on the plan (port inspection or not) after this step: from then on an
     * alert that takes effect can no longer add port inspection (`alerts/alert-effects.ts`).
     */
    planSettled: z.object({ after: z.string().min(1), at: timestampSchema }).optional(),
    /** The workflow execution that carries the consignment through its lifecycle. */
    executionArn: z.string().min(1).optional(),
    /** Exports: the electronic clearance document (通关单) issued on release. */
    clearanceDocument: clearanceDocumentSchema.optional(),
    /** How a nonconformity was disposed of, when one was found. */
    disposal: disposalSchema.optional(),
    /** The signed certificates issued for it (the certificate at its close, certificates of origin). */
    certificates: z.array(certificateReferenceSchema).optional(),
    /** §5 list-based supervision: what the item keeps of its parcel manifest (the lines are stored apart, parcels/). */
    parcelManifest: parcelManifestSummarySchema.optional(),
  })
  .superRefine(filingRules);
export type Consignment = z.infer<typeof consignmentSchema>;

/** A new consignment from a validated filing: status `filed`, version 1. */
export function createConsignment(
  filing: ConsignmentFiling,
  meta: { id: string; at: string },
): Consignment {
  return {
    ...filing,
    id: meta.id,
    status: 'filed',
    version: 1,
    createdAt: meta.at,
    updatedAt: meta.at,
    portBureau: portBureauOfFiling(filing),
    responsibleBureaus: responsibleBureausOf(filing),
  };
}
