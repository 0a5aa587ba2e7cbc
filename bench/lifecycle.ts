/**
 * `npm run bench:lifecycle`: state transitions per lifecycle path (what Step Functions bills)
 * and API latency, measured by driving each path through the local cloud's HTTP API.
 */
import { startLocalCloud } from '#local/cloud.ts';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling } from '#test/domain/fixtures.ts';

const cloud = await startLocalCloud({ dataDir: ':memory:', port: 0, awsPort: 0, log: () => {} });
const latencies: number[] = [];

async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const started = performance.now();
  const response = await fetch(cloud.apiUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  latencies.push(performance.now() - started);
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

const officer = (bureau: string) => cloud.mintToken({ bureau, role: 'officer' });
type Task = { id: string; consignmentId: string; kind: string };

async function answer(bureau: string, consignmentId: string, kind: string, result: unknown): Promise<void> {
  const token = await officer(bureau);
  for (;;) {
    const { items } = await call<{ items: Task[] }>('GET', '/tasks?limit=100', token);
    const task = items.find((t) => t.consignmentId === consignmentId && t.kind === kind);
    if (task) return void (await call('POST', `/tasks/${task.id}/complete`, token, result));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const portChecks = (outcome = 'pass', disposal?: string) => ({
  outcome,
  details: { containers: [{ number: 'CSQU3054383', radiation: outcome === 'pass' ? 'normal' : 'alarm', quarantine: 'pass', treatment: 'done' }], ...(disposal && { disposal }) },
});
const pass = { outcome: 'pass' };

type Step = [bureau: string, kind: string, result: unknown];
const paths: Array<{ name: string; filing: unknown; declarant: [string, string]; steps: Step[] }> = [
  { name: 'import, direct-through, released', filing: importFiling(), declarant: ['CQ', CREDIT_CODES.chongqingImporter], steps: [['XJ', 'port-checks', portChecks()], ['CQ', 'destination-inspection', pass]] },
  { name: 'import, excepted (port inspection), released', filing: importFiling({ goods: [goodsLine({ hsCode: '260111', categories: ['bulk'] })] }), declarant: ['CQ', CREDIT_CODES.chongqingImporter], steps: [['XJ', 'port-checks', portChecks()], ['XJ', 'port-inspection', pass], ['CQ', 'destination-inspection', pass]] },
  { name: 'import, treatment then released', filing: importFiling(), declarant: ['CQ', CREDIT_CODES.chongqingImporter], steps: [['XJ', 'port-checks', portChecks()], ['CQ', 'destination-inspection', { outcome: 'fail', details: { disposal: 'treatment' } }], ['CQ', 'treatment', pass]] },
  { name: 'import, destroyed after destination inspection', filing: importFiling(), declarant: ['CQ', CREDIT_CODES.chongqingImporter], steps: [['XJ', 'port-checks', portChecks()], ['CQ', 'destination-inspection', { outcome: 'fail', details: { disposal: 'destroy' } }]] },
  { name: 'import, returned at the port (radiation alarm)', filing: importFiling(), declarant: ['CQ', CREDIT_CODES.chongqingImporter], steps: [['XJ', 'port-checks', portChecks('fail', 'return')]] },
  { name: 'export, direct release', filing: exportFiling(), declarant: ['ZJ', CREDIT_CODES.yiwuExporter], steps: [['ZJ', 'origin-inspection', pass]] },
  { name: 'export, excepted (port inspection), released', filing: exportFiling({ goods: [goodsLine({ hsCode: '360410', originCountry: 'CN', categories: ['dangerous-goods'] })] }), declarant: ['ZJ', CREDIT_CODES.yiwuExporter], steps: [['ZJ', 'origin-inspection', pass], ['XJ', 'port-inspection', pass]] },
  { name: 'export, rejected at origin', filing: exportFiling(), declarant: ['ZJ', CREDIT_CODES.yiwuExporter], steps: [['ZJ', 'origin-inspection', { outcome: 'fail', details: { disposal: 'destroy' } }]] },
];

const hq = await cloud.mintToken({ bureau: 'HQ', role: 'hq' });
const rows: Array<{ path: string; status: string; transitions: number; wallMs: number }> = [];
for (const path of paths) {
  const started = performance.now();
  const declarant = await cloud.mintToken({ bureau: path.declarant[0], role: 'declarant', enterprise: path.declarant[1] });
  const { id } = await call<{ id: string }>('POST', '/consignments', declarant, path.filing);
  for (const [bureau, kind, result] of path.steps) await answer(bureau, id, kind, result);
  let history: { status: string; events: Array<{ type: string }> };
  do {
    history = await call('GET', `/consignments/${id}/history`, hq);
  } while (history.status === 'RUNNING' && (await new Promise((r) => setTimeout(r, 20)), true));
  const { status } = await call<{ status: string }>('GET', `/consignments/${id}`, hq);
  rows.push({ path: path.name, status, transitions: history.events.filter((e) => e.type.endsWith('StateEntered')).length, wallMs: Math.round(performance.now() - started) });
}
await cloud.close();

const sorted = [...latencies].sort((a, b) => a - b);
const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
console.log('State transitions per consignment lifecycle (StateEntered events in the execution history):');
console.table(rows);
console.log(`API calls: ${latencies.length}, latency p50 ${percentile(50)} ms, p99 ${percentile(99)} ms (local cloud, in memory)`);
