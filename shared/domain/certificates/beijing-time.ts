/**
 * Certificates are dated in Beijing time (UTC+8, no daylight saving since 1991): the bureaus
 * number them by the Beijing year and officers read the time as they would on paper, wherever
 * the server runs.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface BeijingDateTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:mm:ss` */
  time: string;
  year: number;
}

/** The Beijing wall-clock date and time of an ISO 8601 timestamp with an offset. */
export function beijingDateTime(timestamp: string): BeijingDateTime {
  const millis = Date.parse(timestamp);
  if (Number.isNaN(millis)) throw new RangeError(`not a timestamp: ${timestamp}`);
  const wall = new Date(millis + BEIJING_OFFSET_MS).toISOString();
  return { date: wall.slice(0, 10), time: wall.slice(11, 19), year: Number(wall.slice(0, 4)) };
}
