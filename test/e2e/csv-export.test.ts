import { beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, importFiling } from '#test/domain/fixtures.ts';
import { parseCsv } from '../review/csv-parser.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

/**
 * `Accept: text/csv` on listings over HTTP on the local cloud: the same rows as the JSON listing,
 * UTF-8 with a BOM, bilingual labels (or Accept-Language's), the Link header of a paged export,
 * the same filters and visibility, and problems still as problem+json.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
const importer = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
const filed: string[] = [];

async function csv(path: string, token: string, headers: Record<string, string> = {}) {
  const response = await fetch(t.cloud.apiUrl + path, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv', ...headers } });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text,
    table: response.headers.get('content-type')?.startsWith('text/csv') ? parseCsv(text.slice(1)) : [],
  };
}

const column = (table: string[][], label: string) => {
  const at = table[0]!.indexOf(label);
  expect(at, `${label} in ${table[0]!.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return table.slice(1).map((row) => row[at]);
};

beforeAll(async () => {
  for (let i = 0; i < 3; i++) filed.push((await driver.file(await importer(), importFiling())).id);
  filed.push((await driver.file(await driver.declarant('ZJ', CREDIT_CODES.yiwuExporter), exportFiling())).id);
});

describe('CSV export of listings', () => {
  it('exports GET /consignments as the JSON listing has it: same rows, UTF-8 with BOM, CRLF, bilingual header', async () => {
    const hq = await driver.hq();
    const json = await t.call<{ items: Array<{ id: string; status: string }> }>('GET', '/consignments?direction=import', hq);
    const exported = await csv('/consignments?direction=import', hq);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="consignments.csv"');
    expect([...exported.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(exported.text.endsWith('\r\n')).toBe(true);
    expect(exported.table[0]).toEqual(expect.arrayContaining(['编号 / id', '状态 / status', '口岸 / port', '负责局 / responsible bureaus']));
    expect(column(exported.table, '编号 / id')).toEqual(json.body.items.map((c) => c.id));
    expect(column(exported.table, '编号 / id').sort()).toEqual(filed.slice(0, 3).sort());
    expect(column(exported.table, '负责局 / responsible bureaus')).toEqual(json.body.items.map(() => 'XJ; CQ'));
  });

  it('pages a long export with a Link header when a limit is given', async () => {
    const hq = await driver.hq();
    const first = await csv('/consignments?limit=3', hq);
    expect(first.table).toHaveLength(4);
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '');
    expect(link, first.headers.get('link') ?? 'no Link').not.toBeNull();
    const rest = await csv(link![1]!, hq);
    expect(rest.table).toHaveLength(2);
    expect(rest.headers.get('link')).toBeNull();
    expect([...column(first.table, '编号 / id'), ...column(rest.table, '编号 / id')].sort()).toEqual([...filed].sort());
  });

  it('uses the searched filters and the caller\'s visibility, and labels in the language asked for', async () => {
    const mine = await csv(`/consignments?enterprise=${CREDIT_CODES.yiwuExporter}`, await importer(), { 'accept-language': 'en-GB,en;q=0.9' });
    // Nothing of another enterprise: no rows (the columns are those of the rows, so none either).
    expect(mine.status).toBe(200);
    expect(mine.text).toBe('\ufeff\r\n');
    const theirs = await csv(`/consignments?enterprise=${CREDIT_CODES.yiwuExporter}`, await driver.hq(), { 'accept-language': 'en' });
    expect(theirs.table[0]).toEqual(expect.arrayContaining(['id', 'status', 'port']));
    expect(column(theirs.table, 'id')).toEqual([filed[3]]);
    const chinese = await csv('/consignments?limit=1', await driver.hq(), { 'accept-language': 'zh-CN' });
    expect(chinese.table[0]).toEqual(expect.arrayContaining(['编号', '状态']));
  });

  it('exports other listings by the same mechanism: tasks and executions', async () => {
    const xj = await driver.officer('XJ');
    await driver.task('XJ', filed[0]!, 'port-checks');
    const tasks = await csv('/tasks', xj);
    expect(tasks.status).toBe(200);
    expect(column(tasks.table, '报检编号 / consignment')).toContain(filed[0]);
    const executions = await eventually(async () => {
      const exported = await csv('/executions?workflow=ConsignmentImport', await driver.hq());
      return exported.table.length === 4 ? exported : undefined;
    }, 'three import executions');
    expect(executions.headers.get('content-disposition')).toBe('attachment; filename="executions.csv"');
    expect(column(executions.table, '工作流 / workflow')).toEqual(['ConsignmentImport', 'ConsignmentImport', 'ConsignmentImport']);
  });

  it('still answers a refused or malformed request with problem+json', async () => {
    const unknown = await fetch(`${t.cloud.apiUrl}/consignments?contaner=X`, { headers: { authorization: `Bearer ${await driver.hq()}`, accept: 'text/csv' } });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const forbidden = await fetch(`${t.cloud.apiUrl}/consignments?bureau=CQ`, { headers: { authorization: `Bearer ${await driver.officer('XJ')}`, accept: 'text/csv' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toBe('application/problem+json');
  });
});
