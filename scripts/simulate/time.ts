/** Units of the simulation's clocks (virtual and wall-clock milliseconds alike). */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
