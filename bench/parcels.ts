/**
 * `npm run bench:parcels -- --manifests M --lines L --calls C`: list-based supervision at its size
 * limit (408号 三（四）), through the HTTP API of the local cloud as `npm start` runs it (a child
 * process, DATA_DIR on disk).
 *
 * Measures, each as p50 / p95 / p99 / max:
 * - filing a cross-border e-commerce consignment (POST /consignments), C times;
 * - declaring its manifest of L lines (default 10,000, the limit; PUT /consignments/{id}/parcels), M times;
 * - reading a consignment with such a manifest (GET /consignments/{id}) and listing the inland
 *   bureau's consignments (GET /consignments?bureau=CQ) while M such manifests are stored, C times each;
 * - reading one manifest page of 200 lines (GET /consignments/{id}/parcels, every page of every
 *   manifest, following nextToken) and the sample (GET /consignments/{id}/parcel-sample).
 * Then one JSON line with all figures.
 *
 * Options: --manifests M (5), --lines L (10000), --calls C (100), --keep, --json FILE.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalIssuer, readIssuerSettings } from '#local/auth/issuer.ts';
import { loadOrCreateSigningKey } from '#local/auth/signing-key.ts';
import { benchAgainstCloud } from './cloud-run.ts';
import { benchCommandLine } from './command-line.ts';
import { startCloudProcess, type CloudProcess } from './day/cloud-process.ts';
import { latencySummary, printLatencyTable } from './latency.ts';

const USAGE = 'Usage: npm run bench:parcels -- [--manifests M] [--lines L] [--calls C] [--keep] [--json FILE]';
const IMPORTER = '91500000MA5U000010';
const log = (line: string) => process.stderr.write(`${line}\n`);

const options = () => benchCommandLine(USAGE, { manifests: '5', lines: '10000', calls: '100' }, { lines: 10_000 });

const filing = () => ({
  direction: 'import',
  portCode: 'ALASHANKOU',
  tradeMode: 'cross-border-ecommerce',
  transportMode: 'rail',
  destinationBureau: 'CQ',
  consignor: { name: 'Duisburg Parcel Hub GmbH', country: 'DE' },
  consignee: { name: '重庆渝欧进出口有限公司', country: 'CN', creditCode: IMPORTER },
  containers: [{ number: 'CSQU3054383', sealNumber: 'DE-0001' }],
  goods: [{ hsCode: '392690', description: 'parcels of consumer goods / 跨境电商包裹', quantity: 10_000, unit: 'PCE', netWeightKg: 9000, originCountry: 'DE', categories: ['general'] }],
});

/** L parcel lines at realistic lengths (a 60-character description). */
const manifest = (serial: number, lines: number) => ({
  lines: Array.from({ length: lines }, (_, i) => ({
    waybill: `YT${String(serial).padStart(3, '0')}${String(i).padStart(10, '0')}`,
    description: `consumer goods item ${i % 97} / 跨境电商商品 ${i % 97} — phone case, cable, charger`,
    hsCode: ['392690', '854442', '850440', '611030'][i % 4],
    quantity: 1 + (i % 5),
    value: 20 + (i % 400) + 0.5,
  })),
});

async function run(cloudRef: { current?: CloudProcess }, workDir: string) {
  const opts = options();
  log(`bench:parcels: ${opts.manifests} manifests of ${opts.lines} lines, ${opts.calls} calls per read; starting the local cloud (DATA_DIR=${join(workDir, 'data')})`);
  const cloud = await startCloudProcess({ workDir, countCalls: false });
  cloudRef.current = cloud;
  log(`  ready in ${Math.round(cloud.startedInMs)} ms: API ${cloud.apiUrl}`);
  const settings = await readIssuerSettings(cloud.dataDir);
  if (!settings) throw new Error(`no issuer settings in ${cloud.dataDir}`);
  const issuer = createLocalIssuer({ key: await loadOrCreateSigningKey(cloud.dataDir), ...settings });
  const tokens = {
    declarant: await issuer.mintToken({ bureau: 'CQ', role: 'declarant', enterprise: IMPORTER, expiresInSeconds: 3600 }),
    officer: await issuer.mintToken({ bureau: 'CQ', role: 'officer', expiresInSeconds: 3600 }),
  };
  let serial = 0;
  const call = async <T>(method: string, path: string, as: keyof typeof tokens, body?: unknown): Promise<{ ms: number; body: T; bytes: number }> => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    const response = await fetch(cloud.apiUrl + path, {
      method,
      headers: { authorization: `Bearer ${tokens[as]}`, ...(payload !== undefined && { 'content-type': 'application/json', 'idempotency-key': `bench-parcels-${++serial}` }) },
      ...(payload !== undefined && { body: payload }),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return { ms, body: JSON.parse(text) as T, bytes: text.length };
  };
  const file = async () => call<{ id: string }>('POST', '/consignments', 'declarant', filing());

  // Warm-up: the functions' first calls.
  for (let i = 0; i < 5; i++) await file();

  const filings: number[] = [];
  for (let i = 0; i < opts.calls; i++) filings.push((await file()).ms);

  const uploads: number[] = [];
  const withManifest: string[] = [];
  let requestBytes = 0;
  for (let m = 0; m < opts.manifests; m++) {
    const { body } = await file();
    const lines = manifest(m, opts.lines);
    requestBytes = JSON.stringify(lines).length;
    const uploaded = await call<{ lines: number; pages: number; sampling: { sampleSize: number } }>('PUT', `/consignments/${body.id}/parcels`, 'declarant', lines);
    if (uploaded.body.lines !== opts.lines) throw new Error(`the manifest of ${body.id} holds ${uploaded.body.lines} lines`);
    uploads.push(uploaded.ms);
    withManifest.push(body.id);
    log(`  manifest ${m + 1}: ${opts.lines} lines (${Math.round(requestBytes / 1024)} KB) in ${Math.round(uploaded.ms)} ms, ${uploaded.body.pages} pages, ${uploaded.body.sampling.sampleSize} lines sampled`);
  }

  const reads: number[] = [];
  let consignmentBytes = 0;
  for (let i = 0; i < opts.calls; i++) {
    const read = await call('GET', `/consignments/${withManifest[i % withManifest.length]}`, 'officer');
    reads.push(read.ms);
    consignmentBytes = read.bytes;
  }
  const listings: number[] = [];
  for (let i = 0; i < opts.calls; i++) listings.push((await call('GET', '/consignments?bureau=CQ&limit=50', 'officer')).ms);

  const pages: number[] = [];
  let pageBytes = 0;
  for (const id of withManifest) {
    let nextToken: string | undefined;
    let lines = 0;
    do {
      const page = await call<{ items: unknown[]; nextToken?: string }>('GET', `/consignments/${id}/parcels${nextToken ? `?nextToken=${encodeURIComponent(nextToken)}` : ''}`, 'officer');
      pages.push(page.ms);
      pageBytes = Math.max(pageBytes, page.bytes);
      lines += page.body.items.length;
      nextToken = page.body.nextToken;
    } while (nextToken);
    if (lines !== opts.lines) throw new Error(`paging ${id} read ${lines} lines`);
  }
  const samples: number[] = [];
  for (let i = 0; i < opts.calls; i++) samples.push((await call('GET', `/consignments/${withManifest[i % withManifest.length]}/parcel-sample`, 'officer')).ms);
  await cloud.stop();

  const results = [
    { what: 'POST /consignments (cross-border e-commerce filing)', ...latencySummary(filings) },
    { what: `PUT /consignments/{id}/parcels (${opts.lines} lines)`, ...latencySummary(uploads) },
    { what: 'GET /consignments/{id} (with a manifest)', ...latencySummary(reads) },
    { what: 'GET /consignments?bureau=CQ (listing, 50)', ...latencySummary(listings) },
    { what: 'GET /consignments/{id}/parcels (a page of 200 lines)', ...latencySummary(pages) },
    { what: 'GET /consignments/{id}/parcel-sample', ...latencySummary(samples) },
  ];
  const figures = { bench: 'parcels', node: process.version, manifests: opts.manifests, lines: opts.lines, manifestRequestBytes: requestBytes, consignmentAnswerBytes: consignmentBytes, largestPageBytes: pageBytes, durable: true, results };
  console.log(`\nbench:parcels — list-based supervision, ${opts.manifests} manifests of ${opts.lines} lines, local cloud on disk, Node ${process.version}`);
  printLatencyTable(results.map((r) => [r.what, r] as const));
  console.log(`manifest request ${Math.round(requestBytes / 1024)} KB; a consignment with its manifest reads as ${Math.round(consignmentBytes / 1024)} KB; a page ${Math.round(pageBytes / 1024)} KB`);
  const line = JSON.stringify(figures);
  console.log(line);
  if (opts.json) writeFileSync(opts.json, `${line}\n`);
}

await benchAgainstCloud('parcels', run);
