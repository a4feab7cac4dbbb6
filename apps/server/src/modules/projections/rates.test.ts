import { describe, expect, it } from 'vitest';
import { WPP_MX_2020_2025, WPP_PASFR_2020_2025 } from './baselines.ts';
import { observationWindow } from './projections.service.ts';
import {
  countsByGroup,
  estimateRates,
  migrationProfile,
  PROJECTION_AGES,
  referenceAsfr,
  referenceTfr,
  smoothRates,
} from './rates.ts';
import { addYears, netMigrantsPerYear } from './run.ts';

const zeros = () => PROJECTION_AGES.map(() => 0);

describe('reference rates', () => {
  it('gives each single age its WPP group rate and the provincial TFR by the 2016 ratio', () => {
    const rates = estimateRates({
      provinceCode: '20',
      observations: {
        window: null,
        exposure: { male: [], female: [] },
        deaths: [],
        births: [],
        moveIn: [],
        moveOut: [],
      },
      base: { male: zeros(), female: zeros() },
    });
    expect(rates.mx.male[0]).toBe(WPP_MX_2020_2025.male[0]);
    expect(rates.mx.male[3]).toBe(WPP_MX_2020_2025.male[1]);
    expect(rates.mx.female[87]).toBe(WPP_MX_2020_2025.female[18]);
    expect(rates.mx.female[100]).toBe(WPP_MX_2020_2025.female[21]);
    expect(referenceTfr('20')).toBeCloseTo((1.912509 * 2.34) / 2, 12);
    expect(referenceTfr('01')).toBe(1.912509);
    expect(rates.methods.fertility.tfr).toBeCloseTo(referenceTfr('20'), 12);
    expect(rates.asfr[27]).toBeCloseTo(((WPP_PASFR_2020_2025[2] / 100) * referenceTfr('20')) / 5, 15);
    expect(rates.srb).toBeCloseTo(1.106, 12);
    expect(rates.methods.mortality.source).toBe('reference');
    // WPP 2024 gives e0 of 69.8 (men) and 79.2 (women) for 2022–2023.
    expect(rates.methods.mortality.lifeExpectancy.male).toBeGreaterThan(68);
    expect(rates.methods.mortality.lifeExpectancy.male).toBeLessThan(72);
    expect(rates.methods.mortality.lifeExpectancy.female).toBeGreaterThan(77);
    expect(rates.methods.mortality.lifeExpectancy.female).toBeLessThan(81);
  });

  it('scales the migration profile to the rate per 1,000 of the population given', () => {
    const structure = PROJECTION_AGES.map((age) => (age < 60 ? 100 : 20));
    const rates = migrationProfile(3.6, structure);
    const movers = rates.reduce((s, r, age) => s + r * (structure[age] ?? 0), 0);
    const people = structure.reduce((s, p) => s + p, 0);
    expect((1000 * movers) / people).toBeCloseTo(3.6, 12);
    // The Rogers–Castro peak lies at young adult ages.
    const peak = rates.indexOf(Math.max(...rates.slice(10)));
    expect(peak).toBeGreaterThan(18);
    expect(peak).toBeLessThan(28);
  });

  it('puts single-year ASFR only at 15–49 and keeps the TFR', () => {
    const asfr = referenceAsfr(2);
    expect(asfr.slice(0, 15).every((f) => f === 0)).toBe(true);
    expect(asfr.slice(50).every((f) => f === 0)).toBe(true);
    expect(asfr.reduce((s, f) => s + f, 0)).toBeCloseTo(2, 12);
  });
});

describe('smoothing', () => {
  it('blends the register with the reference by the expected events', () => {
    // 2,000 person-years at each of ages 20–24 and a reference rate of 0.002: 20 events expected.
    const base = PROJECTION_AGES.map(() => 0.002);
    const exposure = PROJECTION_AGES.map((age) => (age >= 20 && age < 25 ? 2000 : 0));
    const observed = new Array(19).fill(0);
    observed[5] = 40; // the group 20–24
    const { rates, stats } = smoothRates(base, exposure, observed, true);
    expect(stats.expected).toBeCloseTo(20, 12);
    expect(stats.events).toBe(40);
    expect(stats.ratio).toBeCloseTo(90 / 70, 12);
    expect(stats.weight).toBeCloseTo(20 / 70, 12);
    expect(rates[22]).toBeCloseTo(0.002 * (65 / (20 + 25 / (90 / 70))), 15);
    expect(rates[50]).toBeCloseTo(0.002 * (90 / 70), 15);
  });

  it('follows a large register closely and ignores it without a window', () => {
    const base = PROJECTION_AGES.map(() => 0.01);
    const exposure = PROJECTION_AGES.map(() => 100_000);
    // Twice the reference everywhere: 0.02 × 100,000 person-years × the ages of each group.
    const widths = [1, 4, ...new Array(16).fill(5), 16];
    const observed = widths.map((w) => 0.02 * 100_000 * w);
    const { rates } = smoothRates(base, exposure, observed, true);
    expect(rates[50]).toBeCloseTo(0.02, 4);
    expect(smoothRates(base, exposure, observed, false).rates).toEqual(base);
  });

  it('shares unknown ages and sexes out by the expected events', () => {
    const expected = { male: new Array(19).fill(0), female: new Array(19).fill(0) };
    expected.male[2] = 3;
    expected.male[3] = 1;
    expected.female[2] = 4;
    const counts = countsByGroup(
      [
        { sex: '1', group: '5-9', n: 2 },
        { sex: '1', group: 'unknown', n: 4 },
        { sex: null, group: null, n: 8 },
      ],
      expected,
    );
    expect(counts.male[2]).toBeCloseTo(2 + 3 + 3, 12); // 2 known, 3 of the 4 unknown ages, 3 of the 4 men's share
    expect(counts.male[3]).toBeCloseTo(1 + 1, 12);
    expect(counts.female[2]).toBeCloseTo(4, 12);
  });
});

describe('windows and scenarios', () => {
  it('takes whole months before the base date, back to the first event at most three years', () => {
    expect(observationWindow('2026-01-15', 3, '2020-05-01')).toEqual({
      from: '2023-01-01',
      to: '2026-01-01',
      months: 36,
    });
    expect(observationWindow('2026-03-31', 1, '2020-05-01')).toEqual({
      from: '2025-03-01',
      to: '2026-03-01',
      months: 12,
    });
    expect(observationWindow('2026-03-31', 3, '2025-10-01')?.months).toBe(5);
    expect(observationWindow('2026-03-31', 3, '2026-03-01')).toBeNull();
    expect(observationWindow('2026-03-31', 3, null)).toBeNull();
  });

  it('moves in-migration by g and out-migration by 2 − g', () => {
    const inRate = { male: PROJECTION_AGES.map(() => 0.01), female: PROJECTION_AGES.map(() => 0.002) };
    const outRate = { male: PROJECTION_AGES.map(() => 0.004), female: PROJECTION_AGES.map(() => 0.004) };
    const base = { male: PROJECTION_AGES.map(() => 100), female: PROJECTION_AGES.map(() => 100) };
    const medium = netMigrantsPerYear({ inRate, outRate }, base, 1);
    const high = netMigrantsPerYear({ inRate, outRate }, base, 1.2);
    expect(medium.male[30]).toBeCloseTo(0.6, 12);
    expect(medium.female[30]).toBeCloseTo(-0.2, 12);
    expect(high.male[30]).toBeCloseTo(1.2 - 0.32, 12);
    expect(high.female[30]).toBeCloseTo(0.24 - 0.32, 12);
  });

  it('adds whole years to the base date', () => {
    expect(addYears('2026-01-15', 20)).toBe('2046-01-15');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });
});
