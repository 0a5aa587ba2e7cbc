import type { GoodsLine } from '../goods-line.ts';
import type { InspectionLevel } from '../inspection-plan.ts';
import type { PermitReference } from '../permit-reference.ts';
import { bilingual, type LocalisedText } from '../text.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import { SITE_CATEGORY_GOODS, type SiteCategory } from '../designated-sites/designated-site.ts';
import { inForce } from './register-entry.ts';
import { ACCESS_RULE, type MarketAccessReasonCode } from './access-reasons.ts';
import type { MarketAccessView } from './market-access.ts';

/** Whether an entry's product covers a goods line: an HS prefix of its code, or one of its categories. */
export function productCovers(entry: Pick<MarketAccessView, 'hsPrefixes' | 'categories'>, line: Pick<GoodsLine, 'hsCode' | 'categories'>): boolean {
  return entry.hsPrefixes.some((prefix) => hsPrefixCovers(prefix, line.hsCode)) || entry.categories.some((category) => line.categories.includes(category));
}

export type LineAccess =
  /** The register has never named the product: no approval needed. */
  | { kind: 'not-controlled' }
  | { kind: 'granted'; entries: MarketAccessView[] }
  | { kind: 'refused'; code: Extract<MarketAccessReasonCode, 'MARKET_ACCESS_NOT_GRANTED' | 'MARKET_ACCESS_WITHDRAWN' | 'MARKET_ACCESS_NOT_IN_FORCE'>; entries: MarketAccessView[] };

/** What the register says about one import line at `at`. */
export function lineAccess(line: Pick<GoodsLine, 'hsCode' | 'categories' | 'originCountry'>, register: readonly MarketAccessView[], at: string): LineAccess {
  const covering = register.filter((entry) => productCovers(entry, line));
  if (covering.length === 0) return { kind: 'not-controlled' };
  const ofCountry = covering.filter((entry) => entry.country === line.originCountry);
  const granted = ofCountry.filter((entry) => inForce(entry, at));
  if (granted.length > 0) return { kind: 'granted', entries: granted };
  const withdrawn = ofCountry.filter((entry) => entry.status === 'withdrawn');
  if (withdrawn.length > 0) return { kind: 'refused', code: 'MARKET_ACCESS_WITHDRAWN', entries: withdrawn };
  if (ofCountry.length > 0) return { kind: 'refused', code: 'MARKET_ACCESS_NOT_IN_FORCE', entries: ofCountry };
  return { kind: 'refused', code: 'MARKET_ACCESS_NOT_GRANTED', entries: [] };
}

export interface AccessIssue {
  path: string;
  message: string;
  code: MarketAccessReasonCode;
  rule: string;
}

const ids = (entries: readonly MarketAccessView[]) => entries.map((entry) => entry.id).sort();

/** A cited entry quarantine permit for the line: one naming the line, or one for the whole filing. */
const permitCitedFor = (permits: readonly PermitReference[], index: number) =>
  permits.some((permit) => permit.kind === 'animal-plant-quarantine' && (permit.goodsLine === undefined || permit.goodsLine === index));

/**
 * Why an import is refused under market access (400 naming each goods line's field, before
 * anything is written): a product under access from a country without one in force, or whose
 * access requires a permit the filing does not cite. Exports are not concerned.
 */
export function marketAccessIssues(
  filing: { direction: string; goods: readonly GoodsLine[]; permits?: readonly PermitReference[] | undefined },
  register: readonly MarketAccessView[],
  at: string,
): AccessIssue[] {
  if (filing.direction !== 'import' || register.length === 0) return [];
  return filing.goods.flatMap((line, index): AccessIssue[] => {
    const access = lineAccess(line, register, at);
    if (access.kind === 'refused') {
      const refs = ids(access.entries);
      const why: Record<typeof access.code, LocalisedText> = {
        MARKET_ACCESS_NOT_GRANTED: { zh: `原产国 ${line.originCountry} 未获该产品准入`, en: `${line.originCountry} has no market access for this product` },
        MARKET_ACCESS_WITHDRAWN: { zh: `原产国 ${line.originCountry} 的准入 ${refs.join('、')} 已撤销`, en: `the market access ${refs.join(', ')} of ${line.originCountry} has been withdrawn` },
        MARKET_ACCESS_NOT_IN_FORCE: { zh: `原产国 ${line.originCountry} 的准入 ${refs.join('、')} 不在有效期内`, en: `the market access ${refs.join(', ')} of ${line.originCountry} is not in force` },
      };
      const reason = why[access.code];
      return [
        {
          path: `goods.${index}.originCountry`,
          message: bilingual(
            `第 ${index + 1} 项货物（HS ${line.hsCode}）属准入管理产品：${reason.zh}，不予受理报检`,
            `goods line ${index + 1} (HS ${line.hsCode}) is under market access: ${reason.en}; the filing is refused`,
          ),
          code: access.code,
          rule: ACCESS_RULE,
        },
      ];
    }
    if (access.kind === 'granted') {
      const needing = access.entries.filter((entry) => entry.conditions.permitRequired);
      if (needing.length > 0 && !permitCitedFor(filing.permits ?? [], index)) {
        return [
          {
            path: `goods.${index}`,
            message: bilingual(
              `第 ${index + 1} 项货物按准入条件（${ids(needing).join('、')}）须在 permits 中引用进境动植物检疫许可证`,
              `goods line ${index + 1}: the access conditions (${ids(needing).join(', ')}) require an entry quarantine permit cited in permits`,
            ),
            code: 'MARKET_ACCESS_PERMIT_MISSING',
            rule: ACCESS_RULE,
          },
        ];
      }
    }
    return [];
  });
}

/** A designated site as the policy sees it (`HighRiskAgriculturalMeasures.designatedSites`). */
export interface SiteView {
  id: string;
  bureau: string;
  hsPrefixes: string[];
  categories?: readonly SiteCategory[] | undefined;
}

/** Whether a site takes the class: by its categories, or (a site configured by HS prefixes) by the class's goods. */
const siteTakes = (site: SiteView, category: SiteCategory) =>
  site.categories !== undefined
    ? site.categories.includes(category)
    : SITE_CATEGORY_GOODS[category].hsPrefixes.some((prefix) => site.hsPrefixes.some((own) => prefix.startsWith(own) || own.startsWith(prefix)));

export interface AccessEffect {
  code: MarketAccessReasonCode;
  goodsLines: number[];
  refs: string[];
}

export interface AccessEffects {
  reasons: AccessEffect[];
  portInspection: boolean;
  levelFloors: InspectionLevel[];
}

/**
 * What the access conditions of the lines granted access do to the plan (imports only): the
 * access relied on, the permit condition, the designated site at the destination (or port
 * inspection when it has none of the class), and a higher inspection level.
 */
export function marketAccessEffects(input: {
  direction: string;
  goods: readonly GoodsLine[];
  register: readonly MarketAccessView[] | undefined;
  sites: readonly SiteView[] | undefined;
  destinationBureau: string;
  at: string;
}): AccessEffects {
  const effects: AccessEffects = { reasons: [], portInspection: false, levelFloors: [] };
  if (input.direction !== 'import' || !input.register || input.register.length === 0) return effects;
  const grouped = new Map<string, AccessEffect>();
  const add = (code: MarketAccessReasonCode, line: number, refs: readonly string[]) => {
    const key = `${code}|${[...refs].sort().join(',')}`;
    const effect = grouped.get(key) ?? { code, goodsLines: [], refs: [...refs].sort() };
    if (!effect.goodsLines.includes(line)) effect.goodsLines.push(line);
    grouped.set(key, effect);
  };
  const localSites = (input.sites ?? []).filter((site) => site.bureau === input.destinationBureau);
  input.goods.forEach((line, index) => {
    const access = lineAccess(line, input.register ?? [], input.at);
    if (access.kind !== 'granted') return;
    add('MARKET_ACCESS_GRANTED', index, ids(access.entries));
    const permit = access.entries.filter((entry) => entry.conditions.permitRequired);
    if (permit.length > 0) add('MARKET_ACCESS_PERMIT_REQUIRED', index, ids(permit));
    for (const category of new Set(access.entries.flatMap((entry) => (entry.conditions.designatedSite ? [entry.conditions.designatedSite] : [])))) {
      const site = localSites.find((candidate) => siteTakes(candidate, category));
      if (site) add('MARKET_ACCESS_DESIGNATED_SITE', index, [site.id]);
      else {
        effects.portInspection = true;
        add('MARKET_ACCESS_NO_DESIGNATED_SITE_PORT_INSPECTION', index, ids(access.entries.filter((entry) => entry.conditions.designatedSite === category)));
      }
    }
    const heightened = access.entries.filter((entry) => entry.conditions.minimumInspectionLevel !== undefined);
    for (const entry of heightened) effects.levelFloors.push(entry.conditions.minimumInspectionLevel ?? 'standard');
    if (heightened.length > 0) add('MARKET_ACCESS_HEIGHTENED_INSPECTION', index, ids(heightened));
  });
  effects.reasons = [...grouped.values()];
  return effects;
}
