import { describe, expect, it } from 'vitest';
import { crudeRates, dependencyRatios, medianAge, sexRatio, sexRatiosByAge } from './structure.ts';

describe('crude rates', () => {
  it('are events per 1000 person-years of the mid-period population', () => {
    const rates = crudeRates({ births: 1600, deaths: 600, netMigrants: -50, midPeriodPopulation: 100_000 });
    expect(rates).toEqual({ cbr: 16, cdr: 6, rni: 10, netMigrationRate: -0.5, growthRate: 9.5 });
    expect(crudeRates({ births: 8000, deaths: 3000, midPeriodPopulation: 100_000, years: 5 })?.cbr).toBe(16);
    expect(crudeRates({ births: 1, deaths: 1, midPeriodPopulation: 0 })).toBeNull();
  });
});

describe('sex ratios', () => {
  it('are males per 100 females', () => {
    expect(sexRatio(112, 100)).toBe(112);
    expect(sexRatio(5, 0)).toBeNull();
    expect(sexRatiosByAge([105, 90], [100, 100])).toEqual([105, 90]);
  });
});

describe('dependency ratios and ageing index', () => {
  const ages = [0, 5, 10, 15, 20, 30, 40, 50, 60, 65, 70];
  const population = [10, 10, 10, 20, 20, 20, 20, 10, 6, 4, 10];

  it('use 65 by default', () => {
    const r = dependencyRatios(ages, population);
    // young 30, working 15–64: 96, old 65+: 14.
    expect(r).toMatchObject({ young: 30, working: 96, old: 14, oldAgeThreshold: 65 });
    expect(r?.youngDependency).toBeCloseTo(31.25, 12);
    expect(r?.oldDependency).toBeCloseTo(14.583333, 5);
    expect(r?.totalDependency).toBeCloseTo(45.833333, 5);
    expect(r?.ageingIndex).toBeCloseTo(46.666667, 5);
  });

  it('move the old-age threshold to 60', () => {
    const r = dependencyRatios(ages, population, 60);
    expect(r).toMatchObject({ young: 30, working: 90, old: 20 });
    expect(r?.ageingIndex).toBeCloseTo(66.666667, 5);
  });

  it('are null when 15 or the threshold is not a group boundary', () => {
    expect(dependencyRatios([0, 10, 20, 70], [1, 1, 1, 1])).toBeNull();
  });
});

describe('median age', () => {
  it('interpolates within the median group', () => {
    // 100 people; the 50th falls 20 of 40 into the group 20–29.
    expect(medianAge([0, 10, 20, 30], [10, 20, 40, 30])).toBe(25);
  });

  it('is 50 for a uniform population of ages 0–99', () => {
    const ages = Array.from({ length: 101 }, (_, i) => i);
    expect(
      medianAge(
        ages,
        ages.map((x) => (x < 100 ? 1 : 0)),
      ),
    ).toBe(50);
  });

  it('is null in the open group or without people', () => {
    expect(medianAge([0, 10], [1, 5])).toBeNull();
    expect(medianAge([0, 10], [0, 0])).toBeNull();
  });
});
