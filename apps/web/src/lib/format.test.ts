import { describe, expect, it } from 'vitest';
import { formatNumber } from './format.ts';

describe('formatNumber', () => {
  const locales = { vi: 'vi-VN', en: 'en-GB' } as const;

  it('groups whole numbers exactly as Intl does, in both languages', () => {
    const values = [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -1_234_567, 98_765_432_101];
    for (const language of ['vi', 'en'] as const) {
      for (const value of values) {
        expect(formatNumber(value, language)).toBe(new Intl.NumberFormat(locales[language]).format(value));
      }
    }
    expect(formatNumber(1_234_567, 'vi')).toBe('1.234.567');
    expect(formatNumber(1_234_567, 'en')).toBe('1,234,567');
  });

  it('leaves fractions to Intl', () => {
    expect(formatNumber(1.85, 'vi')).toBe('1,85');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });
});
