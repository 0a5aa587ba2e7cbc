import type { BureauCode, PortCode } from '../codes.ts';

/**
 * Approximate rail distances (km) from each border port to the seat of each bureau, for the
 * transit-time limit of high-risk agricultural products when no train timetable is linked.
 * Rounded to the nearest 50–100 km from published line lengths; a bureau that joins adds a row.
 */
const RAIL_KM: Record<PortCode, Partial<Record<BureauCode, number>>> = {
  ALASHANKOU: { XJ: 480, NM: 3000, SN: 3050, CQ: 3700, SC: 3600, HA: 3550, HB: 4000, HN: 4300, JS: 4400, ZJ: 4700, NB: 4900, XM: 5300, GD: 5200, TJ: 4200, LN: 5000, HL: 5600 },
  KHORGOS: { XJ: 670, NM: 3200, SN: 3250, CQ: 3900, SC: 3800, HA: 3750, HB: 4200, HN: 4500, JS: 4600, ZJ: 4900, NB: 5100, XM: 5500, GD: 5400, TJ: 4400, LN: 5200, HL: 5800 },
  MANZHOULI: { HL: 950, LN: 1500, NM: 2300, TJ: 2500, JS: 3200, ZJ: 3500, NB: 3600, HA: 3000, HB: 3400, HN: 3700, SN: 3500, CQ: 4300, SC: 4500, XM: 4500, GD: 4700, XJ: 5600 },
  ERENHOT: { NM: 500, TJ: 900, HA: 1400, SN: 1400, LN: 1500, JS: 1700, HB: 1900, ZJ: 2100, HL: 2100, NB: 2200, HN: 2300, CQ: 2300, SC: 2400, XM: 2900, XJ: 2900, GD: 3000 },
};

/** Average speed of a container train including stops, for the estimate. */
const FREIGHT_KM_PER_HOUR = 40;

export function estimatedTransitHours(port: PortCode, bureau: BureauCode): number | undefined {
  const km = RAIL_KM[port][bureau];
  return km === undefined ? undefined : Math.round(km / FREIGHT_KM_PER_HOUR);
}
