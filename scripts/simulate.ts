/**
 * `npm run simulate -- [options]`: a simulated day of China–Europe trains driven through the
 * HTTP API, with automated officers; prints a summary table (see scripts/simulate/README.md).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatSummary } from './simulate/print.ts';
import { runSimulation } from './simulate/run.ts';

const USAGE = `Usage: npm run simulate -- [--trains N] [--seed X] [--time-scale S] [--in-process]
                        [--api URL] [--data-dir DIR] [--max-minutes M] [--json FILE] [--no-progress]

  --trains N        train runs to simulate (default 60; 2024 averaged 53 a day)
  --seed X          seed of the day's plan (default 1): the same seed plans the same day
  --time-scale S    simulated seconds per real second of the in-process cloud (default 1200); a
                    running local cloud's own TIME_SCALE is read from its DATA_DIR
  --in-process      start a local cloud in memory in this process (self-contained, for CI/bench)
  --api URL         the running local cloud's HTTP API (default http://127.0.0.1:3000)
  --data-dir DIR    its DATA_DIR, where the token signing key and clock are (default .data)
  --max-minutes M   stop after M real minutes and report what there is (default 60)
  --json FILE       also write the summary as JSON`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      trains: { type: 'string' },
      seed: { type: 'string' },
      'time-scale': { type: 'string' },
      'in-process': { type: 'boolean' },
      api: { type: 'string' },
      'data-dir': { type: 'string' },
      'max-minutes': { type: 'string' },
      json: { type: 'string' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

function number(name: string, fallback: number, valid: (n: number) => boolean): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!valid(value)) fail(`--${name} ${String(raw)} is not valid`);
  return value;
}

const inProcess = values['in-process'] === true;
const timeScale = values['time-scale'] !== undefined ? number('time-scale', 1, (n) => Number.isFinite(n) && n > 0) : undefined;
const summary = await runSimulation({
  trains: number('trains', 60, (n) => Number.isInteger(n) && n > 0 && n <= 2000),
  seed: number('seed', 1, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32),
  ...(timeScale !== undefined && { timeScale }),
  inProcess,
  apiUrl: typeof values.api === 'string' ? values.api : `http://127.0.0.1:${process.env.PORT || 3000}`,
  dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : process.env.DATA_DIR || '.data',
  progress: values['no-progress'] !== true,
  maxMinutes: number('max-minutes', 60, (n) => Number.isFinite(n) && n > 0),
}).catch((error: unknown) => {
  process.stderr.write(`The simulation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

process.stdout.write(`\n${formatSummary(summary)}\n`);
if (typeof values.json === 'string') writeFileSync(values.json, `${JSON.stringify(summary, null, 2)}\n`);
process.exit(0);
