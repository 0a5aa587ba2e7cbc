import countries from 'i18n-iso-countries/index.js';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import zh from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };
import type { LocalisedText } from '../domain/text.ts';

countries.registerLocale(zh);
countries.registerLocale(en);

/** A country as a printed certificate names it; the code alone when the list does not know it. */
export function countryName(code: string): LocalisedText {
  return { zh: countries.getName(code, 'zh') ?? code, en: countries.getName(code, 'en', { select: 'official' }) ?? code };
}
