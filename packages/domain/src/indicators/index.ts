/**
 * Indicators (issue 6, item 1): the catalogue as data, the formula language, evaluation over aggregate
 * data, periods and rankings. Exports are listed by name so that the package root stays free of clashes.
 */
export {
  type BreakdownName,
  breakdownNames,
  type DimType,
  defaultIndicatorCatalogue,
  expressionProblems,
  type Indicator,
  type IndicatorCatalogue,
  type IndicatorDefinition,
  IndicatorDefinitionSchema,
  type IndicatorGroup,
  type IndicatorUnitLevel,
  indicatorExpressions,
  indicatorGroups,
  indicatorUnitLevels,
  loadIndicatorCatalogue,
  type Measure,
  type MeasureDefinition,
  MeasureDefinitionSchema,
  type MeasureSource,
  measureSources,
  stockDimensions,
  type TimeAspect,
  timeAspects,
} from './catalogue.ts';
export {
  type BreakdownSplit,
  breakdownCategories,
  type Cube,
  type CubeRow,
  cubeByUnit,
  dataRequirements,
  dimsetKey,
  type EvaluationInput,
  effectiveBreakdown,
  evaluateExpression,
  evaluateIndicator,
  type FormulaUse,
  type IndicatorResult,
  type IndicatorValue,
  indicatorParameters,
  requirementsOf,
  type SourceRequirement,
  sourceKey,
  URBANITY_DIM,
  unionDimsets,
} from './evaluate.ts';
export {
  type Condition,
  type Expr,
  ExpressionError,
  type FilterValue,
  formatExpression,
  MAX_EXPRESSION_LENGTH,
  measureReferences,
  parseConditions,
  parseExpression,
} from './expression.ts';
export {
  breakdownLabels,
  categoryLabel,
  indicatorGroupLabels,
  type Label,
  urbanityLabels,
} from './labels.ts';
export { addMonths, firstDay, MAX_PERIOD_MONTHS, type Period, parsePeriod, periodOf } from './periods.ts';
export { type Ranked, type RankOrder, rankByValue } from './ranking.ts';
