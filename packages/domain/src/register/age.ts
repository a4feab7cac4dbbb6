/**
 * Age in completed years (register.md): year of the reference date − birth year, minus 1 if the birthday has
 * not been reached on that date. A person born on 29 February reaches the birthday on 1 March in common years.
 */
import { DomainError } from '../errors.ts';
import type { BirthDatePrecision } from './codes.ts';
import { birthDateBounds, imputedBirthDate, isRealDate } from './dates.ts';

function completedYears(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

function assertDates(birthDate: string, onDate: string): void {
  const details = [];
  if (!isRealDate(birthDate)) details.push({ path: 'birthDate', reason: 'not_a_date' });
  if (!isRealDate(onDate)) details.push({ path: 'onDate', reason: 'not_a_date' });
  if (details.length > 0) throw new DomainError('DANSO_ERR_VALIDATION', details);
}

/**
 * Completed years on `onDate`. With a month or year precision the birth date is imputed to the middle of the
 * interval (the 15th, 1 July); a date inside the interval but before that day gives 0.
 * Throws `DANSO_ERR_VALIDATION` for a date that is not real or lies before the earliest possible birth date.
 */
export function ageInCompletedYears(
  birthDate: string,
  onDate: string,
  precision: BirthDatePrecision = 'day',
): number {
  assertDates(birthDate, onDate);
  const { earliest } = birthDateBounds(birthDate, precision);
  if (onDate < earliest) {
    throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'onDate', reason: 'before_birth' }]);
  }
  const imputed = imputedBirthDate(birthDate, precision);
  return onDate < imputed ? 0 : completedYears(imputed, onDate);
}

/**
 * The youngest and oldest the person can be on `onDate`, given the precision of the birth date
 * (`null` when `onDate` is before the earliest possible birth). Rules use it so that an imprecise birth date
 * never turns into a false error.
 */
export function ageRangeInCompletedYears(
  birthDate: string,
  onDate: string,
  precision: BirthDatePrecision = 'day',
): { min: number; max: number } | null {
  assertDates(birthDate, onDate);
  const { earliest, latest } = birthDateBounds(birthDate, precision);
  if (onDate < earliest) return null;
  return { min: onDate < latest ? 0 : completedYears(latest, onDate), max: completedYears(earliest, onDate) };
}

export interface StandardAgeGroup {
  /** '0', '1-4', '5-9', …, '80-84', '85+'. */
  code: string;
  from: number;
  /** Inclusive; null for the open group. */
  to: number | null;
}

/** The standard groups of the population reports: 0, 1–4, 5–9, …, 80–84, 85+. */
export const standardAgeGroups: readonly StandardAgeGroup[] = Object.freeze([
  { code: '0', from: 0, to: 0 },
  { code: '1-4', from: 1, to: 4 },
  ...Array.from({ length: 16 }, (_, i) => ({
    code: `${5 * (i + 1)}-${5 * (i + 1) + 4}`,
    from: 5 * (i + 1),
    to: 5 * (i + 1) + 4,
  })),
  { code: '85+', from: 85, to: null },
]);

function assertAge(age: number): void {
  if (!Number.isInteger(age) || age < 0) {
    throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'age', reason: 'not_a_completed_age' }]);
  }
}

export function standardAgeGroupOf(age: number): StandardAgeGroup {
  assertAge(age);
  if (age === 0) return standardAgeGroups[0]!;
  if (age < 5) return standardAgeGroups[1]!;
  return standardAgeGroups[Math.min(1 + Math.floor(age / 5), standardAgeGroups.length - 1)]!;
}

/** The broad groups: 0–14 / 15–64 / 65+ (or 0–14 / 15–59 / 60+ with an old-age threshold of 60). */
export function broadAgeGroupOf(
  age: number,
  oldAgeFrom: 60 | 65 = 65,
): '0-14' | '15-59' | '15-64' | '60+' | '65+' {
  assertAge(age);
  if (age < 15) return '0-14';
  if (oldAgeFrom === 60) return age < 60 ? '15-59' : '60+';
  return age < 65 ? '15-64' : '65+';
}
