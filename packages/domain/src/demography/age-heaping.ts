import { checkLength, checkNonNegative, type Loose, numberList, type Problems } from './problems.ts';

export type AgeHeapingMethod = 'whipple' | 'myers';
export const ageHeapingMethods: readonly AgeHeapingMethod[] = ['whipple', 'myers'];

export const WHIPPLE_DEFAULT_RANGE: readonly [number, number] = [25, 60];
export const WHIPPLE_DEFAULT_DIGITS: readonly number[] = [0, 5];
export const MYERS_DEFAULT_RANGE: readonly [number, number] = [10, 89];

function byAge(ages: readonly number[], population: readonly number[]): (age: number) => number {
  const map = new Map<number, number>();
  ages.forEach((x, i) => {
    map.set(x, population[i] ?? 0);
  });
  return (age) => map.get(age) ?? 0;
}

/**
 * Whipple's index for any terminal digits over any numerator range (UN Manual X; Shryock & Siegel; PASEX
 * SINGAGE as in DemoTools): 100 × Σ P(x) / (Σ P(x−2 … x+2) / 5), x running over the ages of `range` (inclusive)
 * ending in one of `digits`. With digits 0 and 5 and ages 25–60 this is the classic 5·Σ P(25, 30, …, 60) /
 * Σ P(23 … 62) × 100: 100 means no heaping, 500 all ages reported ending in 0 or 5. Null when the
 * denominator is 0.
 */
export function whippleIndex(
  ages: readonly number[],
  population: readonly number[],
  range: readonly [number, number] = WHIPPLE_DEFAULT_RANGE,
  digits: readonly number[] = WHIPPLE_DEFAULT_DIGITS,
): number | null {
  const p = byAge(ages, population);
  let numerator = 0;
  let denominator = 0;
  for (let x = range[0]; x <= range[1]; x++) {
    if (!digits.includes(x % 10)) continue;
    numerator += p(x);
    for (let y = x - 2; y <= x + 2; y++) denominator += p(y);
  }
  return denominator > 0 ? (100 * numerator) / (denominator / 5) : null;
}

export interface MyersIndex {
  /** ½ Σ |share − 10| in percentage points: 0 no heaping, 90 every age on one digit. */
  index: number;
  /** Blended share of each terminal digit offset from the range start, in per cent. */
  shares: number[];
}

/**
 * Myers' blended index (Myers 1940; Shryock & Siegel; UN Manual X) over ages `range` (inclusive, a whole
 * number of decades): for the digit offset j = 0…9 from the start a, S1 sums P(a + j + 10k) without the last
 * decade and S2 without the first; the blended count (j + 1)·S1 + (9 − j)·S2 gives each digit's share, and the
 * index is ½ Σ |100·share − 10|. Null when the population of the range is 0.
 */
export function myersIndex(
  ages: readonly number[],
  population: readonly number[],
  range: readonly [number, number] = MYERS_DEFAULT_RANGE,
): MyersIndex | null {
  const p = byAge(ages, population);
  const decades = (range[1] - range[0] + 1) / 10;
  const blended = new Array<number>(10).fill(0);
  for (let j = 0; j < 10; j++) {
    let withoutLast = 0;
    let withoutFirst = 0;
    for (let k = 0; k < decades; k++) {
      const v = p(range[0] + j + 10 * k);
      if (k < decades - 1) withoutLast += v;
      if (k > 0) withoutFirst += v;
    }
    blended[j] = (j + 1) * withoutLast + (9 - j) * withoutFirst;
  }
  const total = blended.reduce((s, v) => s + v, 0);
  if (!(total > 0)) return null;
  const shares = blended.map((v) => (100 * v) / total);
  return { index: shares.reduce((s, v) => s + Math.abs(v - 10), 0) / 2, shares };
}

function asRange(value: unknown): [number, number] | undefined {
  const list = numberList(value);
  return list && list.length === 2 ? [list[0] ?? 0, list[1] ?? 0] : undefined;
}

/** Adds the problems of an age-heaping input to `problems`. */
export function ageHeapingProblems(input: Loose, path: string, problems: Problems): void {
  const ages = numberList(input.ages);
  if (ages) {
    ages.forEach((x, i) => {
      if (!Number.isInteger(x) || x < 0) {
        problems.add(`${path}/ages/${i}`, 'not_single_year', 'Tuổi phải là số nguyên không âm.');
      }
      const next = ages[i + 1];
      if (next !== undefined && next !== x + 1) {
        problems.add(
          `${path}/ages/${i + 1}`,
          'not_single_years',
          `Tuổi phải liên tiếp từng năm một (${x} → ${next}).`,
        );
      }
    });
    checkLength(problems, `${path}/population`, input.population, ages.length, 'bằng số tuổi trong «ages»');
  }
  checkNonNegative(problems, `${path}/population`, input.population, 'Dân số');
  const method = input.method;
  if (method === 'myers' && input.digits !== undefined) {
    problems.add(`${path}/digits`, 'unused', '«digits» chỉ dùng cho chỉ số Whipple.');
  }
  const range = asRange(input.range);
  if (range && range[0] > range[1]) {
    problems.add(`${path}/range`, 'range', 'Khoảng tuổi [từ, đến] phải có «từ» ≤ «đến».');
    return;
  }
  if (method !== 'whipple' && method !== 'myers') return;
  const effective = range ?? (method === 'whipple' ? WHIPPLE_DEFAULT_RANGE : MYERS_DEFAULT_RANGE);
  if (method === 'myers' && (effective[1] - effective[0] + 1) % 10 !== 0) {
    problems.add(
      `${path}/range`,
      'not_whole_decades',
      'Khoảng tuổi cho chỉ số Myers phải gồm một số chẵn thập niên (ví dụ [10, 89]).',
    );
  } else if (method === 'myers' && effective[1] - effective[0] + 1 < 20) {
    problems.add(`${path}/range`, 'too_short', 'Khoảng tuổi cho chỉ số Myers phải dài ít nhất 20 năm.');
  }
  if (method === 'whipple') {
    const digits = numberList(input.digits) ?? WHIPPLE_DEFAULT_DIGITS;
    let any = false;
    for (let x = effective[0]; x <= effective[1]; x++) if (digits.includes(x % 10)) any = true;
    if (!any)
      problems.add(
        `${path}/range`,
        'empty',
        'Không có tuổi nào trong khoảng kết thúc bằng các chữ số đã chọn.',
      );
  }
  if (ages && ages.length > 0) {
    const needed: readonly [number, number] =
      method === 'whipple' ? [effective[0] - 2, effective[1] + 2] : effective;
    const first = ages[0] ?? 0;
    const last = ages[ages.length - 1] ?? 0;
    if (needed[0] < first || needed[1] > last) {
      problems.add(
        `${path}/${range ? 'range' : 'ages'}`,
        'not_covered',
        `Số liệu phải có đủ các tuổi từ ${needed[0]} đến ${needed[1]} (hiện có ${first}–${last}).`,
      );
    }
  }
}
