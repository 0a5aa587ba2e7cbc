/**
 * `npm start`: the whole local cloud in one process. Settings come from the environment:
 * PORT (HTTP API, default 3000), LOCAL_AWS_PORT (AWS endpoint, default 4566), DATA_DIR (default
 * `.data`, `:memory:` for nothing on disk), TIME_SCALE (default 1), HOST (default 127.0.0.1),
 * LAMBDA_WORKERS (threads the handlers run on beside the emulators; default 1 on a machine with
 * more than one core, else 0: on the emulators' own thread).
 * Port 0 picks a free port; the URLs printed are the real ones.
 */
import { availableParallelism } from 'node:os';
import { LOCAL_REGION } from './arns.ts';
import { startLocalCloud } from './cloud.ts';
import { consoleLoginLines } from './console-logins.ts';
import { buildConsole } from '../console/build.ts';

function numberFromEnv(name: string, fallback: number, valid: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!valid(value)) {
    process.stderr.write(`${name}=${raw} is not valid\n`);
    process.exit(2);
  }
  return value;
}

const isPort = (n: number) => Number.isInteger(n) && n >= 0 && n < 65536;
const began = performance.now();
const dataDir = process.env.DATA_DIR || '.data';
const timeScale = numberFromEnv('TIME_SCALE', 1, (n) => Number.isFinite(n) && n > 0);

// The web console is built at each start (esbuild, about a second) and served at / beside the API.
// The build runs while the cloud starts; the console's paths wait for it.
const consoleBuilt = buildConsole().then(
  (built) => built.outdir,
  (error: unknown) => {
    process.stderr.write(`The web console did not build (the API starts without it): ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  },
);

let cloud: Awaited<ReturnType<typeof startLocalCloud>>;
try {
  cloud = await startLocalCloud({
    port: numberFromEnv('PORT', 3000, isPort),
    awsPort: numberFromEnv('LOCAL_AWS_PORT', 4566, isPort),
    host: process.env.HOST || undefined,
    dataDir,
    timeScale,
    accessLog: (line) => process.stdout.write(`${line}\n`),
    consoleDir: consoleBuilt,
    lambdaWorkers: numberFromEnv('LAMBDA_WORKERS', availableParallelism() > 1 ? 1 : 0, (n) => Number.isInteger(n) && n >= 0 && n <= 16),
  });
} catch (error) {
  process.stderr.write(`The local cloud did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const consoleDir = await consoleBuilt;

const tokenHint =
  dataDir === ':memory:'
    ? '  (DATA_DIR=:memory: keeps the signing key in this process: the token CLI needs a DATA_DIR on disk)'
    : `  TOKEN=$(${dataDir === '.data' ? '' : `DATA_DIR=${dataDir} `}npm run --silent token -- --bureau XJ --role officer)\n  curl -H "Authorization: Bearer $TOKEN" ${cloud.apiUrl}/me`;

process.stdout.write(
  [
    `Local cloud ready in ${Math.round(performance.now() - began)} ms (DATA_DIR=${dataDir}, TIME_SCALE=${timeScale})`,
    `  HTTP API      ${cloud.apiUrl}`,
    ...(consoleDir !== undefined ? [`  Web console   ${cloud.apiUrl}/`] : []),
    `  AWS endpoint  ${cloud.awsEndpointUrl}`,
    `  JWT issuer    ${cloud.issuer}  (JWKS at ${cloud.apiUrl}/.well-known/jwks.json)`,
    '',
    'Point the AWS SDK or CLI at it:',
    `  export AWS_ENDPOINT_URL=${cloud.awsEndpointUrl} AWS_REGION=${LOCAL_REGION} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
    'Get a token (roles: officer, declarant with --enterprise <credit code>, hq):',
    tokenHint,
    '',
  ].join('\n') + '\n',
);
// Local cloud only: links signed in as the walkthrough's people (local/console-logins.ts).
if (consoleDir !== undefined) {
  process.stdout.write(['Open the web console signed in as:', ...(await consoleLoginLines(`${cloud.apiUrl}/`, cloud.mintToken)), ''].join('\n') + '\n');
}

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping the local cloud\n`);
  // A handler still running must not keep the process alive for ever.
  setTimeout(() => {
    process.stderr.write('The local cloud did not stop within 10 s\n');
    process.exit(1);
  }, 10_000).unref();
  cloud.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
