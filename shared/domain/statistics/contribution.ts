import type { BureauCode, Direction } from '../codes.ts';
import { chinesePartyOf, type Consignment } from '../consignment.ts';
import { hsChapter } from '../validators/hs-code.ts';
import { bucketOf } from './histogram.ts';

/**
 * What one closed consignment adds to the statistics (408号 三（二）: 数据统计分析): the counters
 * it moves, under every dimension value it counts in. Pure; the close step writes each part to
 * the day and month items of its value (`shared/lifecycle/statistics/`).
 *
 * Every counter is kept per direction (`i.` imports, `e.` exports), so a direction filter costs
 * nothing. Durations are histograms (`histogram.ts`) with their count and sum.
 */
export const STATISTICS_DIMENSIONS = ['all', 'port', 'corridor', 'hs-chapter', 'category', 'enterprise', 'enterprise-heading', 'commodity'] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

/**
 * Also kept per responsible bureau: an officer's statistics are its own bureau's, and HQ's for
 * one bureau are that scope's `all` (so no `bureau` dimension is needed). The enterprise × heading
 * and country × heading pairs are read by quality assessment and risk grades only, for everyone.
 */
export const BUREAU_SCOPED_DIMENSIONS: readonly StatisticsDimension[] = ['all', 'port', 'corridor', 'hs-chapter', 'category', 'enterprise'];

/** `ALL`: every consignment; a bureau code: the consignments that bureau is responsible for. */
export type StatisticsScope = 'ALL' | BureauCode;

/** One dimension value in one scope: the partition of its day and month items. */
export interface AggregateTarget {
  scope: StatisticsScope;
  dimension: StatisticsDimension;
  /** `-` for `all`; `<credit code>#<heading>` and `<country>#<heading>` for the pairs. */
  value: string;
}

export interface ContributionPart extends AggregateTarget {
  /** Counter attribute → what this consignment adds. */
  counters: Record<string, number>;
}

/** What the audit trail says about the consignment's way through, in the terms the figures use. */
export interface ClosingFacts {
  outcome: 'released' | 'rejected';
  portChecksCompleted: boolean;
  stoppedAtPort: boolean;
  portInspectionOpened: boolean;
  portAction: boolean;
  portDwellMs?: number | undefined;
  filingToReleaseMs?: number | undefined;
  inspected: boolean;
  failed: boolean;
  /** Escalations of its tasks (one per deadline passed). */
  escalations: number;
  /** The corridor it travelled, when one is known. */
  corridor?: string | undefined;
  /** 408号 三（三）"支持扩大返程货物贸易": an import carried by an inbound (return) train. */
  returnCargo?: boolean | undefined;
}

export const directionPrefix = (direction: Direction): 'i' | 'e' => (direction === 'import' ? 'i' : 'e');

/** Counter names (after the direction prefix), as stored. */
export const COUNTER = {
  consignments: 'n',
  released: 'rel',
  rejected: 'rej',
  containers: 'ctr',
  netWeightKg: 'kg',
  pastPort: 'pp',
  directThrough: 'dt',
  portInspected: 'pi',
  releasedExports: 'rx',
  releasedWithoutPortAction: 'rxnp',
  inspected: 'ins',
  nonconforming: 'nc',
  escalations: 'esc',
  escalated: 'escn',
  /** Return cargo (返程货物): consignments, containers and net weight of imports on inbound trains. */
  returnCargo: 'ret',
  returnCargoContainers: 'retctr',
  returnCargoNetWeightKg: 'retkg',
} as const;

/** Durations: `<d>.<name>.n` count, `<d>.<name>.s` sum (ms), `<d>.<name>.h<bucket>` histogram. */
export const DURATION = { filingToRelease: 'ftr', portDwell: 'pd' } as const;
export type DurationName = (typeof DURATION)[keyof typeof DURATION];

export const heading = (hsCode: string): string => hsCode.slice(0, 4);
/** Kilograms to the gram: sums of decimals stay exact enough and items small. */
const kg = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The parts of one consignment's contribution: one per scope and dimension value it counts in.
 * A consignment counts once under each value: under every HS chapter, category, heading and
 * country of its goods (its net weight there is only that of the lines concerned), under both its
 * bureaus' scopes. Nonconformity is a result of the consignment, so it counts under
 * every chapter and heading the consignment carries.
 */
export function contributionOf(
  consignment: Pick<Consignment, 'direction' | 'portCode' | 'responsibleBureaus' | 'containers' | 'goods' | 'consignor' | 'consignee'>,
  facts: ClosingFacts,
): ContributionPart[] {
  const d = directionPrefix(consignment.direction);
  const base = baseCounters(d, consignment, facts);
  const totalKg = kg(consignment.goods.reduce((sum, line) => sum + line.netWeightKg, 0));
  const withKg = (weight: number) => ({
    ...base,
    [`${d}.${COUNTER.netWeightKg}`]: kg(weight),
    ...(facts.returnCargo === true && { [`${d}.${COUNTER.returnCargoNetWeightKg}`]: kg(weight) }),
  });

  const goodsValues = (valueOf: (line: Consignment['goods'][number]) => string[]) => {
    const weights = new Map<string, number>();
    for (const line of consignment.goods) for (const value of valueOf(line)) weights.set(value, (weights.get(value) ?? 0) + line.netWeightKg);
    return weights;
  };
  const enterprise = chinesePartyOf(consignment).creditCode;
  const chapters = goodsValues((line) => [hsChapter(line.hsCode)]);
  const categories = goodsValues((line) => line.categories);
  const byDimension: Array<[StatisticsDimension, Map<string, number>]> = [
    ['all', new Map([['-', totalKg]])],
    ['port', new Map([[consignment.portCode, totalKg]])],
    ['corridor', new Map(facts.corridor !== undefined ? [[facts.corridor, totalKg]] : [])],
    ['hs-chapter', chapters],
    ['category', categories],
    ['enterprise', new Map(enterprise !== undefined ? [[enterprise, totalKg]] : [])],
    ['enterprise-heading', enterprise !== undefined ? goodsValues((line) => [`${enterprise}#${heading(line.hsCode)}`]) : new Map()],
    ['commodity', goodsValues((line) => [`${line.originCountry}#${heading(line.hsCode)}`])],
  ];

  const parts: ContributionPart[] = [];
  const scopes: StatisticsScope[] = ['ALL', ...new Set(consignment.responsibleBureaus)];
  for (const scope of scopes) {
    for (const [dimension, values] of byDimension) {
      if (scope !== 'ALL' && !BUREAU_SCOPED_DIMENSIONS.includes(dimension)) continue;
      for (const [value, weight] of values) parts.push({ scope, dimension, value, counters: withKg(weight) });
    }
  }
  return parts;
}

function baseCounters(d: 'i' | 'e', consignment: Pick<Consignment, 'direction' | 'containers'>, facts: ClosingFacts): Record<string, number> {
  const counters: Record<string, number> = {};
  const add = (name: string, value = 1) => {
    if (value !== 0) counters[`${d}.${name}`] = (counters[`${d}.${name}`] ?? 0) + value;
  };
  add(COUNTER.consignments);
  add(facts.outcome === 'released' ? COUNTER.released : COUNTER.rejected);
  add(COUNTER.containers, consignment.containers.length);
  if (consignment.direction === 'import' && facts.portChecksCompleted && !facts.stoppedAtPort) {
    add(COUNTER.pastPort);
    if (!facts.portInspectionOpened) add(COUNTER.directThrough);
  }
  if (facts.portInspectionOpened) add(COUNTER.portInspected);
  if (consignment.direction === 'export' && facts.outcome === 'released') {
    add(COUNTER.releasedExports);
    if (!facts.portAction) add(COUNTER.releasedWithoutPortAction);
  }
  if (facts.inspected) {
    add(COUNTER.inspected);
    if (facts.failed) add(COUNTER.nonconforming);
  }
  if (facts.returnCargo === true) {
    add(COUNTER.returnCargo);
    add(COUNTER.returnCargoContainers, consignment.containers.length);
  }
  if (facts.escalations > 0) {
    add(COUNTER.escalations, facts.escalations);
    add(COUNTER.escalated);
  }
  const duration = (name: DurationName, ms: number | undefined) => {
    if (ms === undefined || !Number.isFinite(ms) || ms < 0) return;
    add(`${name}.n`);
    add(`${name}.s`, Math.round(ms));
    add(`${name}.h${bucketOf(ms)}`);
  };
  if (facts.outcome === 'released') duration(DURATION.filingToRelease, facts.filingToReleaseMs);
  duration(DURATION.portDwell, facts.portDwellMs);
  return counters;
}

/** `ALL#port#ALASHANKOU`: the partition of a target's items, after the table's prefix. */
export const targetKey = (target: AggregateTarget): string => `${target.scope}#${target.dimension}#${target.value}`;
