import { seededRandom } from '#local/seeded-random.ts';

/**
 * The day's work for `npm run bench:day`, drawn from a seed before anything runs: trains
 * registered up front and N consignment filings, a realistic mix of imports and exports over the
 * four border ports. Bodies are built from the domain fixtures (`test/domain/fixtures.ts`,
 * `test/domain/train-bodies.ts`); cargo, corridors and shares from the simulation's catalogue.
 */
import type { BureauCode, Direction, PortCode } from '#shared/domain/codes.ts';
import type { ConsignmentFiling } from '#shared/domain/consignment.ts';
import { CORRIDORS } from '#shared/domain/reference/corridors.ts';
import { portBureau } from '#shared/domain/reference/ports.ts';
import { creditCodeCheckCharacter } from '#shared/domain/validators/credit-code.ts';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { containerNumber, DAY, HOUR, inboundTrain, iso, type TrainBody } from '#test/domain/train-bodies.ts';
import {
  CONTAINERS_PER_CONSIGNMENT,
  CORRIDOR_WEIGHTS,
  DIVISION_OF_BUREAU,
  EXPORT_GOODS,
  IMPORT_GOODS,
  OUTBOUND_SHARE,
  OWNER_CODES,
  SEALED_SHARE_HIGH_RISK,
  SEALED_SHARE_OTHER,
  TRADE_MODES,
  type GoodsTemplate,
} from '../../scripts/simulate/catalogue.ts';
import { PermitBook, type PlannedPermit } from '../../scripts/simulate/permits.ts';

/** Share of consignments filed on a registered train (the rest name no train yet). */
export const TRAIN_LINKED_SHARE = 0.5;
/** Containers a registered train takes (a 41–55 container train; the API allows up to 120). */
export const TRAIN_CAPACITY = 55;

export interface Enterprise {
  bureau: BureauCode;
  creditCode: string;
  name: string;
}

export interface PlannedTrain {
  key: string;
  portBureau: BureauCode;
  body: TrainBody;
  containers: number;
}

export interface PlannedFiling {
  index: number;
  direction: Direction;
  portCode: PortCode;
  portBureau: BureauCode;
  inlandBureau: BureauCode;
  cargo: GoodsTemplate['cargo'];
  declarant: Enterprise;
  /** Key of the train it is filed on, if any (the train's id is known once it is registered). */
  trainKey?: string;
  filing: ConsignmentFiling;
}

export interface DayPlan {
  trains: PlannedTrain[];
  filings: PlannedFiling[];
  /** The permits the importers cite for meat and grain (§7), registered before the filings. */
  permits: PlannedPermit[];
  enterprises: Enterprise[];
  /** Every bureau that may get a task: the port bureaus and the inland bureaus of the filings. */
  bureaus: BureauCode[];
}


function weighted<T>(random: () => number, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let x = random() * total;
  for (const [value, w] of entries) {
    x -= w;
    if (x < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

function creditCode(bureau: BureauCode, serial: number): string {
  const first17 = `91${DIVISION_OF_BUREAU[bureau] ?? '110000'}MA${String(70_000_000 + serial).padStart(8, '0')}`.slice(0, 17);
  return `${first17}${creditCodeCheckCharacter(first17) ?? '0'}`;
}

/** Two trading enterprises per inland bureau; Chongqing and Yiwu have the fixtures' own. */
function enterprisesOf(bureau: BureauCode, city: string, serial: number): Enterprise[] {
  const fixture = bureau === 'CQ' ? CREDIT_CODES.chongqingImporter : bureau === 'ZJ' ? CREDIT_CODES.yiwuExporter : undefined;
  return [
    { bureau, creditCode: fixture ?? creditCode(bureau, serial), name: `${city}中欧国际贸易有限公司` },
    { bureau, creditCode: creditCode(bureau, serial + 1), name: `${city}丝路供应链管理有限公司` },
  ];
}

export function planDay(options: { consignments: number; seed: number; now: number }): DayPlan {
  const random = seededRandom(options.seed);
  const corridors = CORRIDORS.filter((c) => CORRIDOR_WEIGHTS[c.id] !== undefined);
  const corridorWeights = corridors.map((c) => [c, CORRIDOR_WEIGHTS[c.id]!] as const);
  const enterprisesByBureau = new Map<BureauCode, Enterprise[]>();
  // Tagged with the start, so two runs against one system register permits of their own.
  const permits = new PermitBook(`BD${options.now.toString(36).slice(-5).toUpperCase()}`);
  corridors.forEach((c, i) => {
    if (!enterprisesByBureau.has(c.originBureau)) enterprisesByBureau.set(c.originBureau, enterprisesOf(c.originBureau, c.originCity.zh, i * 10));
  });

  const trains: PlannedTrain[] = [];
  /** The train of each corridor, port and direction still taking containers. */
  const openTrain = new Map<string, PlannedTrain>();
  const filings: PlannedFiling[] = [];
  const bureaus = new Set<BureauCode>();
  let containerSerial = 0;

  for (let index = 0; index < options.consignments; index++) {
    const corridor = weighted(random, corridorWeights);
    const portCode = pick(random, corridor.ports);
    const direction: Direction = random() < OUTBOUND_SHARE ? 'export' : 'import';
    const terminal = pick(random, corridor.terminals);
    const template = weighted(random, direction === 'import' ? IMPORT_GOODS : EXPORT_GOODS);
    const boxes = weighted(random, CONTAINERS_PER_CONSIGNMENT);
    const sealed = random() < (template.cargo === 'high-risk-agricultural' ? SEALED_SHARE_HIGH_RISK : SEALED_SHARE_OTHER);
    const owner = OWNER_CODES[index % OWNER_CODES.length]!;
    const containers = Array.from({ length: boxes }, () => ({
      number: containerNumber(++containerSerial, owner),
      ...(sealed && { sealNumber: `${terminal.country}${String(100_000 + containerSerial)}` }),
    }));
    const declarant = pick(random, enterprisesByBureau.get(corridor.originBureau)!);
    const chinese = { name: declarant.name, country: 'CN', creditCode: declarant.creditCode };
    const foreign = { name: `${terminal.city.en} Rail Trading ${pick(random, ['GmbH', 'Sp. z o.o.', 's.r.o.', 'SL', 'LLP', 'OOO'])}`, country: terminal.country };
    const goods = [
      goodsLine({
        hsCode: template.hsCode,
        description: template.description,
        unit: template.unit,
        quantity: template.quantityPerContainer * boxes,
        netWeightKg: template.kgPerContainer * boxes,
        originCountry: direction === 'import' ? terminal.country : 'CN',
        categories: template.categories,
      }),
    ];
    const common = { portCode, tradeMode: weighted(random, TRADE_MODES[direction]), transportMode: corridor.transportMode, containers, goods };
    const filing = permits.cite(
      direction === 'import'
        ? importFiling({ ...common, destinationBureau: corridor.originBureau, consignor: foreign, consignee: chinese })
        : exportFiling({ ...common, originBureau: corridor.originBureau, consignor: chinese, consignee: foreign }),
      declarant,
    );

    let trainKey: string | undefined;
    if (random() < TRAIN_LINKED_SHARE) {
      const group = `${corridor.id}|${portCode}|${direction}`;
      let train = openTrain.get(group);
      if (!train || train.containers + boxes > TRAIN_CAPACITY) {
        const n = trains.length;
        // Crossings two days ahead and later, so no schedule of the timetable fires during the run.
        const crossing = options.now + 2 * DAY + n * 20 * 60_000;
        const trainNumber = `BD${direction === 'import' ? 'I' : 'E'}${String(n).padStart(4, '0')}`;
        const shared = { portCode, corridorId: corridor.id, containerCapacity: TRAIN_CAPACITY };
        const body: TrainBody =
          direction === 'import'
            ? inboundTrain(trainNumber, crossing, { ...shared, originCity: terminal.city.en, destinationCity: corridor.originCity.en })
            : {
                ...inboundTrain(trainNumber, crossing, shared),
                direction: 'outbound',
                originCity: corridor.originCity.en,
                destinationCity: terminal.city.en,
                plannedDeparture: iso(crossing - 3 * DAY),
                plannedArrival: iso(crossing + 10 * DAY + 6 * HOUR),
              };
        train = { key: `${group}|${n}`, portBureau: portBureau(portCode), body, containers: 0 };
        trains.push(train);
        openTrain.set(group, train);
      }
      train.containers += boxes;
      trainKey = train.key;
    }

    bureaus.add(portBureau(portCode));
    bureaus.add(corridor.originBureau);
    filings.push({
      index,
      direction,
      portCode,
      portBureau: portBureau(portCode),
      inlandBureau: corridor.originBureau,
      cargo: template.cargo,
      declarant,
      ...(trainKey !== undefined && { trainKey }),
      filing,
    });
  }
  return { trains, filings, permits: permits.list(), enterprises: [...enterprisesByBureau.values()].flat(), bureaus: [...bureaus].sort() };
}
