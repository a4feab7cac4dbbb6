/**
 * Evaluating indicators over aggregate data. The server reads the aggregate tables into a cube — rows of
 * (unit, month, dimensions, count) per source — and everything that decides a value is here: which rows a
 * measure reference sums, how months make a period (sum of flows; mean, start or end of month-end stocks),
 * breakdowns, parameters, and the formula itself.
 */

import { myersIndex, whippleIndex } from '../demography/age-heaping.ts';
import { medianAge } from '../demography/structure.ts';
import { DomainError } from '../errors.ts';
import { standardAgeGroups } from '../register/age.ts';
import type { RegisterCodeLists } from '../register/code-lists.ts';
import {
  type BreakdownName,
  type Indicator,
  type IndicatorCatalogue,
  type IndicatorUnitLevel,
  indicatorExpressions,
  type Measure,
  type MeasureSource,
} from './catalogue.ts';
import {
  type Condition,
  type Expr,
  type FilterValue,
  measureReferences,
  walkExpression,
} from './expression.ts';
import type { Period } from './periods.ts';

/** One row of aggregate data: a count for a unit, a month and a combination of dimension values. */
export interface CubeRow {
  unit: string;
  /** First day of the month. */
  month: string;
  dims: Readonly<Record<string, string | number | null>>;
  n: number;
  /**
   * When the source was read set by set (`SourceRequirement.dimsets`): the set of dimensions this row is
   * grouped by (`dimsetKey`); only the measures reading exactly that set count it.
   */
  dimset?: string;
}

/** The rows of each source, by source key (`flow:<event>`, `population`, `women`, `households`). */
export type Cube = ReadonlyMap<string, readonly CubeRow[]>;

/** What the server must read for a request: per source, the dimensions to group by and which months. */
export interface SourceRequirement {
  key: string;
  source: MeasureSource;
  event: string | null;
  /** Dimensions to keep (others are summed over). */
  dims: string[];
  /** Whether rows carry the urban/rural class of their commune (`dims.urbanity`). */
  urbanity: boolean;
  /**
   * Flows are read for the months of the period; stocks also for the month before it, or only for the last
   * month when every measure read from them is the stock at the end of the period.
   */
  months: 'period' | 'period_and_previous' | 'last';
  /**
   * Flows only: the sets of dimensions its measures read, each of which may be read on its own (rows
   * grouped by just that set, tagged with it) instead of all by `dims` together: births read by sex for
   * one indicator and by mother's age group for another are two short lists, not their product. Absent
   * when a measure of the source is read by age in a function (then rows are grouped by `dims`).
   */
  dimsets?: string[][];
}

/** The pseudo-dimension every row can carry: the urban/rural class of the unit the area lay in. */
export const URBANITY_DIM = 'urbanity';

/** A set of dimensions as one key: the names sorted and comma-joined ('' for none). */
export const dimsetKey = (dims: Iterable<string>): string => [...new Set(dims)].sort().join(',');

/** The sets of both lists, each once (sorted names), in the order first met. */
export function unionDimsets(a: readonly string[][], b: readonly string[][]): string[][] {
  const byKey = new Map<string, string[]>();
  for (const set of [...a, ...b]) {
    const key = dimsetKey(set);
    if (!byKey.has(key)) byKey.set(key, key === '' ? [] : key.split(','));
  }
  return [...byKey.values()];
}

export const sourceKey = (measure: Pick<Measure, 'source' | 'event'>): string =>
  measure.source === 'flow' ? `flow:${measure.event}` : measure.source;

type ResolvedCondition = { dim: string; op: Condition['op']; values: Array<string | number> };

/** The dimension of a measure a breakdown splits on, as conditions for one category. */
function breakdownConditions(
  measure: Measure,
  breakdown: BreakdownName,
  category: string,
): ResolvedCondition[] {
  if (breakdown === 'urbanity') return [{ dim: URBANITY_DIM, op: '=', values: [category] }];
  const dim = measure.breakdowns[breakdown] as string;
  if (breakdown === 'ageGroup' && measure.allDims[dim] === 'number') {
    const group = standardAgeGroups.find((g) => g.code === category);
    if (!group) return [{ dim, op: '<', values: [-1] }];
    return [
      { dim, op: '>=', values: [group.from] },
      ...(group.to === null ? [] : [{ dim, op: '<=' as const, values: [group.to] }]),
    ];
  }
  return [{ dim, op: '=', values: [category] }];
}

/** The indicator's breakdown for a request: the one asked for if allowed, else the one it always has. */
export function effectiveBreakdown(
  indicator: Indicator,
  requested: BreakdownName | null,
): BreakdownName | null {
  if (indicator.requiresBreakdown) return indicator.requiresBreakdown as BreakdownName;
  return requested && indicator.allowedBreakdowns.has(requested) ? requested : null;
}

function baseDim(measure: Measure, dim: string): string {
  return measure.derived?.[dim]?.from ?? dim;
}

/** Formulas to evaluate with one breakdown (or none): an indicator, or the cells of a report form. */
export interface FormulaUse {
  expressions: readonly Expr[];
  breakdown: BreakdownName | null;
}

/** The sources, dimensions and months needed to evaluate formulas for one unit level. */
export function requirementsOf(
  catalogue: IndicatorCatalogue,
  uses: readonly FormulaUse[],
  level: IndicatorUnitLevel,
): SourceRequirement[] {
  const needed = new Map<string, SourceRequirement>();
  for (const { expressions, breakdown } of uses) {
    for (const expr of expressions) {
      const byAge = new Set<Expr>();
      for (const node of walkExpression(expr)) {
        if (node.kind === 'call' && node.args[0]?.kind === 'measure') byAge.add(node.args[0]);
      }
      for (const reference of measureReferences(expr)) {
        const measure = catalogue.measures.get(reference.measure);
        if (!measure) continue;
        const key = sourceKey(measure);
        const requirement = needed.get(key) ?? {
          key,
          source: measure.source,
          event: measure.event ?? null,
          dims: [],
          urbanity: false,
          months: measure.source === 'flow' ? 'period' : 'last',
        };
        if (measure.source !== 'flow' && measure.time !== 'end') requirement.months = 'period_and_previous';
        // The dimensions this reference reads as `selectRows` resolves them — for the total, and by the
        // breakdown's categories when there is one — then the source's union.
        const own = new Set<string>();
        for (const c of [...reference.conditions, ...(measure.levelConditions[level] ?? [])]) {
          if (c.dim !== URBANITY_DIM) own.add(baseDim(measure, c.dim));
        }
        const sets = [[...own]];
        if (breakdown === 'urbanity') requirement.urbanity = true;
        else if (breakdown) sets.push([...own, baseDim(measure, measure.breakdowns[breakdown] as string)]);
        const dims = new Set([...requirement.dims, ...sets.flat()]);
        if (byAge.has(reference)) dims.add('age');
        requirement.dims = [...dims].sort();
        if (measure.source === 'flow' && !byAge.has(reference) && (requirement.dimsets || !needed.has(key))) {
          requirement.dimsets = unionDimsets(requirement.dimsets ?? [], sets);
        } else {
          delete requirement.dimsets;
        }
        needed.set(key, requirement);
      }
    }
  }
  return [...needed.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The sources, dimensions and months needed to evaluate these indicators for one unit level. */
export function dataRequirements(
  catalogue: IndicatorCatalogue,
  codes: readonly string[],
  breakdown: BreakdownName | null,
  level: IndicatorUnitLevel,
): SourceRequirement[] {
  const uses: FormulaUse[] = [];
  for (const code of codes) {
    const indicator = catalogue.indicators.get(code);
    if (indicator) {
      uses.push({
        expressions: indicatorExpressions(indicator),
        breakdown: effectiveBreakdown(indicator, breakdown),
      });
    }
  }
  return requirementsOf(catalogue, uses, level);
}

/** A unit's rows by source key, so that each reference reads only its own unit's rows. */
export function cubeByUnit(cube: Cube): Map<string, Map<string, CubeRow[]>> {
  const byUnit = new Map<string, Map<string, CubeRow[]>>();
  for (const [key, rows] of cube) {
    for (const row of rows) {
      let sources = byUnit.get(row.unit);
      if (!sources) {
        sources = new Map();
        byUnit.set(row.unit, sources);
      }
      const list = sources.get(key) ?? [];
      list.push(row);
      sources.set(key, list);
    }
  }
  return byUnit;
}

export interface EvaluationInput {
  catalogue: IndicatorCatalogue;
  codeLists: RegisterCodeLists;
  /** This unit's rows by source key (see `cubeByUnit`). */
  rows: ReadonlyMap<string, readonly CubeRow[]>;
  period: Period;
  level: IndicatorUnitLevel;
}

interface Scope {
  input: EvaluationInput;
  params: Readonly<Record<string, number>>;
  bound: ReadonlyMap<string, string | number>;
  extra: (measure: Measure) => ResolvedCondition[];
}

function rowValue(measure: Measure, row: CubeRow, dim: string, codeLists: RegisterCodeLists) {
  const derived = measure.derived?.[dim];
  if (!derived) return row.dims[dim] ?? null;
  const code = row.dims[derived.from];
  const entry =
    code === null || code === undefined ? undefined : codeLists[derived.codeList].byCode.get(String(code));
  return entry?.[derived.attribute] ?? 'unknown';
}

function matches(measure: Measure, row: CubeRow, condition: ResolvedCondition, codeLists: RegisterCodeLists) {
  const value = rowValue(measure, row, condition.dim, codeLists);
  const isNumber = measure.allDims[condition.dim] === 'number';
  if (isNumber) {
    const x = Number(value);
    const [y] = condition.values.map(Number) as [number];
    switch (condition.op) {
      case '=':
        return x === y;
      case '!=':
        return x !== y;
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      case '>=':
        return x >= y;
      case 'in':
        return condition.values.map(Number).includes(x);
      case 'not in':
        return !condition.values.map(Number).includes(x);
    }
  }
  const text = value === null ? null : String(value);
  const listed = condition.values.map(String);
  switch (condition.op) {
    case '=':
    case 'in':
      return text !== null && listed.includes(text);
    case '!=':
    case 'not in':
      return text === null || !listed.includes(text);
    default:
      return false;
  }
}

function resolveValue(value: FilterValue, scope: Scope): string | number {
  switch (value.kind) {
    case 'literal':
      return value.value;
    case 'param':
      return scope.params[value.name] as number;
    case 'name':
      return scope.bound.get(value.name) as string | number;
  }
}

/** The rows of a reference, with the conditions of the formula, the unit level and the breakdown. */
function selectRows(reference: Extract<Expr, { kind: 'measure' }>, scope: Scope) {
  const { input } = scope;
  const measure = input.catalogue.measures.get(reference.measure) as Measure;
  const conditions: ResolvedCondition[] = [
    ...reference.conditions.map((c) => ({
      dim: c.dim,
      op: c.op,
      values: c.values.map((v) => resolveValue(v, scope)),
    })),
    ...(measure.levelConditions[input.level] ?? []).map((c) => ({
      dim: c.dim,
      op: c.op,
      values: c.values.map((v) => resolveValue(v, scope)),
    })),
    ...scope.extra(measure),
  ];
  // Rows read set by set count only for the measures that read exactly their set.
  const own = dimsetKey(conditions.filter((c) => c.dim !== URBANITY_DIM).map((c) => baseDim(measure, c.dim)));
  const rows = (input.rows.get(sourceKey(measure)) ?? []).filter(
    (row) =>
      (row.dimset === undefined || row.dimset === own) &&
      conditions.every((c) =>
        c.dim === URBANITY_DIM ? matchesUrbanity(row, c) : matches(measure, row, c, input.codeLists),
      ),
  );
  return { measure, rows };
}

function matchesUrbanity(row: CubeRow, condition: ResolvedCondition): boolean {
  return condition.values.map(String).includes(String(row.dims[URBANITY_DIM] ?? 'unknown'));
}

/** Sums rows over the months of the period by the measure's time aspect. */
function overPeriod(measure: Measure, rows: readonly CubeRow[], period: Period): number {
  const byMonth = new Map<string, number>();
  for (const row of rows) byMonth.set(row.month, (byMonth.get(row.month) ?? 0) + row.n);
  const at = (month: string) => byMonth.get(month) ?? 0;
  const last = period.months[period.months.length - 1] as string;
  switch (measure.time) {
    case 'sum':
      return period.months.reduce((s, m) => s + at(m), 0);
    case 'end':
      return at(last);
    case 'start':
      return at(period.previous);
    case 'mean': {
      // Trapezoid over the month ends: half the start, the inner month ends, half the last; per month.
      const inner = period.months.slice(0, -1).reduce((s, m) => s + at(m), 0);
      return (at(period.previous) / 2 + inner + at(last) / 2) / period.months.length;
    }
  }
}

function measureValue(reference: Extract<Expr, { kind: 'measure' }>, scope: Scope): number {
  const { measure, rows } = selectRows(reference, scope);
  return overPeriod(measure, rows, scope.input.period);
}

/** The measure's distribution by single year of age: ages 0 … oldest + 1, so that no group is open. */
function ageDistribution(reference: Extract<Expr, { kind: 'measure' }>, scope: Scope) {
  const { measure, rows } = selectRows(reference, scope);
  const byAge = new Map<number, CubeRow[]>();
  for (const row of rows) {
    const age = Number(row.dims.age);
    byAge.set(age, [...(byAge.get(age) ?? []), row]);
  }
  const oldest = Math.max(100, ...byAge.keys());
  const ages = Array.from({ length: oldest + 2 }, (_, i) => i);
  const population = ages.map((age) => overPeriod(measure, byAge.get(age) ?? [], scope.input.period));
  return { ages, population };
}

const finite = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);

function evaluate(expr: Expr, scope: Scope): number | null {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'param':
      return scope.params[expr.name] ?? null;
    case 'variable':
      return expr.name === 'years' ? scope.input.period.years : scope.input.period.months.length;
    case 'negate': {
      const x = evaluate(expr.operand, scope);
      return x === null ? null : -x;
    }
    case 'binary': {
      const a = evaluate(expr.left, scope);
      const b = evaluate(expr.right, scope);
      if (a === null || b === null) return null;
      switch (expr.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b === 0 ? null : a / b;
      }
      return null;
    }
    case 'measure':
      return measureValue(expr, scope);
    case 'sum': {
      let total = 0;
      for (const value of expr.values) {
        const bound = new Map(scope.bound);
        bound.set(expr.variable, resolveValue(value, scope));
        const x = evaluate(expr.body, { ...scope, bound });
        if (x === null) return null;
        total += x;
      }
      return total;
    }
    case 'call':
      return finite(callFunction(expr, scope));
  }
}

function callFunction(expr: Extract<Expr, { kind: 'call' }>, scope: Scope): number | null {
  const [first] = expr.args;
  if (first?.kind === 'measure' && ['median_age', 'whipple', 'myers'].includes(expr.fn)) {
    const { ages, population } = ageDistribution(first, scope);
    if (expr.fn === 'median_age') return medianAge(ages, population);
    if (expr.fn === 'whipple') return whippleIndex(ages, population);
    return myersIndex(ages, population)?.index ?? null;
  }
  const args = expr.args.map((a) => evaluate(a, scope));
  if (args.some((a) => a === null)) return null;
  const xs = args as number[];
  const x = xs[0] as number;
  switch (expr.fn) {
    case 'ln':
      return x > 0 ? Math.log(x) : null;
    case 'exp':
      return Math.exp(x);
    case 'abs':
      return Math.abs(x);
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    default:
      return null;
  }
}

export interface IndicatorValue {
  value: number | null;
  /** For an indicator defined as a ratio: its numerator and denominator (before the multiplier). */
  numerator: number | null;
  denominator: number | null;
}

export interface IndicatorResult extends IndicatorValue {
  code: string;
  parameters: Record<string, number>;
  /** The breakdown applied, or null. */
  breakdown: BreakdownName | null;
  categories: Array<IndicatorValue & { category: string }> | null;
}

/** Parameter values: the request's where given (one of the allowed values), else the defaults. */
export function indicatorParameters(
  indicator: Indicator,
  given: Readonly<Record<string, number>>,
): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, definition] of Object.entries(indicator.parameters ?? {})) {
    const value = given[name] ?? definition.default;
    if (definition.allowed && !definition.allowed.includes(value)) {
      throw new DomainError('DANSO_ERR_VALIDATION', [
        { path: `params.${name}`, reason: 'not_allowed', message: `one of ${definition.allowed.join(', ')}` },
      ]);
    }
    values[name] = value;
  }
  return values;
}

function indicatorValue(indicator: Indicator, scope: Scope): IndicatorValue {
  const multiplier = indicator.multiplier ?? 1;
  if (indicator.formula.kind === 'expression') {
    const x = finite(evaluate(indicator.formula.expression, scope));
    return { value: x === null ? null : x * multiplier, numerator: null, denominator: null };
  }
  const numerator = finite(evaluate(indicator.formula.numerator, scope));
  const denominator = finite(evaluate(indicator.formula.denominator, scope));
  const value =
    numerator === null || denominator === null || denominator === 0
      ? null
      : finite((numerator / denominator) * multiplier);
  return { value, numerator, denominator };
}

/** Categories of a breakdown: fixed (sex, age groups, or the indicator's list), or the values in the data. */
export function breakdownCategories(
  indicator: Indicator,
  breakdown: BreakdownName,
  input: Pick<EvaluationInput, 'catalogue' | 'rows'>,
): string[] {
  const restricted = indicator.allowedBreakdowns.get(breakdown);
  if (restricted) return [...restricted];
  if (breakdown === 'sex') return ['1', '2'];
  if (breakdown === 'ageGroup') return standardAgeGroups.map((g) => g.code);
  const present = new Set<string>();
  for (const expr of indicatorExpressions(indicator)) {
    for (const reference of measureReferences(expr)) {
      const measure = input.catalogue.measures.get(reference.measure) as Measure;
      const dim = breakdown === 'urbanity' ? URBANITY_DIM : (measure.breakdowns[breakdown] as string);
      for (const row of input.rows.get(sourceKey(measure)) ?? []) {
        // A row of a set without the dimension says nothing of its values.
        if (row.dimset !== undefined && !(dim in row.dims)) continue;
        present.add(String(row.dims[dim] ?? 'unknown'));
      }
    }
  }
  const order = ['urban', 'rural', 'special', 'unknown'];
  return [...present].sort((a, b) =>
    breakdown === 'urbanity' ? order.indexOf(a) - order.indexOf(b) : a.localeCompare(b),
  );
}

/** One indicator for one unit and period, with its breakdown when it has one. */
export function evaluateIndicator(
  indicator: Indicator,
  input: EvaluationInput,
  options: { breakdown?: BreakdownName | null; params?: Readonly<Record<string, number>> } = {},
): IndicatorResult {
  const params = indicatorParameters(indicator, options.params ?? {});
  const scope: Scope = { input, params, bound: new Map(), extra: () => [] };
  const breakdown = effectiveBreakdown(indicator, options.breakdown ?? null);
  const total: IndicatorValue = indicator.requiresBreakdown
    ? { value: null, numerator: null, denominator: null }
    : indicatorValue(indicator, scope);
  const categories = breakdown
    ? breakdownCategories(indicator, breakdown, input).map((category) => ({
        category,
        ...indicatorValue(indicator, { ...scope, extra: (m) => breakdownConditions(m, breakdown, category) }),
      }))
    : null;
  return { code: indicator.code, parameters: params, breakdown, ...total, categories };
}

/** One category of a breakdown, as a report column selects it (e.g. sex 1). */
export interface BreakdownSplit {
  by: BreakdownName;
  category: string;
}

/**
 * Evaluates a free formula (e.g. a report cell) over the same data; with `split`, every measure it reads is
 * restricted to one category of a breakdown, as an indicator's breakdown is.
 */
export function evaluateExpression(
  expr: Expr,
  input: EvaluationInput,
  params: Readonly<Record<string, number>> = {},
  split: BreakdownSplit | null = null,
): number | null {
  const extra = split ? (m: Measure) => breakdownConditions(m, split.by, split.category) : () => [];
  return finite(evaluate(expr, { input, params, bound: new Map(), extra }));
}
