import { parseArgs } from 'node:util';

/**
 * The command line of a bench against the local cloud: its own counts (whole numbers above 0,
 * given as `--name N`) beside `--keep`, `--json FILE` and `--help`. Help prints the usage and
 * exits 0; a count that is not a positive number (or is above its maximum) exits 2 with the usage.
 */
export function benchCommandLine<const Counts extends Record<string, string>>(usage: string, defaults: Counts, maxima: Partial<Record<keyof Counts, number>> = {}) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      ...(Object.fromEntries(Object.entries(defaults).map(([name, value]) => [name, { type: 'string', default: value }])) as Record<string, { type: 'string'; default: string }>),
      keep: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const counts = {} as Record<keyof Counts, number>;
  for (const name of Object.keys(defaults) as Array<keyof Counts & string>) {
    const max = maxima[name] ?? Number.POSITIVE_INFINITY;
    const n = Math.floor(Number(values[name]));
    if (!(n > 0) || n > max) {
      process.stderr.write(`--${name} must be a positive number${Number.isFinite(max) ? ` up to ${max}` : ''}\n${usage}\n`);
      process.exit(2);
    }
    counts[name] = n;
  }
  return { ...counts, keep: values.keep === true, json: values.json as string | undefined };
}
