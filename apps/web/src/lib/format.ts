import type { Language } from './api-client.ts';

const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

const numberFormats = new Map<Language, Intl.NumberFormat>();
const groupSeparators: Record<Language, string> = { vi: '.', en: ',' };

/** 1234567 → "1.234.567" in Vietnamese, "1,234,567" in English. */
export function formatNumber(value: number, language: Language): string {
  // Counts, most of what screens show, are grouped by hand: the first Intl.NumberFormat of a page loads the
  // locale's data, a long pause on a slow phone's home screen. Same output as Intl for whole numbers.
  if (Number.isSafeInteger(value)) {
    const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, groupSeparators[language]);
    return value < 0 ? `-${digits}` : digits;
  }
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(locales[language]);
    numberFormats.set(language, format);
  }
  return format.format(value);
}

/** 'YYYY-MM-DD' → "01/07/2025" (both languages write the day first). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  return `${match[3]}/${match[2]}/${match[1]}`;
}

/** Today's date in the browser's time zone, as 'YYYY-MM-DD'. */
export function todayIsoDate(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}
