/**
 * Rates for a projection, estimated from the register's approved events and person-years, smoothed toward
 * Viet Nam reference rates where the register's own events are few.
 *
 * Every component (deaths, births, in-moves, out-moves) is a count of events over person-years. For each
 * sex the reference gives a rate by single age b(a); the register gives events D(g) by standard age group g
 * and person-years E(a). With X(g) = Σ E(a)·b(a) the events the reference expects:
 * - level: θ = (ΣD + 50) / (ΣX + 50), i.e. the register's ratio ΣD/ΣX weighted by ΣX/(ΣX + 50) and the
 *   reference (ratio 1) by the rest;
 * - age groups: ρ(g) = (D(g) + 25) / (X(g) + 25/θ), each group's ratio shrunk toward the level;
 * - rate by single age: b(a)·ρ(g(a)).
 * That is the posterior mean of a Poisson rate under a gamma prior centred on the reference (empirical Bayes).
 * Without a usable window (fewer than 12 months of approved changes) the reference is used as it is.
 */
import { lifeTable, standardAgeGroupOf, standardAgeGroups } from '@danso/domain';
import {
  BASELINE_SOURCES,
  GSO_PROVINCES,
  NATIONAL_INTERPROVINCIAL_PER_THOUSAND,
  NATIONAL_SRB,
  NATIONAL_TFR_2016,
  NATIONAL_TFR_LATEST,
  rogersCastro,
  WPP_MX_2020_2025,
  WPP_MX_AGES,
  WPP_PASFR_2020_2025,
} from './baselines.ts';

export const OPEN_AGE = 100;
/** Single ages 0 … 100, the last open (100+). */
export const PROJECTION_AGES: readonly number[] = Array.from({ length: OPEN_AGE + 1 }, (_, i) => i);

/** Prior weights of the smoothing, in events, and the shortest window the register is used for. */
export const SMOOTHING = { levelPrior: 50, groupPrior: 25, srbPrior: 200, minimumWindowMonths: 12 } as const;

export type SexName = 'male' | 'female';
export const sexes: readonly SexName[] = ['male', 'female'];
export interface BySex<T> {
  male: T;
  female: T;
}

/** A count of flow_count: sex '1' / '2' and a standard age group, either possibly unknown. */
export interface EventCount {
  sex: string | null;
  group: string | null;
  n: number;
}

export interface BirthCount {
  /** The mother's standard age group ('15-19' …), or unknown. */
  motherGroup: string | null;
  sex: string | null;
  n: number;
}

export interface ObservationWindow {
  /** First day of the first month, and first day after the last month. */
  from: string;
  to: string;
  months: number;
}

export interface RegisterObservations {
  window: ObservationWindow | null;
  /** Person-years lived in the window by single age 0 … 100+. */
  exposure: BySex<number[]>;
  deaths: EventCount[];
  births: BirthCount[];
  moveIn: EventCount[];
  moveOut: EventCount[];
}

export interface ComponentStats {
  /** Events of the register in the window (unknown ages and sexes shared out). */
  events: number;
  /** Events the reference rates give for the same person-years. */
  expected: number;
  /** Weight of the register's level: expected / (expected + 50); 0 without a window. */
  weight: number;
  /** Smoothed level relative to the reference, θ. */
  ratio: number;
}

export type RateSource = 'reference' | 'register-blended';

export interface EstimatedRates {
  ages: number[];
  window: (ObservationWindow & { years: number }) | null;
  /** Death rates by single age, 100 open. */
  mx: BySex<number[]>;
  /** Fertility rates by the mother's single age. */
  asfr: number[];
  srb: number;
  /** In- and out-migration rates per person-year by single age. */
  inRate: BySex<number[]>;
  outRate: BySex<number[]>;
  methods: RateMethods;
}

export interface RateMethods {
  smoothing: typeof SMOOTHING;
  mortality: {
    source: RateSource;
    reference: string;
    stats: BySex<ComponentStats>;
    lifeExpectancy: BySex<number>;
    referenceLifeExpectancy: BySex<number>;
  };
  fertility: {
    source: RateSource;
    reference: string;
    referenceTfr: number;
    tfr: number;
    stats: ComponentStats;
  };
  srb: { source: RateSource; reference: string; births: BySex<number>; value: number };
  migration: {
    source: RateSource;
    reference: string;
    shape: string;
    referenceInPerThousand: number;
    referenceOutPerThousand: number;
    in: BySex<ComponentStats>;
    out: BySex<ComponentStats>;
  };
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

// ------------------------------------------------------------------------------------------ reference rates

/** WPP death rates on single ages: each age takes the rate of its abridged group (100+ open). */
export function referenceMx(sex: SexName): number[] {
  const rates = WPP_MX_2020_2025[sex];
  return PROJECTION_AGES.map((age) => {
    let i = 0;
    while (i + 1 < WPP_MX_AGES.length && (WPP_MX_AGES[i + 1] ?? Infinity) <= age) i++;
    return rates[i] ?? 0;
  });
}

/**
 * The reference TFR of a province: the latest national TFR (WPP 2024, 2023) times the province's ratio to
 * the national TFR in the GSO's 2016 series; the national TFR for provinces without a series.
 */
export function referenceTfr(provinceCode: string): number {
  const province = GSO_PROVINCES[provinceCode];
  return province ? NATIONAL_TFR_LATEST.tfr * (province.tfr / NATIONAL_TFR_2016) : NATIONAL_TFR_LATEST.tfr;
}

/** ASFR by single age: WPP's pattern × the TFR, each age of a five-year group at its group's rate. */
export function referenceAsfr(tfr: number): number[] {
  return PROJECTION_AGES.map((age) => {
    if (age < 15 || age >= 50) return 0;
    const share = WPP_PASFR_2020_2025[Math.floor((age - 15) / 5)] ?? 0;
    return ((share / 100) * tfr) / 5;
  });
}

export function referenceMigration(provinceCode: string): { inPerThousand: number; outPerThousand: number } {
  const province = GSO_PROVINCES[provinceCode];
  return province
    ? { inPerThousand: province.inPerThousand, outPerThousand: province.outPerThousand }
    : {
        inPerThousand: NATIONAL_INTERPROVINCIAL_PER_THOUSAND,
        outPerThousand: NATIONAL_INTERPROVINCIAL_PER_THOUSAND,
      };
}

/**
 * A migration rate per person-year by single age with the Rogers–Castro shape, scaled so that the
 * population `structure` (both sexes by single age) has `perThousand` movers per 1,000 a year overall.
 */
export function migrationProfile(perThousand: number, structure: readonly number[]): number[] {
  const shape = PROJECTION_AGES.map(rogersCastro);
  const people = sum(structure);
  const mean =
    people > 0 ? sum(shape.map((s, i) => s * (structure[i] ?? 0))) / people : sum(shape) / shape.length;
  return shape.map((s) => (perThousand / 1000) * (s / mean));
}

// ------------------------------------------------------------------------------------------------ smoothing

const groupCount = standardAgeGroups.length;
const groupIndexOfAge = PROJECTION_AGES.map((age) => standardAgeGroups.indexOf(standardAgeGroupOf(age)));
const groupIndexByCode = new Map(standardAgeGroups.map((g, i) => [g.code, i]));

/** Events the reference expects in each standard group: Σ E(a)·b(a). */
function expectedByGroup(exposure: readonly number[], base: readonly number[]): number[] {
  const expected = new Array<number>(groupCount).fill(0);
  PROJECTION_AGES.forEach((age) => {
    const g = groupIndexOfAge[age] ?? 0;
    expected[g] = (expected[g] ?? 0) + (exposure[age] ?? 0) * (base[age] ?? 0);
  });
  return expected;
}

/** Shares `total` out in proportion to `weights` (equally when they sum to 0). */
function shareOut(total: number, weights: readonly number[]): number[] {
  const w = sum(weights);
  return weights.map((x) => (w > 0 ? (total * x) / w : total / weights.length));
}

/**
 * Register counts by sex and standard group. Counts of a known sex and unknown age are shared over that sex's
 * groups in proportion to the expected events; counts of unknown sex first over the sexes the same way.
 */
export function countsByGroup(rows: readonly EventCount[], expected: BySex<number[]>): BySex<number[]> {
  const counts: BySex<number[]> = {
    male: new Array<number>(groupCount).fill(0),
    female: new Array<number>(groupCount).fill(0),
  };
  const unknownAge: BySex<number> = { male: 0, female: 0 };
  let unknownSex = 0;
  for (const row of rows) {
    const sex = row.sex === '1' ? 'male' : row.sex === '2' ? 'female' : null;
    const g = row.group === null ? undefined : groupIndexByCode.get(row.group);
    if (!sex) unknownSex += row.n;
    else if (g === undefined) unknownAge[sex] += row.n;
    else counts[sex][g] = (counts[sex][g] ?? 0) + row.n;
  }
  const [toMale, toFemale] = shareOut(unknownSex, [sum(expected.male), sum(expected.female)]);
  unknownAge.male += toMale ?? 0;
  unknownAge.female += toFemale ?? 0;
  for (const sex of sexes) {
    const shared = shareOut(unknownAge[sex], expected[sex]);
    counts[sex] = counts[sex].map((c, g) => c + (shared[g] ?? 0));
  }
  return counts;
}

/** The empirical-Bayes rates of one sex and component (see the module comment). */
export function smoothRates(
  base: readonly number[],
  exposure: readonly number[],
  observed: readonly number[],
  useRegister: boolean,
): { rates: number[]; stats: ComponentStats } {
  const { levelPrior, groupPrior } = SMOOTHING;
  if (!useRegister) {
    return { rates: [...base], stats: { events: 0, expected: 0, weight: 0, ratio: 1 } };
  }
  const expected = expectedByGroup(exposure, base);
  const events = sum(observed);
  const expectedTotal = sum(expected);
  const level = (events + levelPrior) / (expectedTotal + levelPrior);
  const ratios = expected.map((x, g) => ((observed[g] ?? 0) + groupPrior) / (x + groupPrior / level));
  return {
    rates: base.map((b, age) => b * (ratios[groupIndexOfAge[age] ?? 0] ?? 1)),
    stats: {
      events,
      expected: expectedTotal,
      weight: expectedTotal / (expectedTotal + levelPrior),
      ratio: level,
    },
  };
}

// ------------------------------------------------------------------------------------------------ estimate

/** Births by mother's group 15–19 … 45–49 as standard-group counts of women (younger and older mothers join the ends). */
function birthsAsEventCounts(births: readonly BirthCount[]): EventCount[] {
  return births.map((b) => {
    const group = b.motherGroup === null ? undefined : groupIndexByCode.get(b.motherGroup);
    if (group === undefined) return { sex: '2', group: null, n: b.n };
    const from = standardAgeGroups[group]?.from ?? 0;
    const clamped = from < 15 ? '15-19' : from >= 50 ? '45-49' : (b.motherGroup as string);
    return { sex: '2', group: clamped, n: b.n };
  });
}

function lifeExpectancy(mx: readonly number[], sex: SexName): number {
  return lifeTable({ ages: [...PROJECTION_AGES], mx: [...mx], sex }).ex[0] ?? 0;
}

export interface EstimateInput {
  provinceCode: string;
  observations: RegisterObservations;
  /** The base population by sex and single age: the age structure the migration profile is scaled on. */
  base: BySex<readonly number[]>;
}

/** Rates by single age for a projection, with what was used and how (see the module comment). */
export function estimateRates({ provinceCode, observations, base }: EstimateInput): EstimatedRates {
  const window = observations.window;
  const useRegister = window !== null && window.months >= SMOOTHING.minimumWindowMonths;
  const source: RateSource = useRegister ? 'register-blended' : 'reference';
  const exposure = observations.exposure;
  const expectedOf = (rates: BySex<readonly number[]>): BySex<number[]> => ({
    male: expectedByGroup(exposure.male, rates.male),
    female: expectedByGroup(exposure.female, rates.female),
  });

  // Mortality.
  const mxBase: BySex<number[]> = { male: referenceMx('male'), female: referenceMx('female') };
  const deaths = countsByGroup(observations.deaths, expectedOf(mxBase));
  const mortality = {
    male: smoothRates(mxBase.male, exposure.male, deaths.male, useRegister),
    female: smoothRates(mxBase.female, exposure.female, deaths.female, useRegister),
  };

  // Fertility: births by the mother's age over women's person-years.
  const tfrBase = referenceTfr(provinceCode);
  const asfrBase = referenceAsfr(tfrBase);
  const zero = PROJECTION_AGES.map(() => 0);
  const births = countsByGroup(
    birthsAsEventCounts(observations.births),
    expectedOf({ male: zero, female: asfrBase }),
  );
  const fertility = smoothRates(asfrBase, exposure.female, births.female, useRegister);

  // Sex ratio at birth: the register's boys and girls with the reference worth 200 births.
  const bySex: BySex<number> = { male: 0, female: 0 };
  for (const b of observations.births) {
    if (b.sex === '1') bySex.male += b.n;
    else if (b.sex === '2') bySex.female += b.n;
  }
  const s0 = NATIONAL_SRB.srb;
  const prior = useRegister ? SMOOTHING.srbPrior : 1;
  const registerBirths = useRegister ? bySex : { male: 0, female: 0 };
  const srb = (registerBirths.male + (prior * s0) / (1 + s0)) / (registerBirths.female + prior / (1 + s0));

  // Migration: in- and out-moves, each with the Rogers–Castro profile of the reference rates.
  const structure = PROJECTION_AGES.map((age) => (base.male[age] ?? 0) + (base.female[age] ?? 0));
  const reference = referenceMigration(provinceCode);
  const inBase = migrationProfile(reference.inPerThousand, structure);
  const outBase = migrationProfile(reference.outPerThousand, structure);
  const moveIn = countsByGroup(observations.moveIn, expectedOf({ male: inBase, female: inBase }));
  const moveOut = countsByGroup(observations.moveOut, expectedOf({ male: outBase, female: outBase }));
  const inMoves = {
    male: smoothRates(inBase, exposure.male, moveIn.male, useRegister),
    female: smoothRates(inBase, exposure.female, moveIn.female, useRegister),
  };
  const outMoves = {
    male: smoothRates(outBase, exposure.male, moveOut.male, useRegister),
    female: smoothRates(outBase, exposure.female, moveOut.female, useRegister),
  };

  const mx = { male: mortality.male.rates, female: mortality.female.rates };
  return {
    ages: [...PROJECTION_AGES],
    window: window ? { ...window, years: window.months / 12 } : null,
    mx,
    asfr: fertility.rates,
    srb,
    inRate: { male: inMoves.male.rates, female: inMoves.female.rates },
    outRate: { male: outMoves.male.rates, female: outMoves.female.rates },
    methods: {
      smoothing: SMOOTHING,
      mortality: {
        source,
        reference: BASELINE_SOURCES.mortality,
        stats: { male: mortality.male.stats, female: mortality.female.stats },
        lifeExpectancy: {
          male: lifeExpectancy(mx.male, 'male'),
          female: lifeExpectancy(mx.female, 'female'),
        },
        referenceLifeExpectancy: {
          male: lifeExpectancy(mxBase.male, 'male'),
          female: lifeExpectancy(mxBase.female, 'female'),
        },
      },
      fertility: {
        source,
        reference: `${BASELINE_SOURCES.fertility}; TFR ${GSO_PROVINCES[provinceCode] ? `toàn quốc ${NATIONAL_TFR_LATEST.year} × tỷ lệ TFR tỉnh/toàn quốc năm 2016 (Tổng cục Thống kê)` : `toàn quốc ${NATIONAL_TFR_LATEST.year}`}`,
        referenceTfr: tfrBase,
        tfr: sum(fertility.rates),
        stats: fertility.stats,
      },
      srb: { source, reference: BASELINE_SOURCES.srb, births: registerBirths, value: srb },
      migration: {
        source,
        reference: GSO_PROVINCES[provinceCode]
          ? BASELINE_SOURCES.migrationProvince
          : BASELINE_SOURCES.migrationNational,
        shape: BASELINE_SOURCES.migrationShape,
        referenceInPerThousand: reference.inPerThousand,
        referenceOutPerThousand: reference.outPerThousand,
        in: { male: inMoves.male.stats, female: inMoves.female.stats },
        out: { male: outMoves.male.stats, female: outMoves.female.stats },
      },
    },
  };
}
