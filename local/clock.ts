import { z } from 'zod';
import { dataFile, readJsonFile, writeJsonFileAtomic } from './json-file.ts';

/**
 * The local cloud's time. `TIME_SCALE` speeds up every timer the local cloud owns (Wait,
 * TimeoutSeconds, HeartbeatSeconds, Retry intervals, schedules): with scale 3600 one hour passes
 * in one real second. At scale 1 on a fresh DATA_DIR virtual time equals wall-clock time.
 *
 * Virtual time is a line through an anchor: virtual = virtualAnchor + (real - realAnchor) × scale.
 * `DATA_DIR/clock.json` holds `{ realAnchor, virtualAnchor, scale }`, so that a restarted process
 * continues the same timeline and a deadline written before a crash (a Wait, a task timeout, a
 * schedule's next occurrence) keeps its absolute virtual value. The rule at each start:
 *
 * - The old line is followed up to now: virtual time continues from
 *   `virtualAnchor + (now - realAnchor) × oldScale`. Time the process was down therefore counts
 *   as real time × the scale that was in force (the file cannot tell when the process stopped,
 *   and counting it so is what a process that never stopped would have seen).
 * - From there on the new scale applies: the file is rewritten with `realAnchor = now`, the
 *   virtual instant just computed and the new scale. Changing TIME_SCALE only changes the
 *   speed from that point; it never moves virtual time.
 * - Virtual time never goes back behind the last anchor: a wall clock set back before it counts
 *   as no time having passed. (Readings between two starts are not persisted, so a wall clock set
 *   back during a run can still take a restart back to the last anchor, not further.)
 *
 * The file is written only when a clock starts (the scale cannot change while it runs), never per
 * tick. A file from before the scale was kept (`{ anchor }`) is read as both anchors at that
 * instant with the current scale, which is how it was read then.
 */
export interface Clock {
  readonly scale: number;
  /** Virtual epoch milliseconds. */
  now(): number;
  /** Real milliseconds until a virtual instant (never negative). */
  realDelayUntil(virtualMs: number): number;
  /** Calls `fire` once the virtual instant has passed; returns a cancel function. */
  at(virtualMs: number, fire: () => void): () => void;
}

// setTimeout overflows above 2^31-1 ms; long timers are re-armed in steps.
const MAX_TIMER_MS = 2_147_000_000;

const anchorSchema = z.object({ realAnchor: z.number(), virtualAnchor: z.number(), scale: z.number().positive() });
const legacyAnchorSchema = z.object({ anchor: z.number() });

type Anchor = z.infer<typeof anchorSchema>;

export function createClock(options: { scale?: number; dataDir?: string } = {}): Clock {
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`TIME_SCALE must be a positive number, got ${scale}`);
  const { realAnchor, virtualAnchor } = startAnchor(options.dataDir, scale);
  const now = () => virtualAnchor + (Date.now() - realAnchor) * scale;
  const realDelayUntil = (virtualMs: number) => Math.max(0, (virtualMs - now()) / scale);
  const at = (virtualMs: number, fire: () => void) => {
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      const delay = realDelayUntil(virtualMs);
      if (delay <= 0) {
        timer = undefined;
        fire();
        return;
      }
      timer = setTimeout(arm, Math.min(delay, MAX_TIMER_MS));
    };
    arm();
    return () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
  };
  return { scale, now, realDelayUntil, at };
}

/** Continues the persisted timeline (if any) up to now, then re-anchors it at the new scale. */
function startAnchor(dataDir: string | undefined, scale: number): Anchor {
  const realNow = Date.now();
  const file = dataFile(dataDir, 'clock.json');
  if (file === undefined) return { realAnchor: realNow, virtualAnchor: realNow, scale };
  const previous = readAnchor(file, scale);
  const virtualNow = previous ? previous.virtualAnchor + Math.max(0, realNow - previous.realAnchor) * previous.scale : realNow;
  const anchor: Anchor = { realAnchor: realNow, virtualAnchor: virtualNow, scale };
  writeJsonFileAtomic(file, anchor);
  return anchor;
}

function readAnchor(file: string, scale: number): Anchor | undefined {
  const raw = readJsonFile(file);
  if (raw === undefined) return undefined;
  const current = anchorSchema.safeParse(raw);
  if (current.success) return current.data;
  const legacy = legacyAnchorSchema.safeParse(raw);
  if (legacy.success) return { realAnchor: legacy.data.anchor, virtualAnchor: legacy.data.anchor, scale };
  throw new Error(`${file} is not a clock anchor ({ realAnchor, virtualAnchor, scale }): ${JSON.stringify(raw)}`);
}
