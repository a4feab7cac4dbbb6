/**
 * Report forms as data (Circular 01/2022/TT-BYT keeps its forms as tables of indicators): each form is a
 * JSON file — code, titles, period type, level, deadline rule, columns and rows whose cells are formulas
 * of the indicator engine's language over its measures. `loadReportForms` reads and checks the files, so
 * that adding or amending a form is a change of data, never of code.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError, type ErrorDetail } from '../errors.ts';
import {
  type BreakdownName,
  breakdownNames,
  expressionProblems,
  type Indicator,
  type IndicatorCatalogue,
} from '../indicators/catalogue.ts';
import { type Expr, ExpressionError, measureReferences, parseExpression } from '../indicators/expression.ts';
import communeMonth from './forms/commune-month.json' with { type: 'json' };
import communeYear from './forms/commune-year.json' with { type: 'json' };
import provinceQuarter from './forms/province-quarter.json' with { type: 'json' };
import provinceYear from './forms/province-year.json' with { type: 'json' };

export const reportPeriodTypes = ['month', 'quarter', 'year'] as const;
export type ReportPeriodType = (typeof reportPeriodTypes)[number];

export const reportLevels = ['commune', 'province'] as const;
export type ReportLevel = (typeof reportLevels)[number];

const strict = { additionalProperties: false } as const;
const Label = Type.String({ minLength: 1, maxLength: 300 });
const Bilingual = Type.Object({ vi: Label, en: Label }, strict);
const Literals = <const T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));
const Key = Type.String({ pattern: '^[a-z][a-z0-9_]{0,29}$' });

export const ReportColumnSchema = Type.Object(
  {
    key: Key,
    vi: Label,
    en: Label,
    /** The column counts one category of a breakdown (e.g. sex 1), as an indicator's breakdown does. */
    split: Type.Optional(
      Type.Object(
        { by: Literals(breakdownNames), category: Type.String({ minLength: 1, maxLength: 40 }) },
        strict,
      ),
    ),
  },
  strict,
);

export const ReportRowSchema = Type.Object(
  {
    /** The row's number on the form: "I", "1", "4.1". */
    code: Type.String({ pattern: '^[0-9A-Za-z.]{1,12}$' }),
    vi: Label,
    en: Label,
    unit: Type.Optional(Bilingual),
    /** A formula of the indicator language; or `indicator`; neither makes a section heading. */
    expression: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    /** An indicator of the catalogue: its formula, multiplier and decimals. */
    indicator: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,39}$' })),
    /** Digits kept in the frozen report (counts: 0). */
    decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
    /** Fixed layout: the columns this row has a value in (default: all). */
    columns: Type.Optional(Type.Array(Key, { minItems: 1, maxItems: 20 })),
    indent: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
  },
  strict,
);

export const ReportFormDefinitionSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9A-Z][0-9A-Z-]{1,29}$' }),
    vi: Label,
    en: Label,
    note: Type.Optional(
      Type.Object({ vi: Type.String({ maxLength: 1000 }), en: Type.String({ maxLength: 1000 }) }, strict),
    ),
    periodType: Literals(reportPeriodTypes),
    level: Literals(reportLevels),
    /** Due at the end of the N-th working day (Monday–Friday) after the last day of the period. */
    deadline: Type.Object({ workingDaysAfterPeriod: Type.Integer({ minimum: 0, maximum: 60 }) }, strict),
    /** fixed: the form's own columns; units: one column per commune of the province, then the total. */
    layout: Literals(['fixed', 'units']),
    columns: Type.Optional(Type.Array(ReportColumnSchema, { minItems: 1, maxItems: 20 })),
    totalColumn: Type.Optional(Bilingual),
    rows: Type.Array(ReportRowSchema, { minItems: 1, maxItems: 300 }),
  },
  strict,
);
export type ReportFormDefinition = Static<typeof ReportFormDefinitionSchema>;
export type ReportColumnDefinition = Static<typeof ReportColumnSchema>;
export type ReportRowDefinition = Static<typeof ReportRowSchema>;

/** A row with its formula read: a heading has none; a value row a ratio or one expression. */
export interface ReportRow extends ReportRowDefinition {
  formula:
    | { kind: 'heading' }
    | { kind: 'expression'; expression: Expr; multiplier: number }
    | { kind: 'ratio'; numerator: Expr; denominator: Expr; multiplier: number };
  /** Digits kept: the row's, the indicator's, else 0. */
  digits: number;
  /** The unit shown: the row's, else the indicator's. */
  unitLabel: { vi: string; en: string } | null;
  /** Fixed layout: for each column, whether the row has a value in it. */
  applies: boolean[];
}

export interface ReportForm extends Omit<ReportFormDefinition, 'rows'> {
  rows: ReportRow[];
}

function schemaProblems(value: unknown, path: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const error of Value.Errors(ReportFormDefinitionSchema, value)) {
    problems.push({
      path: `${path}${error.path.replaceAll('/', '.')}`,
      reason: 'schema',
      message: error.message,
    });
    if (problems.length >= 20) break;
  }
  return problems;
}

function parse(text: string, path: string, problems: ErrorDetail[]): Expr | null {
  try {
    return parseExpression(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    problems.push({ path, reason: 'formula', message: `${error.reason} (character ${error.position})` });
    return null;
  }
}

/** A measure can be split by a breakdown when it names the dimension for it (urban/rural: always). */
function splittable(catalogue: IndicatorCatalogue, expressions: readonly Expr[], by: BreakdownName) {
  if (by === 'urbanity') return [];
  const cannot: string[] = [];
  for (const expr of expressions) {
    for (const reference of measureReferences(expr)) {
      const measure = catalogue.measures.get(reference.measure);
      if (measure && !measure.breakdowns[by]) cannot.push(reference.measure);
    }
  }
  return cannot;
}

function readRow(
  raw: ReportRowDefinition,
  path: string,
  form: ReportFormDefinition,
  catalogue: IndicatorCatalogue,
  problems: ErrorDetail[],
): ReportRow {
  const columns = form.layout === 'fixed' ? (form.columns ?? []) : [];
  const wanted = raw.columns ?? columns.map((c) => c.key);
  for (const key of wanted) {
    if (form.layout === 'units') {
      problems.push({ path: `${path}.columns`, reason: 'units_layout_has_no_columns', message: key });
    } else if (!columns.some((c) => c.key === key)) {
      problems.push({ path: `${path}.columns`, reason: 'unknown_column', message: key });
    }
  }
  const applies = columns.map((c) => wanted.includes(c.key));
  let formula: ReportRow['formula'] = { kind: 'heading' };
  let indicator: Indicator | undefined;
  if (raw.expression !== undefined && raw.indicator !== undefined) {
    problems.push({ path, reason: 'expression_or_indicator' });
  } else if (raw.expression !== undefined) {
    const expression = parse(raw.expression, `${path}.expression`, problems);
    if (expression) {
      expressionProblems(expression, catalogue.measures, new Set(), `${path}.expression`, problems);
      formula = { kind: 'expression', expression, multiplier: 1 };
    }
  } else if (raw.indicator !== undefined) {
    indicator = catalogue.indicators.get(raw.indicator);
    if (!indicator) {
      problems.push({ path: `${path}.indicator`, reason: 'unknown_indicator', message: raw.indicator });
    } else if (indicator.requiresBreakdown || Object.keys(indicator.parameters ?? {}).length > 0) {
      // A cell is one number: indicators given only by a breakdown, or with parameters, need a formula.
      problems.push({
        path: `${path}.indicator`,
        reason: 'indicator_not_single_valued',
        message: raw.indicator,
      });
      indicator = undefined;
    } else {
      const multiplier = indicator.multiplier ?? 1;
      formula =
        indicator.formula.kind === 'ratio'
          ? {
              kind: 'ratio',
              numerator: indicator.formula.numerator,
              denominator: indicator.formula.denominator,
              multiplier,
            }
          : { kind: 'expression', expression: indicator.formula.expression, multiplier };
    }
  }
  if (formula.kind !== 'heading') {
    const expressions =
      formula.kind === 'ratio' ? [formula.numerator, formula.denominator] : [formula.expression];
    columns.forEach((column, i) => {
      if (!applies[i] || !column.split) return;
      for (const measure of splittable(catalogue, expressions, column.split.by)) {
        problems.push({
          path: `${path}.columns`,
          reason: 'measure_cannot_split',
          message: `${measure} by ${column.split.by} (column ${column.key})`,
        });
      }
    });
  } else if (raw.columns || raw.decimals !== undefined) {
    problems.push({ path, reason: 'heading_has_no_values' });
  }
  return {
    ...raw,
    formula,
    digits: raw.decimals ?? indicator?.decimals ?? 0,
    unitLabel: raw.unit ?? (indicator ? indicator.unit : null),
    applies,
  };
}

function readForm(raw: unknown, path: string, catalogue: IndicatorCatalogue, problems: ErrorDetail[]) {
  const found = schemaProblems(raw, path);
  if (found.length > 0) {
    problems.push(...found);
    return null;
  }
  const definition = raw as ReportFormDefinition;
  if (definition.layout === 'fixed' && !definition.columns) {
    problems.push({ path: `${path}.columns`, reason: 'fixed_layout_needs_columns' });
  }
  if (definition.layout === 'units' && definition.level !== 'province') {
    problems.push({ path: `${path}.layout`, reason: 'units_layout_is_for_a_province' });
  }
  if (definition.layout === 'units' && definition.columns) {
    problems.push({ path: `${path}.columns`, reason: 'units_layout_has_no_columns' });
  }
  if (definition.layout === 'units' && !definition.totalColumn) {
    problems.push({ path: `${path}.totalColumn`, reason: 'required' });
  }
  const keys = new Set<string>();
  for (const column of definition.columns ?? []) {
    if (keys.has(column.key))
      problems.push({ path: `${path}.columns`, reason: 'duplicate_key', message: column.key });
    keys.add(column.key);
  }
  const codes = new Set<string>();
  const rows = definition.rows.map((row, i) => {
    if (codes.has(row.code))
      problems.push({ path: `${path}.rows.${i}`, reason: 'duplicate_code', message: row.code });
    codes.add(row.code);
    return readRow(row, `${path}.rows.${i}`, definition, catalogue, problems);
  });
  if (!rows.some((r) => r.formula.kind !== 'heading'))
    problems.push({ path: `${path}.rows`, reason: 'no_value_rows' });
  return { ...definition, rows } satisfies ReportForm;
}

/**
 * Reads and checks report form definitions against the indicator catalogue: the schema, unique codes, every
 * formula parsing and naming known measures and dimensions, every column split one each measure of its rows
 * can be split by. Every problem is listed with its place.
 */
export function loadReportForms(
  raws: readonly unknown[],
  catalogue: IndicatorCatalogue,
): ReadonlyMap<string, ReportForm> {
  const problems: ErrorDetail[] = [];
  const forms = new Map<string, ReportForm>();
  raws.forEach((raw, i) => {
    const code = (raw as { code?: unknown })?.code;
    const form = readForm(raw, `forms.${typeof code === 'string' ? code : i}`, catalogue, problems);
    if (!form) return;
    if (forms.has(form.code)) problems.push({ path: `forms.${form.code}`, reason: 'duplicate_form' });
    forms.set(form.code, form);
  });
  if (problems.length > 0) throw new DomainError('DANSO_ERR_VALIDATION', problems);
  return forms;
}

/** The forms shipped with the system. */
export const defaultReportFormDefinitions: readonly unknown[] = [
  communeMonth,
  provinceQuarter,
  communeYear,
  provinceYear,
];

/** The expressions a row reads (none for a heading). */
export function rowExpressions(row: ReportRow): Expr[] {
  switch (row.formula.kind) {
    case 'heading':
      return [];
    case 'expression':
      return [row.formula.expression];
    case 'ratio':
      return [row.formula.numerator, row.formula.denominator];
  }
}
