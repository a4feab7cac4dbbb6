/**
 * The rates the simulator draws its monthly changes from. Each names its source in
 * ../shared/data/demography/ (WPP = UN World Population Prospects 2024, GSO = General Statistics Office);
 * where no source was at hand the figure is a stated assumption, kept here so it can be replaced.
 * Annual rates unless the name says otherwise.
 */

/**
 * Death rates nMx by sex and age group (lower bound of the group), WPP 2024, 2020–2025
 * (vn_wpp2024_mx_abridged_2015-2020_2020-2025.csv). Applied times `mortalityScale`.
 */
export const deathRates: ReadonlyArray<{ from: number; male: number; female: number }> = [
  { from: 0, male: 0.01794899, female: 0.01234492 },
  { from: 1, male: 0.00147249, female: 0.00114509 },
  { from: 5, male: 0.00120174, female: 0.00040858 },
  { from: 10, male: 0.00088246, female: 0.0003274 },
  { from: 15, male: 0.0016974, female: 0.00050713 },
  { from: 20, male: 0.00245743, female: 0.00070831 },
  { from: 25, male: 0.00247554, female: 0.00081345 },
  { from: 30, male: 0.00270547, female: 0.0008977 },
  { from: 35, male: 0.00304907, female: 0.00107931 },
  { from: 40, male: 0.00388381, female: 0.00159583 },
  { from: 45, male: 0.00511348, female: 0.00209998 },
  { from: 50, male: 0.00797964, female: 0.00325993 },
  { from: 55, male: 0.01074693, female: 0.00440356 },
  { from: 60, male: 0.01701193, female: 0.00712855 },
  { from: 65, male: 0.02696853, female: 0.01229469 },
  { from: 70, male: 0.04297894, female: 0.0213737 },
  { from: 75, male: 0.07028089, female: 0.037312 },
  { from: 80, male: 0.11470182, female: 0.0665558 },
  { from: 85, male: 0.18839364, female: 0.11485078 },
  { from: 90, male: 0.29004219, female: 0.18574432 },
  { from: 95, male: 0.44268192, female: 0.28536328 },
  { from: 100, male: 0.59049908, female: 0.44115883 },
];

/**
 * The seeded register is older than WPP 2024's Viet Nam (it has WPP 2019's structure for 2020, and more
 * people over 80): the rates as they are give a crude death rate of about 8.8 per 1000 on it. Scaled by
 * this factor they give 6.5–7, WPP 2024's crude death rate for 2022–2023 (6.5, 6.6).
 */
export const mortalityScale = 0.75;

/**
 * Total fertility rate. Assumption: 2.0, between the national 1.91 (GSO, 2024; vn_key_figures.csv) and
 * Lạng Sơn's 2.1–2.4 of 2012–2016 (vn_gso_province_hcmc_langson_2010_2016.csv). With the seeded age
 * structure it gives a crude birth rate of about 14–16 per 1000.
 */
export const totalFertility = 2.0;

/**
 * Percentage age pattern of fertility by 5-year group of the mother, 15–19 … 45–49, WPP 2024, 2020–2025
 * (vn_wpp2024_pasfr_2015-2020_2020-2025.csv). ASFR = TFR × share / 5.
 */
export const fertilityPattern: ReadonlyArray<{ from: number; percent: number }> = [
  { from: 15, percent: 9.0018760220702 },
  { from: 20, percent: 29.5554191232954 },
  { from: 25, percent: 31.4162631367918 },
  { from: 30, percent: 19.5268836729001 },
  { from: 35, percent: 8.91048055397858 },
  { from: 40, percent: 1.40897809161893 },
  { from: 45, percent: 0.180099399344999 },
];

/** Age-specific fertility rate of a woman's completed age (0 outside 15–49). */
export function asfrOf(age: number): number {
  if (age < 15 || age > 49) return 0;
  const group = fertilityPattern[Math.floor((age - 15) / 5)];
  return group ? (totalFertility * group.percent) / 100 / 5 : 0;
}

/** Sex ratio at birth, boys per girl: 1.114 (GSO 2024, vn_key_figures.csv; WPP 2023: 1.109). */
export const sexRatioAtBirth = 1.114;

/** Where babies are born (assumption: most in hospital; home births among rural minorities). */
export const birthPlaces: ReadonlyArray<readonly [string, number]> = [
  ['hospital', 0.74],
  ['health_station', 0.18],
  ['home', 0.06],
  ['elsewhere', 0.02],
];

/**
 * Migration across the commune's boundary, per person and year: arrivals 6 and departures 9 per 1000
 * (assumption: Lạng Sơn's GSO rates across provinces, 1.4–6.2 in and 3.6–8.2 out in 2010–2016, plus moves
 * between communes of the province). `sameProvince` of them are within the province.
 */
export const migration = {
  inRate: 0.006,
  outRate: 0.009,
  sameProvince: 0.4,
  /** Share of departures that are whole households (the rest leave alone, mostly young adults). */
  householdShareOut: 0.12,
  /** Share of arrivals that come as a family founding a new household. */
  familyShareIn: 0.3,
  /** Share of lone arrivals that are temporary residents (workers, students). */
  temporaryShareIn: 0.55,
} as const;

/** How much more likely a person of this age is to move than the average (assumption, peak at 20–29). */
export function migrationAgeFactor(age: number): number {
  if (age < 15) return 0.4;
  if (age < 20) return 1.4;
  if (age < 25) return 3.2;
  if (age < 30) return 2.8;
  if (age < 35) return 1.8;
  if (age < 40) return 1.1;
  if (age < 50) return 0.6;
  return 0.25;
}

/**
 * Where people go to and come from outside the province, by 2025 province code (assumption: the
 * industrial provinces and cities near Lạng Sơn first). Codes missing from the unit list are skipped.
 */
export const otherProvinceWeights: ReadonlyArray<readonly [string, number]> = [
  ['01', 0.3],
  ['24', 0.22],
  ['19', 0.1],
  ['22', 0.08],
  ['31', 0.06],
  ['79', 0.08],
  ['04', 0.06],
  ['08', 0.04],
];
/** Share of departures abroad (assumption: work across the border and further). */
export const abroadShareOut = 0.04;
export const abroadCountries = ['Trung Quốc', 'Hàn Quốc', 'Nhật Bản', 'Đài Loan (Trung Quốc)'] as const;

/**
 * First-marriage hazard of never-married people by sex and age (assumption: shaped like the 2019 census —
 * mean age at first marriage about 23 for women and 27 for men — and scaled so that the seeded register,
 * which has many never-married people in their late twenties, records about 8 marriages per 1000 people a
 * year, near Viet Nam's crude marriage rate). Divorced and widowed people remarry at a fifth of these.
 */
export function marriageHazard(sex: 1 | 2, age: number): number {
  if (sex === 2) {
    if (age < 16) return 0;
    if (age < 18) return 0.004; // child marriage, still found among some minorities
    if (age < 20) return 0.035;
    if (age < 25) return 0.085;
    if (age < 30) return 0.075;
    if (age < 35) return 0.04;
    if (age < 45) return 0.015;
    return 0.0025;
  }
  if (age < 18) return 0;
  if (age < 20) return 0.002;
  if (age < 25) return 0.045;
  if (age < 30) return 0.085;
  if (age < 35) return 0.05;
  if (age < 45) return 0.02;
  return 0.003;
}

export const marriage = {
  /** Share of marriages where both spouses live in the commune (assumption). */
  bothInCommune: 0.35,
  /** Share of marriages between close blood relatives (assumption: rare). */
  consanguineous: 0.003,
  /** Share of couples with a pre-marital counselling or health check recorded before the wedding. */
  premaritalCheck: 0.6,
  /** After a wedding to someone from outside: the bride leaves, or the bride moves in. */
  brideLeaves: 0.6,
  brideArrives: 0.7,
  remarriageFactor: 0.2,
} as const;

/** Divorce per married woman and year (assumption: about 2.5 per 1000 couples nationally, fewer here). */
export const divorceRate = 0.002;
/** Share of divorces after which one spouse leaves the commune. */
export const divorceDeparture = 0.4;

/**
 * Contraception among married women 15–49. Target prevalence (any method) 0.66 (assumption: Viet Nam's
 * population change surveys give 0.65–0.69 for 2019–2023). Monthly discontinuation per method
 * (assumption: short-acting methods are stopped far more often than IUDs and implants; sterilisation never).
 */
export const contraception = {
  prevalence: 0.66,
  /** Below this prevalence the register is taken as not yet recording the couples' methods: see the planner. */
  recordedBelow: 0.4,
  monthlyStop: {
    iud: 0.008,
    implant: 0.01,
    injectable: 0.035,
    pill: 0.035,
    condom: 0.03,
    traditional: 0.025,
    other_modern: 0.02,
    female_sterilisation: 0,
    male_sterilisation: 0,
  } as Readonly<Record<string, number>>,
  /** Methods of new users (assumption shaped like the population change surveys). */
  newUserMix: [
    ['iud', 0.3],
    ['pill', 0.22],
    ['condom', 0.25],
    ['injectable', 0.06],
    ['implant', 0.03],
    ['female_sterilisation', 0.015],
    ['male_sterilisation', 0.002],
    ['other_modern', 0.008],
    ['traditional', 0.105],
  ] as ReadonlyArray<readonly [string, number]>,
  /** Methods of the couples already using one (more long-acting methods accumulate). */
  userMix: [
    ['iud', 0.42],
    ['pill', 0.14],
    ['condom', 0.16],
    ['injectable', 0.03],
    ['implant', 0.015],
    ['female_sterilisation', 0.06],
    ['male_sterilisation', 0.003],
    ['other_modern', 0.007],
    ['traditional', 0.155],
  ] as ReadonlyArray<readonly [string, number]>,
  sites: [
    ['health_station', 0.55],
    ['collaborator', 0.2],
    ['hospital', 0.12],
    ['private_facility', 0.1],
    ['mobile_service', 0.03],
  ] as ReadonlyArray<readonly [string, number]>,
} as const;

/**
 * Pregnancy events relative to births (assumption): pregnancies are recorded for 1.1 per birth; miscarriages
 * 0.08 and abortions 0.12 per birth (the Ministry of Health counts about 0.2–0.3 abortions per birth).
 */
export const pregnancy = {
  recordedPerBirth: 1.1,
  miscarriagePerBirth: 0.08,
  abortionPerBirth: 0.12,
} as const;

/**
 * Screening coverage (assumption: the programme aims at 70 % of newborns and 70 % of pregnant women by 2025,
 * 90 % by 2030; reported coverage is lower). Prenatal screening is recorded around weeks 12 and 21.
 */
export const screening = {
  newborn: 0.6,
  prenatalFirst: 0.55,
  prenatalSecond: 0.4,
  /** Share of screenings with a high-risk result, and still waiting for a result. */
  highRisk: 0.03,
  pending: 0.05,
} as const;

/** Share of people 60 and over with a health check in a year (assumption; the programme aims at all). */
export const elderlyCheckCoverage = 0.5;

/** Basic-information changes (assumption): per month, of those concerned. */
export const infoChanges = {
  /** A temporary resident becomes a permanent one. */
  temporaryToPermanent: 0.01,
  /** An adult's 12-digit personal ID number is added to the page. */
  personalIdAdded: 0.004,
} as const;

/** Households where a married child's family moves out to a new household of its own, per year (assumption). */
export const householdSplitRate = 0.03;

/** Review outcomes (the inbox history): returned with a reason then resubmitted, and duplicates rejected. */
export const review = { returned: 0.03, rejectedDuplicate: 0.01 } as const;

/** Days between an event and its recording by the collaborator (at most). */
export const recordingLagDays = 6;
