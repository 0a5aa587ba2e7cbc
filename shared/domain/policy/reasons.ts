import { ALERT_TEMPLATES } from '../alerts/alert-reasons.ts';
import type { PlanReason } from '../inspection-plan.ts';
import { PERMIT_TEMPLATES } from '../permits/permit-reasons.ts';
import { TRADE_FORM_TEMPLATES } from '../trade-forms/trade-form-reasons.ts';
import { MARKET_ACCESS_TEMPLATES } from '../market-access/access-reasons.ts';
import { GOING_OUT_TEMPLATES } from '../going-out/going-out-facilitation.ts';
import type { ReasonCode } from '../reason-codes.ts';
import type { LocalisedText } from '../text.ts';
import { linesEn, linesZh, refsEn, refsZh, type ReasonTemplate } from './reason-text.ts';

const NOTICE = '国质检通〔2016〕408号';

/** Article of the notice each rule applies; "三（一）" is 主要任务 (一). */
const RULE = {
  directThrough: `${NOTICE} 三（一）`,
  riskAdjustment: `${NOTICE} 三（二）`,
  newTrade: `${NOTICE} 三（四）`,
  goingOut: `${NOTICE} 三（五）`,
  paperless: `${NOTICE} 三（六）`,
  epidemic: `${NOTICE} 三（七）`,
  thirdParty: `${NOTICE} 三（八）`,
  multimodal: `${NOTICE} 三（九）`,
} as const;

/** Values a text may mention; names are already bilingual. */
export interface ReasonParams {
  portBureau: LocalisedText;
  inlandBureau: LocalisedText;
  goodsLines?: number[];
  refs?: string[];
  detail?: LocalisedText;
}

type Template = ReasonTemplate<ReasonParams>;

const TEMPLATES: Record<ReasonCode, Template> = {
  TRAIN_QUARANTINE_ENTRY: {
    rule: RULE.directThrough,
    zh: (p) => `入境列车检疫由口岸检验检疫机构（${p.portBureau.zh}）实施`,
    en: (p) => `entry train quarantine is done by the port bureau (${p.portBureau.en})`,
  },
  IMPORT_PORT_CHECKS: {
    rule: RULE.directThrough,
    zh: (p) => `口岸检验检疫机构（${p.portBureau.zh}）实施核辐射监测、入境集装箱检疫及表面检疫处理`,
    en: (p) =>
      `the port bureau (${p.portBureau.en}) does radiation monitoring, entry container quarantine and surface quarantine treatment`,
  },
  IMPORT_DIRECT_THROUGH: {
    rule: RULE.directThrough,
    zh: () => '进口直通：不属于例外货物，免于口岸开箱查验',
    en: () => 'import direct-through: no excepted goods, so no port opening inspection',
  },
  IMPORT_EXCEPTION_WASTE_RAW_MATERIAL: {
    rule: RULE.directThrough,
    zh: (p) => `${linesZh(p)}为废物原料，不适用直通，实施口岸开箱查验`,
    en: (p) => `${linesEn(p)}: waste raw materials are excepted from direct-through; port inspection`,
  },
  IMPORT_EXCEPTION_HAZARDOUS_CHEMICAL: {
    rule: RULE.directThrough,
    zh: (p) => `${linesZh(p)}为危险化学品及其包装，不适用直通，实施口岸开箱查验`,
    en: (p) =>
      `${linesEn(p)}: hazardous chemicals and their packaging are excepted from direct-through; port inspection`,
  },
  IMPORT_EXCEPTION_BULK: {
    rule: RULE.directThrough,
    zh: (p) => `${linesZh(p)}为大宗散装货物，不适用直通，实施口岸开箱查验`,
    en: (p) => `${linesEn(p)}: bulk cargo is excepted from direct-through; port inspection`,
  },
  IMPORT_DESTINATION_INSPECTION: {
    rule: RULE.directThrough,
    zh: (p) => `目的地检验检疫机构（${p.inlandBureau.zh}）负责入境集装箱及其装载应检物的检验检疫、监督管理和放行`,
    en: (p) =>
      `the destination bureau (${p.inlandBureau.en}) inspects, quarantines and supervises the containers and goods and decides release`,
  },
  HIGH_RISK_AGRI_MEASURES_MET: {
    rule: `${RULE.directThrough}（高风险农产品直通放行安全监管措施）`,
    zh: (p) => `${linesZh(p)}为高风险农产品，已满足直通放行安全监管措施，可直通`,
    en: (p) => `${linesEn(p)}: high-risk agricultural products meet the direct-through safety measures`,
  },
  HIGH_RISK_AGRI_FALLBACK_PORT_INSPECTION: {
    rule: `${RULE.directThrough}（高风险农产品直通放行安全监管措施）`,
    zh: (p) => `${linesZh(p)}为高风险农产品，未满足直通放行安全监管措施，转为口岸开箱查验`,
    en: (p) => `${linesEn(p)}: high-risk agricultural products without the safety measures fall back to port inspection`,
  },
  TRAIN_QUARANTINE_EXIT: {
    rule: RULE.directThrough,
    zh: (p) => `出境列车检疫由口岸检验检疫机构（${p.portBureau.zh}）实施`,
    en: (p) => `exit train quarantine is done by the port bureau (${p.portBureau.en})`,
  },
  EXPORT_ORIGIN_INSPECTION: {
    rule: RULE.directThrough,
    zh: (p) => `产地或采购地检验检疫机构（${p.inlandBureau.zh}）完成检验检疫监管`,
    en: (p) => `the origin or purchase-location bureau (${p.inlandBureau.en}) inspects and supervises`,
  },
  EXPORT_DIRECT_RELEASE: {
    rule: RULE.directThrough,
    zh: (p) => `出口直放：由${p.inlandBureau.zh}直接签发电子通关单，免于口岸换证和查验`,
    en: (p) =>
      `export direct release: ${p.inlandBureau.en} issues the electronic clearance document; no certificate exchange or inspection at the port`,
  },
  EXPORT_EXCEPTION_DANGEROUS_GOODS: {
    rule: RULE.directThrough,
    zh: (p) => `${linesZh(p)}为危险货物及其包装（含危险化学品），不适用直放，实施口岸查验`,
    en: (p) =>
      `${linesEn(p)}: dangerous goods and their packaging (including hazardous chemicals) are excepted from direct release; port inspection`,
  },
  EXPORT_EXCEPTION_BULK: {
    rule: RULE.directThrough,
    zh: (p) => `${linesZh(p)}为散装商品，不适用直放，实施口岸查验`,
    en: (p) => `${linesEn(p)}: bulk commodities are excepted from direct release; port inspection`,
  },
  EXPORT_CLEARANCE_AT_PORT: {
    rule: RULE.directThrough,
    zh: (p) => `例外货物由口岸检验检疫机构（${p.portBureau.zh}）查验、换证后签发通关单`,
    en: (p) =>
      `for excepted goods the port bureau (${p.portBureau.en}) inspects, exchanges the certificate and issues the clearance document`,
  },
  TRADE_MODE_CROSS_BORDER_ECOMMERCE: {
    rule: RULE.newTrade,
    zh: () => '跨境电子商务：采用清单管理的监管模式',
    en: () => 'cross-border e-commerce: list-based supervision',
  },
  TRADE_MODE_POSTAL: {
    rule: RULE.newTrade,
    zh: () => '国际邮包：采用清单管理的监管模式',
    en: () => 'international postal parcels: list-based supervision',
  },
  TRADE_MODE_MARKET_PROCUREMENT: {
    rule: RULE.newTrade,
    zh: (p) => `市场采购贸易：由采购地检验检疫机构（${p.inlandBureau.zh}）实施监管`,
    en: (p) => `market procurement trade: supervised by the purchase-location bureau (${p.inlandBureau.en})`,
  },
  TRADE_MODE_GLOBAL_MAINTENANCE: {
    rule: RULE.newTrade,
    zh: () => '全球维修：按保税维修模式监管，维修后复运出境',
    en: () => 'global maintenance: bonded repair supervision; goods leave again after repair',
  },
  TRADE_MODE_GOING_OUT_OWN_USE: {
    rule: RULE.goingOut,
    zh: () => '“走出去”企业自用建筑材料、机械设备、员工自用物品：给予便利，检验检疫降低一级',
    en: () =>
      "'going out' enterprise's own-use building materials, machinery or staff goods: facilitation, inspection one level lower",
  },
  TRADE_MODE_OVERSEAS_GROWN_AGRICULTURAL: {
    rule: RULE.goingOut,
    zh: () => '农业“走出去”企业境外种植、加工的农产品：经安全风险评估给予便利，检验检疫降低一级',
    en: () =>
      "farm products grown or processed abroad by a Chinese enterprise: risk-assessed facilitation, inspection one level lower",
  },
  PERMIT_WRITE_OFF: {
    rule: RULE.paperless,
    zh: (p) => `自动校验核销许可证/审批单：${(p.refs ?? []).join('、')}`,
    en: (p) => `permits and approvals verified and written off automatically: ${(p.refs ?? []).join(', ')}`,
  },
  EPIDEMIC_ALERT_ESCALATION: {
    rule: RULE.epidemic,
    zh: (p) => `${linesZh(p)}的原产国和商品有疫病疫情预警，加严检验检疫`,
    en: (p) => `${linesEn(p)}: an epidemic alert covers the origin country and commodity; inspection is intensified`,
  },
  THIRD_PARTY_RESULT_RECOGNISED: {
    rule: RULE.thirdParty,
    zh: () => '采信检验检疫机构认可的境外第三方结果，内陆检验检疫降低一级（口岸查验不减免）',
    en: () =>
      'results of a recognised foreign third-party body are accepted: inland inspection one level lower (port checks unchanged)',
  },
  THIRD_PARTY_RESULT_NOT_RECOGNISED: {
    rule: RULE.thirdParty,
    zh: () => '境外第三方证书未予采信，内陆检验检疫不降级（原因逐证列明）',
    en: () => 'third-party certificates not accepted: inland inspection is not lowered (the reason for each certificate follows)',
  },
  THIRD_PARTY_BODY_NOT_RECOGNISED: {
    rule: RULE.thirdParty,
    zh: (p) => `境外第三方证书 ${refsZh(p)} 不予采信：签发机构未获认可`,
    en: (p) => `third-party certificate ${refsEn(p)} ignored: the issuing body is not recognised`,
  },
  THIRD_PARTY_BODY_WITHDRAWN: {
    rule: RULE.thirdParty,
    zh: (p) => `境外第三方证书 ${refsZh(p)} 不予采信：签发机构的认可已撤销`,
    en: (p) => `third-party certificate ${refsEn(p)} ignored: the body's recognition has been withdrawn`,
  },
  THIRD_PARTY_RECOGNITION_NOT_YET_VALID: {
    rule: RULE.thirdParty,
    zh: (p) => `境外第三方证书 ${refsZh(p)} 不予采信：报检时签发机构的认可尚未生效`,
    en: (p) => `third-party certificate ${refsEn(p)} ignored: the body's recognition is not yet valid at filing time`,
  },
  THIRD_PARTY_RECOGNITION_EXPIRED: {
    rule: RULE.thirdParty,
    zh: (p) => `境外第三方证书 ${refsZh(p)} 不予采信：签发机构的认可已过期`,
    en: (p) => `third-party certificate ${refsEn(p)} ignored: the body's recognition has expired`,
  },
  THIRD_PARTY_CERTIFICATE_NOT_VALID: {
    rule: RULE.thirdParty,
    zh: (p) => `境外第三方证书 ${refsZh(p)} 不予采信：报检时证书不在有效期内`,
    en: (p) => `third-party certificate ${refsEn(p)} ignored: the certificate is not valid at filing time`,
  },
  THIRD_PARTY_OUTSIDE_RECOGNISED_SCOPE: {
    rule: RULE.thirdParty,
    zh: (p) => `境外第三方证书 ${refsZh(p)} 对${linesZh(p)}不予采信：超出签发机构的认可范围`,
    en: (p) => `third-party certificate ${refsEn(p)} ignored for ${linesEn(p)}: outside the body's recognised scope`,
  },
  THIRD_PARTY_CERTIFICATE_SCOPE_MISMATCH: {
    rule: RULE.thirdParty,
    zh: (p) => `境外第三方证书 ${refsZh(p)} 不予采信：证书范围与申报货物不符`,
    en: (p) => `third-party certificate ${refsEn(p)} ignored: its scope does not match the goods`,
  },
  THIRD_PARTY_GOODS_NOT_COVERED: {
    rule: RULE.thirdParty,
    zh: (p) => `${linesZh(p)}不在有效证书或认可范围内，证书 ${refsZh(p)} 不足以采信`,
    en: (p) => `${linesEn(p)} are outside the scope of a valid certificate or recognition, so certificate(s) ${refsEn(p)} are not enough`,
  },
  TRANSPORT_MODE_MULTIMODAL: {
    rule: RULE.multimodal,
    zh: () => '多式联运（铁空、水铁）：一体化协同监管',
    en: () => 'multimodal transport (rail–air, sea–rail): one coordinated supervision',
  },
  ENTERPRISE_RISK_GRADE_A: {
    rule: RULE.riskAdjustment,
    zh: () => '企业风险等级 A：检验检疫降低一级',
    en: () => 'enterprise risk grade A: inspection one level lower',
  },
  ENTERPRISE_RISK_GRADE_C: {
    rule: RULE.riskAdjustment,
    zh: () => '企业风险等级 C：检验检疫提高一级',
    en: () => 'enterprise risk grade C: inspection one level higher',
  },
  ENTERPRISE_RISK_GRADE_D: {
    rule: RULE.riskAdjustment,
    zh: () => '企业风险等级 D：加严检验检疫',
    en: () => 'enterprise risk grade D: intensified inspection',
  },
  COMMODITY_RISK_GRADE_A: {
    rule: RULE.riskAdjustment,
    zh: (p) => `原产国与品目（${refsZh(p)}）风险等级 A：检验检疫降低一级`,
    en: (p) => `origin country and HS heading (${refsEn(p)}) risk grade A: inspection one level lower`,
  },
  COMMODITY_RISK_GRADE_C: {
    rule: RULE.riskAdjustment,
    zh: (p) => `${linesZh(p)}的原产国与品目（${refsZh(p)}）风险等级 C：检验检疫提高一级`,
    en: (p) => `${linesEn(p)}: origin country and HS heading (${refsEn(p)}) risk grade C: inspection one level higher`,
  },
  COMMODITY_RISK_GRADE_D: {
    rule: RULE.riskAdjustment,
    zh: (p) => `${linesZh(p)}的原产国与品目（${refsZh(p)}）风险等级 D：加严检验检疫`,
    en: (p) => `${linesEn(p)}: origin country and HS heading (${refsEn(p)}) risk grade D: intensified inspection`,
  },
  // §7 permits: which goods need one, and each check of a cited permit.
  ...PERMIT_TEMPLATES,
  // §8: the measure each alert of the platform orders.
  ...ALERT_TEMPLATES,
  // §5 / §10: new trade forms and multimodal chains.
  ...TRADE_FORM_TEMPLATES,
  // §4 market access and designated sites; §6 going-out facilitation without its record.
  ...MARKET_ACCESS_TEMPLATES,
  ...GOING_OUT_TEMPLATES,
};

export function explain(code: ReasonCode, params: ReasonParams): PlanReason {
  const template = TEMPLATES[code];
  const detail = params.detail;
  return {
    code,
    rule: template.rule,
    text: {
      zh: detail ? `${template.zh(params)}：${detail.zh}` : template.zh(params),
      en: detail ? `${template.en(params)}: ${detail.en}` : template.en(params),
    },
    ...(params.goodsLines?.length ? { goodsLines: params.goodsLines } : {}),
    ...(params.refs?.length ? { refs: params.refs } : {}),
  };
}
