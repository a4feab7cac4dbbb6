import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { fertilityMeasures, intrinsicGrowthRate } from './fertility.ts';

// Sweden 1993 (PHG Box 6.2): ASFR and female nLx (l0 = 100,000) of ages 15–49.
const ages = [15, 20, 25, 30, 35, 40, 45];
const asfr = [0.012, 0.0908, 0.1499, 0.1125, 0.0441, 0.0074, 0.0003];
const femaleLx = [496531, 495902, 495168, 494213, 492760, 490447, 486613];

describe('fertility measures', () => {
  const result = fertilityMeasures({ ages, n: 5, asfr, femaleLx });

  it('has TFR = 5 × Σ ASFR and GRR = TFR / (1 + SRB)', () => {
    expect(result.tfr).toBeCloseTo(2.085, 12);
    expect(result.grr).toBeCloseTo(2.085 / 2.05, 12);
  });

  it('has the mean age at childbearing of the mid-points', () => {
    const weighted =
      17.5 * 0.012 + 22.5 * 0.0908 + 27.5 * 0.1499 + 32.5 * 0.1125 + 37.5 * 0.0441 + 42.5 * 0.0074;
    expect(result.mac).toBeCloseTo((weighted + 47.5 * 0.0003) / 0.417, 12);
    expect(result.mac).toBeCloseTo(28.8106, 4);
  });

  it('has NRR = Σ ASFR/(1 + SRB)·nLx/l0, just under the GRR', () => {
    expect(result.nrr).toBeCloseTo(1.00642, 5);
    expect(result.nrr ?? 0).toBeLessThan(result.grr);
  });

  it('finds r on Lotka’s equation, near ln(NRR)/T', () => {
    const r = result.r ?? Number.NaN;
    const lotka = ages.reduce(
      (s, x, i) => s + Math.exp(-r * (x + 2.5)) * ((asfr[i] ?? 0) / 2.05) * ((femaleLx[i] ?? 0) / 1e5),
      0,
    );
    expect(lotka).toBeCloseTo(1, 12);
    expect(r).toBeCloseTo(Math.log(result.nrr ?? 1) / 28.8, 4);
    expect(result.conventions.rMethod).toContain('Coale');
  });

  it('gives r = ln(NRR)/a exactly when all births are at one age', () => {
    // One group 25–29, no mortality before it: NRR = 0.3/2 × 500000/100000 = 0.75.
    const single = fertilityMeasures({ ages: [25], n: 5, asfr: [0.3], srb: 1, femaleLx: [500_000] });
    expect(single.nrr).toBeCloseTo(0.75, 14);
    expect(single.r).toBeCloseTo(Math.log(0.75) / 27.5, 14);
  });

  it('reads births and exposure as ASFR', () => {
    const fromBirths = fertilityMeasures({
      ages: [20, 25],
      n: 5,
      births: [300, 500],
      womenExposure: [3000, 4000],
    });
    expect(fromBirths.asfr).toEqual([0.1, 0.125]);
    expect(fromBirths.tfr).toBeCloseTo(1.125, 14);
    expect(fromBirths.nrr).toBeUndefined();
    expect(fromBirths.conventions.asfrSource).toBe('births-exposure');
  });

  it('has no mean age nor r without births', () => {
    const none = fertilityMeasures({ ages: [20, 25], n: 5, asfr: [0, 0], femaleLx: [490000, 489000] });
    expect(none.mac).toBeNull();
    expect(none.nrr).toBe(0);
    expect(none.r).toBeNull();
  });

  it('works with single years', () => {
    const single = fertilityMeasures({ ages: [20, 21, 22], n: 1, asfr: [0.1, 0.2, 0.1] });
    expect(single.tfr).toBeCloseTo(0.4, 14);
    expect(single.mac).toBeCloseTo(21.5, 14);
  });
});

describe('intrinsic growth rate', () => {
  it('solves very high and very low fertility', () => {
    for (const scale of [0.01, 0.3, 1, 4, 20]) {
      const phi = [0.1, 0.3, 0.3, 0.2, 0.1].map((v) => v * scale);
      const mid = [17.5, 22.5, 27.5, 32.5, 37.5];
      const r = intrinsicGrowthRate(mid, phi) ?? Number.NaN;
      const lotka = mid.reduce((s, a, i) => s + Math.exp(-r * a) * (phi[i] ?? 0), 0);
      expect(lotka).toBeCloseTo(1, 10);
    }
  });
});

describe('fertility input problems', () => {
  it('lists every problem at once', () => {
    try {
      fertilityMeasures({ ages: [15, 20, 30], n: 5, asfr: [0.1, -0.2], srb: 0, femaleLx: [600_000, 1, 1] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.map((d) => [d.path, d.reason])).toEqual([
        ['/ages/2', 'not_equally_spaced'],
        ['/asfr', 'length_mismatch'],
        ['/asfr/1', 'negative'],
        ['/srb', 'not_positive'],
        ['/femaleLx/0', 'out_of_range'],
      ]);
    }
  });
});
