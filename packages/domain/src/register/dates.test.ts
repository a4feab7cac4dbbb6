import { describe, expect, it } from 'vitest';
import { vietNamDate } from './dates.ts';

describe('vietNamDate', () => {
  it('is the UTC date from 7 a.m. Viet Nam time and the next day before', () => {
    expect(vietNamDate(new Date('2026-11-29T16:59:59Z'))).toBe('2026-11-29');
    expect(vietNamDate(new Date('2026-11-29T17:00:00Z'))).toBe('2026-11-30');
    expect(vietNamDate(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
  });
});
