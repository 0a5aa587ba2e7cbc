/**
 * The language a person reads problems and labels in. Without an `Accept-Language` naming zh or
 * en the API answers bilingually, Chinese first and English beside (DESIGN.md); a client that
 * asks for one gets that one. Bilingual texts travel as one string, `中文 / English`
 * (shared/domain/text.ts `bilingual`), or as `{ zh, en }` (LocalisedText).
 */
export type Language = 'zh' | 'en';

/** The first of zh and en in the header's order of preference (RFC 9110 §12.5.4), or none. */
export function preferredLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: tag.split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && (r.primary === 'zh' || r.primary === 'en'))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.primary as Language | undefined;
}

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/**
 * One side of a `中文 / English` text: the split is at the ` / ` with Chinese before it and
 * none after. A text that is not bilingual in this form is returned as it is.
 */
export function inLanguage(text: string, language: Language | undefined): string {
  if (!language) return text;
  let at = text.indexOf(' / ');
  while (at >= 0) {
    const zh = text.slice(0, at);
    const en = text.slice(at + 3);
    if (CJK.test(zh) && !CJK.test(en)) return language === 'zh' ? zh : en;
    at = text.indexOf(' / ', at + 3);
  }
  return text;
}

/**
 * Every bilingual text in a JSON value in one language: `{ zh, en }` pairs become the one string,
 * `中文 / English` strings their one side. Used on problems and listing labels, never on the
 * stored data.
 */
export function localise(value: unknown, language: Language | undefined): unknown {
  if (!language) return value;
  if (typeof value === 'string') return inLanguage(value, language);
  if (Array.isArray(value)) return value.map((item) => localise(item, language));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 2 && typeof (value as Record<string, unknown>).zh === 'string' && typeof (value as Record<string, unknown>).en === 'string') {
      return (value as Record<Language, string>)[language];
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, localise(item, language)]));
  }
  return value;
}
