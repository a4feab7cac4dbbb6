import type { Language } from '../../../lib/api-client.ts';

const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const formats = new Map<string, Intl.NumberFormat>();

/** A value with a fixed number of decimals in the reader's language: 112,4 in Vietnamese, 112.4 in English. */
export function formatValue(value: number | null, decimals: number, language: Language): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const key = `${language}:${decimals}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locales[language], {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    formats.set(key, format);
  }
  return format.format(value);
}
