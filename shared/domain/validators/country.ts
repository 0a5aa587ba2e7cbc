import countries from 'i18n-iso-countries/index.js';
import { z } from 'zod';
import { bilingual } from '../text.ts';

/** ISO 3166-1 alpha-2, upper case; the list is kept by i18n-iso-countries. */
export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && countries.isValid(value);
}

export const countryCodeSchema = z
  .string({ error: bilingual('国家代码须为字符串', 'country code must be a string') })
  .overwrite((value) => value.trim().toUpperCase())
  .refine(isCountryCode, {
    error: bilingual(
      '国家代码须为 ISO 3166-1 二字母代码',
      'country must be an ISO 3166-1 alpha-2 code',
    ),
  });
