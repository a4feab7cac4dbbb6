import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { myersIndex, whippleIndex } from './age-heaping.ts';
import type { AxRule } from './ax-rules.ts';
import { fertilityMeasures } from './fertility.ts';
import { lifeTable } from './life-table.ts';
import { projectCohortComponent } from './projection.ts';
import { medianAge } from './structure.ts';

const sum = (list: readonly number[]) => list.reduce((s, v) => s + v, 0);

const abridgedAges = (groups: number) => [0, 1, ...Array.from({ length: groups }, (_, i) => 5 * (i + 1))];
const completeAges = (groups: number) => Array.from({ length: groups + 2 }, (_, i) => i);

/** Ages of either layout with death rates a real table could have (the open group's rate above 0). */
const lifeTableInputUpTo = (maxRate: number) =>
  fc
    .record({
      complete: fc.boolean(),
      groups: fc.integer({ min: 1, max: 22 }),
      rates: fc.array(fc.double({ min: 1e-5, max: maxRate, noNaN: true }), {
        minLength: 110,
        maxLength: 110,
      }),
      open: fc.double({ min: 0.02, max: 1.5, noNaN: true }),
      rule: fc.record({
        young: fc.constantFrom<AxRule['young']>('cd-m0', 'cd-q0', 'ak-m0'),
        region: fc.constantFrom<AxRule['region']>('west', 'north', 'east', 'south'),
        older: fc.constantFrom<AxRule['older']>('un', 'greville', 'half'),
      }),
      sex: fc.constantFrom('male' as const, 'female' as const, 'total' as const),
      radix: fc.double({ min: 1, max: 1e6, noNaN: true }),
    })
    .map(({ complete, groups, rates, open, rule, sex, radix }) => {
      const ages = complete ? completeAges(groups) : abridgedAges(groups);
      const mx = ages.map((_, i) => (i === ages.length - 1 ? open : (rates[i] ?? 0.01)));
      return { ages, mx, axRule: rule, sex, radix };
    });
const lifeTableInput = lifeTableInputUpTo(0.6);

describe('life-table laws', () => {
  it('lx falls, Σ dx = radix, Tx falls, ex > 0, qx and ax stay in range', () => {
    fc.assert(
      fc.property(lifeTableInput, (input) => {
        const table = lifeTable(input);
        const last = input.ages.length - 1;
        expect(table.lx[0]).toBe(input.radix);
        for (let i = 0; i < last; i++) {
          expect(table.lx[i + 1]).toBeLessThanOrEqual(table.lx[i] ?? 0);
          expect(table.Tx[i + 1]).toBeLessThan(table.Tx[i] ?? 0);
          const n = table.n[i] ?? 0;
          expect(table.ax[i]).toBeGreaterThanOrEqual(0);
          expect(table.ax[i]).toBeLessThanOrEqual(n);
          expect(table.Lx[i]).toBeLessThanOrEqual(n * (table.lx[i] ?? 0) * (1 + 1e-12));
        }
        expect(Math.abs(sum(table.dx) - input.radix)).toBeLessThan(1e-9 * input.radix);
        expect(table.Tx[0]).toBeCloseTo(sum(table.Lx), 6);
        for (const q of table.qx) {
          expect(q).toBeGreaterThanOrEqual(0);
          expect(q).toBeLessThanOrEqual(1);
        }
        for (const e of table.ex) expect(e).toBeGreaterThan(0);
        expect(table.ex[last]).toBeCloseTo(1 / (input.mx[last] ?? 1), 9);
      }),
      { numRuns: 300 },
    );
  });

  it('higher death rates never lengthen life', () => {
    // Rates low enough that n·M/(1 + (n − a)·M) stays below 1 even tripled: the exponential fallback for
    // q above 1 is a different formula, and monotonicity holds within each.
    fc.assert(
      fc.property(
        lifeTableInputUpTo(0.12),
        fc.double({ min: 1.01, max: 3, noNaN: true }),
        (input, factor) => {
          const ax = input.ages.map((x, i) => ((input.ages[i + 1] ?? x) - x) / 2);
          const base = lifeTable({ ages: input.ages, mx: input.mx, ax, sex: input.sex });
          const worse = lifeTable({
            ages: input.ages,
            mx: input.mx.map((m) => m * factor),
            ax,
            sex: input.sex,
          });
          expect(worse.ex[0]).toBeLessThan(base.ex[0] ?? 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('fertility laws', () => {
  const rate = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 0.4, noNaN: true }));
  const schedule = fc.array(rate, { minLength: 1, maxLength: 35 });

  it('TFR = n·Σ ASFR, GRR < TFR and r solves Lotka with the sign of ln NRR', () => {
    fc.assert(
      fc.property(
        schedule,
        fc.constantFrom(1, 5),
        fc.double({ min: 0.9, max: 1.2, noNaN: true }),
        (asfr, n, srb) => {
          const ages = asfr.map((_, i) => 15 + n * i);
          const femaleLx = asfr.map((_, i) => n * 100_000 * (1 - 0.002 * i));
          const result = fertilityMeasures({ ages, n, asfr, srb, femaleLx });
          expect(result.tfr).toBeCloseTo(n * sum(asfr), 10);
          expect(result.grr).toBeLessThanOrEqual(result.tfr);
          if (result.r === null || result.r === undefined) {
            expect(result.nrr).toBe(0);
            return;
          }
          const r = result.r;
          const lotka = ages.reduce(
            (s, x, i) =>
              s + Math.exp(-r * (x + n / 2)) * ((asfr[i] ?? 0) / (1 + srb)) * ((femaleLx[i] ?? 0) / 100_000),
            0,
          );
          expect(lotka).toBeCloseTo(1, 8);
          if ((result.nrr ?? 0) > 1 + 1e-9) expect(r).toBeGreaterThan(0);
          if ((result.nrr ?? 0) < 1 - 1e-9) expect(r).toBeLessThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('projection laws', () => {
  const closedCase = fc.record({
    step: fc.constantFrom(1 as const, 5 as const),
    groups: fc.integer({ min: 2, max: 30 }),
    steps: fc.integer({ min: 1, max: 6 }),
    seed: fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 60, maxLength: 60 }),
    fertility: fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { minLength: 30, maxLength: 30 }),
    srb: fc.double({ min: 0.9, max: 1.2, noNaN: true }),
    timing: fc.constantFrom('end' as const, 'even' as const),
  });

  it('with no deaths and no migrants, the population grows by the births alone', () => {
    fc.assert(
      fc.property(closedCase, ({ step, groups, steps, seed, fertility, srb, timing }) => {
        const ages = Array.from({ length: groups }, (_, i) => step * i);
        const male = ages.map((_, i) => seed[i] ?? 0);
        const female = ages.map((_, i) => seed[30 + i] ?? 0);
        const asfr = ages.map((_, i) => (i === 0 ? 0 : (fertility[i] ?? 0)));
        const ones = ages.map(() => 1);
        const projection = projectCohortComponent({
          step,
          horizon: steps * step,
          ages,
          population: { male, female },
          survival: { male: ones, female: ones },
          asfr,
          srb,
          migrationTiming: timing,
        });
        let total = sum(male) + sum(female);
        for (const s of projection.steps) {
          const next = sum(s.population.male) + sum(s.population.female);
          expect(next).toBeCloseTo(total + s.births.total, 6);
          expect(s.deaths.total).toBeCloseTo(0, 6);
          total = next;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every group at 0 or more and accounts for every person', () => {
    fc.assert(
      fc.property(
        closedCase,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }),
        fc.array(fc.double({ min: -2e5, max: 2e5, noNaN: true }), { minLength: 60, maxLength: 60 }),
        ({ step, groups, steps, seed, fertility, srb, timing }, survival, migration) => {
          const ages = Array.from({ length: groups }, (_, i) => step * i);
          const male = ages.map((_, i) => seed[i] ?? 0);
          const female = ages.map((_, i) => seed[30 + i] ?? 0);
          const S = ages.map((_, i) => survival[i] ?? 1);
          const projection = projectCohortComponent({
            step,
            horizon: steps * step,
            ages,
            population: { male, female },
            survival: { male: S, female: S },
            asfr: ages.map((_, i) => (i === 0 ? 0 : (fertility[i] ?? 0))),
            srb,
            migration: {
              male: ages.map((_, i) => migration[i] ?? 0),
              female: ages.map((_, i) => migration[30 + i] ?? 0),
            },
            migrationTiming: timing,
          });
          let start = { male: sum(male), female: sum(female) };
          for (const s of projection.steps) {
            for (const sex of ['male', 'female'] as const) {
              for (const p of s.population[sex]) expect(p).toBeGreaterThanOrEqual(0);
              const end = sum(s.population[sex]);
              expect(s.deaths[sex]).toBeGreaterThanOrEqual(0);
              const scale = Math.max(1, start[sex], end);
              expect(
                Math.abs(start[sex] + s.births[sex] + s.netMigrants[sex] - s.deaths[sex] - end),
              ).toBeLessThan(1e-9 * scale);
              start = { ...start, [sex]: end };
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('age-heaping and structure laws', () => {
  const counts = fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 101, maxLength: 101 });
  const ages = Array.from({ length: 101 }, (_, i) => i);

  it('Whipple ignores the scale of the population and is 0–500; Myers is 0–90', () => {
    fc.assert(
      fc.property(counts, fc.double({ min: 0.001, max: 1000, noNaN: true }), (population, k) => {
        const w = whippleIndex(ages, population);
        const scaled = whippleIndex(
          ages,
          population.map((p) => p * k),
        );
        if (w === null) return;
        expect(scaled).toBeCloseTo(w, 6);
        expect(w).toBeGreaterThanOrEqual(0);
        expect(w).toBeLessThanOrEqual(500 + 1e-9);
        const m = myersIndex(ages, population)?.index;
        if (m === undefined) return;
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThanOrEqual(90 + 1e-9);
      }),
    );
  });

  it('a flat population of any size has no heaping', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e7, noNaN: true }), (level) => {
        const flat = ages.map(() => level);
        expect(whippleIndex(ages, flat)).toBeCloseTo(100, 9);
        expect(myersIndex(ages, flat)?.index).toBeCloseTo(0, 9);
      }),
    );
  });

  it('the median age lies below the open group and halves the population', () => {
    fc.assert(
      fc.property(counts, (population) => {
        const median = medianAge(ages, population);
        if (median === null) return;
        expect(median).toBeGreaterThanOrEqual(0);
        expect(median).toBeLessThanOrEqual(100);
        const below = ages.reduce((s, x, i) => s + (x + 1 <= median ? (population[i] ?? 0) : 0), 0);
        const within = population[Math.floor(median)] ?? 0;
        const half = sum(population) / 2;
        expect(below).toBeLessThanOrEqual(half * (1 + 1e-12));
        expect(below + within).toBeGreaterThanOrEqual(half * (1 - 1e-12));
      }),
    );
  });
});
