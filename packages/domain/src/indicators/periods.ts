/**
 * Reporting periods (Circular 01/2022/TT-BYT): a month, a quarter, a half-year, a calendar year, or any
 * range of whole months. Aggregates are monthly, so every period is a list of months.
 */
import { DomainError } from '../errors.ts';

/** The longest period one request may cover, in months. */
export const MAX_PERIOD_MONTHS = 120;

export interface Period {
  /** First and last month, 'YYYY-MM'. */
  from: string;
  to: string;
  /** First days of the months of the period, in order. */
  months: string[];
  /** First day of the month before the period: its end-of-month stock is the stock at the start. */
  previous: string;
  /** The length in years (months / 12): rates per person-year. */
  years: number;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthOfIndex(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month `delta` months after `month` ('YYYY-MM' or a first day; answers 'YYYY-MM'). */
export function addMonths(month: string, delta: number): string {
  return monthOfIndex(monthIndex(month) + delta);
}

/** 'YYYY-MM' → 'YYYY-MM-01'. */
export const firstDay = (month: string): string => `${month.slice(0, 7)}-01`;

/** The months from `from` to `to` ('YYYY-MM', inclusive). */
export function periodOf(from: string, to: string): Period {
  const bad = [
    ...(MONTH.test(from) ? [] : [{ path: 'from', reason: 'not_a_month' }]),
    ...(MONTH.test(to) ? [] : [{ path: 'to', reason: 'not_a_month' }]),
  ];
  if (bad.length > 0) throw new DomainError('DANSO_ERR_VALIDATION', bad);
  const start = monthIndex(from);
  const end = monthIndex(to);
  if (end < start) throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'to', reason: 'before_from' }]);
  if (end - start + 1 > MAX_PERIOD_MONTHS) {
    throw new DomainError('DANSO_ERR_VALIDATION', [
      { path: 'to', reason: `at_most_${MAX_PERIOD_MONTHS}_months` },
    ]);
  }
  const months = Array.from({ length: end - start + 1 }, (_, i) => firstDay(monthOfIndex(start + i)));
  return { from, to, months, previous: firstDay(monthOfIndex(start - 1)), years: months.length / 12 };
}

/**
 * A named period: '2026' (year), '2026-H1' / '2026-H2', '2026-Q1' … '2026-Q4', '2026-03' (month), or a range
 * '2026-01..2026-08'.
 */
export function parsePeriod(text: string): Period {
  const year = /^(\d{4})$/.exec(text);
  if (year) return periodOf(`${year[1]}-01`, `${year[1]}-12`);
  const part = /^(\d{4})-([QH])([1-4])$/.exec(text);
  if (part) {
    const [, y, kind, n] = part;
    const size = kind === 'Q' ? 3 : 6;
    const index = Number(n);
    if (kind === 'Q' || index <= 2) {
      const first = (index - 1) * size + 1;
      const pad = (m: number) => String(m).padStart(2, '0');
      return periodOf(`${y}-${pad(first)}`, `${y}-${pad(first + size - 1)}`);
    }
  }
  if (MONTH.test(text)) return periodOf(text, text);
  const range = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$/.exec(text);
  if (range) return periodOf(range[1] as string, range[2] as string);
  throw new DomainError('DANSO_ERR_VALIDATION', [{ path: 'period', reason: 'not_a_period' }]);
}
