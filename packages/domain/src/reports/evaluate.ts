/**
 * Filling a report form: each value cell is its row's formula evaluated by the indicator engine over the
 * unit's aggregate rows, restricted to the column's category (fixed layout) or read for each commune of the
 * province and for the province (units layout). Values are rounded to the row's digits, so the table is
 * exactly what is frozen, signed and exported.
 */

import type { IndicatorCatalogue, IndicatorUnitLevel } from '../indicators/catalogue.ts';
import {
  type BreakdownSplit,
  type CubeRow,
  type EvaluationInput,
  evaluateExpression,
  type FormulaUse,
  requirementsOf,
  type SourceRequirement,
} from '../indicators/evaluate.ts';
import type { Period } from '../indicators/periods.ts';
import type { RegisterCodeLists } from '../register/code-lists.ts';
import { type ReportForm, type ReportRow, rowExpressions } from './forms.ts';

export interface ReportColumnView {
  key: string;
  vi: string;
  en: string;
}

export interface FilledRow {
  code: string;
  vi: string;
  en: string;
  unit: { vi: string; en: string } | null;
  indent: number;
  heading: boolean;
  decimals: number;
  /** One value per column; null where the row has no value in the column or it cannot be computed. */
  values: Array<number | null>;
}

export interface FilledReport {
  columns: ReportColumnView[];
  rows: FilledRow[];
}

/** The sources, dimensions and months a form needs at one unit level (the indicator engine decides). */
export function reportRequirements(
  form: ReportForm,
  catalogue: IndicatorCatalogue,
  level: IndicatorUnitLevel,
): SourceRequirement[] {
  // Each column reads the rows that have a value in it, split as the column says.
  const uses: FormulaUse[] =
    form.layout === 'fixed'
      ? (form.columns ?? []).map((column, i) => ({
          expressions: form.rows.filter((row) => row.applies[i]).flatMap(rowExpressions),
          breakdown: column.split?.by ?? null,
        }))
      : [{ expressions: form.rows.flatMap(rowExpressions), breakdown: null }];
  return requirementsOf(catalogue, uses, level);
}

export function roundTo(x: number, digits: number): number {
  const rounded = Number(x.toFixed(digits));
  return Object.is(rounded, -0) ? 0 : rounded;
}

function cellValue(row: ReportRow, input: EvaluationInput, split: BreakdownSplit | null): number | null {
  const f = row.formula;
  let x: number | null;
  switch (f.kind) {
    case 'heading':
      return null;
    case 'expression': {
      const v = evaluateExpression(f.expression, input, {}, split);
      x = v === null ? null : v * f.multiplier;
      break;
    }
    case 'ratio': {
      const n = evaluateExpression(f.numerator, input, {}, split);
      const d = evaluateExpression(f.denominator, input, {}, split);
      x = n === null || d === null || d === 0 ? null : (n / d) * f.multiplier;
      break;
    }
  }
  return x === null || !Number.isFinite(x) ? null : roundTo(x, row.digits);
}

export interface FillInput {
  catalogue: IndicatorCatalogue;
  codeLists: RegisterCodeLists;
  period: Period;
  /** The report's unit (a commune, or the province) and its aggregate rows by source key. */
  unit: { code: string; level: IndicatorUnitLevel; rows: ReadonlyMap<string, readonly CubeRow[]> };
  /** Units layout: the communes of the province, in order, with their rows. */
  communes?: ReadonlyArray<{ code: string; name: string; rows: ReadonlyMap<string, readonly CubeRow[]> }>;
}

/** The filled table of a form for a unit and period. */
export function fillReport(form: ReportForm, input: FillInput): FilledReport {
  const evaluation = (level: IndicatorUnitLevel, rows: ReadonlyMap<string, readonly CubeRow[]>) => ({
    catalogue: input.catalogue,
    codeLists: input.codeLists,
    period: input.period,
    level,
    rows,
  });
  const own = evaluation(input.unit.level, input.unit.rows);
  const base = (row: ReportRow) => ({
    code: row.code,
    vi: row.vi,
    en: row.en,
    unit: row.unitLabel,
    indent: row.indent ?? 0,
    heading: row.formula.kind === 'heading',
    decimals: row.digits,
  });
  if (form.layout === 'fixed') {
    const columns = form.columns ?? [];
    return {
      columns: columns.map((c) => ({ key: c.key, vi: c.vi, en: c.en })),
      rows: form.rows.map((row) => ({
        ...base(row),
        values: columns.map((column, i) =>
          row.applies[i] ? cellValue(row, own, column.split ?? null) : null,
        ),
      })),
    };
  }
  const communes = (input.communes ?? []).map((c) => ({ ...c, input: evaluation('commune', c.rows) }));
  const total = form.totalColumn ?? { vi: 'Tổng số', en: 'Total' };
  return {
    columns: [
      ...communes.map((c) => ({ key: c.code, vi: c.name, en: c.name })),
      { key: 'total', vi: total.vi, en: total.en },
    ],
    rows: form.rows.map((row) => ({
      ...base(row),
      values: [...communes.map((c) => cellValue(row, c.input, null)), cellValue(row, own, null)],
    })),
  };
}

export interface ValueChange {
  row: string;
  column: string;
  before: number | null;
  after: number | null;
}

/** The cells whose values differ between two fillings of the same form (e.g. frozen and recomputed). */
export function reportDifferences(before: FilledReport, after: FilledReport): ValueChange[] {
  const changes: ValueChange[] = [];
  const afterRows = new Map(after.rows.map((r) => [r.code, r]));
  const columns = [...new Set([...before.columns, ...after.columns].map((c) => c.key))];
  const at = (report: FilledReport, row: FilledRow | undefined, key: string) => {
    const i = report.columns.findIndex((c) => c.key === key);
    return i < 0 || !row ? null : (row.values[i] ?? null);
  };
  for (const row of before.rows) {
    if (row.heading) continue;
    const other = afterRows.get(row.code);
    for (const key of columns) {
      const a = at(before, row, key);
      const b = at(after, other, key);
      if (a !== b) changes.push({ row: row.code, column: key, before: a, after: b });
    }
  }
  return changes;
}
