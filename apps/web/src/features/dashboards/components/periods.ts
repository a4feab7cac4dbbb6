import type { TFunction } from 'i18next';

/** The periods the dashboards offer, as the indicator API writes them, from the last full month back. */

export interface PeriodChoice {
  /** As the API takes it: '2026-10', '2026-01..2026-10', '2026-Q3', '2025'. */
  value: string;
  kind: 'month' | 'yearToDate' | 'quarter' | 'year';
  /** For labels: the month 'MM/YYYY', the year, the quarter number. */
  month: string;
  year: string;
  quarter: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function lastFullMonth(now: Date = new Date()): { year: number; month: number } {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return { year: d.getFullYear(), month: d.getMonth() + 1 };
}

/** Year to date (the default), the last full month, the last full quarter, the last full year. */
export function periodChoices(now: Date = new Date()): PeriodChoice[] {
  const { year, month } = lastFullMonth(now);
  const ym = `${year}-${pad(month)}`;
  const mmYyyy = `${pad(month)}/${year}`;
  const quarterEnd = month - (month % 3);
  const quarter = quarterEnd === 0 ? { year: year - 1, q: 4 } : { year, q: quarterEnd / 3 };
  const base = { month: mmYyyy, year: String(year), quarter: 0 };
  return [
    { ...base, kind: 'yearToDate', value: month === 1 ? ym : `${year}-01..${ym}` },
    { ...base, kind: 'month', value: ym },
    {
      ...base,
      kind: 'quarter',
      value: `${quarter.year}-Q${quarter.q}`,
      year: String(quarter.year),
      quarter: quarter.q,
    },
    { ...base, kind: 'year', value: String(year - 1), year: String(year - 1) },
  ];
}

/** 'Từ đầu năm đến 10/2026', 'Tháng 10/2026', 'Quý 3/2026', 'Năm 2025'. */
export function periodLabel(t: TFunction, c: PeriodChoice): string {
  const values = { month: c.month, year: c.year, quarter: c.quarter };
  switch (c.kind) {
    case 'yearToDate':
      return t('dashboards.periods.yearToDate', values);
    case 'month':
      return t('dashboards.periods.month', values);
    case 'quarter':
      return t('dashboards.periods.quarter', values);
    case 'year':
      return t('dashboards.periods.year', values);
  }
}
