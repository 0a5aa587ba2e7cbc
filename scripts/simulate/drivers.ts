import { plannedMarkets } from './markets.ts';
import { permitBody } from './permits.ts';
import type { PlannedConsignment, PlannedTrain } from './plan.ts';
import { HOUR, MINUTE } from './time.ts';
import { untilVirtual, type TrainState, type World } from './world.ts';

/**
 * The scripted side of the day: port bureaus register the trains, declarants file when their
 * cargo is due, and the port records each train's arrival at and departure from the border and
 * the inland bureau its arrival at the destination.
 */
const iso = (virtualMs: number) => new Date(virtualMs).toISOString();

/** Each bureau registers the permits its importers hold (POST /permits) before anything is filed. */
export async function issuePermits(world: World): Promise<void> {
  for (const permit of world.plan.permits) {
    await world.api.ok('POST', '/permits', await world.officer(permit.bureau), permitBody(permit), { 'idempotency-key': `sim-permit-${permit.number}` });
  }
}

/** The purchase-location bureaus' markets and traders (scripts/simulate/markets.ts), before anything is filed. */
export async function registerMarkets(world: World): Promise<void> {
  const filings = world.plan.trains.flatMap((train) => train.consignments.map((consignment) => consignment.filing));
  for (const { bureau, market, traders } of plannedMarkets(filings)) {
    const officer = await world.officer(bureau);
    await world.api.ok('POST', '/markets', officer, market, { 'idempotency-key': `sim-market-${market.id}-${world.plan.seed}` });
    for (const trader of traders) {
      await world.api.ok('PUT', `/markets/${market.id}/traders/${trader.creditCode}`, officer, trader.registration, { 'idempotency-key': `sim-trader-${market.id}-${trader.creditCode}-${world.plan.seed}` });
    }
  }
}

export async function registerTrains(world: World): Promise<void> {
  for (const planned of world.plan.trains) {
    const base = world.startVirtual;
    const body = {
      trainNumber: planned.trainNumber,
      direction: planned.direction,
      portCode: planned.portCode,
      originCity: planned.originCity,
      destinationCity: planned.destinationCity,
      plannedDeparture: iso(base + planned.departureMs),
      plannedBorderCrossing: iso(base + planned.crossingMs),
      plannedArrival: iso(base + planned.arrivalMs),
      corridorId: planned.corridor.id,
      containerCapacity: planned.containers.length > 50 ? 55 : 50,
    };
    const token = await world.officer(planned.portBureau);
    const registered = await world.api.ok<{ id: string }>('POST', '/trains', token, body, { 'idempotency-key': `sim-train-${planned.trainNumber}-${body.plannedDeparture}` });
    const state: TrainState = { planned, id: registered.id };
    world.trains.set(planned.key, state);
    world.trainById.set(registered.id, state);
    world.counters.trainsRegistered += 1;
  }
}

async function trainEvent(world: World, state: TrainState, type: string, bureau: string): Promise<void> {
  const answer = await world.api.call<{ detail?: string }>('POST', `/trains/${encodeURIComponent(state.id)}/events`, await world.officer(bureau), { type }, {
    'idempotency-key': `sim-${state.id}-${type}`,
  });
  if (answer.status >= 300) world.problems.push(`${type} of ${state.id}: ${answer.status} ${answer.body?.detail ?? ''}`);
  else world.counters.trainEvents += 1;
}

/** Arrival at the border, departure after the gauge change and the port work, arrival inland. */
export async function runTrain(world: World, state: TrainState): Promise<void> {
  const planned = state.planned;
  const base = world.startVirtual;
  world.lagMinutes.push((await untilVirtual(world, base + planned.arrivesAtBorderMs)) / MINUTE);
  if (world.stopping) return;
  await trainEvent(world, state, 'arrived-at-border', planned.portBureau);
  state.arrived = true;
  world.poke(planned.portBureau);
  await untilVirtual(world, base + planned.departsBorderMs);
  // The train leaves once its radiation batch is in (the port work is done), at the earliest.
  while (!world.stopping && state.radiationDoneAt === undefined) await untilVirtual(world, world.target.now() + 10 * MINUTE);
  if (world.stopping) return;
  await trainEvent(world, state, 'departed-border', planned.portBureau);
  // An outbound train arrives abroad, days later and outside China's records of the day.
  if (planned.direction === 'outbound') return;
  await untilVirtual(world, Math.max(base + planned.arrivesAtDestinationMs, world.target.now() + HOUR));
  if (world.stopping) return;
  await trainEvent(world, state, 'arrived-at-destination', planned.inlandBureau);
  world.poke(planned.inlandBureau);
}

/** The declarant files when the cargo is due, on its train (when the trains API is there). */
export async function fileConsignment(world: World, planned: PlannedConsignment, train: PlannedTrain): Promise<void> {
  world.lagMinutes.push((await untilVirtual(world, world.startVirtual + planned.fileAtMs)) / MINUTE);
  if (world.stopping) return;
  const trainId = world.withTrains ? world.trains.get(train.key)?.id : undefined;
  const token = await world.declarant(planned.declarant.bureau, planned.declarant.creditCode);
  world.filingsInFlight += 1;
  try {
    const filed = await world.api.call<{ id?: string; detail?: string }>('POST', '/consignments', token, { ...planned.filing, ...(trainId && { trainId }) }, {
      'idempotency-key': `sim-${world.plan.seed}-${world.startedAt}-${planned.key}`,
    });
    if (filed.status !== 201 || !filed.body.id) {
      world.problems.push(`filing ${planned.key}: ${filed.status} ${filed.body.detail ?? JSON.stringify(filed.body).slice(0, 300)}`);
      return;
    }
    world.consignments.set(filed.body.id, { planned, train, filedAtVirtual: world.target.now() });
    world.counters.filed += 1;
  } finally {
    world.filingsInFlight -= 1;
  }
  world.poke(train.portBureau);
  world.poke(train.inlandBureau);
}
