import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { myersIndex, whippleIndex } from './age-heaping.ts';
import { ageHeapingFromJson } from './json.ts';

const ages = Array.from({ length: 101 }, (_, i) => i);
const uniform = ages.map(() => 1000);
const heapedOn0And5 = ages.map((x) => (x % 5 === 0 ? 5000 : 0));

describe("Whipple's index", () => {
  it('is 100 for a uniform population and 500 when every age ends in 0 or 5', () => {
    expect(whippleIndex(ages, uniform)).toBe(100);
    expect(whippleIndex(ages, heapedOn0And5)).toBe(500);
  });

  it('is the classic 5·Σ P(25, 30, …, 60) / Σ P(23 … 62)', () => {
    const population = ages.map((x) => 1000 + 37 * x + (x % 10 === 0 ? 400 : 0) + (x % 10 === 5 ? 150 : 0));
    let numerator = 0;
    for (let x = 25; x <= 60; x += 5) numerator += population[x] ?? 0;
    let denominator = 0;
    for (let x = 23; x <= 62; x++) denominator += population[x] ?? 0;
    expect(whippleIndex(ages, population)).toBeCloseTo((500 * numerator) / denominator, 10);
  });

  it('takes any digits and range', () => {
    expect(whippleIndex(ages, uniform, [30, 70], [0])).toBe(100);
    // Heaping on 0 only: digit 0 gets every person of its window.
    const on0 = ages.map((x) => (x % 10 === 0 ? 1 : 0));
    expect(whippleIndex(ages, on0, [30, 70], [0])).toBe(500);
    expect(whippleIndex(ages, heapedOn0And5, [30, 70], [5])).toBe(500);
    // No one in the windows around the digit-5 ages.
    expect(whippleIndex(ages, on0, [30, 70], [5])).toBeNull();
    // Ages 33 and 43 only (digit 3): P(33) + P(43) = 2·1000; windows 31–35 and 41–45 hold 10·1000.
    expect(
      whippleIndex(
        ages,
        uniform.map((v, x) => (x === 33 ? 3000 : v)),
        [30, 49],
        [3],
      ),
    ).toBeCloseTo((100 * 4000) / (12_000 / 5), 10);
  });
});

describe("Myers' blended index", () => {
  it('is 0 for a uniform population', () => {
    expect(myersIndex(ages, uniform)?.index).toBeCloseTo(0, 12);
    expect(myersIndex(ages, uniform)?.shares.every((s) => Math.abs(s - 10) < 1e-12)).toBe(true);
  });

  it('is 80 when every age ends in 0 or 5 and 90 when all end in 0', () => {
    expect(myersIndex(ages, heapedOn0And5)?.index).toBeCloseTo(80, 12);
    expect(
      myersIndex(
        ages,
        ages.map((x) => (x % 10 === 0 ? 1 : 0)),
      )?.index,
    ).toBeCloseTo(90, 12);
  });

  it('blends by hand over two decades', () => {
    // Range 10–29: S1 = P(10 + j), S2 = P(20 + j); blended_j = (j + 1)·S1 + (9 − j)·S2.
    const population = ages.map((x) => (x === 10 ? 2 : x === 29 ? 3 : 1));
    const blended = Array.from(
      { length: 10 },
      (_, j) => (j + 1) * (j === 0 ? 2 : 1) + (9 - j) * (j === 9 ? 3 : 1),
    );
    const total = blended.reduce((s, v) => s + v, 0);
    const expected = blended.reduce((s, v) => s + Math.abs((100 * v) / total - 10), 0) / 2;
    expect(myersIndex(ages, population, [10, 29])?.index).toBeCloseTo(expected, 12);
    // blended: j = 0 → 1·2 + 9 = 11, j = 9 → 10 + 0·3 = 10, the others 10: shares 11/101 and 10/101.
    expect(expected).toBeCloseTo((Math.abs(1100 / 101 - 10) + 9 * Math.abs(1000 / 101 - 10)) / 2, 12);
  });
});

describe('age-heaping input problems', () => {
  function reasons(input: unknown): string[] {
    try {
      ageHeapingFromJson(input);
    } catch (error) {
      if (error instanceof DomainError) return error.details.map((d) => `${d.path} ${d.reason}`);
      throw error;
    }
    return [];
  }

  it('needs single consecutive ages and whole decades for Myers', () => {
    expect(
      reasons({ ages: [0, 1, 3], population: [1, 1], method: 'myers', range: [0, 14], digits: [0] }),
    ).toEqual([
      '/ages/2 not_single_years',
      '/population length_mismatch',
      '/digits unused',
      '/range not_whole_decades',
      '/range not_covered',
    ]);
  });

  it('needs the Whipple windows to be covered', () => {
    expect(reasons({ ages: ages.slice(0, 61), population: uniform.slice(0, 61), method: 'whipple' })).toEqual(
      ['/ages not_covered'],
    );
    expect(
      reasons({ ages, population: uniform, method: 'whipple', range: [31, 34], digits: [0, 5] }),
    ).toEqual(['/range empty']);
  });

  it('answers with the range and digits used', () => {
    expect(ageHeapingFromJson({ ages, population: uniform, method: 'whipple' })).toEqual({
      method: 'whipple',
      range: [25, 60],
      digits: [0, 5],
      whipple: 100,
    });
    const myers = ageHeapingFromJson({ ages, population: heapedOn0And5, method: 'myers' });
    expect(myers.range).toEqual([10, 89]);
    expect(myers.myers).toBeCloseTo(80, 12);
  });
});
