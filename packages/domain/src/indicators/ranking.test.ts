import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriod, periodOf } from './periods.ts';
import { rankByValue } from './ranking.ts';

const itemsArb = fc.uniqueArray(
  fc.record({
    code: fc.stringMatching(/^\d{5}$/),
    value: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
  }),
  { selector: (i) => i.code, maxLength: 30 },
);

describe('rankings', () => {
  it('rank 1, 2, 2, 4 with ties listed by code and units without a value last', () => {
    const ranked = rankByValue(
      [
        { code: 'd', value: 3 },
        { code: 'a', value: null },
        { code: 'c', value: 5 },
        { code: 'b', value: 3 },
        { code: 'e', value: 1 },
      ],
      (i) => i.value,
      (i) => i.code,
    );
    expect(ranked.map((r) => [r.item.code, r.rank])).toEqual([
      ['c', 1],
      ['b', 2],
      ['d', 2],
      ['e', 4],
      ['a', null],
    ]);
  });

  it('lists every unit once, in order, each ranked one more than the units strictly better', () => {
    fc.assert(
      fc.property(itemsArb, fc.constantFrom('asc' as const, 'desc' as const), (items, order) => {
        const ranked = rankByValue(
          items,
          (i) => i.value,
          (i) => i.code,
          order,
        );
        expect(ranked.map((r) => r.item.code).sort()).toEqual(items.map((i) => i.code).sort());
        const better = (a: number, b: number) => (order === 'desc' ? a > b : a < b);
        ranked.forEach(({ item, rank }, i) => {
          if (item.value === null) {
            expect(rank).toBeNull();
            expect(ranked.slice(i).every((r) => r.item.value === null)).toBe(true);
            return;
          }
          const value = item.value;
          expect(rank).toBe(1 + items.filter((o) => o.value !== null && better(o.value, value)).length);
          const next = ranked[i + 1];
          if (next && next.item.value !== null) {
            expect(better(next.item.value, value)).toBe(false);
            if (next.item.value === value) expect(next.item.code > item.code).toBe(true);
          }
        });
      }),
    );
  });
});

describe('periods', () => {
  it('names months, quarters, halves, years and ranges', () => {
    expect(parsePeriod('2026-03')).toEqual({
      from: '2026-03',
      to: '2026-03',
      months: ['2026-03-01'],
      previous: '2026-02-01',
      years: 1 / 12,
    });
    expect(parsePeriod('2026-Q1').months).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(parsePeriod('2026-Q1').previous).toBe('2025-12-01');
    expect(parsePeriod('2025-H2')).toMatchObject({ from: '2025-07', to: '2025-12', years: 0.5 });
    expect(parsePeriod('2024')).toMatchObject({ from: '2024-01', to: '2024-12', years: 1 });
    expect(parsePeriod('2025-11..2026-02').months).toEqual([
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
    for (const bad of ['2026-Q5', '2026-H3', '2026-13', '26', '2026-04..2026-01']) {
      expect(() => parsePeriod(bad), bad).toThrow();
    }
    expect(() => periodOf('2010-01', '2026-01')).toThrow();
  });
});
