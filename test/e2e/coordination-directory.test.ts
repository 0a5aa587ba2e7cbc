import { describe, expect, it } from 'vitest';
import { CREDIT_CODES } from '#test/domain/fixtures.ts';
import { LifecycleDriver } from './support/lifecycle-driver.ts';
import { useTestCloud } from './support/test-cloud.ts';

const t = useTestCloud();
const driver = new LifecycleDriver(t);

interface BureauEntry {
  code: string;
  groups: string[];
  version: number;
  division?: { zh: string; en?: string };
  contacts?: Array<{ name: string; phone: string; dockingPorts?: string[] }>;
  updatedBy?: { bureau: string };
  history?: Array<{ version: number; by: { bureau: string }; changes: Record<string, unknown> }>;
  dockingPairs: Array<{ nodeBureau: string; port: string; portBureau: string; contacts?: { node: unknown[]; port: unknown[] } }>;
}

interface Directory {
  groups: Array<{ id: string; leadBureau: string; ports: string[]; members: string[] }>;
  bureaus: BureauEntry[];
  dockingPairs: Array<{ nodeBureau: string; nodeCity: { zh: string }; port: string; portBureau: string; corridors: string[]; contacts?: { node: Array<{ name: string }>; port: Array<{ name: string }> } }>;
}

const chongqingEntry = (version: number, overrides: Record<string, unknown> = {}) => ({
  version,
  division: { zh: '通关业务处', en: 'Clearance Division' },
  contacts: [
    { name: '李明', title: '副处长', phone: '+86 23 6888 1234', email: 'liming@cq.example.cn', dockingPorts: ['ALASHANKOU'] },
    { name: '王芳', phone: '023-6888 5678 转 12' },
  ],
  ...overrides,
});

const put = async (token: string, code: string, body: unknown) => t.call<BureauEntry & { errors?: Array<{ field: string }> }>('PUT', `/directory/bureaus/${code}`, token, body);
const read = async (token: string, code: string) => {
  const response = await t.call<BureauEntry>('GET', `/directory/bureaus/${code}`, token);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
};

describe('the cooperation directory (分管业务处室及联系人, 408号 四（一）、（二）)', () => {
  it('lists both groups with their members as the notice forms them, and the node-city ↔ port docking pairs', async () => {
    const response = await t.call<Directory>('GET', '/directory', await driver.officer('HL'));
    expect(response.status).toBe(200);
    const { groups, bureaus, dockingPairs } = response.body;
    expect(groups.map((g) => [g.leadBureau, g.ports])).toEqual([
      ['NM', ['MANZHOULI', 'ERENHOT']],
      ['XJ', ['ALASHANKOU', 'KHORGOS']],
    ]);
    // Every bureau named in 四（一） is in a group; HQ is above them.
    const members = new Set(groups.flatMap((g) => g.members));
    for (const code of ['GD', 'SC', 'CQ', 'HN', 'HA', 'JS', 'ZJ', 'NB', 'XM', 'LN', 'HB', 'TJ', 'HL', 'SN']) expect(members.has(code), code).toBe(true);
    expect(bureaus.find((b) => b.code === 'HQ')?.groups).toEqual([]);
    expect(dockingPairs).toContainEqual(expect.objectContaining({ nodeBureau: 'CQ', nodeCity: expect.objectContaining({ zh: '重庆' }), port: 'ALASHANKOU', portBureau: 'XJ', corridors: ['chongqing-duisburg'] }));
    expect(dockingPairs.filter((p) => p.nodeBureau === 'HN').map((p) => p.port)).toEqual(['MANZHOULI', 'ERENHOT', 'ALASHANKOU']);
  });

  it('is maintained by the bureau itself and by HQ, from the version read, with an audit history', async () => {
    const created = await put(await driver.officer('CQ'), 'CQ', chongqingEntry(0));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ version: 1, division: { zh: '通关业务处' }, updatedBy: { bureau: 'CQ' } });

    const stale = await put(await driver.officer('CQ'), 'CQ', chongqingEntry(0));
    expect(stale.status).toBe(409);
    const other = await put(await driver.officer('SC'), 'CQ', chongqingEntry(1));
    expect(other.status).toBe(403);
    const byHq = await put(await driver.hq(), 'CQ', chongqingEntry(1, { division: { zh: '通关处' } }));
    expect(byHq.status, JSON.stringify(byHq.body)).toBe(200);
    expect(byHq.body).toMatchObject({ version: 2, division: { zh: '通关处' }, updatedBy: { bureau: 'HQ' } });
    // The same entry again changes nothing and writes nothing.
    const same = await put(await driver.officer('CQ'), 'CQ', chongqingEntry(2, { division: { zh: '通关处' } }));
    expect(same.body.version).toBe(2);

    for (const token of [await driver.officer('CQ'), await driver.hq()]) {
      const entry = await read(token, 'CQ');
      expect(entry.history?.map((h) => [h.version, h.by.bureau, Object.keys(h.changes)])).toEqual([
        [1, 'CQ', ['division', 'contacts']],
        [2, 'HQ', ['division']],
      ]);
    }
    // Another bureau reads the contacts (that is what they are for), not the history.
    const fromXj = await read(await driver.officer('XJ'), 'CQ');
    expect(fromXj.contacts?.map((c) => c.name)).toEqual(['李明', '王芳']);
    expect(fromXj.history).toBeUndefined();
    // The docking pair Chongqing ↔ Alashankou names Chongqing's docking contact for that port.
    const directory = await t.call<Directory>('GET', '/directory', await driver.officer('XJ'));
    const pair = directory.body.dockingPairs.find((p) => p.nodeBureau === 'CQ' && p.port === 'ALASHANKOU');
    expect(pair?.contacts?.node.map((c) => c.name)).toEqual(['李明', '王芳']);
  });

  it('keeps contacts, who maintained them and the history from declarants', async () => {
    await put(await driver.officer('XJ'), 'XJ', { version: 0, division: { zh: '口岸监管处' }, contacts: [{ name: '张伟', phone: '0909-699 0001' }] });
    const declarant = await driver.declarant('CQ', CREDIT_CODES.chongqingImporter);
    const directory = await t.call<Directory>('GET', '/directory', declarant);
    expect(directory.status).toBe(200);
    const xj = directory.body.bureaus.find((b) => b.code === 'XJ');
    expect(xj).toMatchObject({ division: { zh: '口岸监管处' }, version: 1 });
    expect(xj?.contacts).toBeUndefined();
    expect(xj?.updatedBy).toBeUndefined();
    expect(JSON.stringify(directory.body)).not.toContain('张伟');
    const entry = await read(declarant, 'XJ');
    expect(JSON.stringify(entry)).not.toContain('张伟');
    expect(entry.history).toBeUndefined();
    expect((await put(declarant, 'CQ', chongqingEntry(0))).status).toBe(403);
  });

  it('refuses bad input with problem+json naming the field, and writes nothing', async () => {
    const token = await driver.officer('HB');
    const bad: Array<[unknown, string]> = [
      [chongqingEntry(0, { contacts: [] }), 'body.contacts'],
      [chongqingEntry(0, { contacts: [{ name: '赵六', phone: 'call me' }] }), 'body.contacts.0.phone'],
      [chongqingEntry(0, { contacts: [{ name: '赵六', phone: '027-1234 5678', email: 'not-an-address' }] }), 'body.contacts.0.email'],
      [chongqingEntry(0, { contacts: [{ name: '赵六', phone: '027-1234 5678', dockingPorts: ['ALASHANKOU', 'ALASHANKOU'] }] }), 'body.contacts.0.dockingPorts'],
      [chongqingEntry(0, { division: { zh: '' } }), 'body.division.zh'],
      [chongqingEntry(-1), 'body.version'],
    ];
    for (const [body, field] of bad) {
      const response = await put(token, 'HB', body);
      expect(response.status, field).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.errors?.map((e) => e.field), field).toEqual([field]);
    }
    const unknown = await t.call<{ errors: Array<{ field: string }> }>('PUT', '/directory/bureaus/XX', token, chongqingEntry(0));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.field)).toEqual(['path.code']);
    expect((await read(token, 'HB')).version).toBe(0);
  });
});
