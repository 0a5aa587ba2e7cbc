import type { BureauCode, Direction, PortCode } from '#shared/domain/codes.ts';
import type { ConsignmentFilingInput } from '#shared/domain/consignment.ts';
import type { Corridor } from '#shared/domain/corridor.ts';
import { CONSIGNMENT_DIRECTION } from '#shared/domain/train.ts';
import { corridorById } from '#shared/domain/reference/corridors.ts';
import { portBureau } from '#shared/domain/reference/ports.ts';
import { estimatedTransitHours } from '#shared/domain/reference/rail-distances.ts';
import { containerCheckDigit } from '#shared/domain/validators/container-number.ts';
import { creditCodeCheckCharacter } from '#shared/domain/validators/credit-code.ts';
import {
  ARRIVAL_DELAY_MINUTES,
  BORDER_DWELL_HOURS,
  CONTAINERS_PER_CONSIGNMENT,
  CONTAINERS_PER_TRAIN,
  CORRIDOR_WEIGHTS,
  DIVISION_OF_BUREAU,
  EXPORT_FILED_HOURS_BEFORE,
  EXPORT_GOODS,
  FIRST_CROSSING_AFTER_HOURS,
  FOREIGN_LEG_DAYS,
  IMPORT_FILED_HOURS_BEFORE,
  IMPORT_GOODS,
  LATE_EXPORT_FILED_HOURS_BEFORE,
  OUTBOUND_SHARE,
  OUTCOMES,
  OWNER_CODES,
  RESPONSE_MINUTES,
  SEALED_SHARE_HIGH_RISK,
  SEALED_SHARE_OTHER,
  TRADE_MODES,
  TRAINS_PER_DAY,
  type GoodsTemplate,
} from './catalogue.ts';
import { PermitBook, type PlannedPermit } from './permits.ts';
import { Random } from './random.ts';
import { DAY, HOUR, MINUTE } from './time.ts';

/*
 * The simulated day, drawn from the seed before anything runs: every train, consignment, result
 * and response time. The same seed and train count give the same plan; times are offsets from
 * the start (virtual milliseconds), so the plan does not depend on when it runs.
 */

export type Disposal = 'treatment' | 'return' | 'destroy';
export type PlannedResult = { outcome: 'pass' } | { outcome: 'fail'; disposal: Disposal };

export interface Enterprise {
  creditCode: string;
  name: string;
  bureau: BureauCode;
}

export interface PlannedConsignment {
  key: string;
  trainKey: string;
  direction: Direction;
  cargo: GoodsTemplate['cargo'];
  declarant: Enterprise;
  /** When it is filed, from the start. */
  fileAtMs: number;
  filing: ConsignmentFilingInput;
  containers: string[];
  /** The result each kind of task will get, and how long the officer takes (minutes). */
  results: {
    'port-checks': PlannedResult;
    'port-inspection': PlannedResult;
    'destination-inspection': PlannedResult;
    'origin-inspection': PlannedResult;
    treatment: PlannedResult;
  };
  responseMinutes: Record<'port-checks' | 'port-inspection' | 'destination-inspection' | 'origin-inspection' | 'treatment', number>;
}

export interface PlannedTrain {
  key: string;
  trainNumber: string;
  direction: 'inbound' | 'outbound';
  corridor: Corridor;
  portCode: PortCode;
  portBureau: BureauCode;
  inlandBureau: BureauCode;
  originCity: string;
  destinationCity: string;
  /** Planned timetable, offsets from the start. */
  departureMs: number;
  crossingMs: number;
  arrivalMs: number;
  /** What actually happens. */
  arrivesAtBorderMs: number;
  departsBorderMs: number;
  arrivesAtDestinationMs: number;
  containers: string[];
  alarmedContainers: string[];
  responseMinutes: { 'train-quarantine': number; 'train-radiation': number };
  consignments: PlannedConsignment[];
}

export interface Plan {
  seed: number;
  trains: PlannedTrain[];
  /** The permits the importers hold for the goods that need one, registered before the day starts. */
  permits: PlannedPermit[];
}

function creditCode(random: Random, bureau: BureauCode): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const organisation = `MA${Array.from({ length: 8 }, () => random.pick([...alphabet])).join('')}`;
  const first17 = `91${DIVISION_OF_BUREAU[bureau] ?? '110000'}${organisation}`.slice(0, 17);
  return `${first17}${creditCodeCheckCharacter(first17) ?? '0'}`;
}

/** Three trading enterprises per inland bureau, the same for the whole day. */
function enterprisesOf(random: Random, bureau: BureauCode, city: string): Enterprise[] {
  const r = random.fork(`enterprises:${bureau}`);
  return ['国际贸易有限公司', '供应链管理有限公司', '进出口有限公司'].map((suffix, i) => ({
    creditCode: creditCode(r, bureau),
    name: `${city}${['中欧', '丝路', '陆港'][i]}${suffix}`,
    bureau,
  }));
}

const respond = (r: Random, kind: keyof typeof RESPONSE_MINUTES) => r.lognormal(RESPONSE_MINUTES[kind].median, RESPONSE_MINUTES[kind].sigma);

function pickResult(random: Random, spec: { rate: number; disposals: ReadonlyArray<readonly [string, number]> }): PlannedResult {
  if (!random.chance(spec.rate)) return { outcome: 'pass' };
  return { outcome: 'fail', disposal: random.weighted(spec.disposals) as Disposal };
}

function corridorWeights(): Array<readonly [Corridor, number]> {
  return Object.entries(CORRIDOR_WEIGHTS).map(([id, weight]) => {
    const corridor = corridorById(id);
    if (!corridor) throw new Error(`unknown corridor ${id} in the simulation catalogue`);
    return [corridor, weight] as const;
  });
}

function goodsLine(template: GoodsTemplate, containers: number, originCountry: string) {
  return {
    hsCode: template.hsCode,
    description: template.description,
    quantity: template.quantityPerContainer * containers,
    unit: template.unit,
    netWeightKg: template.kgPerContainer * containers,
    originCountry,
    categories: template.categories,
  };
}

export function planDay(options: { seed: number; trains: number; runTag?: string }): Plan {
  const root = new Random(options.seed);
  const spanMs = (options.trains / TRAINS_PER_DAY) * DAY;
  const corridors = corridorWeights();
  const enterprises = new Map<BureauCode, Enterprise[]>();
  const permits = new PermitBook(options.runTag);
  let containerSerial = root.fork('containers').int(100_000, 800_000);
  const trains: PlannedTrain[] = [];

  for (let i = 0; i < options.trains; i++) {
    const r = root.fork(`train:${i}`);
    const direction = r.chance(OUTBOUND_SHARE) ? 'outbound' : 'inbound';
    const corridor = r.weighted(corridors);
    const portCode = r.pick(corridor.ports);
    const inland = corridor.originBureau;
    const terminal = r.pick(corridor.terminals);
    const crossingMs = Math.round(FIRST_CROSSING_AFTER_HOURS * HOUR + r.float() * spanMs);
    const transitMs = (estimatedTransitHours(portCode, inland) ?? 72) * HOUR;
    const foreignMs = r.between(FOREIGN_LEG_DAYS.min, FOREIGN_LEG_DAYS.max) * DAY;
    const arrivesAtBorderMs = Math.max(crossingMs - 2 * HOUR, Math.round(crossingMs + (ARRIVAL_DELAY_MINUTES.mean + ARRIVAL_DELAY_MINUTES.sd * r.normal()) * MINUTE));
    const arrivalMs = crossingMs + (direction === 'inbound' ? transitMs : foreignMs);
    const prefix = direction === 'outbound' ? 'X8' : 'X9';
    const key = `T${String(i + 1).padStart(3, '0')}`;
    const containerCount = r.int(CONTAINERS_PER_TRAIN.min, CONTAINERS_PER_TRAIN.max);
    const containers = Array.from({ length: containerCount }, () => {
      const firstTen = `${r.pick(OWNER_CODES)}${String(containerSerial++ % 1_000_000).padStart(6, '0')}`;
      return `${firstTen}${containerCheckDigit(firstTen)}`;
    });
    const alarmed = containers.filter(() => r.chance(OUTCOMES.radiationAlarmPerContainer));
    const train: PlannedTrain = {
      key,
      trainNumber: `${prefix}${String(i + 1).padStart(3, '0')}${options.runTag ? `-${options.runTag}` : ''}`,
      direction,
      corridor,
      portCode,
      portBureau: portBureau(portCode),
      inlandBureau: inland,
      originCity: direction === 'outbound' ? corridor.originCity.en : terminal.city.en,
      destinationCity: direction === 'outbound' ? terminal.city.en : corridor.originCity.en,
      departureMs: crossingMs - (direction === 'outbound' ? transitMs : foreignMs),
      crossingMs,
      arrivalMs,
      arrivesAtBorderMs,
      departsBorderMs: arrivesAtBorderMs + r.between(BORDER_DWELL_HOURS.min, BORDER_DWELL_HOURS.max) * HOUR,
      arrivesAtDestinationMs: arrivalMs + Math.round(r.normal() * 3 * HOUR),
      containers,
      alarmedContainers: alarmed,
      responseMinutes: { 'train-quarantine': 0, 'train-radiation': 0 },
      consignments: [],
    };
    train.responseMinutes['train-quarantine'] = respond(r, 'train-quarantine');
    train.responseMinutes['train-radiation'] = respond(r, 'train-radiation');
    if (!enterprises.has(inland)) enterprises.set(inland, enterprisesOf(root, inland, corridor.originCity.zh));

    const consignmentDirection = CONSIGNMENT_DIRECTION[direction];
    let next = 0;
    for (let n = 0; next < containers.length; n++) {
      const c = r.fork(`consignment:${n}`);
      const size = Math.min(c.weighted(CONTAINERS_PER_CONSIGNMENT), containers.length - next);
      const boxes = containers.slice(next, next + size);
      next += size;
      train.consignments.push(planConsignment(c, train, `${key}-C${String(n + 1).padStart(3, '0')}`, consignmentDirection, boxes, enterprises.get(inland) ?? [], terminal.country, permits));
    }
    trains.push(train);
  }
  trains.sort((a, b) => a.crossingMs - b.crossingMs);
  return { seed: options.seed, trains, permits: permits.list() };
}

function planConsignment(
  r: Random,
  train: PlannedTrain,
  key: string,
  direction: Direction,
  containers: string[],
  enterprises: Enterprise[],
  foreignCountry: string,
  permits: PermitBook,
): PlannedConsignment {
  const template = r.weighted(direction === 'import' ? IMPORT_GOODS : EXPORT_GOODS);
  const declarant = r.pick(enterprises);
  const sealedShare = template.cargo === 'high-risk-agricultural' ? SEALED_SHARE_HIGH_RISK : SEALED_SHARE_OTHER;
  const sealed = r.chance(sealedShare);
  const boxes = containers.map((number, i) => ({ number, ...(sealed && { sealNumber: `${foreignCountry}${String(r.int(100000, 999999))}${i}` }) }));
  const hoursBefore = direction === 'import' ? r.between(IMPORT_FILED_HOURS_BEFORE.min, IMPORT_FILED_HOURS_BEFORE.max) : r.between(EXPORT_FILED_HOURS_BEFORE.min, EXPORT_FILED_HOURS_BEFORE.max);
  const chinese = { name: declarant.name, country: 'CN', creditCode: declarant.creditCode };
  const foreign = { name: `${train.direction === 'inbound' ? train.originCity : train.destinationCity} Rail Trading ${r.pick(['GmbH', 'Sp. z o.o.', 's.r.o.', 'SL', 'LLP', 'OOO'])}`, country: foreignCountry };
  const filing: ConsignmentFilingInput = {
    direction,
    portCode: train.portCode,
    tradeMode: r.weighted(TRADE_MODES[direction]),
    transportMode: train.corridor.transportMode,
    ...(direction === 'import' ? { destinationBureau: train.inlandBureau } : { originBureau: train.inlandBureau }),
    consignor: direction === 'import' ? foreign : chinese,
    consignee: direction === 'import' ? chinese : foreign,
    containers: boxes,
    goods: [goodsLine(template, containers.length, direction === 'import' ? foreignCountry : 'CN')],
  };
  return {
    key,
    trainKey: train.key,
    direction,
    cargo: template.cargo,
    declarant,
    fileAtMs: fileAt(r, train.crossingMs - hoursBefore * HOUR, train.crossingMs),
    // Meat and grain cite the importer's permit (§7); drawing nothing, so the plan is the same.
    filing: permits.cite(filing, declarant),
    containers,
    results: {
      // Only asked when the train's results do not cover the consignment: a radiation alarm.
      'port-checks': r.chance(OUTCOMES.radiationAlarmConfirmed) ? { outcome: 'fail', disposal: 'return' } : { outcome: 'pass' },
      'port-inspection': pickResult(r, direction === 'import' ? OUTCOMES.portInspectionImportFail : OUTCOMES.portInspectionExportFail),
      'destination-inspection': pickResult(r, OUTCOMES.destinationFail),
      'origin-inspection': pickResult(r, OUTCOMES.originFail),
      treatment: pickResult(r, OUTCOMES.treatmentFail),
    },
    responseMinutes: {
      'port-checks': respond(r, 'port-checks'),
      'port-inspection': respond(r, 'port-inspection'),
      'destination-inspection': respond(r, 'destination-inspection'),
      'origin-inspection': respond(r, 'origin-inspection'),
      treatment: respond(r, 'treatment'),
    },
  };
}

/** A declaration due before the start is made in the first hours, still ahead of its train. */
function fileAt(r: Random, planned: number, crossing: number): number {
  if (planned >= 0) return Math.round(planned);
  return Math.round(r.between(0, Math.max(0, crossing - LATE_EXPORT_FILED_HOURS_BEFORE * HOUR)));
}

export const planTotals = (plan: Plan) => ({
  trains: plan.trains.length,
  outbound: plan.trains.filter((t) => t.direction === 'outbound').length,
  containers: plan.trains.reduce((n, t) => n + t.containers.length, 0),
  consignments: plan.trains.reduce((n, t) => n + t.consignments.length, 0),
});
