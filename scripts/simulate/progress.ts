import cliProgress from 'cli-progress';
import { quantile } from '#shared/review/stats.ts';
import type { World } from './world.ts';

/**
 * Progress while the day runs: trains across the border, consignments filed, tasks answered,
 * and a status line (simulated time, API calls and latency, how late actions run). Bars only on
 * a terminal; elsewhere (CI, a pipe) a line every 15 s.
 */
export interface Progress {
  update(): void;
  stop(): void;
}

const hours = (ms: number) => `${Math.floor(ms / 3_600_000)}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;

function status(world: World): string {
  const latencies = world.api.recentLatencies();
  const p50 = quantile(latencies, 0.5) ?? 0;
  const lag = quantile(world.lagMinutes.slice(-500), 0.5) ?? 0;
  return `t+${hours(Math.max(0, world.target.now() - world.startVirtual))} simulated | API ${world.api.calls} calls, p50 ${p50.toFixed(0)} ms | lag p50 ${lag.toFixed(1)} min | waiting answers ${world.counters.pendingAnswers}`;
}

export function startProgress(world: World, options: { enabled: boolean; out?: (line: string) => void }): Progress {
  const consignments = world.plan.trains.reduce((n, t) => n + t.consignments.length, 0);
  const trains = world.plan.trains.length;
  if (!options.enabled) return { update: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) {
    const out = options.out ?? ((line: string) => process.stderr.write(`${line}\n`));
    let last = 0;
    return {
      update: () => {
        if (Date.now() - last < 15_000) return;
        last = Date.now();
        out(`trains ${world.trains.size ? [...world.trains.values()].filter((t) => t.arrived).length : 0}/${trains} at the border, filed ${world.counters.filed}/${consignments}, answered ${world.counters.tasksCompleted} | ${status(world)}`);
      },
      stop: () => {},
    };
  }
  const bars = new cliProgress.MultiBar(
    { format: ' {label} |{bar}| {value}/{total} {note}', barsize: 30, hideCursor: true, clearOnComplete: false, stopOnComplete: false, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const border = bars.create(trains, 0, { label: 'trains at border  ', note: '' });
  const filed = bars.create(consignments, 0, { label: 'consignments filed', note: '' });
  const finished = bars.create(consignments, 0, { label: 'final answers     ', note: '' });
  const line = bars.create(1, 0, { label: '', note: '' }, { format: ' {note}' });
  return {
    update: () => {
      border.update([...world.trains.values()].filter((t) => t.arrived).length);
      filed.update(world.counters.filed);
      finished.update(world.counters.finalActions, { note: `(${world.counters.tasksCompleted} tasks answered)` });
      line.update(0, { note: status(world) });
    },
    stop: () => bars.stop(),
  };
}
