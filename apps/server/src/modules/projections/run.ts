/**
 * A projection of a register's population under a scenario: the estimated rates adjusted by the scenario's
 * factors, projected by the domain's cohort-component method (single years, one-year steps, ages 0 … 100+).
 */
import {
  demographyMethods,
  dependencyRatios,
  medianAge,
  type ProjectionInput,
  type ProjectionOutput,
} from '@danso/domain';
import { type BySex, type EstimatedRates, PROJECTION_AGES } from './rates.ts';

/**
 * Multipliers of a scenario. Fertility multiplies every ASFR (so the TFR), mortality every death rate;
 * migration g multiplies the in-migration rates by g and the out-migration rates by 2 − g.
 */
export interface ScenarioFactors {
  fertility: number;
  mortality: number;
  migration: number;
}

/** The standard scenarios: low, medium and high growth (each component moved by 20 % the same way). */
export const standardScenarios = [
  { id: 'low', name: 'Phương án thấp', factors: { fertility: 0.8, mortality: 1.2, migration: 0.8 } },
  { id: 'medium', name: 'Phương án trung bình', factors: { fertility: 1, mortality: 1, migration: 1 } },
  { id: 'high', name: 'Phương án cao', factors: { fertility: 1.2, mortality: 0.8, migration: 1.2 } },
] as const satisfies ReadonlyArray<{ id: string; name: string; factors: ScenarioFactors }>;

export const OLD_AGE_THRESHOLD = 65;

/** Net migrants a year by sex and single age: (in-rate·g − out-rate·(2 − g)) × the base population. */
export function netMigrantsPerYear(
  rates: Pick<EstimatedRates, 'inRate' | 'outRate'>,
  base: BySex<readonly number[]>,
  migrationFactor: number,
): BySex<number[]> {
  const of = (sex: 'male' | 'female') =>
    PROJECTION_AGES.map(
      (age) =>
        ((rates.inRate[sex][age] ?? 0) * migrationFactor -
          (rates.outRate[sex][age] ?? 0) * (2 - migrationFactor)) *
        (base[sex][age] ?? 0),
    );
  return { male: of('male'), female: of('female') };
}

/** The input of the domain's projection for these rates, base and scenario. */
export function projectionInput(
  rates: EstimatedRates,
  base: BySex<readonly number[]>,
  factors: ScenarioFactors,
  horizon: number,
): ProjectionInput {
  return {
    step: 1,
    horizon,
    ages: [...PROJECTION_AGES],
    population: { male: [...base.male], female: [...base.female] },
    mx: {
      male: rates.mx.male.map((m) => m * factors.mortality),
      female: rates.mx.female.map((m) => m * factors.mortality),
    },
    asfr: rates.asfr.map((f) => f * factors.fertility),
    srb: rates.srb,
    migration: netMigrantsPerYear(rates, base, factors.migration),
    migrationTiming: 'even',
    oldAgeThreshold: OLD_AGE_THRESHOLD,
  };
}

export interface ProjectedYear {
  /** Years since the base date (0: the base population). */
  offset: number;
  /** The date the population is for: the base date plus `offset` years. */
  date: string;
  population: BySex<number[]>;
  total: number;
  male: number;
  female: number;
  /** Over the year that ends on `date`; null for the base. */
  births: number | null;
  deaths: number | null;
  netMigrants: number | null;
  youngDependency: number | null;
  oldDependency: number | null;
  totalDependency: number | null;
  medianAge: number | null;
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/** The base date plus whole years (29 February → 28 February in common years). */
export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}

function structureOf(population: BySex<readonly number[]>) {
  const both = PROJECTION_AGES.map((age) => (population.male[age] ?? 0) + (population.female[age] ?? 0));
  const dependency = dependencyRatios(PROJECTION_AGES, both, OLD_AGE_THRESHOLD);
  return {
    youngDependency: dependency?.youngDependency ?? null,
    oldDependency: dependency?.oldDependency ?? null,
    totalDependency: dependency?.totalDependency ?? null,
    medianAge: medianAge(PROJECTION_AGES, both),
  };
}

/** The base year and every projected year, from the domain's answer. */
export function projectedYears(
  baseDate: string,
  base: BySex<readonly number[]>,
  output: ProjectionOutput,
): ProjectedYear[] {
  const male = sum(base.male);
  const female = sum(base.female);
  const first: ProjectedYear = {
    offset: 0,
    date: baseDate,
    population: { male: [...base.male], female: [...base.female] },
    total: male + female,
    male,
    female,
    births: null,
    deaths: null,
    netMigrants: null,
    ...structureOf(base),
  };
  return [
    first,
    ...output.steps.map((step) => ({
      offset: step.yearOffset,
      date: addYears(baseDate, step.yearOffset),
      population: { male: step.population.male, female: step.population.female },
      total: step.indicators.total,
      male: step.indicators.male,
      female: step.indicators.female,
      births: step.births.total,
      deaths: step.deaths.total,
      netMigrants: step.netMigrants.total,
      youngDependency: step.indicators.youngDependency,
      oldDependency: step.indicators.oldDependency,
      totalDependency: step.indicators.totalDependency,
      medianAge: step.indicators.medianAge,
    })),
  ];
}

/** Runs the domain's projection (the same function as `POST /api/v1/demography/project`). */
export function project(
  rates: EstimatedRates,
  base: BySex<readonly number[]>,
  factors: ScenarioFactors,
  horizon: number,
  baseDate: string,
): ProjectedYear[] {
  const output = demographyMethods.project.run(
    projectionInput(rates, base, factors, horizon),
  ) as ProjectionOutput;
  return projectedYears(baseDate, base, output);
}
