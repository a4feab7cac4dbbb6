/**
 * Demographic inputs of the synthetic population. Each table names its source; where no source was at
 * hand the figure is a stated assumption, kept here so it can be replaced without touching code.
 */

/** Reference date of the synthetic register: ages are completed years on this day. */
export const referenceDate = '2026-07-01';

/**
 * Viet Nam's population by 5-year age group and sex in 2020, thousands (UN World Population Prospects
 * 2019, the 2020 column of vn_wpp2019_pop_by_age_sex_2015_2020_thousands.csv). Used as the age–sex
 * structure at the reference date. The open group 100+ is spread over 100–104.
 */
export const populationByAgeGroup: ReadonlyArray<{ from: number; male: number; female: number }> = [
  { from: 0, male: 4164.842, female: 3727.629 },
  { from: 5, male: 4004.759, female: 3581.342 },
  { from: 10, male: 3734.036, female: 3364.138 },
  { from: 15, male: 3364.847, female: 3136.022 },
  { from: 20, male: 3500.183, female: 3320.02 },
  { from: 25, male: 4363.621, female: 4205.672 },
  { from: 30, male: 4278.909, female: 4158.118 },
  { from: 35, male: 3915.663, female: 3848.234 },
  { from: 40, male: 3525.539, female: 3508.287 },
  { from: 45, male: 3266.831, female: 3272.305 },
  { from: 50, male: 2907.946, female: 2960.411 },
  { from: 55, male: 2530.1, female: 2711.511 },
  { from: 60, male: 2012.144, female: 2318.81 },
  { from: 65, male: 1339.456, female: 1672.277 },
  { from: 70, male: 664.802, female: 987.156 },
  { from: 75, male: 422.995, female: 703.519 },
  { from: 80, male: 298.067, female: 562.519 },
  { from: 85, male: 193.013, female: 416.16 },
  { from: 90, male: 79.054, female: 195.571 },
  { from: 95, male: 25.681, female: 72.544 },
  { from: 100, male: 5.766, female: 18.084 },
];

export const maxAge = 104;

/** How the open group 100+ is spread over single ages 100–104 (assumption: steep decline). */
const centenarianSpread = [0.4, 0.25, 0.17, 0.11, 0.07];

/**
 * Share of the population at each single age (0..maxAge) for males and females, together summing to 1.
 * Single ages inside a 5-year group get equal shares: the source has no finer detail, and the seeded
 * quota sampler smooths nothing it would have to invent.
 */
export function singleAgeShares(): { male: Float64Array; female: Float64Array } {
  const male = new Float64Array(maxAge + 1);
  const female = new Float64Array(maxAge + 1);
  let total = 0;
  for (const g of populationByAgeGroup) total += g.male + g.female;
  for (const g of populationByAgeGroup) {
    for (let i = 0; i < 5; i++) {
      const spread = g.from === 100 ? (centenarianSpread[i] as number) : 0.2;
      male[g.from + i] = (g.male * spread) / total;
      female[g.from + i] = (g.female * spread) / total;
    }
  }
  return { male, female };
}

/**
 * Household size distribution. The 2019 census gives an average of 3.5 persons per household
 * (vn_key_figures.csv); the shares by size are an assumption shaped like the census tables
 * (many 4-person households, few above 6), with mean 3.49.
 */
export const householdSizes: ReadonlyArray<readonly [number, number]> = [
  [1, 0.1],
  [2, 0.19],
  [3, 0.22],
  [4, 0.26],
  [5, 0.13],
  [6, 0.06],
  [7, 0.025],
  [8, 0.015],
];

/** Youngest age at marriage by sex (Marriage and Family Law 2014: men 20, women 18). */
export const marriageAge = { male: 20, female: 18 } as const;

/** A mother's age at the birth of a child she lives with: 18–45 (keeps clear of the validation bounds 10–60). */
export const motherAgeAtBirth = { min: 18, max: 45 } as const;

/**
 * Highest level of education reached, by age band, for rural communes (assumption shaped like the
 * 2019 census education tables: older cohorts mostly primary or less, younger mostly secondary and
 * above). Urban wards shift weight to upper secondary and above (`urbanEducationBoost`).
 */
export const educationCodes = [
  'none',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'university',
  'postgraduate',
] as const;
export type EducationCode = (typeof educationCodes)[number];

export const adultEducation: ReadonlyArray<{
  minAge: number;
  weights: Readonly<Record<EducationCode, number>>;
}> = [
  {
    minAge: 18,
    weights: {
      none: 1,
      primary: 4,
      lower_secondary: 18,
      upper_secondary: 45,
      vocational: 11,
      university: 21,
      postgraduate: 0,
    },
  },
  {
    minAge: 25,
    weights: {
      none: 2,
      primary: 9,
      lower_secondary: 28,
      upper_secondary: 29,
      vocational: 13,
      university: 18,
      postgraduate: 1,
    },
  },
  {
    minAge: 40,
    weights: {
      none: 4,
      primary: 17,
      lower_secondary: 38,
      upper_secondary: 22,
      vocational: 9,
      university: 9.5,
      postgraduate: 0.5,
    },
  },
  {
    minAge: 60,
    weights: {
      none: 16,
      primary: 33,
      lower_secondary: 30,
      upper_secondary: 11,
      vocational: 5,
      university: 4.7,
      postgraduate: 0.3,
    },
  },
];

/** Multipliers for urban wards (assumption: about twice the share of graduates). */
export const urbanEducationBoost: Readonly<Record<EducationCode, number>> = {
  none: 0.5,
  primary: 0.6,
  lower_secondary: 0.8,
  upper_secondary: 1.2,
  vocational: 1.2,
  university: 2,
  postgraduate: 2.5,
};

/** Multipliers for members of ethnic minorities in rural communes (assumption: fewer years of school). */
export const ruralMinorityEducationFactor: Readonly<Record<EducationCode, number>> = {
  none: 1.8,
  primary: 1.4,
  lower_secondary: 1.1,
  upper_secondary: 0.8,
  vocational: 0.8,
  university: 0.5,
  postgraduate: 0.4,
};

/**
 * Residence: most people are permanent residents; some households are temporary residents (more in
 * wards), and some working-age members are temporarily away (assumptions).
 */
export const temporaryHouseholdShare = { urban: 0.06, rural: 0.015 } as const;
export const temporarilyAbsentShare = 0.06;
export const temporarilyAbsentAges = { min: 18, max: 45 } as const;

/** Shares holding a health-insurance card (≈ 90 %, national coverage 2023). */
export const insuredShare = 0.9;
/**
 * Shares whose 12-digit personal ID number is on the household page: 80 % of adults; fewer children,
 * whose number (given at birth registration since 2016) the collaborator less often has (assumption).
 */
export const personalIdShare = { adult: 0.8, from14: 0.6, child: 0.3 } as const;
/** Adults born outside the province they live in (assumption; used for the ID's birth-province digits). */
export const bornElsewhereShare = 0.08;

/**
 * Health-insurance card object codes (2 letters) and benefit levels (1 digit), chosen by age group.
 * TE = children under 6, HS = pupils, HT = pensioners, CT = elderly on social allowance, GD = by household,
 * DN/HC = employees, DT = ethnic minorities in hard areas, HN = poor households (Decision 1351/QĐ-BHXH).
 */
export const insuranceObjects: ReadonlyArray<{
  minAge: number;
  codes: ReadonlyArray<readonly [string, number]>;
}> = [
  { minAge: 0, codes: [['TE1', 1]] },
  {
    minAge: 6,
    codes: [
      ['HS4', 8],
      ['DT2', 1],
      ['HN2', 1],
    ],
  },
  {
    minAge: 18,
    codes: [
      ['GD4', 4],
      ['DN4', 3],
      ['HC4', 1],
      ['DT2', 1],
      ['HN2', 1],
      ['SV4', 1],
    ],
  },
  {
    minAge: 25,
    codes: [
      ['GD4', 5],
      ['DN4', 3],
      ['HC4', 1],
      ['DT2', 1],
      ['HN2', 1],
    ],
  },
  {
    minAge: 60,
    codes: [
      ['HT2', 3],
      ['GD4', 4],
      ['DT2', 1],
      ['HN2', 1],
    ],
  },
  {
    minAge: 80,
    codes: [
      ['CT2', 4],
      ['HT2', 3],
      ['GD4', 2],
    ],
  },
];

/** Share of people aged 80+ whose day and month of birth are unknown (only the year is recorded). */
export const yearOnlyBirthShareOver80 = 0.15;
