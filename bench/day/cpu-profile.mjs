/**
 * Preloaded into the local cloud's main process by `npm run bench:day -- --cpu-profile DIR`
 * (NODE_OPTIONS=--import; Node refuses --cpu-prof there): profiles the process's main thread,
 * where the emulators run, with the inspector and writes `cloud-<pid>.cpuprofile` to DIR when the
 * bench stops the cloud. Open it in Chrome DevTools or speedscope.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.BENCH_DAY_CPU_PROFILE;
// The node process running the cloud, not tsx's launcher in front of it.
if (dir && isMainThread && /local\/start\.ts$/.test(process.argv[1] ?? '')) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
  let written = false;
  // The in-thread session answers synchronously, so this also works on the way out ('exit').
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `cloud-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('SIGINT', write);
  process.on('exit', write);
}
