/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { lifeTable } from './life-table.ts';
import {
  lifeTableAgesForProjection,
  type ProjectionOptions,
  projectCohortComponent,
  survivalFromLifeTable,
  survivalFromPersonYears,
} from './projection.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(`${repoRoot}../shared/data/demography/${file}`, 'utf8')
    .trim()
    .split(/\r?\n/);
  const keys = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i] ?? '', v])));
}

const sum = (list: readonly number[]) => list.reduce((s, v) => s + v, 0);

describe('PHG Box 6.2: Swedish females 1993 → 1998', () => {
  const rows = readCsv('ccmpp_5x5_sweden1993_females_PHG_box6_2.csv');
  const column = (key: string) => rows.map((r) => Number(r[key]));
  const L = column('nLx_f_input_l0_100000_last_is_T85');
  const survival = survivalFromPersonYears(L.slice(0, -1), L.at(-1) ?? 0, 100_000, 5);
  const zeros = rows.map(() => 0);
  const base: ProjectionOptions = {
    step: 5,
    horizon: 5,
    ages: column('age'),
    population: { female: column('pop_f_1993_input'), male: zeros },
    survival: { female: survival, male: survival },
    asfr: column('asfr_input'),
    srb: 1.05,
  };

  it('derives the survival ratios of the book', () => {
    for (const [i, s] of survival.entries()) expect(s).toBeCloseTo(Number(rows[i]?.Sx_derived), 7);
  });

  it('reproduces the 1998 population and births after rounding (migrants "even")', () => {
    const projection = projectCohortComponent({
      ...base,
      migration: { female: column('net_migrants_f_1993_1998_input'), male: zeros },
      migrationTiming: 'even',
    });
    const step = projection.steps[0];
    expect(step?.yearOffset).toBe(5);
    expect(step?.population.female.map(Math.round)).toEqual(column('pop_f_1998_published_mig_even'));
    expect(step?.birthsByMotherAge.map(Math.round)).toEqual(column('births_by_mother_age_published'));
  });

  it('matches the closed and "end" variants', () => {
    const closed = projectCohortComponent(base).steps[0];
    for (const [i, p] of (closed?.population.female ?? []).entries()) {
      expect(Math.abs(p - Number(rows[i]?.pop_f_1998_derived_closed_no_migration))).toBeLessThan(0.01);
    }
    const end = projectCohortComponent({
      ...base,
      migration: { female: column('net_migrants_f_1993_1998_input'), male: zeros },
      migrationTiming: 'end',
    }).steps[0];
    for (const [i, p] of (end?.population.female ?? []).entries()) {
      expect(Math.abs(p - Number(rows[i]?.pop_f_1998_derived_mig_end))).toBeLessThan(0.01);
    }
  });
});

describe('cohort-component algebra', () => {
  const ages = [0, 5, 10, 15, 20, 25, 30];
  const ones = ages.map(() => 1);
  const zeros = ages.map(() => 0);
  const male = [100, 90, 80, 70, 60, 50, 40];
  const female = [95, 88, 81, 72, 63, 54, 45];

  it('only shifts ages with no deaths, births or migrants', () => {
    const step = projectCohortComponent({
      step: 5,
      horizon: 5,
      ages,
      population: { male, female },
      survival: { male: ones, female: ones },
      asfr: zeros,
    }).steps[0];
    expect(step?.population.male).toEqual([0, 100, 90, 80, 70, 60, 90]);
    expect(step?.population.female).toEqual([0, 95, 88, 81, 72, 63, 99]);
    expect(step?.deaths.total).toBe(0);
    expect(step?.births.total).toBe(0);
  });

  it('adds exactly the births when closed and without deaths', () => {
    const asfr = [0, 0, 0, 0.05, 0.1, 0.08, 0];
    const projection = projectCohortComponent({
      step: 5,
      horizon: 10,
      ages,
      population: { male, female },
      survival: { male: ones, female: ones },
      asfr,
      srb: 1.1,
    });
    let before = sum(male) + sum(female);
    for (const step of projection.steps) {
      const after = sum(step.population.male) + sum(step.population.female);
      expect(after).toBeCloseTo(before + step.births.total, 9);
      expect(step.births.female).toBeCloseTo(step.births.total / 2.1, 12);
      expect(step.population.male[0]).toBeCloseTo(step.births.male, 12);
      before = after;
    }
    // Births = 5 · Σ ASFR · (women at start + at end) / 2: women 15–19 at the end are the 10–14 at the start.
    const first = projection.steps[0];
    expect(first?.birthsByMotherAge[3]).toBeCloseTo(5 * 0.05 * ((72 + 81) / 2), 12);
    expect(first?.birthsByMotherAge[4]).toBeCloseTo(5 * 0.1 * ((63 + 72) / 2), 12);
  });

  it('balances start + births + migrants − deaths = end', () => {
    const survival = [0.99, 0.995, 0.998, 0.997, 0.996, 0.99, 0.8];
    const projection = projectCohortComponent({
      step: 5,
      horizon: 15,
      ages,
      population: { male, female },
      survival: { male: survival, female: survival },
      asfr: [0, 0, 0, 0.05, 0.1, 0.08, 0],
      migration: { male: [5, -3, 2, 10, -8, 0, -1], female: [1, 2, -2, 4, 6, -3, 0] },
    });
    let start = { male: sum(male), female: sum(female) };
    for (const step of projection.steps) {
      for (const sex of ['male', 'female'] as const) {
        const end = sum(step.population[sex]);
        expect(end).toBeCloseTo(start[sex] + step.births[sex] + step.netMigrants[sex] - step.deaths[sex], 9);
        start = { ...start, [sex]: end };
      }
      expect(step.deaths.male).toBeGreaterThan(0);
      expect(step.deaths.female).toBeGreaterThan(0);
    }
  });

  it('differs between "end" and "even" migration by hand', () => {
    const run = (migrationTiming: 'end' | 'even') =>
      projectCohortComponent({
        step: 5,
        horizon: 5,
        ages: [0, 5, 10],
        population: { male: [100, 100, 100], female: [100, 100, 100] },
        survival: { male: [0.9, 0.9, 0.5], female: [0.9, 0.9, 0.5] },
        asfr: [0, 0, 0],
        migration: { male: [20, 10, 0], female: [0, 0, 0] },
        migrationTiming,
      }).steps[0]?.population.male;
    // end: 0 → 20; 100·0.9 + 10 = 100; (100 + 100)·0.5 = 100.
    expect(run('end')).toEqual([20, 100, 100]);
    // even: 10; (100 + 10)·0.9 + 5 = 104; (100 + 5 + 100)·0.5 = 102.5.
    const even = run('even') ?? [];
    expect(even[0]).toBeCloseTo(10, 12);
    expect(even[1]).toBeCloseTo(104, 12);
    expect(even[2]).toBeCloseTo(102.5, 12);
  });

  it('never goes below zero when emigration exceeds the population', () => {
    const step = projectCohortComponent({
      step: 5,
      horizon: 5,
      ages: [0, 5, 10],
      population: { male: [10, 10, 10], female: [10, 10, 10] },
      survival: { male: [1, 1, 1], female: [1, 1, 1] },
      asfr: [0, 0, 0],
      migration: { male: [0, -500, 0], female: [0, 0, 0] },
      migrationTiming: 'end',
    }).steps[0];
    expect(step?.population.male).toEqual([0, 0, 20]);
    expect(step?.netMigrants.male).toBe(-10);
  });

  it('takes rates that vary by step', () => {
    const projection = projectCohortComponent({
      step: 5,
      horizon: 10,
      ages,
      population: { male, female },
      survival: { male: ones, female: ones },
      asfr: [[0, 0, 0, 0.05, 0.1, 0.08, 0], zeros],
      migration: { male: [zeros, [0, 0, 0, 0, 0, 0, 7]], female: [zeros, zeros] },
    });
    expect(projection.steps[0]?.births.total).toBeGreaterThan(0);
    expect(projection.steps[1]?.births.total).toBe(0);
    expect(projection.steps[0]?.netMigrants.total).toBe(0);
    expect(projection.steps[1]?.netMigrants.total).toBe(7);
  });

  it('reports structure indicators for every step', () => {
    const fourteen = Array.from({ length: 14 }, (_, i) => 5 * i);
    const tens = fourteen.map(() => 10);
    const projection = projectCohortComponent({
      step: 5,
      horizon: 5,
      ages: fourteen,
      population: { male: tens, female: tens },
      survival: { male: fourteen.map(() => 1), female: fourteen.map(() => 1) },
      asfr: fourteen.map(() => 0),
      oldAgeThreshold: 60,
    });
    const indicators = projection.steps[0]?.indicators;
    // After the step, per sex: 0 at 0–4, 10 in each group 5–64, 20 at 65+: young 20, working 90, old 30.
    expect(indicators).toMatchObject({ total: 280, male: 140, female: 140, sexRatio: 100 });
    expect(indicators?.youngDependency).toBeCloseTo((100 * 40) / 180, 12);
    expect(indicators?.oldDependency).toBeCloseTo((100 * 60) / 180, 12);
    expect(indicators?.ageingIndex).toBeCloseTo(150, 12);
    // Half of 140 per sex is 70; 60 are below age 35, so the median is 35 + 5·(70 − 60)/10 = 40.
    expect(indicators?.medianAge).toBe(40);
    expect(projection.conventions.oldAgeThreshold).toBe(60);
  });
});

describe('survival from life tables', () => {
  const mxAges = [0, 1, 5, 10, 15, 20];
  const mx = [0.02, 0.002, 0.0005, 0.0004, 0.001, 0.08];

  it('uses 5L0 = 1L0 + 4L1 and T for the open group', () => {
    const table = lifeTable({ ages: mxAges, mx, sex: 'female' });
    const S = survivalFromLifeTable(table, 5);
    const L0 = (table.Lx[0] ?? 0) + (table.Lx[1] ?? 0);
    expect(S).toHaveLength(5);
    expect(S[0]).toBeCloseTo(L0 / 500_000, 14);
    expect(S[1]).toBeCloseTo((table.Lx[2] ?? 0) / L0, 14);
    expect(S[4]).toBeCloseTo((table.Tx[5] ?? 0) / (table.Tx[4] ?? 1), 14);
  });

  it('projects from mx exactly as from the survival ratios of the same table', () => {
    const ages = [0, 5, 10, 15, 20];
    expect(lifeTableAgesForProjection(ages, 5)).toEqual(mxAges);
    const common = {
      step: 5 as const,
      horizon: 10,
      ages,
      population: { male: [100, 100, 100, 100, 100], female: [100, 100, 100, 100, 100] },
      asfr: [0, 0, 0, 0.1, 0.1],
    };
    const fromMx = projectCohortComponent({ ...common, mx: { male: mx, female: mx } });
    const S = {
      male: survivalFromLifeTable(lifeTable({ ages: mxAges, mx, sex: 'male' }), 5),
      female: survivalFromLifeTable(lifeTable({ ages: mxAges, mx, sex: 'female' }), 5),
    };
    const fromS = projectCohortComponent({ ...common, survival: S });
    expect(fromMx.steps).toEqual(fromS.steps);
    expect(fromMx.conventions).toMatchObject({ survivalSource: 'life-table', axRule: { young: 'cd-m0' } });
  });
});

describe('single-year and five-year projections agree', () => {
  const hazard = 0.01;
  const singleAges = Array.from({ length: 86 }, (_, i) => i);
  const fiveAges = Array.from({ length: 18 }, (_, i) => 5 * i);
  const singlePop = singleAges.map((x) => 1000 - 8 * x);
  const fivePop = fiveAges.map((x) =>
    singleAges
      .filter((a) => (x === 85 ? a >= 85 : a >= x && a < x + 5))
      .reduce((s, a) => s + (singlePop[a] ?? 0), 0),
  );
  const aggregate = (single: readonly number[]) =>
    fiveAges.map((x) =>
      singleAges
        .filter((a) => (x === 85 ? a >= 85 : a >= x && a < x + 5))
        .reduce((s, a) => s + (single[a] ?? 0), 0),
    );

  it('give the same population without births under a constant hazard', () => {
    const single = projectCohortComponent({
      step: 1,
      horizon: 10,
      ages: singleAges,
      population: { male: singlePop, female: singlePop },
      survival: {
        male: singleAges.map(() => Math.exp(-hazard)),
        female: singleAges.map(() => Math.exp(-hazard)),
      },
      asfr: singleAges.map(() => 0),
    });
    const five = projectCohortComponent({
      step: 5,
      horizon: 10,
      ages: fiveAges,
      population: { male: fivePop, female: fivePop },
      survival: {
        male: fiveAges.map(() => Math.exp(-5 * hazard)),
        female: fiveAges.map(() => Math.exp(-5 * hazard)),
      },
      asfr: fiveAges.map(() => 0),
    });
    for (const [k, fiveStep] of five.steps.entries()) {
      const singleStep = single.steps[5 * k + 4];
      expect(singleStep?.yearOffset).toBe(fiveStep.yearOffset);
      for (const [i, p] of aggregate(singleStep?.population.female ?? []).entries()) {
        expect(p).toBeCloseTo(fiveStep.population.female[i] ?? 0, 8);
      }
      expect(singleStep?.indicators.total).toBeCloseTo(fiveStep.indicators.total, 7);
    }
  });

  it('give births within 1% with the same fertility schedule', () => {
    const singleAsfr = singleAges.map((x) => (x >= 15 && x < 50 ? 0.06 : 0));
    const fiveAsfr = fiveAges.map((x) => (x >= 15 && x < 50 ? 0.06 : 0));
    const single = projectCohortComponent({
      step: 1,
      horizon: 5,
      ages: singleAges,
      population: { male: singlePop, female: singlePop },
      survival: { male: singleAges.map(() => 1), female: singleAges.map(() => 1) },
      asfr: singleAsfr,
    });
    const five = projectCohortComponent({
      step: 5,
      horizon: 5,
      ages: fiveAges,
      population: { male: fivePop, female: fivePop },
      survival: { male: fiveAges.map(() => 1), female: fiveAges.map(() => 1) },
      asfr: fiveAsfr,
    });
    const singleBirths = sum(single.steps.map((s) => s.births.total));
    const fiveBirths = five.steps[0]?.births.total ?? 0;
    expect(Math.abs(singleBirths / fiveBirths - 1)).toBeLessThan(0.01);
  });
});

describe('projection input problems', () => {
  it('lists every problem at once', () => {
    try {
      projectCohortComponent({
        step: 5,
        horizon: 12,
        ages: [0, 5, 11],
        population: { male: [1, 2], female: [1, -2, 3] },
        survival: { male: [1, 1.2, 0.5], female: [[1, 1, 1]] },
        asfr: [0.1, 0, 0],
        srb: -1,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.map((d) => `${d.path} ${d.reason}`)).toEqual([
        '/horizon not_multiple',
        '/ages age_pattern',
        '/population/male length_mismatch',
        '/population/female/1 negative',
        '/survival/male/1 out_of_range',
        '/asfr/0 not_zero',
        '/srb not_positive',
      ]);
    }
  });

  it('wants survival or mx, and per-step lists for every step', () => {
    try {
      projectCohortComponent({
        step: 1,
        horizon: 3,
        ages: [0, 1, 2],
        population: { male: [1, 1, 1], female: [1, 1, 1] },
        asfr: [
          [0, 0, 0],
          [0, 0, 0],
        ],
        migration: { male: [0, 0], female: [0, 0, 0] },
      });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).details.map((d) => `${d.path} ${d.reason}`)).toEqual([
        '/survival required',
        '/migration/male length_mismatch',
        '/asfr length_mismatch',
      ]);
    }
  });
});
