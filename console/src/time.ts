/** Every time the console shows is Beijing time (UTC+8), and says so. */
import type { Lang } from './i18n.ts';

const formats = new Map<Lang, Intl.DateTimeFormat>();

export function beijing(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  let format = formats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    });
    formats.set(lang, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : format.format(date);
}

/** Today in Beijing as YYYY-MM-DD, `days` from now. */
export function beijingDay(offsetDays = 0, now = Date.now()): string {
  return new Date(now + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
