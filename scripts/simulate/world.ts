import { createHash } from 'node:crypto';
import type { TokenRequest } from '#local/auth/issuer.ts';
import type { Api } from './api.ts';
import type { PlannedConsignment, PlannedTrain, Plan } from './plan.ts';
import type { Target } from './target.ts';
import { MINUTE } from './time.ts';

/** What the parts of a running simulation share: the plan, the system, and what happened so far. */
export interface World {
  readonly target: Target;
  readonly api: Api;
  readonly plan: Plan;
  /** Register trains and link consignments (the trains API exists), or file consignments alone. */
  readonly withTrains: boolean;
  /** The system's virtual time at the start; plan offsets count from here. */
  readonly startVirtual: number;
  /** Wall-clock start, ISO: the window of GET /stats and GET /executions. */
  readonly startedAt: string;
  readonly consignments: Map<string, { planned: PlannedConsignment; train: PlannedTrain; filedAtVirtual: number }>;
  /** By plan key, and by the id the API gave. */
  readonly trains: Map<string, TrainState>;
  readonly trainById: Map<string, TrainState>;
  filingsInFlight: number;
  /** How late each scripted action ran against its plan, in virtual minutes. */
  readonly lagMinutes: number[];
  readonly problems: string[];
  readonly counters: Record<'filed' | 'tasksCompleted' | 'trainEvents' | 'trainsRegistered' | 'finalActions' | 'coveredByTrain' | 'pendingAnswers', number>;
  stopping: boolean;
  poke(bureau: string): void;
  officer(bureau: string, random?: number): Promise<string>;
  declarant(bureau: string, enterprise: string): Promise<string>;
  hq(): Promise<string>;
}

export interface TrainState {
  planned: PlannedTrain;
  id: string;
  /** When the port officer recorded the radiation batch (virtual, and real): the hand-over follows. */
  radiationDoneAt?: number;
  radiationDoneRealAt?: number;
  arrived?: boolean;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until the system's clock reaches `virtualMs`; returns how late that was (virtual ms). */
export async function untilVirtual(world: Pick<World, 'target' | 'stopping'>, virtualMs: number): Promise<number> {
  for (;;) {
    const now = world.target.now();
    if (now >= virtualMs || world.stopping) return Math.max(0, now - virtualMs);
    await sleep(Math.min(1000, Math.max(5, (virtualMs - now) / world.target.timeScale)));
  }
}

/** A Cognito-like `sub` that is the same for the same officer on every run. */
function stableSub(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const OFFICERS_PER_BUREAU = 4;
const TOKEN_REFRESH_MS = 45 * MINUTE;

/** Tokens per person, minted once and refreshed before they expire. */
export function tokenCache(target: Target) {
  const cache = new Map<string, { token: Promise<string>; at: number }>();
  const get = (key: string, request: TokenRequest) => {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < TOKEN_REFRESH_MS) return hit.token;
    const token = target.token(request);
    cache.set(key, { token, at: Date.now() });
    return token;
  };
  return {
    /** One of the bureau's officers; `which` in [0, 1) picks who is on duty. */
    officer: (bureau: string, which = 0) => {
      const n = Math.floor(which * OFFICERS_PER_BUREAU) + 1;
      return get(`officer:${bureau}:${n}`, { bureau, role: 'officer', subject: stableSub(`sim-officer:${bureau}:${n}`), username: `officer-${bureau.toLowerCase()}-${n}` });
    },
    declarant: (bureau: string, enterprise: string) => get(`declarant:${enterprise}`, { bureau, role: 'declarant', enterprise }),
    hq: () => get('hq', { bureau: 'HQ', role: 'hq', subject: stableSub('sim-hq'), username: 'hq-reviewer' }),
  };
}
