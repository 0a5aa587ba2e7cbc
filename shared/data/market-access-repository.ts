import type { DesignatedSite, SiteHistoryEntry } from '../domain/designated-sites/designated-site.ts';
import type { GoingOutAssessment, GoingOutHistoryEntry } from '../domain/going-out/risk-assessment.ts';
import type { AccessHistoryEntry, MarketAccessEntry } from '../domain/market-access/market-access.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { keys } from './keys.ts';
import { RegisterRepository } from './register-repository.ts';
import { TradeMeasureRepository } from './trade-measure-repository.ts';

export const MARKET_ACCESS_REGISTER = 'MARKET-ACCESS';
export const DESIGNATED_SITES_REGISTER = 'DESIGNATED-SITES';

/**
 * The registers of 408号 三（三）、（五）: market access and designated sites (HQ's, each one
 * partition read whole by a filing), going-out risk assessments (a bureau's, listed per enterprise
 * and per bureau) and technical-trade-measure notes with their subscriptions.
 */
export interface AccessRegisters {
  marketAccess: RegisterRepository<MarketAccessEntry, AccessHistoryEntry>;
  designatedSites: RegisterRepository<DesignatedSite, SiteHistoryEntry>;
  goingOut: RegisterRepository<GoingOutAssessment, GoingOutHistoryEntry>;
  tradeMeasures: TradeMeasureRepository;
}

export function createAccessRegisters(config: DataConfig = dataConfig()): AccessRegisters {
  return {
    marketAccess: new RegisterRepository(
      { entity: 'market-access entry', itemEntity: 'MarketAccess', key: (id) => keys.registerEntry(MARKET_ACCESS_REGISTER, id), removable: ['validUntil', 'withdrawal'] },
      config,
    ),
    designatedSites: new RegisterRepository(
      { entity: 'designated site', itemEntity: 'DesignatedSite', key: (id) => keys.registerEntry(DESIGNATED_SITES_REGISTER, id), removable: ['withdrawal'] },
      config,
    ),
    goingOut: new RegisterRepository(
      {
        entity: 'going-out risk assessment',
        itemEntity: 'GoingOutAssessment',
        key: keys.goingOutAssessment,
        indexes: (assessment) => ({
          gsi1pk: keys.goingOutOfEnterprise(assessment.enterprise),
          gsi1sk: assessment.id,
          gsi2pk: keys.goingOutOfBureau(assessment.bureau),
          gsi2sk: assessment.id,
          gsi3pk: keys.allGoingOut,
          gsi3sk: assessment.id,
        }),
        removable: ['validUntil', 'withdrawal'],
      },
      config,
    ),
    tradeMeasures: new TradeMeasureRepository(config),
  };
}
