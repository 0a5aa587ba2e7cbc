import { describe, expect, it } from 'vitest';
import { bureauSchema } from '#shared/domain/bureau.ts';
import { BUREAU_CODES, PORT_CODES } from '#shared/domain/codes.ts';
import { cooperationGroupSchema } from '#shared/domain/cooperation-group.ts';
import { corridorSchema, type Corridor } from '#shared/domain/corridor.ts';
import { portSchema } from '#shared/domain/port.ts';
import { BUREAUS, bureauByCode, isBureauCode, leadBureaus } from '#shared/domain/reference/bureaus.ts';
import {
  cooperationGroupForPort,
  cooperationGroups,
  cooperationGroupsOfBureau,
} from '#shared/domain/reference/cooperation-groups.ts';
import { CORRIDORS, corridorById, corridorsOfBureau, corridorsThroughPort } from '#shared/domain/reference/corridors.ts';
import { PORTS, leadBureauForPort, portBureau, portByCode } from '#shared/domain/reference/ports.ts';

describe('bureaus', () => {
  it('has exactly one valid entry per bureau code', () => {
    expect(BUREAUS.map((b) => b.code).sort()).toEqual([...BUREAU_CODES].sort());
    for (const bureau of BUREAUS) expect(bureauSchema.parse(bureau)).toEqual(bureau);
  });

  it('names bureaus in Chinese and English', () => {
    expect(bureauByCode('NM').name).toEqual({
      zh: '内蒙古出入境检验检疫局',
      en: 'Inner Mongolia Entry-Exit Inspection and Quarantine Bureau',
    });
    expect(bureauByCode('HQ').shortName.zh).toBe('质检总局');
    expect(bureauByCode('NB').kind).toBe('city');
    expect(bureauByCode('XM').kind).toBe('city');
    expect(bureauByCode('SN').seat.en).toBe("Xi'an");
  });

  it('has Inner Mongolia and Xinjiang as the only lead bureaus', () => {
    expect(leadBureaus().map((b) => b.code)).toEqual(['NM', 'XJ']);
  });

  it('recognises bureau codes', () => {
    expect(isBureauCode('HA')).toBe(true);
    expect(isBureauCode('HE')).toBe(false);
    expect(() => bureauByCode('ZZ' as 'NM')).toThrow(/ZZ/);
  });
});

describe('ports', () => {
  it('has exactly one valid entry per port code', () => {
    expect(PORTS.map((p) => p.code)).toEqual([...PORT_CODES]);
    for (const port of PORTS) expect(portSchema.parse(port)).toEqual(port);
  });

  it.each([
    ['MANZHOULI', 'NM', 'RU', 'Zabaikalsk'],
    ['ERENHOT', 'NM', 'MN', 'Zamyn-Üüd'],
    ['ALASHANKOU', 'XJ', 'KZ', 'Dostyk'],
    ['KHORGOS', 'XJ', 'KZ', 'Altynkol'],
  ] as const)('%s belongs to %s and faces %s (%s), with a gauge change', (code, bureau, country, station) => {
    const port = portByCode(code);
    expect(port.bureau).toBe(bureau);
    expect(portBureau(code)).toBe(bureau);
    expect(leadBureauForPort(code)).toBe(bureau);
    expect(port.neighbour.country).toBe(country);
    expect(port.neighbour.station.en).toBe(station);
    expect(port.gaugeChange).toEqual({ chinaMm: 1435, neighbourMm: 1520 });
  });

  it('throws for a code without reference data', () => {
    expect(() => portByCode('TUMEN' as 'ERENHOT')).toThrow(/TUMEN/);
  });
});

describe('corridors', () => {
  it('are valid and uniquely identified', () => {
    for (const corridor of CORRIDORS) expect(corridorSchema.parse(corridor)).toEqual(corridor);
    expect(new Set(CORRIDORS.map((c) => c.id)).size).toBe(CORRIDORS.length);
  });

  it('include the services of DOMAIN.md', () => {
    const route = (id: string) => {
      const c = corridorById(id);
      return c && [c.originCity.en, c.originBureau, c.ports.join('/'), c.terminals.map((t) => `${t.city.en} ${t.country}`).join('/')];
    };
    expect(route('chongqing-duisburg')).toEqual(['Chongqing', 'CQ', 'ALASHANKOU', 'Duisburg DE']);
    expect(route('chengdu-lodz')).toEqual(['Chengdu', 'SC', 'ALASHANKOU', 'Łódź PL']);
    expect(route('zhengzhou-hamburg')).toEqual(['Zhengzhou', 'HA', 'ERENHOT/ALASHANKOU', 'Hamburg DE']);
    expect(route('wuhan-pardubice')).toEqual(['Wuhan', 'HB', 'ALASHANKOU', 'Pardubice CZ']);
    expect(route('yiwu-madrid')).toEqual(['Yiwu', 'ZJ', 'ALASHANKOU/KHORGOS', 'Madrid ES']);
    expect(route('suzhou-warsaw')).toEqual(['Suzhou', 'JS', 'MANZHOULI', 'Warsaw PL']);
    expect(corridorById('xian-almaty')?.ports).toEqual(['KHORGOS', 'ALASHANKOU']);
    expect(corridorById('changsha-duisburg')?.ports).toEqual(['MANZHOULI', 'ERENHOT', 'ALASHANKOU']);
    expect(corridorById('harbin-hamburg')?.ports).toEqual(['MANZHOULI']);
    expect(corridorById('shenyang-hamburg')?.ports).toEqual(['MANZHOULI']);
    expect(corridorById('nowhere')).toBeUndefined();
  });

  it('are found by port and by bureau', () => {
    expect(corridorsThroughPort('ERENHOT').map((c) => c.id)).toEqual(['zhengzhou-hamburg', 'changsha-duisburg']);
    expect(corridorsOfBureau('ZJ').map((c) => c.id)).toEqual(['yiwu-madrid']);
  });

  it('give every member bureau a corridor, so every member is in a group', () => {
    const members = BUREAU_CODES.filter((c) => c !== 'HQ' && c !== 'NM' && c !== 'XJ');
    for (const code of members) expect(corridorsOfBureau(code).length, code).toBeGreaterThan(0);
  });
});

describe('cooperation groups', () => {
  it('are derived: one per port bureau, joined by the bureaus whose corridors use its ports', () => {
    const groups = cooperationGroups();
    for (const group of groups) expect(cooperationGroupSchema.parse(group)).toEqual(group);
    expect(groups.map((g) => [g.leadBureau, g.ports, g.members])).toEqual([
      ['NM', ['MANZHOULI', 'ERENHOT'], ['NM', 'GD', 'HN', 'HA', 'JS', 'LN', 'TJ', 'HL']],
      ['XJ', ['ALASHANKOU', 'KHORGOS'], ['XJ', 'SC', 'CQ', 'HN', 'HA', 'ZJ', 'NB', 'XM', 'HB', 'SN']],
    ]);
    expect(groups[0]?.name.zh).toBe('内蒙古局牵头中欧班列检验检疫区域合作组');
  });

  it('cover every bureau named in the notice', () => {
    const covered = new Set(cooperationGroups().flatMap((g) => g.members));
    expect(BUREAU_CODES.filter((c) => !covered.has(c))).toEqual(['HQ']);
  });

  it('lead bureaus of groups are the lead-flagged bureaus', () => {
    expect(cooperationGroups().map((g) => g.leadBureau)).toEqual(leadBureaus().map((b) => b.code));
  });

  it('change with the data: a new corridor puts its bureau into another group', () => {
    const tianjinErenhot: Corridor = {
      id: 'tianjin-ulaanbaatar',
      name: { zh: '津蒙', en: 'Tianjin–Mongolia' },
      originCity: { zh: '天津', en: 'Tianjin' },
      originBureau: 'TJ',
      ports: ['ERENHOT'],
      terminals: [{ city: { zh: '乌兰巴托', en: 'Ulaanbaatar' }, country: 'MN' }],
      transportMode: 'rail',
    };
    const sichuanManzhouli: Corridor = { ...tianjinErenhot, id: 'chengdu-moscow', originBureau: 'SC', ports: ['MANZHOULI'] };
    const groups = cooperationGroups({ corridors: [...CORRIDORS, tianjinErenhot, sichuanManzhouli] });
    expect(groups.find((g) => g.leadBureau === 'NM')?.members).toContain('SC');
    expect(cooperationGroups({ corridors: [] }).map((g) => g.members)).toEqual([['NM'], ['XJ']]);
  });

  it('are found by bureau and by port', () => {
    expect(cooperationGroupsOfBureau('HN').map((g) => g.leadBureau)).toEqual(['NM', 'XJ']);
    expect(cooperationGroupsOfBureau('CQ').map((g) => g.leadBureau)).toEqual(['XJ']);
    expect(cooperationGroupsOfBureau('HQ')).toEqual([]);
    expect(cooperationGroupForPort('KHORGOS').leadBureau).toBe('XJ');
    expect(cooperationGroupForPort('ERENHOT').leadBureau).toBe('NM');
  });
});
