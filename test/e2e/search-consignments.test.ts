import { beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_CODES, exportFiling, goodsLine, importFiling } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { eventually, useTestCloud } from './support/test-cloud.ts';

/**
 * GET /consignments' search and GET /executions' filters over HTTP on the local cloud: each
 * filter, the caller's visibility on top of every filter, Beijing filing days, and 400 naming an
 * unknown query parameter on every listing.
 */
const t = useTestCloud();
const driver = new LifecycleDriver(t);
const importer = () => driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
const exporter = () => driver.declarant('ZJ', CREDIT_CODES.yiwuExporter);

interface Listed {
  id: string;
  portCode: string;
  status: string;
}
type Problem = { type: string; errors: Array<{ field: string; message: string }> };

const filed: { laptops: string; tablets: string; toys: string; day: string } = { laptops: '', tablets: '', toys: '', day: '' };

/** A Beijing calendar day (UTC+8) of an instant, and its neighbours. */
const beijingDay = (instant: string, plusDays = 0) => new Date(Date.parse(instant) + 8 * 3600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);

async function ids(query: string, token: Promise<string> | string): Promise<string[]> {
  const response = await t.call<{ items: Listed[] }>('GET', `/consignments?${query}`, await token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.map((c) => c.id);
}

beforeAll(async () => {
  const laptops = await driver.file(
    await importer(),
    importFiling({ containers: [{ number: 'CSQU3054383' }, { number: 'TGHU0000013' }], goods: [goodsLine({ hsCode: '847130' })] }),
  );
  const tablets = await driver.file(
    await importer(),
    importFiling({ portCode: 'MANZHOULI', containers: [{ number: 'TGHU0000013' }], goods: [goodsLine({ hsCode: '847141' })] }),
  );
  const toys = await driver.file(await exporter(), exportFiling({ containers: [{ number: 'MSKU1234565' }, { number: 'TCNU9001003' }] }));
  const stored = await t.call<{ createdAt: string }>('GET', `/consignments/${laptops.id}`, await driver.hq());
  Object.assign(filed, { laptops: laptops.id, tablets: tablets.id, toys: toys.id, day: beijingDay(stored.body.createdAt) });
});

describe('searching consignments (GET /consignments)', () => {
  it('finds by consignment id, container number, HS heading or longer prefix, enterprise credit code, port and direction', async () => {
    const hq = driver.hq();
    expect(await ids(`id=${filed.laptops}`, hq)).toEqual([filed.laptops]);
    expect(await ids('container=TGHU0000013', hq)).toEqual([filed.tablets, filed.laptops]);
    expect(await ids('container=CSQU3054383', hq)).toEqual([filed.laptops]);
    expect(await ids('hsCode=8471', hq)).toEqual([filed.tablets, filed.laptops]);
    expect(await ids('hsCode=847141', hq)).toEqual([filed.tablets]);
    expect(await ids('hsCode=9503', hq)).toEqual([filed.toys]);
    expect(await ids(`enterprise=${CREDIT_CODES.yiwuExporter}`, hq)).toEqual([filed.toys]);
    expect(await ids(`enterprise=${CREDIT_CODES.chongqingImporter}`, hq)).toEqual([filed.tablets, filed.laptops]);
    expect(await ids('port=MANZHOULI', hq)).toEqual([filed.tablets]);
    expect(await ids('port=ALASHANKOU&direction=export', hq)).toEqual([filed.toys]);
    expect(await ids(`container=TGHU0000013&port=ALASHANKOU&enterprise=${CREDIT_CODES.chongqingImporter}`, hq)).toEqual([filed.laptops]);
    expect(await ids('container=TGHU0000013&direction=export', hq)).toEqual([]);
  });

  it('combines a search with the status', async () => {
    const hq = driver.hq();
    const laptops = await eventually(async () => {
      const response = await t.call<Listed>('GET', `/consignments/${filed.laptops}`, await hq);
      return response.body.status !== 'filed' ? response.body : undefined;
    }, 'the inspection plan of the first filing');
    expect(await ids(`container=CSQU3054383&status=${laptops.status}`, hq)).toEqual([filed.laptops]);
    expect(await ids('container=CSQU3054383&status=released', hq)).toEqual([]);
  });

  it('bounds the filing date on Beijing days, both ends inclusive', async () => {
    const hq = driver.hq();
    const all = [filed.toys, filed.tablets, filed.laptops];
    expect(await ids(`filedFrom=${filed.day}&filedTo=${filed.day}`, hq)).toEqual(all);
    expect(await ids(`filedFrom=${beijingDay(`${filed.day}T12:00:00+08:00`, 1)}`, hq)).toEqual([]);
    expect(await ids(`filedTo=${beijingDay(`${filed.day}T12:00:00+08:00`, -1)}`, hq)).toEqual([]);
    expect(await ids(`hsCode=8471&filedFrom=${filed.day}`, hq)).toEqual([filed.tablets, filed.laptops]);
    const bad = await t.call<Problem>('GET', '/consignments?filedFrom=2025-02-30', await hq);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['query.filedFrom']);
  });

  it('keeps every search within what the caller may see', async () => {
    // Alashankou's bureau (XJ) sees its port's consignments, not Manzhouli's (NM).
    expect(await ids('container=TGHU0000013', driver.officer('XJ'))).toEqual([filed.laptops]);
    expect(await ids('container=TGHU0000013', driver.officer('NM'))).toEqual([filed.tablets]);
    expect(await ids('hsCode=8471', driver.officer('HL'))).toEqual([]);
    // A declarant finds only its own enterprise's, whatever credit code it searches.
    expect(await ids(`enterprise=${CREDIT_CODES.yiwuExporter}`, importer())).toEqual([]);
    expect(await ids(`id=${filed.toys}`, importer())).toEqual([]);
    expect(await ids('hsCode=8471', importer())).toEqual([filed.tablets, filed.laptops]);
    expect(await ids('container=MSKU1234565', exporter())).toEqual([filed.toys]);
    // A bureau may not name another bureau's listing.
    expect((await t.call('GET', '/consignments?bureau=CQ&container=TGHU0000013', await driver.officer('XJ'))).status).toBe(403);
  });

  it('refuses malformed search values, naming the parameter', async () => {
    const hq = await driver.hq();
    for (const [query, field] of [
      ['container=TGHU0000014', 'query.container'],
      ['hsCode=84', 'query.hsCode'],
      ['enterprise=91500000MA5U000011', 'query.enterprise'],
      ['port=SHANGHAI', 'query.port'],
    ] as const) {
      const response = await t.call<Problem>('GET', `/consignments?${query}`, hq);
      expect(response.status, query).toBe(400);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.body.errors.map((e) => e.field)).toEqual([field]);
    }
  });
});

describe('unknown query parameters', () => {
  it.each(['/consignments', '/executions', '/tasks', '/trains', '/notifications', '/alerts'])('are a 400 naming the parameter on GET %s', async (path) => {
    const response = await t.call<Problem>('GET', `${path}?limit=5&contaner=TGHU0000013`, await driver.hq());
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    expect(response.body.errors).toEqual([{ field: 'query.contaner', message: expect.stringContaining('contaner') }]);
  });
});

describe('filtering executions (GET /executions)', () => {
  interface Execution {
    name: string;
    workflow: string;
    portCode?: string;
    consignmentId?: string;
  }
  const names = async (query: string, token: Promise<string> = driver.hq()) => {
    const response = await t.call<{ items: Execution[] }>('GET', `/executions?${query}`, await token);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items.filter((e) => e.consignmentId !== undefined).map((e) => e.consignmentId);
  };

  it('by port, workflow, bureau and start day, within what the caller may review', async () => {
    expect(await names('port=MANZHOULI')).toEqual([filed.tablets]);
    expect(await names('port=ALASHANKOU')).toEqual([filed.toys, filed.laptops]);
    expect(await names('port=ALASHANKOU&workflow=ConsignmentExport')).toEqual([filed.toys]);
    expect(await names('workflow=ConsignmentImport')).toEqual([filed.tablets, filed.laptops]);
    expect(await names('bureau=NM')).toEqual([filed.tablets]);
    expect(await names(`from=${filed.day}&to=${filed.day}`)).toEqual([filed.toys, filed.tablets, filed.laptops]);
    expect(await names(`from=${beijingDay(`${filed.day}T12:00:00+08:00`, 1)}`)).toEqual([]);
    const response = await t.call<{ items: Execution[] }>('GET', '/executions?port=MANZHOULI', await driver.hq());
    expect(response.body.items[0]).toMatchObject({ portCode: 'MANZHOULI', workflow: 'ConsignmentImport' });
    // An officer reviews its bureau's executions only: XJ's port is not Manzhouli.
    expect(await names('port=MANZHOULI', driver.officer('XJ'))).toEqual([]);
  });
});
