import { z } from 'zod';
import { bureauCodeSchema, type BureauCode } from '../codes.ts';
import { timestampSchema } from '../validators/timestamp.ts';
import { tooLong, tooMany } from '../limits.ts';
import { bilingual } from '../text.ts';
import type { LocalisedText } from '../text.ts';
import { creditCodeSchema } from '../validators/credit-code.ts';
import { hsPrefixSchema } from '../validators/hs-code.ts';
import type { TradeFormReasonCode } from '../trade-forms/trade-form-reasons.ts';

/**
 * Market procurement trade (市场采购贸易, 408号 三（四）), exports only. The purchase-location bureau
 * (DOMAIN.md: "origin / purchase-location bureau ... where export goods are produced or bought")
 * keeps a register of its markets (e.g. Yiwu International Trade City), each market's registered
 * traders (市场主体备案) and each trader's goods list (商品清单). The rules the domain writes down
 * and the software enforces at filing (`marketProcurementIssues`):
 * 1. the consignor (the Chinese party) is a trader registered at a market;
 * 2. every goods line is on that trader's goods list (an HS heading or longer prefix);
 * 3. the purchase-location bureau, the market's, inspects: the filing's originBureau is it
 *    (export direct release, §2: it inspects and issues the clearance; the port does nothing more).
 * The inspection plan names the market and trader (MARKET_PROCUREMENT_REGISTERED_TRADER).
 */
export const MAX_MARKET_ID_LENGTH = 40;
export const MAX_MARKET_NAME_LENGTH = 200;
export const MAX_TRADER_GOODS = 200;
export const MARKET_PROCUREMENT_RULE = '国质检通〔2016〕408号 三（四）';

const text = (zh: string, en: string, max: number) =>
  z
    .string({ error: bilingual(`${zh}须为字符串`, `${en} must be a string`) })
    .trim()
    .min(1, { error: bilingual(`${zh}不能为空`, `${en} must not be empty`) })
    .max(max, { error: tooLong(zh, en, max) });

export const marketIdSchema = z
  .string({ error: bilingual('市场代码须为字符串', 'market id must be a string') })
  .trim()
  .toUpperCase()
  .min(2, { error: bilingual('市场代码至少 2 个字符', 'a market id has at least 2 characters') })
  .max(MAX_MARKET_ID_LENGTH, { error: tooLong('市场代码', 'market id', MAX_MARKET_ID_LENGTH) })
  .regex(/^[A-Z0-9-]+$/, { error: bilingual('市场代码只含字母、数字和连字符', 'a market id has letters, digits and hyphens only') });

/** The body of `POST /markets`: the caller's bureau keeps it. */
export const marketRegistrationSchema = z.object({
  id: marketIdSchema,
  name: z.object({ zh: text('市场中文名称', 'name.zh', MAX_MARKET_NAME_LENGTH), en: text('市场英文名称', 'name.en', MAX_MARKET_NAME_LENGTH) }),
  city: text('所在城市', 'city', 100),
});
export type MarketRegistration = z.infer<typeof marketRegistrationSchema>;

export const traderGoodsSchema = z.object({
  hsPrefix: hsPrefixSchema,
  description: text('商品名称', 'description', 200),
});

/** The body of `PUT /markets/{id}/traders/{creditCode}`: the trader's registration and its whole goods list. */
export const traderRegistrationSchema = z.object({
  name: text('商户名称', 'name', 200),
  goods: z
    .array(traderGoodsSchema, { error: bilingual('商品清单须为数组', 'goods must be an array') })
    .min(1, { error: bilingual('商品清单至少一项', 'the goods list has at least one entry') })
    .max(MAX_TRADER_GOODS, { error: tooMany('商品清单', 'goods list entries', MAX_TRADER_GOODS) }),
});
export type TraderRegistration = z.infer<typeof traderRegistrationSchema>;

export const traderParamsSchema = z.object({ id: marketIdSchema, creditCode: creditCodeSchema });

export interface Market extends MarketRegistration {
  bureau: BureauCode;
  createdAt: string;
}

export const marketTraderSchema = traderRegistrationSchema.extend({
  marketId: z.string().min(1),
  creditCode: z.string().min(1),
  /** The market's bureau: the purchase-location bureau. */
  bureau: bureauCodeSchema,
  registeredAt: timestampSchema,
  updatedAt: timestampSchema,
  version: z.number().int().positive(),
});
export type MarketTrader = z.infer<typeof marketTraderSchema>;

/** A refusal of a market-procurement filing: the field, why, the rule and its reason code. */
export interface ProcurementIssue {
  path: string;
  message: string;
  code: TradeFormReasonCode;
  rule: string;
}

/**
 * Why a market-procurement export cannot be filed (400 naming the field, the rule and the code,
 * before anything is written); empty for every other filing. `traders`: the registrations of the
 * consignor's credit code, at any market.
 */
export function marketProcurementIssues(
  filing: { direction: string; tradeMode: string; originBureau?: string | undefined; consignor: { creditCode?: string | undefined }; goods: ReadonlyArray<{ hsCode: string }> },
  traders: readonly MarketTrader[],
): ProcurementIssue[] {
  if (filing.tradeMode !== 'market-procurement' || filing.direction !== 'export') return [];
  const issue = (path: string, code: TradeFormReasonCode, message: LocalisedText): ProcurementIssue => ({ path, code, rule: MARKET_PROCUREMENT_RULE, message: bilingual(message.zh, message.en) });
  const creditCode = filing.consignor.creditCode;
  const trader = traders.find((t) => t.bureau === filing.originBureau) ?? traders[0];
  if (creditCode === undefined || trader === undefined) {
    return [
      issue('consignor.creditCode', 'MARKET_PROCUREMENT_TRADER_NOT_REGISTERED', {
        zh: `发货人 ${creditCode ?? ''} 不是任何备案市场的备案商户，不能以市场采购方式出口`,
        en: `the consignor ${creditCode ?? ''} is not a trader registered at any market: no market-procurement export`,
      }),
    ];
  }
  const issues: ProcurementIssue[] = [];
  if (filing.originBureau !== trader.bureau) {
    issues.push(
      issue('originBureau', 'MARKET_PROCUREMENT_NOT_PURCHASE_LOCATION', {
        zh: `市场采购由采购地检验检疫机构检验：${trader.marketId} 的主管局为 ${trader.bureau}，originBureau 须为 ${trader.bureau}`,
        en: `market procurement is inspected by the purchase-location bureau: ${trader.marketId} is kept by ${trader.bureau}, so originBureau must be ${trader.bureau}`,
      }),
    );
  }
  filing.goods.forEach((line, index) => {
    if (!onGoodsList(trader, line.hsCode)) {
      issues.push(
        issue(`goods.${index}.hsCode`, 'MARKET_PROCUREMENT_GOODS_NOT_LISTED', {
          zh: `第 ${index + 1} 项货物（HS ${line.hsCode}）不在商户 ${trader.creditCode} 于 ${trader.marketId} 的备案商品清单内`,
          en: `goods line ${index + 1} (HS ${line.hsCode}) is not on the goods list of trader ${trader.creditCode} at ${trader.marketId}`,
        }),
      );
    }
  });
  return issues;
}

export function onGoodsList(trader: Pick<MarketTrader, 'goods'>, hsCode: string): boolean {
  return trader.goods.some((g) => hsCode.startsWith(g.hsPrefix));
}

/** What the plan says of an accepted market-procurement export: the market and trader it relies on. */
export function registeredTraderRef(trader: Pick<MarketTrader, 'marketId' | 'creditCode' | 'name'>): string {
  return `${trader.marketId} / ${trader.name} (${trader.creditCode})`;
}
