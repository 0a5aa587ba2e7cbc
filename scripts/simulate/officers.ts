import { EXPORT_EXCEPTED_CATEGORIES, IMPORT_EXCEPTED_CATEGORIES } from '#shared/domain/policy/excepted-categories.ts';
import type { PlannedConsignment, PlannedResult, PlannedTrain } from './plan.ts';
import { MINUTE } from './time.ts';
import { sleep, untilVirtual, type TrainState, type World } from './world.ts';

/**
 * Automated responders standing in for the officers: one desk per bureau polls GET /tasks (every
 * page) and answers each task of this simulation when its officer would, with the result the
 * plan drew for it. A desk polls every 2 s, and every 150 ms for a while after it has been told
 * work is coming (a filing, a train at the border, an answer that opens the next step), the way
 * an officer watches the screen while a train is in the channel.
 */
export interface TaskView {
  id: string;
  kind: string;
  bureau: string;
  consignmentId?: string;
  trainId?: string;
  status: string;
  escalation: number;
  input?: { containers?: string[] };
}

const IDLE_POLL_MS = 2000;
const HOT_POLL_MS = 150;
const HOT_FOR_MS = 3000;
/** After the radiation batch, how long (real) the train run gets to hand its results over. */
const HAND_OVER_GRACE_MS = 2500;

interface Decision {
  /** Virtual time the officer acts. */
  at: number;
  body: unknown;
  /** Bureaus whose desks should look for the next step. */
  next: string[];
  final: boolean;
}

const findings = (what: string) => ({ findings: what });

function resultBody(result: PlannedResult, kind: string): unknown {
  if (result.outcome === 'pass') return kind === 'treatment' ? { outcome: 'pass', details: { method: 'fumigation under supervision / 监督下熏蒸' } } : { outcome: 'pass' };
  const disposal = kind === 'treatment' && result.disposal === 'treatment' ? 'destroy' : result.disposal;
  return { outcome: 'fail', details: { disposal, ...findings('nonconformity found by the simulated officer / 模拟查验不合格') } };
}

const finalAfter = (kind: string, result: PlannedResult, c: PlannedConsignment): boolean => {
  if (result.outcome === 'fail' && result.disposal !== 'treatment') return true;
  if (kind === 'treatment' || kind === 'destination-inspection') return result.outcome === 'pass';
  if (kind === 'origin-inspection') return result.outcome === 'pass' && !needsPortInspection(c);
  if (kind === 'port-inspection') return c.direction === 'export' && result.outcome === 'pass';
  return false;
};

/** Cargo excepted in either direction: the simulation's cargo kinds are named after the categories. */
const PORT_INSPECTED_CARGO: ReadonlySet<string> = new Set([...IMPORT_EXCEPTED_CATEGORIES, ...EXPORT_EXCEPTED_CATEGORIES]);

function needsPortInspection(c: PlannedConsignment): boolean {
  return PORT_INSPECTED_CARGO.has(c.cargo);
}

export class Desk {
  private readonly seen = new Set<string>();
  private hotUntil = 0;
  private wake: (() => void) | undefined;

  constructor(
    readonly bureau: string,
    private readonly world: World,
    private readonly random: () => number,
  ) {}

  poke(): void {
    this.hotUntil = Date.now() + HOT_FOR_MS;
    this.wake?.();
  }

  async run(): Promise<void> {
    while (!this.world.stopping) {
      try {
        await this.poll();
      } catch (error) {
        this.world.problems.push(`desk ${this.bureau}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Date.now() < this.hotUntil ? HOT_POLL_MS : IDLE_POLL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async poll(): Promise<void> {
    const token = await this.world.officer(this.bureau);
    for await (const items of this.world.api.pages<TaskView>('/tasks', token)) {
      for (const task of items) {
        if (this.seen.has(task.id)) continue;
        const decision = this.decide(task);
        if (decision === 'later') continue;
        this.seen.add(task.id);
        if (decision === 'not-ours') continue;
        void this.answer(task, decision);
      }
    }
  }

  /** When and how the officer answers; `later` while it is not yet theirs to answer. */
  private decide(task: TaskView): Decision | 'later' | 'not-ours' {
    const world = this.world;
    const now = world.target.now();
    if (task.trainId !== undefined) {
      const train = world.trainById.get(task.trainId);
      if (!train) return 'not-ours';
      return this.decideTrainTask(task, train, now);
    }
    const entry = task.consignmentId !== undefined ? world.consignments.get(task.consignmentId) : undefined;
    // A task can show before POST /consignments has answered with its id.
    if (!entry) return world.filingsInFlight > 0 ? 'later' : 'not-ours';
    const { planned: c, train } = entry;
    const start = (virtual: number) => Math.max(now, virtual);
    const at = (from: number, minutes: number) => from + minutes * MINUTE;
    const base = world.startVirtual;
    const next = [train.portBureau, train.inlandBureau];
    switch (task.kind) {
      case 'port-checks': {
        if (world.withTrains) {
          // The train's results complete it, unless something (an alarm) needs an officer.
          const state = world.trains.get(train.key);
          if (!state?.radiationDoneAt || Date.now() - (state.radiationDoneRealAt ?? 0) < HAND_OVER_GRACE_MS) return 'later';
        }
        const alarmed = new Set(train.alarmedContainers);
        const containers = task.input?.containers ?? c.containers;
        const confirmed = c.results['port-checks'].outcome === 'fail' && containers.some((n) => alarmed.has(n));
        const body = {
          outcome: confirmed ? 'fail' : 'pass',
          details: {
            containers: containers.map((number) => ({ number, radiation: confirmed && alarmed.has(number) ? 'alarm' : 'normal', quarantine: 'pass', treatment: 'done' })),
            ...(confirmed ? { disposal: 'return', findings: 'radiation alarm confirmed by hand-held survey / 复核确认辐射超标' } : { findings: 'second scan normal (NORM) / 复测正常' }),
          },
        };
        return { at: at(start(base + train.arrivesAtBorderMs), c.responseMinutes['port-checks']), body, next, final: confirmed };
      }
      case 'port-inspection': {
        const result = c.results['port-inspection'];
        const body = resultBody(result, task.kind);
        if (c.direction === 'export') {
          // In the port yard before the train is made up: done before the crossing if at all possible.
          const latest = base + train.crossingMs - 45 * MINUTE;
          return { at: Math.max(now + 10 * MINUTE, Math.min(at(now, c.responseMinutes['port-inspection']), latest)), body, next, final: finalAfter(task.kind, result, c) };
        }
        return { at: at(start(base + train.arrivesAtBorderMs), c.responseMinutes['port-inspection']), body, next, final: finalAfter(task.kind, result, c) };
      }
      case 'destination-inspection': {
        const result = c.results['destination-inspection'];
        return { at: at(start(base + train.arrivesAtDestinationMs), c.responseMinutes['destination-inspection']), body: resultBody(result, task.kind), next, final: finalAfter(task.kind, result, c) };
      }
      case 'origin-inspection': {
        // The inland officer puts what leaves on the next train first: done before it reaches the border.
        const result = c.results['origin-inspection'];
        const latest = base + train.crossingMs - 90 * MINUTE;
        return { at: Math.max(now + 15 * MINUTE, Math.min(at(now, c.responseMinutes['origin-inspection']), latest)), body: resultBody(result, task.kind), next, final: finalAfter(task.kind, result, c) };
      }
      case 'treatment': {
        const result = c.results.treatment;
        return { at: at(now, c.responseMinutes.treatment), body: resultBody(result, task.kind), next, final: true };
      }
      default:
        return 'not-ours';
    }
  }

  private decideTrainTask(task: TaskView, train: TrainState, now: number): Decision | 'not-ours' {
    const planned: PlannedTrain = train.planned;
    const base = this.world.startVirtual;
    const next = [planned.portBureau, planned.inlandBureau];
    if (task.kind === 'train-quarantine') {
      const body = { outcome: 'pass', details: { surfaceTreatment: planned.direction === 'inbound' ? 'done' : 'not-needed' } };
      return { at: Math.max(now, base + planned.arrivesAtBorderMs) + planned.responseMinutes['train-quarantine'] * MINUTE, body, next, final: false };
    }
    if (task.kind === 'train-radiation') {
      const alarmed = new Set(planned.alarmedContainers);
      const scanned = [...new Set([...(task.input?.containers ?? []), ...planned.containers])];
      const body = {
        outcome: scanned.some((n) => alarmed.has(n)) ? 'fail' : 'pass',
        details: {
          containers: scanned.map((number) => ({ number, radiation: alarmed.has(number) ? 'alarm' : 'normal' })),
          ...(alarmed.size > 0 && { findings: 'channel monitor alarm / 通道监测报警' }),
        },
      };
      return { at: now + planned.responseMinutes['train-radiation'] * MINUTE, body, next, final: false };
    }
    return 'not-ours';
  }

  private async answer(task: TaskView, decision: Decision): Promise<void> {
    this.world.counters.pendingAnswers += 1;
    try {
      await this.answerWhenDue(task, decision);
    } catch (error) {
      this.world.problems.push(`${task.kind} ${task.id}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.world.counters.pendingAnswers -= 1;
    }
  }

  private async answerWhenDue(task: TaskView, decision: Decision): Promise<void> {
    const world = this.world;
    const lag = await untilVirtual(world, decision.at);
    if (world.stopping) return;
    world.lagMinutes.push(lag / MINUTE);
    const token = await world.officer(this.bureau, this.random());
    const answer = await world.api.call<{ type?: string; detail?: string }>('POST', `/tasks/${encodeURIComponent(task.id)}/complete`, token, decision.body, {
      'idempotency-key': `sim-${task.id}`,
    });
    if (answer.status === 200) {
      world.counters.tasksCompleted += 1;
      if (decision.final) world.counters.finalActions += 1;
      if (task.kind === 'train-radiation' && task.trainId !== undefined) {
        const train = world.trainById.get(task.trainId);
        if (train) {
          train.radiationDoneAt = world.target.now();
          train.radiationDoneRealAt = Date.now();
          // Once the run has handed its results over, what is still open needs an officer.
          void sleep(HAND_OVER_GRACE_MS + 100).then(() => decision.next.forEach((b) => world.poke(b)));
        }
      }
      decision.next.forEach((b) => world.poke(b));
    } else if (answer.status === 409) {
      // Answered already (by the train's results, or a repeat): nothing to do.
      if (task.kind === 'port-checks') world.counters.coveredByTrain += 1;
    } else {
      world.problems.push(`${task.kind} ${task.id}: ${answer.status} ${answer.body?.detail ?? ''}`);
    }
  }
}
