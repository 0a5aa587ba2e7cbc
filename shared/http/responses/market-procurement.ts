import { z } from 'zod';
import { instant, version } from './common.ts';

/** The market-procurement register (408号 三（四）): a market, and a trader registered at it with its goods list. */
export const market = z.looseObject({
  id: z.string(),
  name: z.looseObject({ zh: z.string(), en: z.string() }),
  city: z.string(),
  bureau: z.string().meta({ description: 'The purchase-location bureau that keeps the market and inspects its exports' }),
  createdAt: instant,
});

export const marketTrader = z.looseObject({
  marketId: z.string(),
  creditCode: z.string(),
  name: z.string(),
  bureau: z.string(),
  goods: z.array(z.looseObject({ hsPrefix: z.string(), description: z.string() })).meta({ description: 'The goods list: a goods line of a market-procurement export must start with one of these HS prefixes' }),
  registeredAt: instant,
  updatedAt: instant,
  version,
});

export const marketWithTraders = market.extend({ traders: z.array(marketTrader) });
