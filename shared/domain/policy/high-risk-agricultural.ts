import type { BureauCode } from '../codes.ts';
import type { Container } from '../container.ts';
import type { GoodsLine } from '../goods-line.ts';
import type { LocalisedText } from '../text.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import type { HighRiskAgriculturalMeasures } from './context.ts';

export interface MeasuresVerdict {
  met: boolean;
  /** What is missing, for the officer and the filer. */
  shortfalls: LocalisedText[];
  /** Designated sites relied on. */
  sites: string[];
}

function requiresAnything(measures: HighRiskAgriculturalMeasures): boolean {
  return measures.sealedContainers || measures.designatedSites !== undefined || measures.maxTransitHours !== undefined;
}

/** Checks the configured direct-through measures for the high-risk lines of an import. */
export function evaluateHighRiskMeasures(input: {
  measures: HighRiskAgriculturalMeasures | null | undefined;
  destinationBureau: BureauCode;
  containers: readonly Container[];
  lines: readonly GoodsLine[];
  expectedTransitHours: number | undefined;
}): MeasuresVerdict {
  const { measures } = input;
  if (!measures || !requiresAnything(measures)) {
    return {
      met: false,
      shortfalls: [{ zh: '尚未配置安全监管措施', en: 'no safety measures are configured' }],
      sites: [],
    };
  }
  const shortfalls: LocalisedText[] = [];
  const sites: string[] = [];

  if (measures.sealedContainers) {
    const unsealed = input.containers.filter((c) => !c.sealNumber).map((c) => c.number);
    if (unsealed.length) {
      shortfalls.push({
        zh: `集装箱未施封：${unsealed.join('、')}`,
        en: `containers without a seal: ${unsealed.join(', ')}`,
      });
    }
  }

  if (measures.designatedSites) {
    const local = measures.designatedSites.filter((s) => s.bureau === input.destinationBureau);
    for (const line of input.lines) {
      const site = local.find((s) => s.hsPrefixes.some((prefix) => hsPrefixCovers(prefix, line.hsCode)));
      if (site) {
        sites.push(site.id);
      } else {
        shortfalls.push({
          zh: `目的地无该类产品（HS ${line.hsCode}）的指定监管场地`,
          en: `the destination has no designated site for this product class (HS ${line.hsCode})`,
        });
      }
    }
  }

  if (measures.maxTransitHours !== undefined) {
    const hours = input.expectedTransitHours;
    if (hours === undefined) {
      shortfalls.push({ zh: '运输时限未知', en: 'transit time is unknown' });
    } else if (hours > measures.maxTransitHours) {
      shortfalls.push({
        zh: `运输时间 ${hours} 小时超过时限 ${measures.maxTransitHours} 小时`,
        en: `transit of ${hours} h exceeds the limit of ${measures.maxTransitHours} h`,
      });
    }
  }

  return { met: shortfalls.length === 0, shortfalls, sites: [...new Set(sites)] };
}
