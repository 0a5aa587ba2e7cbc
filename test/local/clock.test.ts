import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClock } from '#local/clock.ts';

/**
 * Restarts of the local cloud on one DATA_DIR, with the wall clock under the test's control
 * (`Date.now` only: the clock reads nothing else).
 */
const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 2, 1, 8, 0, 0);

let dataDir: string;
let realNow = T0;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'clock-'));
  realNow = T0;
  vi.spyOn(Date, 'now').mockImplementation(() => realNow);
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

const persisted = () => JSON.parse(readFileSync(join(dataDir, 'clock.json'), 'utf8')) as unknown;

describe('local clock across restarts', () => {
  it('continues virtual time where it was when TIME_SCALE changes (no jump by the new scale)', () => {
    const first = createClock({ scale: 1, dataDir });
    expect(first.now()).toBe(T0);
    realNow += HOUR;
    expect(first.now()).toBe(T0 + HOUR);

    // Restart one real hour later at 3600×: virtual time goes on from T0 + 1 h, not from T0 + 3600 h.
    const second = createClock({ scale: 3600, dataDir });
    expect(second.now()).toBe(T0 + HOUR);
    realNow += 1000;
    expect(second.now()).toBe(T0 + 2 * HOUR);

    // And back to 1×: the hour passed at 3600× stays, and time runs at wall-clock speed again.
    const third = createClock({ scale: 1, dataDir });
    expect(third.now()).toBe(T0 + 2 * HOUR);
    realNow += 1000;
    expect(third.now()).toBe(T0 + 2 * HOUR + 1000);
  });

  it('counts downtime as real time × the scale that was in force, then runs at the new scale', () => {
    createClock({ scale: 60, dataDir });
    realNow += 10_000; // down for 10 real seconds at 60×: 10 virtual minutes
    const restarted = createClock({ scale: 2, dataDir });
    expect(restarted.now()).toBe(T0 + 10 * 60_000);
    realNow += 1000;
    expect(restarted.now()).toBe(T0 + 10 * 60_000 + 2000);
  });

  it('keeps a deadline written before a restart at its absolute virtual instant, waited for at the new scale', () => {
    const before = createClock({ scale: 1, dataDir });
    const waitUntil = before.now() + 2 * HOUR; // a Wait state's deadline, as stored
    realNow += HOUR;
    const after = createClock({ scale: 3600, dataDir });
    expect(after.realDelayUntil(waitUntil)).toBe(1000); // the remaining hour is one real second
  });

  it('never goes back behind the last anchor, even when the wall clock was set back', () => {
    createClock({ scale: 10, dataDir });
    realNow += 60_000;
    const anchored = createClock({ scale: 10, dataDir }).now(); // re-anchored at T0 + 10 virtual minutes
    realNow -= 24 * HOUR;
    const restarted = createClock({ scale: 10, dataDir });
    expect(restarted.now()).toBe(anchored);
    realNow += 1000;
    expect(restarted.now()).toBe(anchored + 10_000);
  });

  it('persists { realAnchor, virtualAnchor, scale } once at start, not on every reading', () => {
    createClock({ scale: 1, dataDir });
    realNow += HOUR;
    const clock = createClock({ scale: 120, dataDir });
    const written = persisted();
    expect(written).toEqual({ realAnchor: T0 + HOUR, virtualAnchor: T0 + HOUR, scale: 120 });
    realNow += 5000;
    clock.now();
    clock.realDelayUntil(T0 + 3 * HOUR);
    expect(persisted()).toEqual(written);
  });

  it('reads an anchor file of the old format ({ anchor }) as it was read before', () => {
    writeFileSync(join(dataDir, 'clock.json'), JSON.stringify({ anchor: T0 - HOUR }));
    const clock = createClock({ scale: 2, dataDir });
    expect(clock.now()).toBe(T0 + HOUR); // T0 - 1 h + 1 h × 2
    expect(persisted()).toEqual({ realAnchor: T0, virtualAnchor: T0 + HOUR, scale: 2 });
  });

  it('refuses an anchor file it cannot read rather than starting a new timeline', () => {
    writeFileSync(join(dataDir, 'clock.json'), JSON.stringify({ realAnchor: 'yesterday' }));
    expect(() => createClock({ dataDir })).toThrow(/clock\.json is not a clock anchor/);
  });

  it('in memory, virtual time starts at wall-clock time and writes nothing', () => {
    const clock = createClock({ scale: 5, dataDir: ':memory:' });
    expect(clock.now()).toBe(T0);
    realNow += 1000;
    expect(clock.now()).toBe(T0 + 5000);
  });
});
