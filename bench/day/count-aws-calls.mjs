/**
 * Preloaded into the local cloud's processes by `npm run bench:day` (NODE_OPTIONS=--import):
 * counts the requests each HTTP server of the process receives that are AWS service calls
 * (SigV4-signed, or carrying X-Amz-Target), by operation, and writes the counts to the file
 * named by BENCH_DAY_AWS_CALLS every 500 ms. It uses Node's `http.server.request.start`
 * diagnostics channel (no patching), reads headers only and never the body, so SNS calls
 * (whose Action is in the form body) are counted as one operation `SNS`.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync, renameSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';

const file = process.env.BENCH_DAY_AWS_CALLS;
if (file) {
  const counts = Object.create(null);
  let total = 0;
  let dirty = true;
  const operationOf = (req) => {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') return target.replace(/^DynamoDB_\d+\./, 'DynamoDB.');
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('application/x-www-form-urlencoded')) return 'SNS';
    const path = (req.url ?? '').split('?')[0].split('/').slice(0, 2).join('/');
    return `${req.method} ${path}`;
  };
  subscribe('http.server.request.start', ({ request }) => {
    const auth = request.headers.authorization;
    if (!(typeof auth === 'string' && auth.startsWith('AWS4-HMAC-SHA256')) && request.headers['x-amz-target'] === undefined) return;
    const op = operationOf(request);
    counts[op] = (counts[op] ?? 0) + 1;
    total += 1;
    dirty = true;
  });
  const flush = () => {
    if (!dirty) return;
    dirty = false;
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify({ pid: process.pid, at: Date.now(), total, counts }));
      renameSync(tmp, `${file}.${process.pid}`);
    } catch {
      // The bench reads what it finds; a missed write only delays the figures.
    }
  };
  setInterval(() => {
    dirty = true;
    flush();
  }, 500).unref();
  process.on('exit', flush);
}
