import { type AxRule, axRuleWithDefaults } from './ax-rules.ts';
import { DEFAULT_SRB } from './fertility.ts';
import { computeLifeTable, type LifeTable } from './life-table.ts';
import {
  checkNonNegative,
  finiteNumber,
  isRecord,
  type Loose,
  listOrListPerStep,
  numberList,
  Problems,
} from './problems.ts';
import { dependencyRatios, medianAge, type OldAgeThreshold, sexRatio } from './structure.ts';

export type MigrationTiming = 'end' | 'even';
export const migrationTimings: readonly MigrationTiming[] = ['end', 'even'];

/** One list for every step, or one list per step. */
export type ByStep = readonly number[] | ReadonlyArray<readonly number[]>;

export interface BySex<T> {
  male: T;
  female: T;
}

export interface ProjectionOptions {
  /** 5 (five-year groups, five-year steps) or 1 (single years, one-year steps). */
  step: 1 | 5;
  /** Years to project; a multiple of `step`. */
  horizon: number;
  /** Lower bounds 0, 5, 10, … (step 5) or 0, 1, 2, … (step 1); the last group is open. */
  ages: readonly number[];
  population: BySex<readonly number[]>;
  /**
   * Survival ratios by destination group: entry 0 takes births into the first group, entry i the group i − 1
   * into group i, the last entry the two oldest groups into the open group. Or give `mx`.
   */
  survival?: BySex<ByStep>;
  /** Death rates on life-table ages: 0, 1, 5, … (step 5) or the projection ages (step 1). */
  mx?: BySex<ByStep>;
  ax?: BySex<ByStep>;
  axRule?: Partial<AxRule>;
  /** Fertility rates by the mother's age group (the projection groups). */
  asfr: ByStep;
  /** Male births per female birth (default 1.05). */
  srb?: number;
  /** Net migrants over each step by age group (may be negative). */
  migration?: BySex<ByStep>;
  /**
   * `end`: all migrants arrive after the step (no births or deaths of theirs in it); `even` (default, PHG Box
   * 6.2): half at the start, exposed to the step's survival and fertility, half by its end.
   */
  migrationTiming?: MigrationTiming;
  /** Old-age threshold of the dependency indicators (default 65). */
  oldAgeThreshold?: OldAgeThreshold;
}

export interface ProjectionIndicators {
  total: number;
  male: number;
  female: number;
  /** Males per 100 females. */
  sexRatio: number | null;
  youngDependency: number | null;
  oldDependency: number | null;
  totalDependency: number | null;
  ageingIndex: number | null;
  medianAge: number | null;
}

export interface Totals {
  total: number;
  male: number;
  female: number;
}

export interface ProjectionStep {
  /** Years since the base population. */
  yearOffset: number;
  population: BySex<number[]>;
  births: Totals;
  /** Births over the step by the mother's age group. */
  birthsByMotherAge: number[];
  /** Deaths over the step, those of the step's births and migrants included. */
  deaths: Totals;
  /** Net migrants actually added (emigration is capped at the population there is). */
  netMigrants: Totals;
  indicators: ProjectionIndicators;
}

export interface ProjectionConventions {
  step: 1 | 5;
  horizon: number;
  migrationTiming: MigrationTiming;
  survivalSource: 'given' | 'life-table';
  /** Rules of the life tables, defaults filled in; null when survival ratios or ax were given. */
  axRule: AxRule | null;
  srb: number;
  oldAgeThreshold: OldAgeThreshold;
  births: string;
}

export interface Projection {
  ages: number[];
  steps: ProjectionStep[];
  conventions: ProjectionConventions;
}

export const BIRTHS_CONVENTION =
  'step · Σ ASFR × (women at start + women at end) / 2; with "even" timing the migrants arriving in the step count, with "end" they do not';
export const MAX_PROJECTION_HORIZON = 200;

/** Ages of the life table behind a projection: 0, 1, 5, 10, … for five-year steps, the same ages for one. */
export function lifeTableAgesForProjection(ages: readonly number[], step: 1 | 5): number[] {
  return step === 5 ? [0, 1, ...ages.slice(1)] : [...ages];
}

/**
 * Survival ratios from person-years (PHG 2001, ch. 6): `L` holds nLx of the closed projection groups, `openT`
 * the T of the open group, `l0` the radix. Births → first group S = L0/(step·l0); S(i) = L(i)/L(i−1);
 * into the open group S = T(ω)/T(ω−n), T(ω−n) = L(ω−n) + T(ω).
 */
export function survivalFromPersonYears(
  L: readonly number[],
  openT: number,
  l0: number,
  step: number,
): number[] {
  const k = L.length;
  const S = new Array<number>(k + 1).fill(0);
  S[0] = (L[0] ?? 0) / (step * l0);
  for (let i = 1; i < k; i++) S[i] = (L[i] ?? 0) / (L[i - 1] ?? 1);
  S[k] = openT / ((L[k - 1] ?? 0) + openT);
  return S;
}

/**
 * Survival ratios of a life table for a projection of `step` years (PHG 2001, ch. 6; UN CCMPP): five-year
 * steps use 5L0 = 1L0 + 4L1 for the first group, one-year steps the table's own groups.
 */
export function survivalFromLifeTable(table: Pick<LifeTable, 'Lx' | 'Tx' | 'lx'>, step: 1 | 5): number[] {
  const last = table.Lx.length - 1;
  const closed =
    step === 5
      ? [(table.Lx[0] ?? 0) + (table.Lx[1] ?? 0), ...table.Lx.slice(2, last)]
      : table.Lx.slice(0, last);
  return survivalFromPersonYears(closed, table.Tx[last] ?? 0, table.lx[0] ?? 1, step);
}

function pick(value: ByStep | undefined, step: number): readonly number[] | undefined {
  if (value === undefined || value.length === 0) return undefined;
  return Array.isArray(value[0])
    ? (value as ReadonlyArray<readonly number[]>)[step]
    : (value as readonly number[]);
}

function isPerStep(value: ByStep | undefined): boolean {
  return value !== undefined && value.length > 0 && Array.isArray(value[0]);
}

function projectionAgesOk(ages: readonly number[], step: number): boolean {
  return ages.length >= 2 && ages.every((x, i) => x === step * i);
}

interface ByStepCheck {
  label: string;
  length: number;
  lengthWhat: string;
  nonNegative?: boolean;
  atMostOne?: boolean;
  lastPositive?: boolean;
  firstZero?: boolean;
  /** nax bounds: entry i must lie in [0, widths[i]] (the last entry is not checked). */
  widths?: readonly number[];
}

function checkByStep(
  problems: Problems,
  path: string,
  value: unknown,
  steps: number | undefined,
  check: ByStepCheck,
): void {
  if (value === undefined) return;
  const parsed = listOrListPerStep(value);
  if (!parsed) return;
  const lists = parsed.perStep ? parsed.lists : [parsed.list];
  if (parsed.perStep && steps !== undefined && lists.length !== steps) {
    problems.add(
      path,
      'length_mismatch',
      `Có ${lists.length} bước, cần ${steps} (= horizon / step) hoặc một danh sách dùng chung.`,
    );
  }
  lists.forEach((list, s) => {
    const at = parsed.perStep ? `${path}/${s}` : path;
    if (list.length !== check.length) {
      problems.add(
        at,
        'length_mismatch',
        `Có ${list.length} phần tử, cần ${check.length} (${check.lengthWhat}).`,
      );
      return;
    }
    if (check.nonNegative) checkNonNegative(problems, at, list, check.label);
    list.forEach((v, i) => {
      if (check.atMostOne && v > 1)
        problems.add(`${at}/${i}`, 'out_of_range', `${check.label} phải nằm trong [0, 1].`);
      const width = check.widths?.[i];
      if (width !== undefined && i < list.length - 1 && (v < 0 || v > width)) {
        problems.add(
          `${at}/${i}`,
          'out_of_interval',
          `ax phải nằm trong khoảng [0, ${width}] (độ rộng nhóm tuổi).`,
        );
      }
    });
    if (check.lastPositive && (list[list.length - 1] ?? 0) <= 0) {
      problems.add(
        `${at}/${list.length - 1}`,
        'open_rate_zero',
        'Tỷ suất chết của nhóm tuổi mở phải lớn hơn 0.',
      );
    }
    if (check.firstZero && (list[0] ?? 0) !== 0) {
      problems.add(`${at}/0`, 'not_zero', 'Tỷ suất sinh của nhóm tuổi đầu tiên phải bằng 0.');
    }
  });
}

/** Adds the problems of a projection input to `problems`. */
export function projectionProblems(input: Loose, path: string, problems: Problems): void {
  const step = input.step === 1 || input.step === 5 ? input.step : undefined;
  const horizon = finiteNumber(input.horizon);
  let steps: number | undefined;
  if (step !== undefined && horizon !== undefined) {
    if (horizon <= 0 || horizon % step !== 0) {
      problems.add(`${path}/horizon`, 'not_multiple', `horizon phải là bội số dương của step (${step}).`);
    } else steps = horizon / step;
  }
  const ages = numberList(input.ages);
  const size = ages?.length;
  if (ages && step !== undefined && !projectionAgesOk(ages, step)) {
    problems.add(
      `${path}/ages`,
      'age_pattern',
      step === 5
        ? 'Với step = 5, nhóm tuổi phải là 0, 5, 10, …; nhóm cuối là nhóm mở.'
        : 'Với step = 1, tuổi phải là 0, 1, 2, …; tuổi cuối là nhóm mở.',
    );
  }
  const sizeWhat = 'bằng số nhóm tuổi trong «ages»';
  const sexes = ['male', 'female'] as const;
  if (isRecord(input.population) && size !== undefined) {
    for (const sex of sexes) {
      const list = input.population[sex];
      if (Array.isArray(list) && list.length !== size) {
        problems.add(
          `${path}/population/${sex}`,
          'length_mismatch',
          `Có ${list.length} phần tử, cần ${size} (${sizeWhat}).`,
        );
      }
      checkNonNegative(problems, `${path}/population/${sex}`, list, 'Dân số');
    }
  }
  const hasSurvival = input.survival !== undefined;
  const hasMx = input.mx !== undefined;
  if (hasSurvival && hasMx) {
    problems.add(`${path}/survival`, 'exclusive', 'Chỉ cho một trong hai: «survival» hoặc «mx».');
  } else if (!hasSurvival && !hasMx) {
    problems.add(`${path}/survival`, 'required', 'Cần «survival» (tỷ số sống) hoặc «mx» (tỷ suất chết).');
  }
  if (!hasMx && (input.ax !== undefined || input.axRule !== undefined)) {
    problems.add(
      `${path}/${input.ax !== undefined ? 'ax' : 'axRule'}`,
      'unused',
      '«ax» và «axRule» chỉ dùng cùng «mx».',
    );
  }
  if (input.ax !== undefined && input.axRule !== undefined) {
    problems.add(`${path}/axRule`, 'exclusive', 'Chỉ cho một trong hai: «ax» hoặc «axRule».');
  }
  if (size === undefined) return;
  const ltAges = step !== undefined && ages ? lifeTableAgesForProjection(ages, step) : undefined;
  const ltWidths = ltAges?.map((x, i) => (ltAges[i + 1] ?? x) - x);
  for (const sex of sexes) {
    if (isRecord(input.survival)) {
      checkByStep(problems, `${path}/survival/${sex}`, input.survival[sex], steps, {
        label: 'Tỷ số sống',
        length: size,
        lengthWhat: sizeWhat,
        nonNegative: true,
        atMostOne: true,
      });
    }
    if (isRecord(input.mx) && ltAges) {
      const what =
        step === 5 ? 'theo nhóm tuổi của bảng sống 0, 1, 5, 10, …: nhiều hơn «ages» một nhóm' : sizeWhat;
      checkByStep(problems, `${path}/mx/${sex}`, input.mx[sex], steps, {
        label: 'Tỷ suất chết',
        length: ltAges.length,
        lengthWhat: what,
        nonNegative: true,
        lastPositive: true,
      });
      if (isRecord(input.ax)) {
        checkByStep(problems, `${path}/ax/${sex}`, input.ax[sex], steps, {
          label: 'ax',
          length: ltAges.length,
          lengthWhat: what,
          ...(ltWidths ? { widths: ltWidths } : {}),
        });
      }
    }
    if (isRecord(input.migration)) {
      checkByStep(problems, `${path}/migration/${sex}`, input.migration[sex], steps, {
        label: 'Di cư thuần',
        length: size,
        lengthWhat: sizeWhat,
      });
    }
  }
  checkByStep(problems, `${path}/asfr`, input.asfr, steps, {
    label: 'Tỷ suất sinh',
    length: size,
    lengthWhat: sizeWhat,
    nonNegative: true,
    firstZero: true,
  });
  const srb = finiteNumber(input.srb);
  if (srb !== undefined && srb <= 0)
    problems.add(`${path}/srb`, 'not_positive', 'Tỷ số giới tính khi sinh phải lớn hơn 0.');
}

const sum = (list: readonly number[]) => list.reduce((s, v) => s + v, 0);

function indicatorsOf(
  ages: readonly number[],
  male: readonly number[],
  female: readonly number[],
  threshold: OldAgeThreshold,
): ProjectionIndicators {
  const both = male.map((m, i) => m + (female[i] ?? 0));
  const totalMale = sum(male);
  const totalFemale = sum(female);
  const dependency = dependencyRatios(ages, both, threshold);
  return {
    total: totalMale + totalFemale,
    male: totalMale,
    female: totalFemale,
    sexRatio: sexRatio(totalMale, totalFemale),
    youngDependency: dependency?.youngDependency ?? null,
    oldDependency: dependency?.oldDependency ?? null,
    totalDependency: dependency?.totalDependency ?? null,
    ageingIndex: dependency?.ageingIndex ?? null,
    medianAge: medianAge(ages, both),
  };
}

/** Migrants added to `population`, never taking a group below 0; returns the migrants actually added. */
function addMigrants(population: number[], migrants: readonly number[] | undefined, share: number): number {
  if (!migrants) return 0;
  let added = 0;
  for (let i = 0; i < population.length; i++) {
    const before = population[i] ?? 0;
    const after = Math.max(0, before + share * (migrants[i] ?? 0));
    population[i] = after;
    added += after - before;
  }
  return added;
}

/**
 * Cohort-component projection (Leslie/CCMPP; PHG 2001, ch. 6; UN Population Division), five-year or
 * single-year, both sexes. Per step and sex: with `even` timing half the net migrants join at the start (and
 * are exposed to the step's survival and fertility) and half by the end, with `end` all after the step;
 * each group i survives into i + 1 by S(i+1), the two oldest into the open group; births
 * = step·Σ ASFR·(women at start + women at end)/2 (the end counting the migrants who arrived in the step),
 * split by SRB and survived by S(0). Groups never go below 0. Throws DANSO_ERR_VALIDATION listing every
 * problem of the options.
 */
export function projectCohortComponent(options: ProjectionOptions): Projection {
  const problems = new Problems();
  projectionProblems(options as unknown as Loose, '', problems);
  problems.throwIfAny();

  const { step, ages } = options;
  const steps = options.horizon / step;
  const size = ages.length;
  const last = size - 1;
  const srb = options.srb ?? DEFAULT_SRB;
  const timing = options.migrationTiming ?? 'even';
  const threshold = options.oldAgeThreshold ?? 65;
  const ltAges = lifeTableAgesForProjection(ages, step);
  const givenAx = options.ax !== undefined;

  const survivalCache: BySex<Map<number, number[]>> = { male: new Map(), female: new Map() };
  const survivalAt = (sex: 'male' | 'female', s: number): number[] => {
    if (options.survival) return [...(pick(options.survival[sex], s) ?? [])];
    const mx = options.mx?.[sex];
    const ax = options.ax?.[sex];
    const key = isPerStep(mx) || isPerStep(ax) ? s : 0;
    const cached = survivalCache[sex].get(key);
    if (cached) return cached;
    const table = computeLifeTable(ltAges, pick(mx, s) ?? [], sex, {
      ax: pick(ax, s),
      axRule: options.axRule,
    });
    const ratios = survivalFromLifeTable(table, step);
    survivalCache[sex].set(key, ratios);
    return ratios;
  };

  let male = [...options.population.male];
  let female = [...options.population.female];
  const results: ProjectionStep[] = [];

  for (let s = 0; s < steps; s++) {
    const asfr = pick(options.asfr, s) ?? [];
    const migrants: BySex<readonly number[] | undefined> = {
      male: pick(options.migration?.male, s),
      female: pick(options.migration?.female, s),
    };
    const startShare = timing === 'even' ? 0.5 : 0;
    const endShare = 1 - startShare;

    const start: BySex<number[]> = { male: [...male], female: [...female] };
    const addedAtStart = {
      male: addMigrants(start.male, migrants.male, startShare),
      female: addMigrants(start.female, migrants.female, startShare),
    };
    const survival: BySex<number[]> = { male: survivalAt('male', s), female: survivalAt('female', s) };

    const end: BySex<number[]> = {
      male: new Array<number>(size).fill(0),
      female: new Array<number>(size).fill(0),
    };
    for (const sex of ['male', 'female'] as const) {
      const from = start[sex];
      const S = survival[sex];
      for (let i = 1; i < last; i++) end[sex][i] = (from[i - 1] ?? 0) * (S[i] ?? 0);
      end[sex][last] = ((from[last - 1] ?? 0) + (from[last] ?? 0)) * (S[last] ?? 0);
    }
    // The first group is filled by births below; migrants of that group join it after the births.
    const endMigrantsFirstGroup: BySex<number> = {
      male: endShare * (migrants.male?.[0] ?? 0),
      female: endShare * (migrants.female?.[0] ?? 0),
    };
    // Women at the end of the step for the births: with `end` timing the migrants arrive after the step and
    // bear no children in it; with `even` timing those arriving during the step count (PHG Box 6.2).
    const womenBeforeEndMigrants = [...end.female];
    const endMigrantsOlder = (list: readonly number[] | undefined) => list?.map((v, i) => (i === 0 ? 0 : v));
    const addedAtEnd = {
      male: addMigrants(end.male, endMigrantsOlder(migrants.male), endShare),
      female: addMigrants(end.female, endMigrantsOlder(migrants.female), endShare),
    };
    const womenAtEnd = timing === 'end' ? womenBeforeEndMigrants : end.female;

    const birthsByMotherAge = asfr.map(
      (f, i) => step * f * (((start.female[i] ?? 0) + (womenAtEnd[i] ?? 0)) / 2),
    );
    const totalBirths = sum(birthsByMotherAge);
    const femaleBirths = totalBirths / (1 + srb);
    const maleBirths = totalBirths - femaleBirths;

    for (const [sex, births] of [
      ['male', maleBirths],
      ['female', femaleBirths],
    ] as const) {
      const survived = births * (survival[sex][0] ?? 0);
      const withMigrants = Math.max(0, survived + endMigrantsFirstGroup[sex]);
      end[sex][0] = withMigrants;
      addedAtEnd[sex] += withMigrants - survived;
    }

    const netMigrants = {
      male: addedAtStart.male + addedAtEnd.male,
      female: addedAtStart.female + addedAtEnd.female,
    };
    const deathsOf = (sex: 'male' | 'female', births: number, before: readonly number[]) =>
      Math.max(0, sum(before) + netMigrants[sex] + births - sum(end[sex]));
    const deaths = {
      male: deathsOf('male', maleBirths, male),
      female: deathsOf('female', femaleBirths, female),
    };

    male = end.male;
    female = end.female;
    results.push({
      yearOffset: (s + 1) * step,
      population: { male: [...male], female: [...female] },
      births: { total: totalBirths, male: maleBirths, female: femaleBirths },
      birthsByMotherAge,
      deaths: { total: deaths.male + deaths.female, male: deaths.male, female: deaths.female },
      netMigrants: {
        total: netMigrants.male + netMigrants.female,
        male: netMigrants.male,
        female: netMigrants.female,
      },
      indicators: indicatorsOf(ages, male, female, threshold),
    });
  }

  return {
    ages: [...ages],
    steps: results,
    conventions: {
      step,
      horizon: options.horizon,
      migrationTiming: timing,
      survivalSource: options.survival ? 'given' : 'life-table',
      axRule: options.mx && !givenAx ? axRuleWithDefaults(options.axRule) : null,
      srb,
      oldAgeThreshold: threshold,
      births: BIRTHS_CONVENTION,
    },
  };
}
