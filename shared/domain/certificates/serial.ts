import type { BureauCode } from '../codes.ts';
import { isBureauCode } from '../reference/bureaus.ts';

/**
 * Certificate serial numbers (证书编号): the issuing bureau, the Beijing year of issue and a
 * six-digit sequence, e.g. `XJ2016000123`. Unique per bureau and year because each bureau
 * counts its own certificates and starts again every year, as the paper series did.
 */
export const MAX_SERIAL_SEQUENCE = 999_999;
const SERIAL = /^([A-Z]{2})(\d{4})(\d{6})$/;

export interface SerialParts {
  bureau: BureauCode;
  year: number;
  sequence: number;
}

export function formatSerial(bureau: BureauCode, year: number, sequence: number): string {
  if (!isBureauCode(bureau)) throw new RangeError(`unknown bureau ${String(bureau)}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year ${year} is not four digits`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SERIAL_SEQUENCE) {
    throw new RangeError(`sequence ${sequence} is outside 1..${MAX_SERIAL_SEQUENCE}`);
  }
  return `${bureau}${year}${String(sequence).padStart(6, '0')}`;
}

/** The parts of a well-formed serial, or undefined (a serial typed by a person may be anything). */
export function parseSerial(serial: string): SerialParts | undefined {
  const match = SERIAL.exec(serial);
  if (!match) return undefined;
  const [, bureau = '', year = '', sequence = ''] = match;
  if (!isBureauCode(bureau) || Number(sequence) < 1) return undefined;
  return { bureau, year: Number(year), sequence: Number(sequence) };
}
