import { DEFAULT_RADIX } from './life-table.ts';
import { checkLength, checkNonNegative, finiteNumber, type Loose, numberList, Problems } from './problems.ts';

export const DEFAULT_SRB = 1.05;

export interface FertilityOptions {
  /** Lower bounds of the mothers' age groups, `n` years apart. */
  ages: readonly number[];
  /** Width of each group in years (5 or 1 usually). */
  n: number;
  /** Age-specific fertility rates; or give `births` and `womenExposure` instead. */
  asfr?: readonly number[];
  births?: readonly number[];
  womenExposure?: readonly number[];
  /** Sex ratio at birth, male per female births (default 1.05). */
  srb?: number;
  /** Female nLx of the same groups, from a life table with l0 = `radix`; gives NRR and r. */
  femaleLx?: readonly number[];
  radix?: number;
}

export interface FertilityConventions {
  n: number;
  srb: number;
  asfrSource: 'asfr' | 'births-exposure';
  radix: number | null;
  /** How r was found, when femaleLx is given. */
  rMethod: string | null;
}

export interface FertilityMeasures {
  asfr: number[];
  /** Total fertility rate, n·Σ ASFR. */
  tfr: number;
  /** Gross reproduction rate, TFR / (1 + SRB). */
  grr: number;
  /** Mean age at childbearing; null when there are no births. */
  mac: number | null;
  /** Net reproduction rate (with femaleLx). */
  nrr?: number;
  /** Intrinsic growth rate per year (with femaleLx); null when NRR is 0. */
  r?: number | null;
  conventions: FertilityConventions;
}

export const R_METHOD = "Coale's iteration on Lotka's equation Σ e^(−r(x+n/2))·ASFR/(1+SRB)·nLx/l0 = 1";

/** ASFR = births to women of the group / female person-years of the group (PHG 2001, ch. 5). */
export function asfrFromBirths(births: readonly number[], womenExposure: readonly number[]): number[] {
  return births.map((b, i) => b / (womenExposure[i] ?? Number.NaN));
}

/** Adds the problems of a fertility input to `problems`. */
export function fertilityProblems(input: Loose, path: string, problems: Problems): void {
  const ages = numberList(input.ages);
  const n = finiteNumber(input.n);
  if (ages && n !== undefined && n > 0) {
    ages.forEach((age, i) => {
      if (age < 0) problems.add(`${path}/ages/${i}`, 'negative', 'Tuổi không được âm.');
      const next = ages[i + 1];
      if (next !== undefined && next - age !== n) {
        problems.add(
          `${path}/ages/${i + 1}`,
          'not_equally_spaced',
          `Các nhóm tuổi phải cách nhau đúng n = ${n} năm (${age} → ${next}).`,
        );
      }
    });
  }
  const hasAsfr = input.asfr !== undefined;
  const hasBirths = input.births !== undefined;
  const hasExposure = input.womenExposure !== undefined;
  if (hasAsfr && (hasBirths || hasExposure)) {
    problems.add(
      `${path}/asfr`,
      'exclusive',
      'Chỉ cho một trong hai: «asfr», hoặc «births» cùng «womenExposure».',
    );
  } else if (!hasAsfr && !hasBirths && !hasExposure) {
    problems.add(`${path}/asfr`, 'required', 'Cần «asfr», hoặc «births» cùng «womenExposure».');
  } else if (!hasAsfr && hasBirths !== hasExposure) {
    const missing = hasBirths ? 'womenExposure' : 'births';
    problems.add(
      `${path}/${missing}`,
      'required',
      `Thiếu trường «${missing}» (cần cả «births» và «womenExposure»).`,
    );
  }
  if (ages) {
    for (const key of ['asfr', 'births', 'womenExposure', 'femaleLx'] as const) {
      checkLength(problems, `${path}/${key}`, input[key], ages.length, 'bằng số nhóm tuổi trong «ages»');
    }
  }
  checkNonNegative(problems, `${path}/asfr`, input.asfr, 'Tỷ suất sinh');
  checkNonNegative(problems, `${path}/births`, input.births, 'Số trẻ sinh');
  checkNonNegative(problems, `${path}/womenExposure`, input.womenExposure, 'Số phụ nữ-năm', true);
  const srb = finiteNumber(input.srb);
  if (srb !== undefined && srb <= 0)
    problems.add(`${path}/srb`, 'not_positive', 'Tỷ số giới tính khi sinh phải lớn hơn 0.');
  const radix = finiteNumber(input.radix) ?? DEFAULT_RADIX;
  if (input.radix !== undefined && input.femaleLx === undefined) {
    problems.add(`${path}/radix`, 'unused', '«radix» chỉ dùng cùng «femaleLx».');
  }
  if (finiteNumber(input.radix) !== undefined && radix <= 0) {
    problems.add(`${path}/radix`, 'not_positive', 'radix phải lớn hơn 0.');
  }
  const femaleLx = numberList(input.femaleLx);
  checkNonNegative(problems, `${path}/femaleLx`, input.femaleLx, 'nLx');
  if (femaleLx && n !== undefined && radix > 0) {
    femaleLx.forEach((L, i) => {
      if (L > n * radix) {
        problems.add(
          `${path}/femaleLx/${i}`,
          'out_of_range',
          `nLx không thể lớn hơn n × radix = ${n * radix}.`,
        );
      }
    });
  }
}

/**
 * Intrinsic growth rate r: the root of Lotka's equation Σ e^(−r·a)·φ(a) = 1 with a = x + n/2 and net maternity
 * φ = ASFR/(1+SRB)·nLx/l0, by Coale's iteration r ← r + (Σ e^(−r·a)·φ − 1)/T from r = ln(NRR)/T, T being the
 * mean age of the net maternity schedule (Coale 1957; PHG 2001, ch. 7). Bisection backs it up should the
 * iteration not settle. Null when NRR is 0.
 */
export function intrinsicGrowthRate(
  midAges: readonly number[],
  netMaternity: readonly number[],
): number | null {
  const nrr = netMaternity.reduce((s, v) => s + v, 0);
  if (!(nrr > 0)) return null;
  const T = midAges.reduce((s, a, i) => s + a * (netMaternity[i] ?? 0), 0) / nrr;
  const psi = (r: number) =>
    midAges.reduce((s, a, i) => {
      const phi = netMaternity[i] ?? 0;
      return phi > 0 ? s + Math.exp(-r * a) * phi : s;
    }, 0);
  let r = Math.log(nrr) / T;
  for (let k = 0; k < 200; k++) {
    const next = r + (psi(r) - 1) / T;
    if (!Number.isFinite(next)) break;
    if (Math.abs(next - r) < 1e-14) {
      // A step lost in rounding is not convergence: the equation itself must hold.
      if (Math.abs(psi(next) - 1) < 1e-12) return next;
      break;
    }
    r = next;
  }
  // ψ falls as r rises, so a bracket around the root exists.
  let lo = -1;
  let hi = 1;
  while (psi(lo) < 1) lo *= 2;
  while (psi(hi) > 1) hi *= 2;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (psi(mid) > 1) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** `fertilityMeasures` (PHG 2001, ch. 5 and 7) for inputs already checked. */
export function computeFertilityMeasures(
  ages: readonly number[],
  n: number,
  asfr: readonly number[],
  options: {
    srb?: number | undefined;
    femaleLx?: readonly number[] | undefined;
    radix?: number | undefined;
    asfrSource?: 'asfr' | 'births-exposure';
  } = {},
): FertilityMeasures {
  const srb = options.srb ?? DEFAULT_SRB;
  const sum = asfr.reduce((s, v) => s + v, 0);
  const tfr = n * sum;
  const midAges = ages.map((x) => x + n / 2);
  const mac = sum > 0 ? midAges.reduce((s, a, i) => s + a * (asfr[i] ?? 0), 0) / sum : null;
  const conventions: FertilityConventions = {
    n,
    srb,
    asfrSource: options.asfrSource ?? 'asfr',
    radix: options.femaleLx ? (options.radix ?? DEFAULT_RADIX) : null,
    rMethod: options.femaleLx ? R_METHOD : null,
  };
  // Required fields first, the optional ones last: the API's serialiser writes them in that order too.
  const base = { asfr: [...asfr], tfr, grr: tfr / (1 + srb), mac };
  if (!options.femaleLx) return { ...base, conventions };
  const radix = options.radix ?? DEFAULT_RADIX;
  const femaleLx = options.femaleLx;
  const netMaternity = asfr.map((f, i) => ((f / (1 + srb)) * (femaleLx[i] ?? 0)) / radix);
  const nrr = netMaternity.reduce((s, v) => s + v, 0);
  const result: FertilityMeasures = {
    ...base,
    conventions,
    nrr,
    r: intrinsicGrowthRate(midAges, netMaternity),
  };
  return result;
}

/**
 * Fertility and reproduction (PHG 2001, ch. 5 and 7): ASFR, TFR = n·Σ ASFR, GRR = TFR/(1 + SRB),
 * NRR = Σ ASFR/(1 + SRB)·nLx/l0, mean age at childbearing Σ (x + n/2)·ASFR / Σ ASFR, and the intrinsic growth
 * rate r. Throws DANSO_ERR_VALIDATION listing every problem of the options.
 */
export function fertilityMeasures(options: FertilityOptions): FertilityMeasures {
  const problems = new Problems();
  fertilityProblems(options as unknown as Loose, '', problems);
  problems.throwIfAny();
  const fromBirths = options.asfr === undefined;
  const asfr = fromBirths
    ? asfrFromBirths(options.births ?? [], options.womenExposure ?? [])
    : (options.asfr ?? []);
  return computeFertilityMeasures(options.ages, options.n, asfr, {
    srb: options.srb,
    femaleLx: options.femaleLx,
    radix: options.radix,
    asfrSource: fromBirths ? 'births-exposure' : 'asfr',
  });
}
