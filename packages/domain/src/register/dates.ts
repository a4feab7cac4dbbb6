/**
 * Calendar dates as `YYYY-MM-DD` strings (compare as strings), with the precision a birth date may have.
 * No clock: "today" is always passed in.
 */
import { isIsoDate } from '../admin-units.ts';
import type { BirthDatePrecision } from './codes.ts';

const MS_PER_DAY = 86_400_000;
/** Viet Nam keeps UTC+7 all year (no daylight saving). */
const VIET_NAM_OFFSET_MS = 7 * 3_600_000;

/**
 * The calendar date in Viet Nam at an instant. Events are dated in local time, so "today" on a server
 * running in UTC is this, not the UTC date (which lags by a day from midnight to 7 a.m.).
 */
export function vietNamDate(instant: Date): string {
  return new Date(instant.getTime() + VIET_NAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** A real calendar date written `YYYY-MM-DD` (so 2025-02-29 is not one). */
export function isRealDate(value: string): boolean {
  return isIsoDate(value);
}

/** `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or an offset, naming a real instant. */
export function isRealTimestamp(value: string): boolean {
  const match =
    /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):(\d{2}))$/.exec(value);
  if (!match) return false;
  const [, date, hh, mm, ss, zone, oh, om] = match;
  if (!isIsoDate(date!)) return false;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) return false;
  if (zone !== 'Z' && (Number(oh) > 14 || Number(om) > 59)) return false;
  return true;
}

/** Days since 1970-01-01 of a real date. */
export function dayNumber(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY
  );
}

export function dateFromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateFromDayNumber(dayNumber(date) + days);
}

/** `to − from` in days. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The earliest and latest day a birth date of this precision may stand for. */
export function birthDateBounds(
  birthDate: string,
  precision: BirthDatePrecision,
): { earliest: string; latest: string } {
  const year = Number(birthDate.slice(0, 4));
  const month = Number(birthDate.slice(5, 7));
  switch (precision) {
    case 'day':
      return { earliest: birthDate, latest: birthDate };
    case 'month':
      return {
        earliest: `${pad(year, 4)}-${pad(month, 2)}-01`,
        latest: `${pad(year, 4)}-${pad(month, 2)}-${pad(daysInMonth(year, month), 2)}`,
      };
    case 'year':
      return { earliest: `${pad(year, 4)}-01-01`, latest: `${pad(year, 4)}-12-31` };
  }
}

/**
 * The single day used to compute an age when part of the birth date is unknown: the 15th for a known month,
 * 1 July for a known year (the middle of the interval, as the usual imputation of an unknown day or month).
 */
export function imputedBirthDate(birthDate: string, precision: BirthDatePrecision): string {
  switch (precision) {
    case 'day':
      return birthDate;
    case 'month':
      return `${birthDate.slice(0, 7)}-15`;
    case 'year':
      return `${birthDate.slice(0, 4)}-07-01`;
  }
}
