import {
  type AxRule,
  a0AndreevKingkade,
  axCoaleDemenyFromM0,
  axCoaleDemenyFromQ0,
  axGreville,
  axRuleWithDefaults,
  type LifeTableSex,
  solveQ0FromM0CoaleDemeny,
} from './ax-rules.ts';
import { checkLength, checkNonNegative, finiteNumber, type Loose, numberList, Problems } from './problems.ts';

export type LifeTableKind = 'abridged' | 'complete';

/** How each nax was obtained: given, by a named rule, or 1/mx in the open interval. */
export type AxMethod = 'given' | 'cd-m0' | 'cd-q0' | 'ak-m0' | 'half' | 'greville' | 'open';

/**
 * How each nqx was obtained: `standard` n·M/(1 + (n − a)·M); `exponential` 1 − e^(−n·M) where the standard
 * formula exceeds 1; `given-q0` the q0 of the input; `open` 1.
 */
export type QxMethod = 'standard' | 'exponential' | 'given-q0' | 'open';

export interface LifeTableOptions {
  /** Lower bounds of the age groups: 0, 1, 5, 10, … (abridged) or 0, 1, 2, … (complete); the last is open. */
  ages: readonly number[];
  /** Death rates nMx; or give `deaths` and `exposure` instead. */
  mx?: readonly number[];
  deaths?: readonly number[];
  /** Person-years lived (the mid-period population is the usual proxy). */
  exposure?: readonly number[];
  sex: LifeTableSex;
  /** Separation factors nax; the open interval's value is replaced by 1/mx. */
  ax?: readonly number[];
  /** Rules for nax when `ax` is not given (default Coale–Demeny West from 1m0; UN from age 5). */
  axRule?: Partial<AxRule>;
  /** 1q0 to use instead of the one implied by 1m0 (for instance an infant mortality rate). */
  q0?: number;
  /** l0, default 100,000. */
  radix?: number;
}

export interface LifeTableConventions {
  table: LifeTableKind;
  sex: LifeTableSex;
  radix: number;
  mxSource: 'mx' | 'deaths-exposure';
  axSource: 'given' | 'rule';
  /** The rules used, with defaults filled in; null when ax was given. */
  axRule: AxRule | null;
  axMethod: AxMethod[];
  q0Source: 'given' | 'mx';
  qxMethod: QxMethod[];
  openInterval: string;
}

export interface LifeTable {
  ages: number[];
  /** Interval widths; null for the open interval. */
  n: Array<number | null>;
  mx: number[];
  ax: number[];
  qx: number[];
  lx: number[];
  dx: number[];
  Lx: number[];
  Tx: number[];
  ex: number[];
  conventions: LifeTableConventions;
}

export const DEFAULT_RADIX = 100_000;
export const OPEN_INTERVAL_CONVENTION = 'qx = 1, ax = 1/mx, Lx = lx/mx';

/** Abridged (0, 1, 5, 10, …) or complete (0, 1, 2, …) ages; null for any other layout. */
export function lifeTableKind(ages: readonly number[]): LifeTableKind | null {
  if (ages.length < 2 || ages[0] !== 0 || ages[1] !== 1) return null;
  if (ages.every((age, i) => age === i)) return 'complete';
  if (ages.every((age, i) => i < 2 || age === 5 * (i - 1))) return 'abridged';
  return null;
}

/** nqx from nMx and nax (PHG 2001, ch. 3); 1 − e^(−n·M) when the formula exceeds 1 (kept ≤ 1). */
export function qxFromMx(n: number, m: number, a: number): { q: number; method: QxMethod } {
  const q = (n * m) / (1 + (n - a) * m);
  if (q <= 1) return { q, method: 'standard' };
  return { q: Math.min(1, 1 - Math.exp(-n * m)), method: 'exponential' };
}

/** The inverse: nMx = nqx / (n − (n − a)·nqx) (PHG 2001, ch. 3). */
export function mxFromQx(n: number, q: number, a: number): number {
  return q / (n - (n - a) * q);
}

/** Adds the problems of a life-table input (already past its schema, or not) to `problems`. */
export function lifeTableProblems(input: Loose, path: string, problems: Problems): void {
  const ages = numberList(input.ages);
  let size: number | undefined;
  if (ages) {
    size = ages.length;
    if (lifeTableKind(ages) === null) {
      problems.add(
        `${path}/ages`,
        'age_pattern',
        'Nhóm tuổi phải là 0, 1, 5, 10, … (bảng rút gọn) hoặc 0, 1, 2, … (bảng đầy đủ); nhóm cuối là nhóm mở.',
      );
    }
  }
  const what = 'bằng số nhóm tuổi trong «ages»';
  const hasMx = input.mx !== undefined;
  const hasDeaths = input.deaths !== undefined;
  const hasExposure = input.exposure !== undefined;
  if (hasMx && (hasDeaths || hasExposure)) {
    problems.add(`${path}/mx`, 'exclusive', 'Chỉ cho một trong hai: «mx», hoặc «deaths» cùng «exposure».');
  } else if (!hasMx && !hasDeaths && !hasExposure) {
    problems.add(`${path}/mx`, 'required', 'Cần «mx», hoặc «deaths» cùng «exposure».');
  } else if (!hasMx && hasDeaths !== hasExposure) {
    const missing = hasDeaths ? 'exposure' : 'deaths';
    problems.add(
      `${path}/${missing}`,
      'required',
      `Thiếu trường «${missing}» (cần cả «deaths» và «exposure»).`,
    );
  }
  const last = size === undefined ? undefined : size - 1;
  if (size !== undefined) {
    for (const key of ['mx', 'deaths', 'exposure', 'ax'] as const)
      checkLength(problems, `${path}/${key}`, input[key], size, what);
  }
  const entry = (key: string, i: number | undefined): unknown => {
    const list = input[key];
    return Array.isArray(list) && i !== undefined && list.length === size ? list[i] : undefined;
  };
  checkNonNegative(problems, `${path}/mx`, input.mx, 'Tỷ suất chết');
  if (entry('mx', last) === 0) {
    problems.add(`${path}/mx/${last}`, 'open_rate_zero', 'Tỷ suất chết của nhóm tuổi mở phải lớn hơn 0.');
  }
  checkNonNegative(problems, `${path}/deaths`, input.deaths, 'Số người chết');
  if (entry('deaths', last) === 0) {
    problems.add(
      `${path}/deaths/${last}`,
      'open_rate_zero',
      'Số người chết của nhóm tuổi mở phải lớn hơn 0.',
    );
  }
  checkNonNegative(problems, `${path}/exposure`, input.exposure, 'Số người-năm sống (exposure)', true);

  if (ages && Array.isArray(input.ax)) {
    for (let i = 0; i < ages.length - 1; i++) {
      const a = entry('ax', i);
      const n = (ages[i + 1] ?? 0) - (ages[i] ?? 0);
      if (typeof a === 'number' && (a < 0 || a > n)) {
        problems.add(
          `${path}/ax/${i}`,
          'out_of_interval',
          `ax phải nằm trong khoảng [0, ${n}] (độ rộng nhóm tuổi).`,
        );
      }
    }
  }
  if (input.ax !== undefined && input.axRule !== undefined) {
    problems.add(`${path}/axRule`, 'exclusive', 'Chỉ cho một trong hai: «ax» hoặc «axRule».');
  }
  const q0 = finiteNumber(input.q0);
  if (q0 !== undefined && (q0 < 0 || q0 >= 1)) {
    problems.add(`${path}/q0`, 'range', 'q0 phải nằm trong khoảng [0, 1).');
  }
  const radix = finiteNumber(input.radix);
  if (radix !== undefined && radix <= 0)
    problems.add(`${path}/radix`, 'not_positive', 'radix phải lớn hơn 0.');
}

/** nax for ages 5 and over (and 1+ in complete tables) by the `older` rule. */
function olderAx(
  rule: AxRule['older'],
  ages: readonly number[],
  widths: readonly number[],
  mx: readonly number[],
  i: number,
): { a: number; method: AxMethod } {
  const x = ages[i] ?? 0;
  const n = widths[i] ?? 1;
  const useGreville = rule === 'greville' ? x >= 5 : rule === 'un' ? x >= 15 : false;
  if (!useGreville || i === 0) return { a: n / 2, method: 'half' };
  const previousMid = (ages[i - 1] ?? 0) + (widths[i - 1] ?? n) / 2;
  const nextMid = (ages[i + 1] ?? x + n) + (widths[i + 1] ?? n) / 2;
  const a = axGreville(n, mx[i] ?? 0, mx[i - 1] ?? 0, mx[i + 1] ?? 0, nextMid - previousMid);
  return { a, method: 'greville' };
}

interface YoungResult {
  m0: number;
  q0: number | undefined;
  a0: number;
  a1: number;
}

/** 1a0 and 4a1 by the `young` rule; with a given q0 the rule's 1m0 is solved to agree with it. */
function youngAx(rule: AxRule, sex: LifeTableSex, m0: number, q0Given: number | undefined): YoungResult {
  if (rule.young === 'cd-q0') {
    if (q0Given !== undefined) {
      const { a0, a1 } = axCoaleDemenyFromQ0(q0Given, sex, rule.region);
      return { m0: mxFromQx(1, q0Given, a0), q0: q0Given, a0, a1 };
    }
    const solved = solveQ0FromM0CoaleDemeny(m0, sex, rule.region);
    return { m0, q0: solved.q0, a0: solved.a0, a1: solved.a1 };
  }
  const byM0 = (m: number): { a0: number; a1: number } => {
    const cd = axCoaleDemenyFromM0(m, sex);
    // Andreev–Kingkade gives 1a0 only; 4a1 stays Coale–Demeny from 1m0.
    return rule.young === 'ak-m0' ? { a0: a0AndreevKingkade(m, sex), a1: cd.a1 } : cd;
  };
  if (q0Given === undefined) return { m0, q0: undefined, ...byM0(m0) };
  // 1m0 consistent with the given 1q0 and the rule's own 1a0(1m0): a fixed point that contracts quickly,
  // since |d m0 / d a0| ≤ q0² and the rules' slopes are below 4.
  let m = m0 > 0 ? m0 : q0Given;
  for (let i = 0; i < 100; i++) {
    const next = mxFromQx(1, q0Given, byM0(m).a0);
    if (Math.abs(next - m) < 1e-15) {
      m = next;
      break;
    }
    m = next;
  }
  return { m0: m, q0: q0Given, ...byM0(m) };
}

/** `lifeTable` (PHG 2001, ch. 3) for inputs already checked; the projection builds its tables with it. */
export function computeLifeTable(
  ages: readonly number[],
  mxIn: readonly number[],
  sex: LifeTableSex,
  options: {
    ax?: readonly number[] | undefined;
    axRule?: Partial<AxRule> | undefined;
    q0?: number | undefined;
    radix?: number | undefined;
    mxSource?: 'mx' | 'deaths-exposure';
  } = {},
): LifeTable {
  const kind = lifeTableKind(ages) ?? 'abridged';
  const size = ages.length;
  const last = size - 1;
  const radix = options.radix ?? DEFAULT_RADIX;
  const widths = ages.map((x, i) => (i < last ? (ages[i + 1] ?? x) - x : 0));
  const mx = [...mxIn];
  const ax = new Array<number>(size).fill(0);
  const axMethod = new Array<AxMethod>(size).fill('half');
  const rule = options.ax ? null : axRuleWithDefaults(options.axRule);
  const q0Given = options.q0;

  if (options.ax) {
    for (let i = 0; i < last; i++) {
      ax[i] = options.ax[i] ?? 0;
      axMethod[i] = 'given';
    }
    if (q0Given !== undefined && last > 0) mx[0] = mxFromQx(1, q0Given, ax[0] ?? 0);
  } else if (rule) {
    if (last > 0) {
      const young = youngAx(rule, sex, mx[0] ?? 0, q0Given);
      mx[0] = young.m0;
      ax[0] = young.a0;
      axMethod[0] = rule.young;
      if (kind === 'abridged' && last > 1) {
        ax[1] = young.a1;
        // Andreev–Kingkade has no 4a1: the 1–4 group falls back to Coale–Demeny from 1m0.
        axMethod[1] = rule.young === 'ak-m0' ? 'cd-m0' : rule.young;
      }
    }
    const firstOlder = kind === 'abridged' ? 2 : 1;
    for (let i = firstOlder; i < last; i++) {
      if ((ages[i] ?? 0) < 5) {
        ax[i] = (widths[i] ?? 1) / 2;
        axMethod[i] = 'half';
        continue;
      }
      const { a, method } = olderAx(rule.older, ages, widths, mx, i);
      ax[i] = a;
      axMethod[i] = method;
    }
  }

  const qx = new Array<number>(size).fill(1);
  const qxMethod = new Array<QxMethod>(size).fill('open');
  const lx = new Array<number>(size).fill(0);
  const dx = new Array<number>(size).fill(0);
  const Lx = new Array<number>(size).fill(0);
  let l = radix;
  for (let i = 0; i < size; i++) {
    const m = mx[i] ?? 0;
    lx[i] = l;
    if (i === last) {
      ax[i] = 1 / m;
      axMethod[i] = 'open';
      qx[i] = 1;
      qxMethod[i] = 'open';
      dx[i] = l;
      Lx[i] = l / m;
      break;
    }
    const n = widths[i] ?? 1;
    const a = ax[i] ?? n / 2;
    if (i === 0 && q0Given !== undefined) {
      qx[i] = q0Given;
      qxMethod[i] = 'given-q0';
    } else {
      const { q, method } = qxFromMx(n, m, a);
      qx[i] = q;
      qxMethod[i] = method;
    }
    const d = l * (qx[i] ?? 0);
    const next = l - d;
    dx[i] = d;
    Lx[i] = n * next + a * d;
    l = next;
  }
  const Tx = new Array<number>(size).fill(0);
  let t = 0;
  for (let i = last; i >= 0; i--) {
    t += Lx[i] ?? 0;
    Tx[i] = t;
  }
  // Where no one survives to the start of an interval, no life remains to be lived: ex is 0.
  const ex = Tx.map((T, i) => ((lx[i] ?? 0) > 0 ? T / (lx[i] ?? 1) : 0));

  return {
    ages: [...ages],
    n: widths.map((w, i) => (i === last ? null : w)),
    mx,
    ax,
    qx,
    lx,
    dx,
    Lx,
    Tx,
    ex,
    conventions: {
      table: kind,
      sex,
      radix,
      mxSource: options.mxSource ?? 'mx',
      axSource: options.ax ? 'given' : 'rule',
      axRule: rule,
      axMethod,
      q0Source: q0Given !== undefined ? 'given' : 'mx',
      qxMethod,
      openInterval: OPEN_INTERVAL_CONVENTION,
    },
  };
}

/**
 * Period life table, abridged or complete, from nMx or from deaths and exposure (PHG 2001, ch. 3;
 * UN Manual X 1983). nqx = n·M / (1 + (n − a)·M); l(x+n) = lx·(1 − q); nLx = n·l(x+n) + a·dx; the open
 * interval has q = 1, a = 1/M and L = l/M; Tx sums L from x up; ex = Tx/lx. With `q0`, 1q0 is that value and
 * 1m0 is recomputed from it. Throws DANSO_ERR_VALIDATION listing every problem of the options.
 */
export function lifeTable(options: LifeTableOptions): LifeTable {
  const problems = new Problems();
  lifeTableProblems(options as unknown as Loose, '', problems);
  problems.throwIfAny();
  const fromDeaths = options.mx === undefined;
  const mx = fromDeaths
    ? (options.deaths ?? []).map((d, i) => d / (options.exposure?.[i] ?? Number.NaN))
    : (options.mx ?? []);
  return computeLifeTable(options.ages, mx, options.sex, {
    ax: options.ax,
    axRule: options.axRule,
    q0: options.q0,
    radix: options.radix,
    mxSource: fromDeaths ? 'deaths-exposure' : 'mx',
  });
}
