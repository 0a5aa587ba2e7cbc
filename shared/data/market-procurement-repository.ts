import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Market, MarketTrader } from '../domain/market-procurement/market.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { isConditionalCheckFailed } from './errors.ts';
import { putNew, readItem } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys } from './keys.ts';
import { everyPage } from './pagination.ts';
import { queryPage } from './query.ts';

/**
 * The market-procurement register (408号 三（四）, docs/data-model.md): a market at `MARKET#<id>` /
 * `MARKET`, listed per keeping bureau (gsi1 `BUREAU#<code>#MARKETS`); each registered trader beside
 * it (`TRADER#<credit code>`), found at filing by its credit code (gsi1 `MARKET-TRADER#<cc>`).
 * A trader's registration is replaced whole (its goods list with it), one version-guarded Put.
 */
export class MarketProcurementRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async registerMarket(market: Market): Promise<void> {
    await putNew(this.config, { entity: 'market', id: market.id, key: keys.market(market.id) }, { entity: 'Market', gsi1pk: keys.marketsOfBureau(market.bureau), gsi1sk: market.id, ...market });
  }

  async market(id: string): Promise<Market | undefined> {
    const item = await readItem(this.config, keys.market(id));
    return item === undefined ? undefined : (withoutKeys(item, ['entity']) as unknown as Market);
  }

  async trader(marketId: string, creditCode: string): Promise<MarketTrader | undefined> {
    const item = await readItem(this.config, keys.marketTrader(marketId, creditCode));
    return item === undefined ? undefined : toTrader(item);
  }

  /** Creates (expectedVersion 0) or replaces the registration at exactly `expectedVersion`; false when it moved on meanwhile. */
  async putTrader(trader: MarketTrader, expectedVersion: number): Promise<boolean> {
    try {
      await this.config.client.send(
        new PutCommand({
          TableName: this.config.tableName,
          Item: { ...keys.marketTrader(trader.marketId, trader.creditCode), entity: 'MarketTrader', gsi1pk: keys.traderByCreditCode(trader.creditCode), gsi1sk: trader.marketId, ...trader },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion !== 0 && { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** The market's registered traders, by credit code. */
  traders(marketId: string): Promise<MarketTrader[]> {
    return everyPage((page) => queryPage(this.config, { partition: keys.market(marketId).pk, sort: { beginsWith: keys.marketTraderPrefix }, consistent: true, page: { ...page, limit: 100 }, map: toTrader }));
  }

  /** Every registration of a credit code, at any market (what a filing checks). */
  registrationsOf(creditCode: string): Promise<MarketTrader[]> {
    return everyPage((page) => queryPage(this.config, { index: 'gsi1', partition: keys.traderByCreditCode(creditCode), page: { ...page, limit: 100 }, map: toTrader }));
  }
}

function toTrader(item: Record<string, unknown>): MarketTrader {
  return withoutKeys(item, ['entity']) as unknown as MarketTrader;
}
