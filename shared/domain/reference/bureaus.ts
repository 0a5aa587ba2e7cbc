import type { Bureau } from '../bureau.ts';
import { BUREAU_CODES, type BureauCode } from '../codes.ts';

function provincial(
  code: BureauCode,
  zh: string,
  en: string,
  seat: { zh: string; en: string },
  lead = false,
): Bureau {
  return {
    code,
    name: { zh: `${zh}出入境检验检疫局`, en: `${en} Entry-Exit Inspection and Quarantine Bureau` },
    shortName: { zh: `${zh}局`, en: `${en} CIQ` },
    seat,
    kind: code === 'NB' || code === 'XM' ? 'city' : 'provincial',
    lead,
  };
}

/**
 * The bureaus of 408号 四（一）, and HQ. Names as of 2016 (AQSIQ system). A new bureau is one
 * more line here and its code in codes.ts.
 */
export const BUREAUS: readonly Bureau[] = [
  provincial('NM', '内蒙古', 'Inner Mongolia', { zh: '呼和浩特', en: 'Hohhot' }, true),
  provincial('XJ', '新疆', 'Xinjiang', { zh: '乌鲁木齐', en: 'Urumqi' }, true),
  provincial('GD', '广东', 'Guangdong', { zh: '广州', en: 'Guangzhou' }),
  provincial('SC', '四川', 'Sichuan', { zh: '成都', en: 'Chengdu' }),
  provincial('CQ', '重庆', 'Chongqing', { zh: '重庆', en: 'Chongqing' }),
  provincial('HN', '湖南', 'Hunan', { zh: '长沙', en: 'Changsha' }),
  provincial('HA', '河南', 'Henan', { zh: '郑州', en: 'Zhengzhou' }),
  provincial('JS', '江苏', 'Jiangsu', { zh: '南京', en: 'Nanjing' }),
  provincial('ZJ', '浙江', 'Zhejiang', { zh: '杭州', en: 'Hangzhou' }),
  provincial('NB', '宁波', 'Ningbo', { zh: '宁波', en: 'Ningbo' }),
  provincial('XM', '厦门', 'Xiamen', { zh: '厦门', en: 'Xiamen' }),
  provincial('LN', '辽宁', 'Liaoning', { zh: '沈阳', en: 'Shenyang' }),
  provincial('HB', '湖北', 'Hubei', { zh: '武汉', en: 'Wuhan' }),
  provincial('TJ', '天津', 'Tianjin', { zh: '天津', en: 'Tianjin' }),
  provincial('HL', '黑龙江', 'Heilongjiang', { zh: '哈尔滨', en: 'Harbin' }),
  provincial('SN', '陕西', 'Shaanxi', { zh: '西安', en: "Xi'an" }),
  {
    code: 'HQ',
    name: {
      zh: '国家质量监督检验检疫总局',
      en: 'General Administration of Quality Supervision, Inspection and Quarantine (AQSIQ)',
    },
    shortName: { zh: '质检总局', en: 'AQSIQ' },
    seat: { zh: '北京', en: 'Beijing' },
    kind: 'headquarters',
    lead: false,
  },
];

export function bureauByCode(code: BureauCode): Bureau {
  const bureau = BUREAUS.find((b) => b.code === code);
  // Every BureauCode has an entry (checked by test/domain/reference.test.ts).
  if (!bureau) throw new Error(`no reference data for bureau ${code}`);
  return bureau;
}

export function isBureauCode(value: string): value is BureauCode {
  return (BUREAU_CODES as readonly string[]).includes(value);
}

/** The bureaus that lead a cooperation group. */
export function leadBureaus(): Bureau[] {
  return BUREAUS.filter((b) => b.lead);
}
