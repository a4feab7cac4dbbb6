import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  ageInCompletedYears,
  ageRangeInCompletedYears,
  broadAgeGroupOf,
  standardAgeGroupOf,
  standardAgeGroups,
} from './age.ts';
import { addDays, dateFromDayNumber, dayNumber } from './dates.ts';

describe('ageInCompletedYears', () => {
  it('subtracts one until the birthday is reached', () => {
    expect(ageInCompletedYears('1990-06-15', '2026-06-14')).toBe(35);
    expect(ageInCompletedYears('1990-06-15', '2026-06-15')).toBe(36);
    expect(ageInCompletedYears('1990-06-15', '2026-12-31')).toBe(36);
    expect(ageInCompletedYears('2026-03-01', '2026-03-01')).toBe(0);
    expect(ageInCompletedYears('2025-03-02', '2026-03-01')).toBe(0);
  });

  it('gives someone born on 29 February the birthday on 1 March in common years', () => {
    expect(ageInCompletedYears('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageInCompletedYears('2000-02-29', '2001-03-01')).toBe(1);
    expect(ageInCompletedYears('2000-02-29', '2004-02-29')).toBe(4);
  });

  it('imputes an unknown day to the 15th and an unknown month to 1 July', () => {
    expect(ageInCompletedYears('1950-03-01', '2026-03-14', 'month')).toBe(75);
    expect(ageInCompletedYears('1950-03-01', '2026-03-15', 'month')).toBe(76);
    expect(ageInCompletedYears('1950-01-01', '2026-06-30', 'year')).toBe(75);
    expect(ageInCompletedYears('1950-01-01', '2026-07-01', 'year')).toBe(76);
    // Inside the birth interval but before the imputed day: not yet a year old, never negative.
    expect(ageInCompletedYears('2026-01-01', '2026-02-01', 'year')).toBe(0);
  });

  it('refuses dates that are not real or lie before any possible birth', () => {
    expect(() => ageInCompletedYears('1990-02-30', '2026-01-01')).toThrow(DomainError);
    expect(() => ageInCompletedYears('1990-01-01', '2026-13-01')).toThrow(DomainError);
    expect(() => ageInCompletedYears('1990-06-15', '1990-06-14')).toThrow(DomainError);
    expect(() => ageInCompletedYears('1990-06-15', '1989-12-31', 'year')).toThrow(DomainError);
  });
});

describe('ageRangeInCompletedYears', () => {
  it('is one age for an exact date and a range for an imprecise one', () => {
    expect(ageRangeInCompletedYears('1990-06-15', '2026-06-15')).toEqual({ min: 36, max: 36 });
    expect(ageRangeInCompletedYears('1976-01-01', '2026-03-01', 'year')).toEqual({ min: 49, max: 50 });
    expect(ageRangeInCompletedYears('1976-02-01', '2026-02-10', 'month')).toEqual({ min: 49, max: 50 });
    expect(ageRangeInCompletedYears('1976-02-01', '2026-03-01', 'month')).toEqual({ min: 50, max: 50 });
    expect(ageRangeInCompletedYears('2026-01-01', '2026-02-01', 'year')).toEqual({ min: 0, max: 0 });
    expect(ageRangeInCompletedYears('2026-05-01', '2026-02-01')).toBeNull();
  });
});

describe('age groups', () => {
  it('are 0, 1–4, 5–9, …, 80–84, 85+', () => {
    expect(standardAgeGroups.map((g) => g.code)).toEqual([
      '0',
      '1-4',
      '5-9',
      '10-14',
      '15-19',
      '20-24',
      '25-29',
      '30-34',
      '35-39',
      '40-44',
      '45-49',
      '50-54',
      '55-59',
      '60-64',
      '65-69',
      '70-74',
      '75-79',
      '80-84',
      '85+',
    ]);
    expect([0, 1, 4, 5, 9, 84, 85, 110].map((a) => standardAgeGroupOf(a).code)).toEqual([
      '0',
      '1-4',
      '1-4',
      '5-9',
      '5-9',
      '80-84',
      '85+',
      '85+',
    ]);
    expect(() => standardAgeGroupOf(-1)).toThrow(DomainError);
    expect(() => standardAgeGroupOf(2.5)).toThrow(DomainError);
  });

  it('have the broad groups with 65 or 60 as old age', () => {
    expect([14, 15, 64, 65].map((a) => broadAgeGroupOf(a))).toEqual(['0-14', '15-64', '15-64', '65+']);
    expect([14, 15, 59, 60].map((a) => broadAgeGroupOf(a, 60))).toEqual(['0-14', '15-59', '15-59', '60+']);
  });
});

// Real dates from 1900 to 2100.
const dateArb = fc
  .integer({ min: dayNumber('1900-01-01'), max: dayNumber('2100-12-31') })
  .map(dateFromDayNumber);

function birthday(birth: string, years: number): string {
  const year = String(Number(birth.slice(0, 4)) + years).padStart(4, '0');
  const candidate = `${year}${birth.slice(4)}`;
  // 29 February in a common year: the birthday is reached on 1 March.
  return dateFromDayNumber(dayNumber(candidate)) === candidate ? candidate : `${year}-03-01`;
}

describe('properties', () => {
  it('an age is never negative and falls in exactly one standard group', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 60_000 }),
        fc.constantFrom('day', 'month', 'year'),
        (birth, days, precision) => {
          const on = addDays(birth, days);
          const age = ageInCompletedYears(birth, on, precision as 'day' | 'month' | 'year');
          expect(age).toBeGreaterThanOrEqual(0);
          const groups = standardAgeGroups.filter((g) => age >= g.from && (g.to === null || age <= g.to));
          expect(groups).toEqual([standardAgeGroupOf(age)]);
          const range = ageRangeInCompletedYears(birth, on, precision as 'day' | 'month' | 'year');
          expect(range).not.toBeNull();
          expect(range!.min).toBeLessThanOrEqual(age);
          expect(age).toBeLessThanOrEqual(range!.max);
        },
      ),
    );
  });

  it('an age grows by one on each birthday and not the day before', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 120 }), (birth, years) => {
        const day = birthday(birth, years);
        expect(ageInCompletedYears(birth, day)).toBe(years);
        expect(ageInCompletedYears(birth, addDays(day, -1))).toBe(years - 1);
      }),
    );
  });

  it('an age never decreases as the reference date moves on', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 0, max: 400 }),
        (birth, a, b) => {
          expect(ageInCompletedYears(birth, addDays(birth, a + b))).toBeGreaterThanOrEqual(
            ageInCompletedYears(birth, addDays(birth, a)),
          );
        },
      ),
    );
  });
});
