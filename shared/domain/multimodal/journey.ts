import { z } from 'zod';
import { bureauCodeSchema, type BureauCode, type Direction, type PortCode, type TransportMode } from '../codes.ts';
import { bilingual } from '../text.ts';
import { countryCodeSchema } from '../validators/country.ts';
import { MODES_AT, transferPoint, transferPointCodeSchema, type JourneyMode, type TransferPointCode } from './transfer-points.ts';

/**
 * The legs of a multimodal journey (408号 三（九）: 铁空、水铁多式联运), e.g. Rotterdam → sea →
 * Lianyungang → rail → Chongqing, or Duisburg → rail → Alashankou → rail → Zhengzhou airport → air
 * → Chongqing airport. A stop in China is a transfer point (`transfer-points.ts`); a stop abroad
 * is a city and its country. One supervision runs across the legs (`journeyPlan`).
 */
export const MAX_JOURNEY_LEGS = 6;
export const MAX_STOP_CITY_LENGTH = 100;

export const journeyModeSchema = z.enum(['rail', 'sea', 'air'], { error: bilingual('运输方式须为 rail、sea 或 air', 'mode must be rail, sea or air') });

export const journeyStopSchema = z
  .object({
    /** A Chinese transfer point. */
    point: transferPointCodeSchema.optional(),
    /** A place abroad: its city and country. */
    city: z
      .string({ error: bilingual('城市须为字符串', 'city must be a string') })
      .trim()
      .min(1, { error: bilingual('城市不能为空', 'city must not be empty') })
      .max(MAX_STOP_CITY_LENGTH, { error: bilingual(`城市最多 ${MAX_STOP_CITY_LENGTH} 个字符`, `city is at most ${MAX_STOP_CITY_LENGTH} characters`) })
      .optional(),
    country: countryCodeSchema.optional(),
  })
  .superRefine((stop, ctx) => {
    if (stop.point !== undefined && (stop.city !== undefined || stop.country !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['point'], message: bilingual('境内节点只填 point，境外地点填 city 和 country', 'a stop is either a Chinese point or a city and country abroad') });
    } else if (stop.point === undefined) {
      if (stop.city === undefined) ctx.addIssue({ code: 'custom', path: ['city'], message: bilingual('境外地点须填城市（境内节点填 point）', 'a stop abroad needs a city (a Chinese stop a point)') });
      if (stop.country === undefined) ctx.addIssue({ code: 'custom', path: ['country'], message: bilingual('境外地点须填国家', 'a stop abroad needs a country') });
      else if (stop.country === 'CN') ctx.addIssue({ code: 'custom', path: ['point'], message: bilingual('境内地点须填联运节点代码 point', 'a stop in China is named by its transfer point code') });
    }
  });
export type JourneyStop = z.infer<typeof journeyStopSchema>;

export const journeyLegSchema = z.object({ mode: journeyModeSchema, from: journeyStopSchema, to: journeyStopSchema });
export type JourneyLeg = z.infer<typeof journeyLegSchema>;

export const journeySchema = z.object({
  legs: z
    .array(journeyLegSchema, { error: bilingual('运输段须为数组', 'legs must be an array') })
    .min(2, { error: bilingual('多式联运至少两段', 'a multimodal journey has at least two legs') })
    .max(MAX_JOURNEY_LEGS, { error: bilingual(`最多 ${MAX_JOURNEY_LEGS} 段`, `at most ${MAX_JOURNEY_LEGS} legs`) }),
});
export type Journey = z.infer<typeof journeySchema>;

/** What the journey rules read of a filing. */
export interface JourneyFiling {
  direction: Direction;
  portCode: PortCode;
  transportMode: TransportMode;
  destinationBureau?: BureauCode | undefined;
  originBureau?: BureauCode | undefined;
  journey?: Journey | undefined;
}

const MODES_OF: Record<Exclude<TransportMode, 'rail'>, readonly [JourneyMode, JourneyMode]> = { 'rail-air': ['rail', 'air'], 'sea-rail': ['sea', 'rail'] };

const sameStop = (a: JourneyStop, b: JourneyStop) => (a.point !== undefined ? a.point === b.point : a.point === b.point && a.city?.toLowerCase() === b.city?.toLowerCase() && a.country === b.country);

export interface JourneyIssue {
  path: Array<string | number>;
  message: string;
}

/**
 * Why a filing's journey cannot be supervised as one chain; empty when it can. The chain enters
 * (import) or leaves (export) China once, changes mode once at a point that serves both modes,
 * and ends (import) or starts (export) at a point of the inland bureau; a rail crossing is the
 * filing's border port.
 */
export function journeyIssues(filing: JourneyFiling): JourneyIssue[] {
  const journey = filing.journey;
  if (journey === undefined) return [];
  if (filing.transportMode === 'rail') {
    return [{ path: ['journey'], message: bilingual('仅多式联运（rail-air、sea-rail）申报运输段', 'legs are declared for multimodal transport only (rail-air, sea-rail)') }];
  }
  const issues: JourneyIssue[] = [];
  const legs = journey.legs;
  const modes = MODES_OF[filing.transportMode];
  legs.forEach((leg, i) => {
    if (!modes.includes(leg.mode)) issues.push({ path: ['journey', 'legs', i, 'mode'], message: bilingual(`${filing.transportMode} 联运不含 ${leg.mode} 段`, `a ${filing.transportMode} journey has no ${leg.mode} leg`) });
    for (const end of ['from', 'to'] as const) {
      const code = leg[end].point;
      if (code === undefined) continue;
      const point = transferPoint(code);
      if (!MODES_AT[point.kind].includes(leg.mode)) {
        issues.push({ path: ['journey', 'legs', i, end, 'point'], message: bilingual(`${point.name.zh}不办理${leg.mode}运输`, `${point.name.en} does not serve ${leg.mode} transport`) });
      }
    }
    const next = legs[i + 1];
    if (next !== undefined && !sameStop(leg.to, next.from)) {
      issues.push({ path: ['journey', 'legs', i + 1, 'from'], message: bilingual('每段须从上一段的到达地出发', 'each leg starts where the one before it ends') });
    }
  });
  const changes = modeChanges(legs);
  if (!modes.every((m) => legs.some((l) => l.mode === m)) || changes.length !== 1) {
    issues.push({ path: ['journey', 'legs'], message: bilingual('运输方式须在境内一个节点转换一次', 'the journey changes mode exactly once, at one transfer point') });
  }
  for (const i of changes) {
    if (legs[i]?.to.point === undefined) issues.push({ path: ['journey', 'legs', i, 'to'], message: bilingual('换装须在境内联运节点进行', 'the mode changes at a Chinese transfer point') });
  }
  const crossings = legs.flatMap((leg, i) => ((leg.from.point === undefined) !== (leg.to.point === undefined) ? [i] : []));
  const isImport = filing.direction === 'import';
  const crossing = isImport ? 0 : legs.length - 1;
  if (crossings.length !== 1 || crossings[0] !== crossing) {
    issues.push({
      path: ['journey', 'legs'],
      message: isImport
        ? bilingual('进口联运自境外出发，第一段入境，之后各段均在境内', 'an import starts abroad, enters China on its first leg and stays in China')
        : bilingual('出口联运自境内出发，最后一段出境', 'an export starts in China and leaves it on its last leg'),
    });
    return issues;
  }
  const border = (isImport ? legs[0]?.to.point : legs[legs.length - 1]?.from.point) as TransferPointCode;
  const borderLeg = legs[crossing] as JourneyLeg;
  const borderPoint = transferPoint(border);
  if (borderLeg.mode === 'rail' && borderPoint.port !== filing.portCode) {
    issues.push({ path: ['journey', 'legs', crossing, isImport ? 'to' : 'from', 'point'], message: bilingual(`铁路${isImport ? '入' : '出'}境须经申报口岸 ${filing.portCode}`, `the rail leg crosses the border at the filing's port ${filing.portCode}`) });
  }
  const inlandStop = isImport ? legs[legs.length - 1]?.to.point : legs[0]?.from.point;
  const inland = isImport ? filing.destinationBureau : filing.originBureau;
  if (inlandStop !== undefined && inland !== undefined && transferPoint(inlandStop).bureau !== inland) {
    issues.push({
      path: ['journey', 'legs', isImport ? legs.length - 1 : 0, isImport ? 'to' : 'from', 'point'],
      message: isImport
        ? bilingual(`联运须止于目的地直属局（${inland}）辖区`, `the journey ends where the destination bureau (${inland}) supervises`)
        : bilingual(`联运须始于产地直属局（${inland}）辖区`, `the journey starts where the origin bureau (${inland}) supervises`),
    });
  }
  return issues;
}

/** Indexes of the legs after which the mode changes. */
function modeChanges(legs: readonly JourneyLeg[]): number[] {
  return legs.flatMap((leg, i) => (legs[i + 1] !== undefined && legs[i + 1]?.mode !== leg.mode ? [i] : []));
}

/** What a bureau does on a leg of the chain. */
export type LegRole = 'port-checks' | 'port-of-exit' | 'hand-over' | 'destination-inspection' | 'origin-inspection';

export interface PlannedLeg {
  mode: JourneyMode;
  from: JourneyStop;
  to: JourneyStop;
  /** The bureaus that act at this leg's ends, and what each does. */
  bureaus: Array<{ bureau: BureauCode; point: TransferPointCode; role: LegRole }>;
}

export interface JourneyPlan {
  /** Where the goods cross the border, and its bureau (port checks on import; the exit port on export). */
  border: { point: TransferPointCode; bureau: BureauCode; mode: JourneyMode };
  /** The change of mode: its point, its bureau (which checks the container seals), the two modes. */
  handOver: { point: TransferPointCode; bureau: BureauCode; fromMode: JourneyMode; toMode: JourneyMode };
  legs: PlannedLeg[];
}

/** One supervision across the legs of a journey that `journeyIssues` accepted; undefined without one. */
export function journeyPlan(filing: JourneyFiling): JourneyPlan | undefined {
  const legs = filing.journey?.legs;
  if (legs === undefined || filing.transportMode === 'rail' || journeyIssues(filing).length > 0) return undefined;
  const isImport = filing.direction === 'import';
  const crossing = isImport ? 0 : legs.length - 1;
  const borderLeg = legs[crossing] as JourneyLeg;
  const borderCode = (isImport ? borderLeg.to.point : borderLeg.from.point) as TransferPointCode;
  const change = modeChanges(legs)[0] as number;
  const handOverCode = legs[change]?.to.point as TransferPointCode;
  const border = { point: borderCode, bureau: transferPoint(borderCode).bureau, mode: borderLeg.mode };
  const handOver = { point: handOverCode, bureau: transferPoint(handOverCode).bureau, fromMode: (legs[change] as JourneyLeg).mode, toMode: (legs[change + 1] as JourneyLeg).mode };
  const inlandRole: LegRole = isImport ? 'destination-inspection' : 'origin-inspection';
  const planned = legs.map((leg, i): PlannedLeg => {
    const bureaus: PlannedLeg['bureaus'] = [];
    const at = (point: TransferPointCode | undefined, role: LegRole) => point !== undefined && bureaus.push({ bureau: transferPoint(point).bureau, point, role });
    // In the order the goods meet them: a leg's start before its end.
    if (!isImport && i === 0) at(leg.from.point, inlandRole);
    if (i === crossing) at(border.point, isImport ? 'port-checks' : 'port-of-exit');
    if (i === change) at(handOver.point, 'hand-over');
    if (isImport && i === legs.length - 1) at(leg.to.point, inlandRole);
    return { mode: leg.mode, from: leg.from, to: leg.to, bureaus };
  });
  return { border, handOver, legs: planned };
}

/**
 * The bureau where the goods cross the border, when a journey says it is a seaport or an airport
 * (a rail crossing is the filing's port, whose bureau it already is).
 */
export function journeyBorderBureau(filing: JourneyFiling): BureauCode | undefined {
  const plan = journeyPlan(filing);
  return plan && plan.border.mode !== 'rail' ? plan.border.bureau : undefined;
}

/** The journey's part of the inspection plan (`inspection-plan.ts`), as `journeyPlan` makes it. */
export const journeyPlanSchema = z.object({
  border: z.object({ point: transferPointCodeSchema, bureau: bureauCodeSchema, mode: journeyModeSchema }),
  handOver: z.object({ point: transferPointCodeSchema, bureau: bureauCodeSchema, fromMode: journeyModeSchema, toMode: journeyModeSchema }),
  legs: z.array(
    z.object({
      mode: journeyModeSchema,
      from: journeyStopSchema,
      to: journeyStopSchema,
      bureaus: z.array(z.object({ bureau: bureauCodeSchema, point: transferPointCodeSchema, role: z.enum(['port-checks', 'port-of-exit', 'hand-over', 'destination-inspection', 'origin-inspection']) })),
    }),
  ),
}) satisfies z.ZodType<JourneyPlan>;
