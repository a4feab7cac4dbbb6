/**
 * The indicator catalogue as data: the aggregate measures formulas may read (`measures.json`) and the
 * indicators (`indicators.json`). Adding an indicator is adding an entry; `loadIndicatorCatalogue` reads
 * and checks the data (every formula parses, reads known measures and dimensions, uses declared parameters,
 * and each allowed breakdown is one every measure it reads can be split by).
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError, type ErrorDetail } from '../errors.ts';
import {
  ageFunctions,
  type Condition,
  type Expr,
  ExpressionError,
  formatExpression,
  measureReferences,
  numberFunctions,
  parseConditions,
  parseExpression,
  walkExpression,
} from './expression.ts';
import defaultIndicators from './indicators.json' with { type: 'json' };
import defaultMeasures from './measures.json' with { type: 'json' };

/** The tables a measure can be read from; each has fixed dimensions, except flows (any key of dims). */
export const measureSources = ['flow', 'population', 'women', 'households'] as const;
export type MeasureSource = (typeof measureSources)[number];

/** Dimensions of the stock tables, as the repository reads them. */
export const stockDimensions: Record<Exclude<MeasureSource, 'flow'>, Record<string, DimType>> = {
  population: { sex: 'code', age: 'number', residenceStatus: 'code' },
  women: { ageGroup: 'code', maritalStatus: 'code', method: 'code' },
  households: { kind: 'code' },
};

/**
 * How the months of the period make one number: sum (flows), mean (the mean population: trapezoid over the
 * month-end stocks from the end of the month before the period to the end of its last month), end, start.
 */
export const timeAspects = ['sum', 'mean', 'end', 'start'] as const;
export type TimeAspect = (typeof timeAspects)[number];

export const breakdownNames = ['sex', 'ageGroup', 'urbanity', 'ethnicity'] as const;
export type BreakdownName = (typeof breakdownNames)[number];

export const indicatorUnitLevels = ['area', 'commune', 'province'] as const;
export type IndicatorUnitLevel = (typeof indicatorUnitLevels)[number];

export const indicatorGroups = [
  'population',
  'fertility',
  'mortality',
  'migration',
  'structure',
  'family_planning',
  'marriage',
  'health',
  'data_quality',
] as const;
export type IndicatorGroup = (typeof indicatorGroups)[number];

export type DimType = 'code' | 'number';

const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });
const DimName = Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' });
const Label = Type.String({ minLength: 1, maxLength: 200 });
const Formula = Type.String({ minLength: 1, maxLength: 2000 });
const Literals = <const T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

export const MeasureDefinitionSchema = Type.Object(
  {
    code: Code,
    vi: Label,
    en: Label,
    source: Literals(measureSources),
    event: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
    time: Literals(timeAspects),
    dims: Type.Record(DimName, Type.Union([Type.Literal('code'), Type.Literal('number')])),
    derived: Type.Optional(
      Type.Record(
        DimName,
        Type.Object(
          { from: DimName, codeList: Type.Literal('contraceptiveMethod'), attribute: Type.Literal('group') },
          { additionalProperties: false },
        ),
      ),
    ),
    breakdowns: Type.Record(DimName, DimName),
    unitFilters: Type.Optional(Type.Record(DimName, Formula)),
  },
  { additionalProperties: false },
);
export type MeasureDefinition = Static<typeof MeasureDefinitionSchema>;

const BreakdownSpec = Type.Union([
  DimName,
  Type.Object(
    { by: DimName, categories: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 60 }) },
    { additionalProperties: false },
  ),
]);

const Bilingual = Type.Object({ vi: Label, en: Type.String({ minLength: 1, maxLength: 400 }) });

export const IndicatorDefinitionSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,39}$' }),
    group: Literals(indicatorGroups),
    vi: Label,
    en: Label,
    unit: Type.Object({ vi: Label, en: Label }, { additionalProperties: false }),
    numerator: Type.Optional(Formula),
    denominator: Type.Optional(Formula),
    expression: Type.Optional(Formula),
    multiplier: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    decimals: Type.Integer({ minimum: 0, maximum: 6 }),
    parameters: Type.Optional(
      Type.Record(
        DimName,
        Type.Object(
          {
            default: Type.Number(),
            allowed: Type.Optional(Type.Array(Type.Number(), { minItems: 1, maxItems: 20 })),
            vi: Label,
            en: Label,
          },
          { additionalProperties: false },
        ),
      ),
    ),
    breakdowns: Type.Array(BreakdownSpec, { maxItems: 10 }),
    requiresBreakdown: Type.Optional(DimName),
    target: Type.Optional(
      Type.Object(
        { min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) },
        {
          additionalProperties: false,
        },
      ),
    ),
    note: Type.Optional(Bilingual),
  },
  { additionalProperties: false },
);
export type IndicatorDefinition = Static<typeof IndicatorDefinitionSchema>;

/** A measure with its unit-level filters read. */
export interface Measure extends MeasureDefinition {
  /** Every dimension a condition may name, with its type (derived ones included). */
  allDims: Record<string, DimType>;
  levelConditions: Partial<Record<IndicatorUnitLevel, Condition[]>>;
}

/** An indicator with its formulas read and its breakdowns resolved. */
export interface Indicator extends IndicatorDefinition {
  formula: { kind: 'ratio'; numerator: Expr; denominator: Expr } | { kind: 'expression'; expression: Expr };
  /** Allowed breakdowns, each with the categories it is restricted to (null: all). */
  allowedBreakdowns: Map<BreakdownName, string[] | null>;
  /** The formula as text, for the catalogue. */
  formulaText: string;
}

export interface IndicatorCatalogue {
  measures: ReadonlyMap<string, Measure>;
  indicators: ReadonlyMap<string, Indicator>;
}

function schemaProblems(schema: Parameters<typeof Value.Errors>[0], value: unknown, path: string) {
  const problems: ErrorDetail[] = [];
  for (const error of Value.Errors(schema, value)) {
    problems.push({
      path: `${path}${error.path.replaceAll('/', '.')}`,
      reason: 'schema',
      message: error.message,
    });
    if (problems.length >= 20) break;
  }
  return problems;
}

function readFormula(
  text: string,
  path: string,
  problems: ErrorDetail[],
  read: (text: string) => Expr = parseExpression,
): Expr | null {
  try {
    return read(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    problems.push({ path, reason: 'formula', message: `${error.reason} (character ${error.position})` });
    return null;
  }
}

function readMeasure(raw: unknown, path: string, problems: ErrorDetail[]): Measure | null {
  const found = schemaProblems(MeasureDefinitionSchema, raw, path);
  if (found.length > 0) {
    problems.push(...found);
    return null;
  }
  const definition = raw as MeasureDefinition;
  if (definition.source === 'flow' && !definition.event) {
    problems.push({
      path: `${path}.event`,
      reason: 'missing_event',
      message: 'a flow measure names its event',
    });
  }
  if (definition.source !== 'flow') {
    const fixed = stockDimensions[definition.source];
    for (const [dim, type] of Object.entries(definition.dims)) {
      if (fixed[dim] !== type) {
        problems.push({
          path: `${path}.dims.${dim}`,
          reason: 'unknown_dimension',
          message: `${definition.source} has the dimensions ${Object.keys(fixed).join(', ')}`,
        });
      }
    }
  }
  const allDims: Record<string, DimType> = { ...definition.dims };
  for (const [dim, derived] of Object.entries(definition.derived ?? {})) {
    if (definition.dims[derived.from] !== 'code') {
      problems.push({
        path: `${path}.derived.${dim}.from`,
        reason: 'unknown_dimension',
        message: derived.from,
      });
    }
    allDims[dim] = 'code';
  }
  for (const [breakdown, dim] of Object.entries(definition.breakdowns)) {
    if (!(breakdownNames as readonly string[]).includes(breakdown) || breakdown === 'urbanity') {
      problems.push({
        path: `${path}.breakdowns.${breakdown}`,
        reason: 'unknown_breakdown',
        message: breakdown,
      });
    } else if (!(dim in allDims)) {
      problems.push({ path: `${path}.breakdowns.${breakdown}`, reason: 'unknown_dimension', message: dim });
    } else if (breakdown !== 'ageGroup' && allDims[dim] !== 'code') {
      problems.push({ path: `${path}.breakdowns.${breakdown}`, reason: 'not_a_code', message: dim });
    }
  }
  const levelConditions: Partial<Record<IndicatorUnitLevel, Condition[]>> = {};
  for (const [level, text] of Object.entries(definition.unitFilters ?? {})) {
    const where = `${path}.unitFilters.${level}`;
    if (!(indicatorUnitLevels as readonly string[]).includes(level)) {
      problems.push({ path: where, reason: 'unknown_level', message: level });
      continue;
    }
    try {
      const conditions = parseConditions(text);
      for (const condition of conditions)
        conditionProblems(condition, allDims, new Set(), new Set(), where, problems);
      levelConditions[level as IndicatorUnitLevel] = conditions;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push({
        path: where,
        reason: 'formula',
        message: `${error.reason} (character ${error.position})`,
      });
    }
  }
  return { ...definition, allDims, levelConditions };
}

function conditionProblems(
  condition: Condition,
  dims: Record<string, DimType>,
  params: ReadonlySet<string>,
  boundNames: ReadonlySet<string>,
  path: string,
  problems: ErrorDetail[],
) {
  const type = dims[condition.dim];
  if (!type) {
    problems.push({ path, reason: 'unknown_dimension', message: condition.dim });
    return;
  }
  if (type === 'code' && ['<', '<=', '>', '>='].includes(condition.op)) {
    problems.push({ path, reason: 'ordering_a_code', message: `${condition.dim} ${condition.op}` });
  }
  for (const value of condition.values) {
    if (value.kind === 'param' && !params.has(value.name)) {
      problems.push({ path, reason: 'unknown_parameter', message: `$${value.name}` });
    }
    if (value.kind === 'name' && !boundNames.has(value.name)) {
      problems.push({
        path,
        reason: 'unbound_name',
        message: `${value.name} (quote a code: '${value.name}')`,
      });
    }
    if (type === 'number' && value.kind === 'literal' && typeof value.value !== 'number') {
      problems.push({
        path,
        reason: 'not_a_number',
        message: `${condition.dim} ${condition.op} '${value.value}'`,
      });
    }
  }
}

/** Problems of a formula against the measures: unknown measures, dimensions, parameters, names. */
export function expressionProblems(
  expr: Expr,
  measures: ReadonlyMap<string, Measure>,
  params: ReadonlySet<string>,
  path: string,
  problems: ErrorDetail[],
  bound: ReadonlySet<string> = new Set(),
) {
  switch (expr.kind) {
    case 'number':
    case 'variable':
      return;
    case 'param':
      if (!params.has(expr.name))
        problems.push({ path, reason: 'unknown_parameter', message: `$${expr.name}` });
      return;
    case 'negate':
      expressionProblems(expr.operand, measures, params, path, problems, bound);
      return;
    case 'binary':
      expressionProblems(expr.left, measures, params, path, problems, bound);
      expressionProblems(expr.right, measures, params, path, problems, bound);
      return;
    case 'measure': {
      const measure = measures.get(expr.measure);
      if (!measure) {
        problems.push({ path, reason: 'unknown_measure', message: expr.measure });
        return;
      }
      for (const condition of expr.conditions) {
        conditionProblems(condition, measure.allDims, params, bound, path, problems);
      }
      return;
    }
    case 'sum':
      for (const value of expr.values) {
        if (value.kind !== 'literal')
          problems.push({ path, reason: 'sum_values', message: 'list literal codes' });
      }
      expressionProblems(expr.body, measures, params, path, problems, new Set([...bound, expr.variable]));
      return;
    case 'call': {
      if ((ageFunctions as readonly string[]).includes(expr.fn)) {
        const [arg] = expr.args;
        if (expr.args.length !== 1 || arg?.kind !== 'measure') {
          problems.push({ path, reason: 'function_argument', message: `${expr.fn}(measure[…])` });
          return;
        }
        if (measures.get(arg.measure)?.allDims.age !== 'number') {
          problems.push({
            path,
            reason: 'function_argument',
            message: `${expr.fn} needs a measure by single age`,
          });
        }
        expressionProblems(arg, measures, params, path, problems, bound);
        return;
      }
      const arity = numberFunctions[expr.fn as keyof typeof numberFunctions];
      if (arity === undefined) {
        problems.push({ path, reason: 'unknown_function', message: expr.fn });
        return;
      }
      if (arity > 0 ? expr.args.length !== arity : expr.args.length < -arity) {
        problems.push({ path, reason: 'function_arity', message: expr.fn });
      }
      for (const arg of expr.args) expressionProblems(arg, measures, params, path, problems, bound);
      return;
    }
  }
}

function readIndicator(
  raw: unknown,
  path: string,
  measures: ReadonlyMap<string, Measure>,
  problems: ErrorDetail[],
): Indicator | null {
  const found = schemaProblems(IndicatorDefinitionSchema, raw, path);
  if (found.length > 0) {
    problems.push(...found);
    return null;
  }
  const definition = raw as IndicatorDefinition;
  const params = new Set(Object.keys(definition.parameters ?? {}));
  for (const [name, p] of Object.entries(definition.parameters ?? {})) {
    if (p.allowed && !p.allowed.includes(p.default)) {
      problems.push({
        path: `${path}.parameters.${name}`,
        reason: 'default_not_allowed',
        message: String(p.default),
      });
    }
  }
  let formula: Indicator['formula'] | null = null;
  let formulaText = '';
  const hasRatio = definition.numerator !== undefined || definition.denominator !== undefined;
  if (
    hasRatio === (definition.expression !== undefined) ||
    (hasRatio && !(definition.numerator && definition.denominator))
  ) {
    problems.push({
      path,
      reason: 'formula_shape',
      message: 'give either numerator and denominator, or expression',
    });
    return null;
  }
  if (definition.expression !== undefined) {
    const expression = readFormula(definition.expression, `${path}.expression`, problems);
    if (!expression) return null;
    expressionProblems(expression, measures, params, `${path}.expression`, problems);
    formula = { kind: 'expression', expression };
    formulaText = definition.expression;
  } else {
    const numerator = readFormula(definition.numerator as string, `${path}.numerator`, problems);
    const denominator = readFormula(definition.denominator as string, `${path}.denominator`, problems);
    if (!numerator || !denominator) return null;
    expressionProblems(numerator, measures, params, `${path}.numerator`, problems);
    expressionProblems(denominator, measures, params, `${path}.denominator`, problems);
    formula = { kind: 'ratio', numerator, denominator };
    formulaText = formatExpression({ kind: 'binary', op: '/', left: numerator, right: denominator });
  }
  if (definition.multiplier !== undefined && definition.multiplier !== 1) {
    formulaText = `${formulaText} × ${definition.multiplier}`;
  }

  const read = formula.kind === 'ratio' ? [formula.numerator, formula.denominator] : [formula.expression];
  const references = read.flatMap(measureReferences);
  const allowedBreakdowns = new Map<BreakdownName, string[] | null>();
  definition.breakdowns.forEach((spec, i) => {
    const by = typeof spec === 'string' ? spec : spec.by;
    const where = `${path}.breakdowns[${i}]`;
    if (!(breakdownNames as readonly string[]).includes(by)) {
      problems.push({ path: where, reason: 'unknown_breakdown', message: by });
      return;
    }
    for (const reference of references) {
      const measure = measures.get(reference.measure);
      if (measure && by !== 'urbanity' && !(by in measure.breakdowns)) {
        problems.push({
          path: where,
          reason: 'breakdown_not_available',
          message: `${reference.measure} cannot be split by ${by}`,
        });
      }
    }
    allowedBreakdowns.set(by as BreakdownName, typeof spec === 'string' ? null : spec.categories);
  });
  if (definition.requiresBreakdown && !allowedBreakdowns.has(definition.requiresBreakdown as BreakdownName)) {
    problems.push({
      path: `${path}.requiresBreakdown`,
      reason: 'unknown_breakdown',
      message: definition.requiresBreakdown,
    });
  }
  return { ...definition, formula, allowedBreakdowns, formulaText };
}

/**
 * Reads and checks catalogue data. Throws `DANSO_ERR_VALIDATION` with every problem found, so that a bad
 * entry is refused as a whole rather than half-used.
 */
export function loadIndicatorCatalogue(rawMeasures: unknown, rawIndicators: unknown): IndicatorCatalogue {
  const problems: ErrorDetail[] = [];
  const list = (raw: unknown, key: string) => {
    const items = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
    if (!Array.isArray(items)) {
      problems.push({ path: key, reason: 'not_a_list', message: `expected { "${key}": [...] }` });
      return [];
    }
    return items as unknown[];
  };
  const measures = new Map<string, Measure>();
  loadList(
    list(rawMeasures, 'measures'),
    'measures',
    problems,
    (raw, path) => readMeasure(raw, path, problems),
    measures,
  );
  const indicators = new Map<string, Indicator>();
  loadList(
    list(rawIndicators, 'indicators'),
    'indicators',
    problems,
    (raw, path) => readIndicator(raw, path, measures, problems),
    indicators,
  );
  if (problems.length > 0) throw new DomainError('DANSO_ERR_VALIDATION', problems);
  return { measures, indicators };
}

function loadList<T extends { code: string }>(
  items: unknown[],
  name: string,
  problems: ErrorDetail[],
  read: (raw: unknown, path: string) => T | null,
  into: Map<string, T>,
) {
  items.forEach((raw, i) => {
    const item = read(raw, `${name}[${i}]`);
    if (!item) return;
    if (into.has(item.code)) {
      problems.push({ path: `${name}[${i}].code`, reason: 'duplicate_code', message: item.code });
    }
    into.set(item.code, item);
  });
}

let bundled: IndicatorCatalogue | null = null;
/** The catalogue shipped in `measures.json` and `indicators.json`. */
export function defaultIndicatorCatalogue(): IndicatorCatalogue {
  bundled ??= loadIndicatorCatalogue(defaultMeasures, defaultIndicators);
  return bundled;
}

/** Every measure reference of an indicator's formula. */
export function indicatorExpressions(indicator: Indicator): Expr[] {
  return indicator.formula.kind === 'ratio'
    ? [indicator.formula.numerator, indicator.formula.denominator]
    : [indicator.formula.expression];
}

/** Whether an expression uses a function of the age distribution (its measure is then read by single age). */
export function usesAgeFunction(expr: Expr): boolean {
  return [...walkExpression(expr)].some(
    (e) => e.kind === 'call' && (ageFunctions as readonly string[]).includes(e.fn),
  );
}
