import type { TradeMode } from '../codes.ts';
import type { GoodsLine } from '../goods-line.ts';
import type { Party } from '../party.ts';
import { linesEn, linesZh, refsEn, refsZh, type ReasonTemplate as Template } from '../policy/reason-text.ts';
import { inForce } from '../market-access/register-entry.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import { TRADE_MODE_OF_KIND, type GoingOutView } from './risk-assessment.ts';

const RULE = '国质检通〔2016〕408号 三（五）（“走出去”企业安全风险评估、便利措施）';

/** Part of REASON_CODES (reason-codes.ts spreads them in): why a going-out trade mode gets no facilitation. */
export const GOING_OUT_REASON_CODES = ['GOING_OUT_NO_RISK_ASSESSMENT', 'GOING_OUT_RISK_NOT_LOW'] as const;
export type GoingOutReasonCode = (typeof GOING_OUT_REASON_CODES)[number];

export const GOING_OUT_TEMPLATES: Record<GoingOutReasonCode, Template> = {
  GOING_OUT_NO_RISK_ASSESSMENT: {
    rule: RULE,
    zh: (p) => `${linesZh(p)}无该企业和产品有效的安全风险评估记录，不给予“走出去”便利，按常规检验检疫`,
    en: (p) => `${linesEn(p)}: no risk assessment in force for the enterprise and product, so no 'going out' facilitation; the usual inspection`,
  },
  GOING_OUT_RISK_NOT_LOW: {
    rule: RULE,
    zh: (p) => `${linesZh(p)}的安全风险评估（${refsZh(p)}）结论不是低风险，不给予“走出去”便利`,
    en: (p) => `${linesEn(p)}: the risk assessment (${refsEn(p)}) did not find the risk low, so no 'going out' facilitation`,
  },
};

export type GoingOutVerdict =
  /** Not a going-out trade mode. */
  | { kind: 'not-applicable' }
  | { kind: 'facilitated'; refs: string[] }
  | { kind: 'refused'; code: GoingOutReasonCode; goodsLines: number[]; refs: string[] };

/**
 * Whether the facilitation of a going-out trade mode holds: every goods line covered by a low-risk
 * assessment in force of the Chinese party for that kind of goods (and, for farm products, the
 * country they were grown in). No record, no facilitation.
 */
export function goingOutVerdict(input: {
  tradeMode: TradeMode;
  chineseParty: Pick<Party, 'creditCode'>;
  goods: readonly Pick<GoodsLine, 'hsCode' | 'originCountry'>[];
  assessments: readonly GoingOutView[] | undefined;
  at: string;
}): GoingOutVerdict {
  const kind = (Object.keys(TRADE_MODE_OF_KIND) as Array<keyof typeof TRADE_MODE_OF_KIND>).find((k) => TRADE_MODE_OF_KIND[k] === input.tradeMode);
  if (kind === undefined) return { kind: 'not-applicable' };
  const own = (input.assessments ?? []).filter(
    (record) => record.kind === kind && record.enterprise === input.chineseParty.creditCode && inForce(record, input.at),
  );
  const covering = (line: Pick<GoodsLine, 'hsCode' | 'originCountry'>) =>
    own.filter((record) => record.hsPrefixes.some((prefix) => hsPrefixCovers(prefix, line.hsCode)) && (kind === 'own-use' || record.country === line.originCountry));
  const uncovered = input.goods.flatMap((line, index) => (covering(line).length === 0 ? [index] : []));
  if (uncovered.length > 0) return { kind: 'refused', code: 'GOING_OUT_NO_RISK_ASSESSMENT', goodsLines: uncovered, refs: [] };
  const notLow = input.goods.flatMap((line, index) => (covering(line).some((record) => record.risk === 'low') ? [] : [index]));
  if (notLow.length > 0) {
    const refs = [...new Set(notLow.flatMap((index) => covering(input.goods[index]!).map((record) => record.id)))].sort();
    return { kind: 'refused', code: 'GOING_OUT_RISK_NOT_LOW', goodsLines: notLow, refs };
  }
  const refs = [...new Set(input.goods.flatMap((line) => covering(line).filter((record) => record.risk === 'low').map((record) => record.id)))].sort();
  return { kind: 'facilitated', refs };
}
