/**
 * The province's annual population yearbook (niên giám dân số): tables defined like report forms
 * (`yearbook.json`, checked by `loadReportForms`) and filled by the same evaluator, plus rankings of the
 * communes by the main indicators, drawn from the table by commune.
 */
import { rankByValue } from '../indicators/ranking.ts';
import type { FilledReport } from './evaluate.ts';
import yearbook from './yearbook.json' with { type: 'json' };

export const yearbookTableDefinitions: readonly unknown[] = yearbook.tables;

/** The table by commune and the rows the communes are ranked by. */
export const YEARBOOK_COMMUNE_TABLE = 'NG-03';
export const YEARBOOK_RANKED_ROWS = ['4', '5', '6', '7', '8', '9'] as const;

export interface YearbookRanking {
  row: string;
  vi: string;
  en: string;
  decimals: number;
  items: Array<{ rank: number | null; code: string; name: string; value: number | null }>;
}

/** The communes (every column but the last, the total) ranked by each of the rows, largest first. */
export function yearbookRankings(
  table: FilledReport,
  rows: readonly string[] = YEARBOOK_RANKED_ROWS,
): YearbookRanking[] {
  const communes = table.columns.slice(0, -1);
  return rows.flatMap((code) => {
    const row = table.rows.find((r) => r.code === code);
    if (!row) return [];
    const valued = communes.map((c, i) => ({ code: c.key, name: c.vi, value: row.values[i] ?? null }));
    return [
      {
        row: code,
        vi: row.vi,
        en: row.en,
        decimals: row.decimals,
        items: rankByValue(
          valued,
          (v) => v.value,
          (v) => v.code,
          'desc',
        ).map(({ item, rank }) => ({ ...item, rank })),
      },
    ];
  });
}
