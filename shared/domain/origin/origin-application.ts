import { z } from 'zod';
import type { BureauCode } from '../codes.ts';
import type { Consignment } from '../consignment.ts';
import {
  MAX_CERTIFICATE_NUMBER_LENGTH,
  MAX_CITY_NAME_LENGTH,
  MAX_FINDINGS_LENGTH,
  MAX_GOODS_LINES,
  MAX_PARTY_NAME_LENGTH,
  MAX_REFERENCE_ID_LENGTH,
  tooLong,
  tooMany,
} from '../limits.ts';
import type { Party } from '../party.ts';
import { bilingual } from '../text.ts';
import { beijingDate, calendarDateSchema } from '../validators/calendar-date.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { creditCodeSchema } from '../validators/credit-code.ts';
import { FORM_RULES, originCriterionSchema, originFormSchema, originRuleSchema, type OriginCriterion, type OriginForm, type OriginRule } from './origin-forms.ts';

/**
 * The paperless application for a certificate of origin (原产地签证无纸化申报, POST
 * /origin-certificate-applications): the declarant of an export's Chinese consignor names the
 * consignment, the form, and per goods line of the consignment the criterion it claims, with the
 * invoice, the transport and its declaration. The goods themselves (HS code, description,
 * quantity) are the filing's: a certificate cannot describe goods other than those declared.
 */
const text = (zh: string, en: string, max: number) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
    .max(max, { error: tooLong(zh, en, max) });

const ruleSchema = z.object({
  kind: originRuleSchema,
  /** RVC or VA: the value content the goods reach, in percent. */
  valueContent: z
    .number({ error: bilingual('价值成分须为数字（百分比）', 'valueContent must be a number (percent)') })
    .min(0, { error: bilingual('价值成分不小于 0', 'valueContent must be at least 0') })
    .max(100, { error: bilingual('价值成分不超过 100', 'valueContent must be at most 100') })
    .optional(),
  /** PROCESS: the manufacturing or processing operation carried out in China. */
  operation: text('加工工序', 'operation', MAX_CITY_NAME_LENGTH).optional(),
});

const goodsEntrySchema = z.object({
  /** Which goods line of the consignment (0-based, as a filing's `permits[].goodsLine`). */
  goodsLine: z
    .number({ error: bilingual('货物项序号须为数字', 'goodsLine must be a number') })
    .int({ error: bilingual('货物项序号须为整数', 'goodsLine must be an integer') })
    .min(0, { error: bilingual('货物项序号从 0 开始', 'goodsLine counts from 0') })
    .max(MAX_GOODS_LINES - 1, { error: bilingual(`货物项序号不超过 ${MAX_GOODS_LINES - 1}`, `goodsLine must be at most ${MAX_GOODS_LINES - 1}`) }),
  criterion: originCriterionSchema,
  rule: ruleSchema.optional(),
});

const producerSchema = z.object({
  name: text('生产商名称', 'producer name', MAX_PARTY_NAME_LENGTH),
  address: text('生产商地址', 'producer address', MAX_PARTY_NAME_LENGTH),
  country: countryCodeSchema,
  creditCode: creditCodeSchema.optional(),
});

const applicationShape = {
  consignmentId: text('货物编号', 'consignmentId', MAX_REFERENCE_ID_LENGTH),
  form: originFormSchema,
  goods: z
    .array(goodsEntrySchema, { error: bilingual('货物须为数组', 'goods must be an array') })
    .min(1, { error: bilingual('至少申报一项货物的原产地标准', 'name the origin criterion of at least one goods line') })
    .max(MAX_GOODS_LINES, { error: tooMany('货物项', 'goods lines', MAX_GOODS_LINES) }),
  /** Only when someone other than the exporter produced the goods. */
  producer: producerSchema.optional(),
  invoice: z.object({
    number: text('发票号', 'invoice number', MAX_CERTIFICATE_NUMBER_LENGTH),
    date: calendarDateSchema,
  }),
  transport: z.object({
    /** Where the goods are loaded and where they go, as the certificate's transport box says. */
    from: text('启运地', 'from', MAX_CITY_NAME_LENGTH),
    to: text('目的地', 'to', MAX_CITY_NAME_LENGTH),
    departureDate: calendarDateSchema,
    trainNumber: text('班列车次', 'trainNumber', MAX_REFERENCE_ID_LENGTH).optional(),
    /** Countries the goods cross before the importing country (an agreement's direct-transport rule). */
    transitCountries: z
      .array(countryCodeSchema, { error: bilingual('过境国家须为数组', 'transitCountries must be an array') })
      .max(10, { error: tooMany('过境国家', 'transit countries', 10) })
      .optional(),
  }),
  /** 申请人声明: the applicant answers for the truth of the application. */
  declaration: z.object({
    signatory: text('申报员姓名', 'signatory', MAX_PARTY_NAME_LENGTH),
    place: text('申报地点', 'place', MAX_CITY_NAME_LENGTH),
    agreed: z.literal(true, {
      error: bilingual('须声明所填内容真实、货物符合原产地规则（agreed: true）', 'the applicant must declare the application true and the goods compliant (agreed: true)'),
    }),
  }),
  remarks: text('备注', 'remarks', MAX_FINDINGS_LENGTH).optional(),
};

type ApplicationFields = z.infer<z.ZodObject<typeof applicationShape>>;

/** The rules of the form the application names: its criteria, and the rule each one rests on. */
function formRules(application: ApplicationFields, ctx: z.RefinementCtx): void {
  const rules = FORM_RULES[application.form];
  const seen = new Map<number, number>();
  application.goods.forEach((entry, i) => {
    const at = (...path: Array<string | number>) => ['goods', i, ...path];
    const first = seen.get(entry.goodsLine);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: at('goodsLine'), message: bilingual(`货物项 ${entry.goodsLine} 与第 ${first + 1} 项重复`, `goods line ${entry.goodsLine} repeats entry ${first + 1}`) });
    } else seen.set(entry.goodsLine, i);

    if (!rules.criteria.includes(entry.criterion)) {
      ctx.addIssue({
        code: 'custom',
        path: at('criterion'),
        message: bilingual(`${rules.title.zh}的原产地标准为 ${rules.criteria.join('、')}`, `the ${application.form} form takes the criteria ${rules.criteria.join(', ')}`),
      });
      return;
    }
    ruleProblems(application.form, entry.criterion, entry.rule).forEach((problem) => ctx.addIssue({ code: 'custom', path: at(...problem.path), message: problem.message }));
  });
}

function ruleProblems(form: OriginForm, criterion: OriginCriterion, rule: z.infer<typeof ruleSchema> | undefined): Array<{ path: string[]; message: string }> {
  const { transformation, valueContent } = FORM_RULES[form];
  if (criterion !== transformation.criterion) {
    return rule === undefined ? [] : [{ path: ['rule'], message: bilingual(`原产地标准 ${criterion} 不需要规则`, `criterion ${criterion} takes no rule`) }];
  }
  if (rule === undefined) {
    return [{ path: ['rule'], message: bilingual(`原产地标准 ${criterion} 须写明所依据的规则`, `criterion ${criterion} names the rule the goods meet`) }];
  }
  if (!transformation.rules.includes(rule.kind)) {
    return [{ path: ['rule', 'kind'], message: bilingual(`${criterion} 可依据的规则为 ${transformation.rules.join('、')}`, `under ${form}, ${criterion} rests on ${transformation.rules.join(', ')}`) }];
  }
  const problems: Array<{ path: string[]; message: string }> = [];
  if (rule.kind === valueContent.rule) {
    const short = rule.valueContent === undefined || (valueContent.exclusive ? rule.valueContent <= valueContent.min : rule.valueContent < valueContent.min);
    if (short) {
      const bound = valueContent.exclusive ? `超过 ${valueContent.min}%` : `不低于 ${valueContent.min}%`;
      const boundEn = valueContent.exclusive ? `more than ${valueContent.min}%` : `at least ${valueContent.min}%`;
      problems.push({ path: ['rule', 'valueContent'], message: bilingual(`${rule.kind} 价值成分须${bound}`, `${rule.kind} needs a value content of ${boundEn}`) });
    }
  } else if (rule.valueContent !== undefined) {
    problems.push({ path: ['rule', 'valueContent'], message: bilingual(`规则 ${rule.kind} 不填价值成分`, `rule ${rule.kind} has no value content`) });
  }
  if (rule.kind === 'PROCESS' && rule.operation === undefined) {
    problems.push({ path: ['rule', 'operation'], message: bilingual('加工工序标准须写明工序', 'a PROCESS rule describes the operation') });
  }
  if (rule.kind !== 'PROCESS' && rule.operation !== undefined) {
    problems.push({ path: ['rule', 'operation'], message: bilingual(`规则 ${rule.kind} 不填加工工序`, `rule ${rule.kind} has no operation`) });
  }
  return problems;
}

export const originApplicationSchema = z.object(applicationShape).superRefine(formRules);
export type OriginApplicationRequest = z.infer<typeof originApplicationSchema>;
export type OriginApplicationInput = z.input<typeof originApplicationSchema>;

/**
 * What the application must agree with in the consignment it names (checked before anything is
 * written): an export, goods lines that exist and are of Chinese origin, the importing country
 * of the form, and an invoice made out by the day of the application.
 */
export function applicationProblems(
  application: OriginApplicationRequest,
  consignment: Pick<Consignment, 'direction' | 'goods' | 'consignee' | 'status'>,
  at: string,
): Array<{ path: string; message: string }> {
  if (consignment.direction !== 'export') {
    return [{ path: 'consignmentId', message: bilingual('原产地证书只签发给出口货物', 'a certificate of origin is issued for an export') }];
  }
  const problems: Array<{ path: string; message: string }> = [];
  application.goods.forEach((entry, i) => {
    const line = consignment.goods[entry.goodsLine];
    if (line === undefined) {
      problems.push({ path: `goods.${i}.goodsLine`, message: bilingual(`该批货物没有第 ${entry.goodsLine} 项`, `the consignment has no goods line ${entry.goodsLine}`) });
    } else if (line.originCountry !== 'CN') {
      problems.push({
        path: `goods.${i}.goodsLine`,
        message: bilingual(`货物项 ${entry.goodsLine} 申报原产国为 ${line.originCountry}，不能签发中国原产地证书`, `goods line ${entry.goodsLine} was declared of ${line.originCountry} origin, not Chinese`),
      });
    }
  });
  const importing = FORM_RULES[application.form].importingCountry;
  if (importing !== undefined && consignment.consignee.country !== importing) {
    problems.push({
      path: 'form',
      message: bilingual(`${FORM_RULES[application.form].title.zh}仅适用于进口国 ${importing}，收货人在 ${consignment.consignee.country}`, `the ${application.form} form is for goods imported into ${importing}; the consignee is in ${consignment.consignee.country}`),
    });
  }
  if (application.invoice.date > beijingDate(at)) {
    problems.push({ path: 'invoice.date', message: bilingual('发票日期不能晚于申请日期', 'the invoice cannot be dated after the application') });
  }
  if (application.producer !== undefined && application.producer.country !== 'CN') {
    problems.push({ path: 'producer.country', message: bilingual('中国原产货物的生产商须在中国（CN）', 'the producer of goods of Chinese origin is in China (CN)') });
  }
  return problems;
}

export const ORIGIN_APPLICATION_STATUSES = ['submitted', 'under-review', 'approved', 'issued', 'refused'] as const;
export type OriginApplicationStatus = (typeof ORIGIN_APPLICATION_STATUSES)[number];
export const originApplicationStatusSchema = z.enum(ORIGIN_APPLICATION_STATUSES, {
  error: bilingual('未知的申请状态', 'unknown application status'),
});
/** A refused application no longer holds its consignment and form: the exporter may apply again. */
export const isLiveApplication = (status: OriginApplicationStatus) => status !== 'refused';

/** A goods line as the certificate shows it: the filing's line with the criterion claimed for it. */
export interface OriginGoodsLine {
  goodsLine: number;
  hsCode: string;
  description: string;
  quantity: number;
  unit: string;
  criterion: OriginCriterion;
  rule?: { kind: OriginRule; valueContent?: number; operation?: string };
}

/** The officer's decision on an application (the origin-certificate-review task's answer). */
export interface OriginReviewDecision {
  decision: 'approve' | 'refuse';
  remarks?: string;
  reason?: string;
  by: { bureau: BureauCode; subject: string };
  at: string;
}

/** A stored application (`ORIGIN-APPLICATION#<id>`), as GET /origin-certificate-applications/{id} shows it. */
export interface OriginCertificateApplication {
  id: string;
  consignmentId: string;
  form: OriginForm;
  status: OriginApplicationStatus;
  /** The declarant who applied and the enterprise it acts for (the consignor). */
  applicant: { enterprise: string; subject: string };
  exporter: Party;
  consignee: Party;
  importingCountry: string;
  goods: OriginGoodsLine[];
  producer?: OriginApplicationRequest['producer'];
  invoice: OriginApplicationRequest['invoice'];
  transport: OriginApplicationRequest['transport'];
  declaration: OriginApplicationRequest['declaration'] & { date: string };
  remarks?: string;
  /** The bureau that reviews and issues (the export's origin bureau), and who hears of a deadline passed. */
  originBureau: BureauCode;
  leadBureau: BureauCode;
  executionArn: string;
  review?: OriginReviewDecision;
  certificate?: { id: string; serial: string; issuedAt: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The application from a valid request and its consignment (checked with `applicationProblems`). */
export function createApplication(
  request: OriginApplicationRequest,
  consignment: Pick<Consignment, 'consignor' | 'consignee' | 'goods'>,
  meta: { id: string; at: string; applicant: { enterprise: string; subject: string }; originBureau: BureauCode; leadBureau: BureauCode; executionArn: string },
): OriginCertificateApplication {
  const goods = request.goods.map((entry): OriginGoodsLine => {
    const line = consignment.goods[entry.goodsLine];
    if (line === undefined) throw new RangeError(`goods line ${entry.goodsLine} does not exist`);
    return {
      goodsLine: entry.goodsLine,
      hsCode: line.hsCode,
      description: line.description,
      quantity: line.quantity,
      unit: line.unit,
      criterion: entry.criterion,
      ...(entry.rule && { rule: entry.rule }),
    };
  });
  return {
    id: meta.id,
    consignmentId: request.consignmentId,
    form: request.form,
    status: 'submitted',
    applicant: meta.applicant,
    exporter: consignment.consignor,
    consignee: consignment.consignee,
    importingCountry: consignment.consignee.country,
    goods,
    ...(request.producer && { producer: request.producer }),
    invoice: request.invoice,
    transport: request.transport,
    declaration: { ...request.declaration, date: beijingDate(meta.at) },
    ...(request.remarks !== undefined && { remarks: request.remarks }),
    originBureau: meta.originBureau,
    leadBureau: meta.leadBureau,
    executionArn: meta.executionArn,
    createdAt: meta.at,
    updatedAt: meta.at,
    version: 1,
  };
}
