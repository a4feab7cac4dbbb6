/** Population structure: crude rates, sex ratios, dependency ratios, ageing index, median age. */

export type OldAgeThreshold = 60 | 65;

export interface CrudeRates {
  /** Crude birth rate per 1000. */
  cbr: number;
  /** Crude death rate per 1000. */
  cdr: number;
  /** Rate of natural increase per 1000 (CBR − CDR). */
  rni: number;
  /** Net migration rate per 1000. */
  netMigrationRate: number;
  /** Crude growth rate per 1000 (natural increase plus net migration). */
  growthRate: number;
}

/**
 * Crude rates per 1000 of the mid-period population (PHG 2001, ch. 1): events / (population × years) × 1000.
 * Null when the population is 0.
 */
export function crudeRates(input: {
  births: number;
  deaths: number;
  netMigrants?: number;
  midPeriodPopulation: number;
  years?: number;
}): CrudeRates | null {
  const personYears = input.midPeriodPopulation * (input.years ?? 1);
  if (!(personYears > 0)) return null;
  const per1000 = (events: number) => (1000 * events) / personYears;
  const cbr = per1000(input.births);
  const cdr = per1000(input.deaths);
  const netMigrationRate = per1000(input.netMigrants ?? 0);
  return { cbr, cdr, rni: cbr - cdr, netMigrationRate, growthRate: cbr - cdr + netMigrationRate };
}

/** Sex ratio: males per 100 females (UN Manual X); null when there are no females. */
export function sexRatio(males: number, females: number): number | null {
  return females > 0 ? (100 * males) / females : null;
}

/** Sex ratio of each age group, males per 100 females (UN Manual X). */
export function sexRatiosByAge(males: readonly number[], females: readonly number[]): Array<number | null> {
  return males.map((m, i) => sexRatio(m, females[i] ?? 0));
}

export interface DependencyRatios {
  /** Population aged 0–14. */
  young: number;
  /** Population aged 15 to threshold − 1. */
  working: number;
  /** Population aged threshold and over. */
  old: number;
  /** Per 100 of working age. */
  youngDependency: number | null;
  oldDependency: number | null;
  totalDependency: number | null;
  /** Old per 100 young. */
  ageingIndex: number | null;
  oldAgeThreshold: OldAgeThreshold;
}

/**
 * Dependency ratios and ageing index (UN; PHG 2001, ch. 1): young 0–14, working 15 to threshold − 1, old at the
 * threshold (60 or 65) and over; ratios per 100. Null when 15 or the threshold is not a group boundary of
 * `ages` (lower bounds, last open) or a denominator is 0.
 */
export function dependencyRatios(
  ages: readonly number[],
  population: readonly number[],
  oldAgeThreshold: OldAgeThreshold = 65,
): DependencyRatios | null {
  if (!ages.includes(15) || !ages.includes(oldAgeThreshold)) return null;
  let young = 0;
  let working = 0;
  let old = 0;
  ages.forEach((x, i) => {
    const p = population[i] ?? 0;
    if (x < 15) young += p;
    else if (x < oldAgeThreshold) working += p;
    else old += p;
  });
  const per100 = (a: number, b: number) => (b > 0 ? (100 * a) / b : null);
  return {
    young,
    working,
    old,
    youngDependency: per100(young, working),
    oldDependency: per100(old, working),
    totalDependency: per100(young + old, working),
    ageingIndex: per100(old, young),
    oldAgeThreshold,
  };
}

/**
 * Median age by linear interpolation within the median group (UN Manual X; Shryock & Siegel):
 * x + n·(N/2 − cumulative population below x) / population of the group. `ages` are lower bounds, the last
 * group open; null when the population is 0 or the median falls in the open group.
 */
export function medianAge(ages: readonly number[], population: readonly number[]): number | null {
  const total = population.reduce((s, p) => s + p, 0);
  if (!(total > 0)) return null;
  const half = total / 2;
  let below = 0;
  for (let i = 0; i < ages.length; i++) {
    const p = population[i] ?? 0;
    const x = ages[i] ?? 0;
    const next = ages[i + 1];
    if (below + p >= half && p > 0) {
      if (next === undefined) return null;
      return x + ((next - x) * (half - below)) / p;
    }
    below += p;
  }
  return null;
}
