import { maxAge, singleAgeShares } from './data/demography.ts';
import type { Random } from './random.ts';

export type Sex = 1 | 2;
const ages = maxAge + 1;
const shares = singleAgeShares();
/** Weight of an age d years from the preferred one: a normal curve with a standard deviation of 3.5 years. */
const nearness = Array.from({ length: 2 * ages }, (_, d) => Math.exp(-(d * d) / 24.5));

/**
 * The people still to be placed in a commune, by sex and single age. Family building asks for someone
 * of a given sex in an age range (a wife of 20–60, a child her age minus 19–44 …) and gets an age drawn
 * in proportion to what is left, so the commune's population follows the national pyramid while every
 * household stays a plausible family. When a range is used up it still answers, with a small floor
 * weight, rather than fail.
 */
export class AgeSexQuota {
  private readonly remaining = new Float64Array(2 * ages);
  private readonly floor = new Float64Array(2 * ages);
  private readonly weights = new Float64Array(2 * ages);

  constructor(people: number) {
    for (let age = 0; age < ages; age++) {
      const male = (shares.male[age] as number) * people;
      const female = (shares.female[age] as number) * people;
      this.remaining[age] = male;
      this.remaining[ages + age] = female;
      this.floor[age] = male * 0.005 + 1e-6;
      this.floor[ages + age] = female * 0.005 + 1e-6;
    }
  }

  /**
   * Draws a person of `sex` (or either sex when null) aged lo..hi. With `near`, ages are weighted by
   * closeness to it (a husband about three years older than his wife); ages in `apart` (siblings) are
   * made unlikely, so that children are spaced. Returns null when the range is empty.
   */
  draw(
    random: Random,
    sex: Sex | null,
    lo: number,
    hi: number,
    near?: number,
    apart?: readonly number[],
  ): { sex: Sex; age: number } | null {
    const from = Math.max(0, lo);
    const to = Math.min(maxAge, hi);
    if (from > to) return null;
    const firstSex = sex === 2 ? 1 : 0;
    const lastSex = sex === 1 ? 0 : 1;
    let total = 0;
    for (let s = firstSex; s <= lastSex; s++) {
      for (let age = from; age <= to; age++) {
        const i = s * ages + age;
        const left = this.remaining[i] as number;
        let w = Math.max(left, 0) + (this.floor[i] as number);
        if (near !== undefined) w *= nearness[Math.abs(age - near)] ?? 0;
        if (apart !== undefined) {
          for (const other of apart) {
            const d = other > age ? other - age : age - other;
            // Twins happen, rarely; a year apart is possible but less common.
            if (d === 0) w *= 0.03;
            else if (d === 1) w *= 0.4;
          }
        }
        this.weights[i] = w;
        total += w;
      }
    }
    if (!(total > 0)) return null;
    let x = random.float() * total;
    let last = -1;
    for (let s = firstSex; s <= lastSex; s++) {
      for (let age = from; age <= to; age++) {
        const i = s * ages + age;
        const w = this.weights[i] as number;
        if (w <= 0) continue;
        last = i;
        x -= w;
        if (x < 0) return this.take(i);
      }
    }
    // Rounding can leave x a hair above zero: the last positive weight wins.
    return last >= 0 ? this.take(last) : null;
  }

  private take(i: number): { sex: Sex; age: number } {
    this.remaining[i] = (this.remaining[i] as number) - 1;
    return { sex: i < ages ? 1 : 2, age: i % ages };
  }
}
