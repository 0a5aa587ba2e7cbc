/**
 * `npm run --silent token -- --bureau <CODE> --role <officer|declarant|hq> [--enterprise <credit code>]`
 * prints one signed ID token for the local cloud in DATA_DIR (default `.data`), nothing else,
 * so that `TOKEN=$(npm run --silent token -- ...)` works.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { callerRoleSchema } from '../../shared/auth/claims.ts';
import { createLocalIssuer, LOCAL_CLIENT_ID, readIssuerSettings } from './issuer.ts';
import { loadOrCreateSigningKey } from './signing-key.ts';

const USAGE = `Usage: npm run --silent token -- --bureau <CODE> --role <officer|declarant|hq> [--enterprise <credit code>]
         [--subject <sub>] [--username <name>] [--expires-in <seconds>]
Prints a signed JWT for the local cloud whose state is in DATA_DIR (default .data).`;

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        bureau: { type: 'string' },
        role: { type: 'string' },
        enterprise: { type: 'string' },
        subject: { type: 'string' },
        username: { type: 'string' },
        'expires-in': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const role = callerRoleSchema.safeParse(values.role);
  if (typeof values.bureau !== 'string' || !role.success) {
    process.stderr.write(`--bureau and --role (officer, declarant or hq) are required.\n${USAGE}\n`);
    return 2;
  }
  const expiresIn = values['expires-in'] === undefined ? undefined : Number(values['expires-in']);
  if (expiresIn !== undefined && !(Number.isInteger(expiresIn) && expiresIn > 0)) {
    process.stderr.write('--expires-in must be a positive whole number of seconds.\n');
    return 2;
  }

  const dataDir = process.env.DATA_DIR || '.data';
  if (dataDir === ':memory:') {
    process.stderr.write('DATA_DIR=:memory: keeps the signing key inside the running process; use startLocalCloud().mintToken() instead.\n');
    return 2;
  }
  // Before the first start there is no settings file; assume the default port.
  const settings = (await readIssuerSettings(dataDir)) ?? { issuer: `http://127.0.0.1:${process.env.PORT || 3000}`, audience: LOCAL_CLIENT_ID };
  const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(dataDir), ...settings });
  try {
    const token = await issuer.mintToken({
      bureau: values.bureau,
      role: role.data,
      enterprise: typeof values.enterprise === 'string' ? values.enterprise : undefined,
      subject: typeof values.subject === 'string' ? values.subject : undefined,
      username: typeof values.username === 'string' ? values.username : undefined,
      expiresInSeconds: expiresIn,
    });
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    if (error instanceof z.ZodError) {
      process.stderr.write(`${error.issues.map((i) => `${i.path.join('.') || 'token'}: ${i.message}`).join('\n')}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
