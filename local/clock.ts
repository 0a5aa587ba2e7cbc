import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The local cloud's time. `TIME_SCALE` speeds up every timer the local cloud owns (Wait,
 * TimeoutSeconds, HeartbeatSeconds, Retry intervals, schedules): with scale 3600 one hour passes
 * in one real second.
 *
 * Virtual time runs from a fixed anchor: virtual = anchor + (real - anchor) × scale. The anchor is
 * kept in DATA_DIR, so a restarted process continues the same timeline and a deadline written
 * before a crash keeps its absolute value. At scale 1 virtual time equals wall-clock time.
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

export function createClock(options: { scale?: number; dataDir?: string } = {}): Clock {
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`TIME_SCALE must be a positive number, got ${scale}`);
  const anchor = loadAnchor(options.dataDir);
  const now = () => anchor + (Date.now() - anchor) * scale;
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

function loadAnchor(dataDir: string | undefined): number {
  if (!dataDir || dataDir === ':memory:') return Date.now();
  const file = join(dataDir, 'clock.json');
  if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { anchor: number }).anchor;
  mkdirSync(dataDir, { recursive: true });
  const anchor = Date.now();
  writeFileSync(file, JSON.stringify({ anchor }));
  return anchor;
}
