import type { BureauCode, PortCode } from '../codes.ts';
import type { Corridor } from '../corridor.ts';

/**
 * China–Europe train services. The first ten are those of DOMAIN.md; the last four are public
 * record services of the other member bureaus named in 408号 四（一）, so that every member
 * belongs to a cooperation group. A new service is one more entry here.
 */
export const CORRIDORS: readonly Corridor[] = [
  {
    id: 'chongqing-duisburg',
    name: { zh: '渝新欧', en: 'Chongqing–Xinjiang–Europe' },
    originCity: { zh: '重庆', en: 'Chongqing' },
    originBureau: 'CQ',
    ports: ['ALASHANKOU'],
    terminals: [{ city: { zh: '杜伊斯堡', en: 'Duisburg' }, country: 'DE' }],
    transportMode: 'rail',
  },
  {
    id: 'chengdu-lodz',
    name: { zh: '蓉欧快铁', en: 'Chengdu–Europe Express' },
    originCity: { zh: '成都', en: 'Chengdu' },
    originBureau: 'SC',
    ports: ['ALASHANKOU'],
    terminals: [{ city: { zh: '罗兹', en: 'Łódź' }, country: 'PL' }],
    transportMode: 'rail',
  },
  {
    id: 'zhengzhou-hamburg',
    name: { zh: '郑欧班列', en: 'Zhengzhou–Europe' },
    originCity: { zh: '郑州', en: 'Zhengzhou' },
    originBureau: 'HA',
    ports: ['ERENHOT', 'ALASHANKOU'],
    terminals: [{ city: { zh: '汉堡', en: 'Hamburg' }, country: 'DE' }],
    transportMode: 'rail',
  },
  {
    id: 'wuhan-pardubice',
    name: { zh: '汉新欧', en: 'Wuhan–Xinjiang–Europe' },
    originCity: { zh: '武汉', en: 'Wuhan' },
    originBureau: 'HB',
    ports: ['ALASHANKOU'],
    terminals: [{ city: { zh: '帕尔杜比采', en: 'Pardubice' }, country: 'CZ' }],
    transportMode: 'rail',
  },
  {
    id: 'xian-almaty',
    name: { zh: '长安号', en: "Chang'an" },
    originCity: { zh: '西安', en: "Xi'an" },
    originBureau: 'SN',
    ports: ['KHORGOS', 'ALASHANKOU'],
    // DOMAIN.md: "various"; the service began with Almaty and runs to Central Asia and Europe.
    terminals: [{ city: { zh: '阿拉木图', en: 'Almaty' }, country: 'KZ' }],
    transportMode: 'rail',
  },
  {
    id: 'yiwu-madrid',
    name: { zh: '义新欧', en: 'Yiwu–Xinjiang–Europe' },
    originCity: { zh: '义乌', en: 'Yiwu' },
    originBureau: 'ZJ',
    ports: ['ALASHANKOU', 'KHORGOS'],
    terminals: [{ city: { zh: '马德里', en: 'Madrid' }, country: 'ES' }],
    transportMode: 'rail',
  },
  {
    id: 'suzhou-warsaw',
    name: { zh: '苏满欧', en: 'Suzhou–Manzhouli–Europe' },
    originCity: { zh: '苏州', en: 'Suzhou' },
    originBureau: 'JS',
    ports: ['MANZHOULI'],
    terminals: [{ city: { zh: '华沙', en: 'Warsaw' }, country: 'PL' }],
    transportMode: 'rail',
  },
  {
    id: 'changsha-duisburg',
    name: { zh: '湘欧快线', en: 'Hunan–Europe Express' },
    originCity: { zh: '长沙', en: 'Changsha' },
    originBureau: 'HN',
    ports: ['MANZHOULI', 'ERENHOT', 'ALASHANKOU'],
    terminals: [{ city: { zh: '杜伊斯堡', en: 'Duisburg' }, country: 'DE' }],
    transportMode: 'rail',
  },
  {
    id: 'harbin-hamburg',
    name: { zh: '哈欧班列', en: 'Harbin–Europe' },
    originCity: { zh: '哈尔滨', en: 'Harbin' },
    originBureau: 'HL',
    ports: ['MANZHOULI'],
    terminals: [{ city: { zh: '汉堡', en: 'Hamburg' }, country: 'DE' }],
    transportMode: 'rail',
  },
  {
    id: 'shenyang-hamburg',
    name: { zh: '沈满欧', en: 'Shenyang–Manzhouli–Europe' },
    originCity: { zh: '沈阳', en: 'Shenyang' },
    originBureau: 'LN',
    ports: ['MANZHOULI'],
    terminals: [{ city: { zh: '汉堡', en: 'Hamburg' }, country: 'DE' }],
    transportMode: 'rail',
  },
  {
    id: 'guangzhou-moscow',
    name: { zh: '粤满俄', en: 'Guangdong–Manzhouli–Russia' },
    originCity: { zh: '广州', en: 'Guangzhou' },
    originBureau: 'GD',
    ports: ['MANZHOULI'],
    terminals: [{ city: { zh: '莫斯科', en: 'Moscow' }, country: 'RU' }],
    transportMode: 'rail',
  },
  {
    id: 'xiamen-lodz',
    name: { zh: '厦蓉欧', en: 'Xiamen–Chengdu–Europe' },
    originCity: { zh: '厦门', en: 'Xiamen' },
    originBureau: 'XM',
    ports: ['ALASHANKOU'],
    terminals: [{ city: { zh: '罗兹', en: 'Łódź' }, country: 'PL' }],
    transportMode: 'rail',
  },
  {
    id: 'tianjin-moscow',
    name: { zh: '津满欧', en: 'Tianjin–Manzhouli–Europe' },
    originCity: { zh: '天津', en: 'Tianjin' },
    originBureau: 'TJ',
    ports: ['MANZHOULI'],
    terminals: [{ city: { zh: '莫斯科', en: 'Moscow' }, country: 'RU' }],
    transportMode: 'sea-rail',
  },
  {
    id: 'ningbo-central-asia',
    name: { zh: '甬新欧', en: 'Ningbo–Xinjiang–Europe' },
    originCity: { zh: '宁波', en: 'Ningbo' },
    originBureau: 'NB',
    ports: ['ALASHANKOU'],
    terminals: [{ city: { zh: '阿拉木图', en: 'Almaty' }, country: 'KZ' }],
    transportMode: 'sea-rail',
  },
];

export function corridorById(id: string, corridors: readonly Corridor[] = CORRIDORS): Corridor | undefined {
  return corridors.find((c) => c.id === id);
}

export function corridorsThroughPort(port: PortCode, corridors: readonly Corridor[] = CORRIDORS): Corridor[] {
  return corridors.filter((c) => c.ports.includes(port));
}

export function corridorsOfBureau(bureau: BureauCode, corridors: readonly Corridor[] = CORRIDORS): Corridor[] {
  return corridors.filter((c) => c.originBureau === bureau);
}
