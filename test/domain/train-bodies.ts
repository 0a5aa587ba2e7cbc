import { containerCheckDigit } from '#shared/domain/validators/container-number.ts';

/** Train registrations as a client sends them (POST /trains), for unit and end-to-end tests. */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number) => new Date(ms).toISOString();

/** A valid ISO 6346 container number per index: `TRNU` + serial + check digit. */
export function containerNumber(i: number, owner = 'TRNU'): string {
  const firstTen = `${owner}${String(i).padStart(6, '0')}`;
  return `${firstTen}${containerCheckDigit(firstTen)}`;
}

export interface TrainBody {
  trainNumber: string;
  direction: 'inbound' | 'outbound';
  portCode: string;
  originCity: string;
  destinationCity: string;
  plannedDeparture: string;
  plannedBorderCrossing: string;
  plannedArrival: string;
  corridorId?: string;
  preArrivalNoticeHours?: number;
  containerCapacity?: number;
}

/** A return train Duisburg → Alashankou → Chongqing crossing at `crossing` (virtual ms). */
export function inboundTrain(trainNumber: string, crossing: number, overrides: Partial<TrainBody> = {}): TrainBody {
  return {
    trainNumber,
    direction: 'inbound',
    portCode: 'ALASHANKOU',
    corridorId: 'chongqing-duisburg',
    originCity: 'Duisburg',
    destinationCity: 'Chongqing',
    plannedDeparture: iso(crossing - 10 * DAY),
    plannedBorderCrossing: iso(crossing),
    plannedArrival: iso(crossing + 3 * DAY),
    ...overrides,
  };
}

