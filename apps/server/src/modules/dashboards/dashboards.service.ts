import {
  type Actor,
  addMonths,
  type CubeRow,
  dataRequirements,
  defaultIndicatorCatalogue,
  defaultRegisterCodeLists,
  evaluateIndicator,
  type Indicator,
  type IndicatorCatalogue,
  type IndicatorUnitLevel,
  type Period,
  periodOf,
  type RegisterCodeLists,
  type SourceRequirement,
} from '@danso/domain';
import type { Boundaries } from '../indicators/indicators.repository.ts';
import { type IndicatorsService, type PeriodQuery, periodOfQuery } from '../indicators/indicators.service.ts';

/** The headline indicators of an overview, for the chosen period. */
export const OVERVIEW_INDICATORS = [
  'POP',
  'BIRTHS',
  'DEATHS',
  'CBR',
  'CDR',
  'SRB',
  'TFR',
  'CPR',
  'BIRTHS_3PLUS',
  'AGEING_INDEX',
  'SEX_RATIO',
  'DEPENDENCY_TOTAL',
  'WHIPPLE',
  'MYERS',
] as const;

/** Month by month: the month's count; ratios over the 12 months ending that month (a month alone is too few births). */
export const MONTHLY_SERIES = ['BIRTHS', 'DEATHS'] as const;
export const ROLLING_SERIES = ['SRB', 'TFR', 'BIRTHS_3PLUS'] as const;
const ROLLING_MONTHS = 12;

export const DEFAULT_SERIES_MONTHS = 24;
/** The months of month-end stocks the default overview reads: its trends, their first rolling year, the month before. */
export const DASHBOARD_STOCK_MONTHS = DEFAULT_SERIES_MONTHS + ROLLING_MONTHS;
const PYRAMID_TOP_AGE = 100;

export interface OverviewQuery extends PeriodQuery {
  unit: string;
  /** How many months the trends cover, ending with the period's last month. */
  months?: number;
}

/**
 * The dashboards' overview of a province, commune or area (issue 6, item 5) in one call: the headline
 * indicators for the period, monthly trends over the months before it and the population pyramid at its
 * end. Reads through the indicator engine — the same unit check, aggregates and formulas as
 * /indicators/values — once for the whole time span, then evaluates each month from those rows.
 */
export class DashboardsService {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly catalogue: IndicatorCatalogue = defaultIndicatorCatalogue(),
    private readonly codeLists: RegisterCodeLists = defaultRegisterCodeLists,
  ) {}

  async overview(actor: Actor, query: OverviewQuery) {
    const period = periodOfQuery(query);
    const boundaries: Boundaries = query.boundaries ?? 'current';
    const seriesMonths = query.months ?? DEFAULT_SERIES_MONTHS;
    const seriesFrom = addMonths(period.to, -(seriesMonths - 1));
    // Two reads: the headline indicators and the pyramid over the period (by single age where they need it),
    // and the trends over the months before it, which need no population by age — reading ages over three
    // years of months was most of the page's time.
    const spanFrom = addMonths(seriesFrom, -(ROLLING_MONTHS - 1));
    const headline = await this.indicators.formulaData(actor, {
      unit: query.unit,
      period,
      boundaries,
      requirements: (level) =>
        withPyramid(dataRequirements(this.catalogue, OVERVIEW_INDICATORS, null, level)),
    });
    const trends = await this.indicators.formulaData(actor, {
      unit: query.unit,
      period: periodOf(spanFrom, period.to),
      boundaries,
      requirements: (level) =>
        dataRequirements(this.catalogue, [...new Set([...MONTHLY_SERIES, ...ROLLING_SERIES])], null, level),
    });
    const level = headline.unit.level as IndicatorUnitLevel;
    const evaluate = (code: string, over: Period, data = headline) => {
      const indicator = this.catalogue.indicators.get(code) as Indicator;
      return evaluateIndicator(
        indicator,
        { catalogue: this.catalogue, codeLists: this.codeLists, rows: data.rows, period: over, level },
        { breakdown: null, params: {} },
      );
    };
    const describe = (code: string) => {
      const i = this.catalogue.indicators.get(code) as Indicator;
      return { code, vi: i.vi, en: i.en, unit: i.unit, decimals: i.decimals, target: i.target ?? null };
    };
    const months = Array.from({ length: seriesMonths }, (_, k) => addMonths(seriesFrom, k));
    return {
      unit: {
        code: headline.unit.code,
        name: headline.unit.name,
        level,
        provinceCode: headline.unit.provinceCode,
      },
      period: { from: period.from, to: period.to, months: period.months.length, years: period.years },
      boundaries,
      indicators: OVERVIEW_INDICATORS.map((code) => {
        const result = evaluate(code, period);
        return {
          ...describe(code),
          value: result.value,
          numerator: result.numerator,
          denominator: result.denominator,
        };
      }),
      series: {
        months,
        rollingMonths: ROLLING_MONTHS,
        items: [
          ...MONTHLY_SERIES.map((code) => ({
            ...describe(code),
            rolling: false,
            values: months.map((m) => evaluate(code, periodOf(m, m), trends).value),
          })),
          ...ROLLING_SERIES.map((code) => ({
            ...describe(code),
            rolling: true,
            values: months.map(
              (m) => evaluate(code, periodOf(addMonths(m, -(ROLLING_MONTHS - 1)), m), trends).value,
            ),
          })),
        ],
      },
      pyramid: pyramidOf(headline.rows.get('population') ?? [], `${period.to}-01`),
    };
  }
}

/** The population source read by sex and single age as well, for the pyramid. */
function withPyramid(requirements: SourceRequirement[]): SourceRequirement[] {
  const population = requirements.find((r) => r.key === 'population');
  if (!population) {
    return [
      ...requirements,
      {
        key: 'population',
        source: 'population',
        event: null,
        dims: ['age', 'sex'],
        urbanity: false,
        months: 'period_and_previous',
      },
    ];
  }
  return requirements.map((r) =>
    r === population ? { ...r, dims: [...new Set([...r.dims, 'age', 'sex'])].sort() } : r,
  );
}

/** Population by sex and single age at the end of a month (the last age is that age and over). */
function pyramidOf(rows: readonly CubeRow[], month: string) {
  const male = new Array<number>(PYRAMID_TOP_AGE + 1).fill(0);
  const female = new Array<number>(PYRAMID_TOP_AGE + 1).fill(0);
  for (const row of rows) {
    if (row.month.slice(0, 10) !== month) continue;
    const age = Math.min(PYRAMID_TOP_AGE, Math.max(0, Number(row.dims.age)));
    if (!Number.isFinite(age)) continue;
    // Sex is coded 1 (male) and 2 (female), as in the register.
    const sex = String(row.dims.sex);
    if (sex === '1') male[age] = (male[age] as number) + row.n;
    else if (sex === '2') female[age] = (female[age] as number) + row.n;
  }
  return {
    date: endOfMonth(month),
    ages: Array.from({ length: PYRAMID_TOP_AGE + 1 }, (_, a) => a),
    male,
    female,
  };
}

function endOfMonth(firstDay: string): string {
  const [y, m] = firstDay.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${firstDay.slice(0, 7)}-${String(last).padStart(2, '0')}`;
}
