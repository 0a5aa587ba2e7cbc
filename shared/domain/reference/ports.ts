import type { BureauCode, PortCode } from '../codes.ts';
import type { Port } from '../port.ts';

const STANDARD_TO_BROAD = { chinaMm: 1435, neighbourMm: 1520 };

/** The four border ports of the China–Europe trains (408号, 背景). */
export const PORTS: readonly Port[] = [
  {
    code: 'MANZHOULI',
    name: { zh: '满洲里', en: 'Manzhouli' },
    bureau: 'NM',
    neighbour: { country: 'RU', station: { zh: '后贝加尔斯克', en: 'Zabaikalsk' } },
    gaugeChange: STANDARD_TO_BROAD,
  },
  {
    code: 'ERENHOT',
    name: { zh: '二连浩特', en: 'Erenhot' },
    bureau: 'NM',
    neighbour: { country: 'MN', station: { zh: '扎门乌德', en: 'Zamyn-Üüd' } },
    gaugeChange: STANDARD_TO_BROAD,
  },
  {
    code: 'ALASHANKOU',
    name: { zh: '阿拉山口', en: 'Alashankou' },
    bureau: 'XJ',
    neighbour: { country: 'KZ', station: { zh: '多斯特克', en: 'Dostyk' } },
    gaugeChange: STANDARD_TO_BROAD,
  },
  {
    code: 'KHORGOS',
    name: { zh: '霍尔果斯', en: 'Khorgos' },
    bureau: 'XJ',
    neighbour: { country: 'KZ', station: { zh: '阿腾科里', en: 'Altynkol' } },
    gaugeChange: STANDARD_TO_BROAD,
  },
];

export function portByCode(code: PortCode): Port {
  const port = PORTS.find((p) => p.code === code);
  // Every PortCode has an entry (checked by test/domain/reference.test.ts).
  if (!port) throw new Error(`no reference data for port ${code}`);
  return port;
}

/** The port bureau, which is also the lead bureau of the port's cooperation group. */
export function portBureau(code: PortCode): BureauCode {
  return portByCode(code).bureau;
}

export const leadBureauForPort = portBureau;
