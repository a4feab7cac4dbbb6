import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { defaultRegisterCodeLists } from '../register/code-lists.ts';
import { defaultIndicatorCatalogue, loadIndicatorCatalogue } from './catalogue.ts';
import {
  type CubeRow,
  cubeByUnit,
  dataRequirements,
  dimsetKey,
  type EvaluationInput,
  evaluateIndicator,
} from './evaluate.ts';
import indicatorsData from './indicators.json' with { type: 'json' };
import measuresData from './measures.json' with { type: 'json' };
import { parsePeriod, periodOf } from './periods.ts';

const catalogue = defaultIndicatorCatalogue();
const codeLists = defaultRegisterCodeLists;

function input(rows: Record<string, CubeRow[]>, period = parsePeriod('2026-03'), level = 'commune' as const) {
  return {
    catalogue,
    codeLists,
    rows: new Map(Object.entries(rows)),
    period,
    level,
  } satisfies EvaluationInput;
}

const row = (month: string, dims: CubeRow['dims'], n: number, unit = 'u'): CubeRow => ({
  unit,
  month,
  dims,
  n,
});
const evaluate = (
  code: string,
  data: EvaluationInput,
  options: Parameters<typeof evaluateIndicator>[2] = {},
) => evaluateIndicator(catalogue.indicators.get(code) as never, data, options);

describe('the indicator catalogue', () => {
  it('holds every indicator of reporting.md, each with names, a unit and a formula', () => {
    expect([...catalogue.indicators.keys()]).toEqual(
      expect.arrayContaining([
        'CBR',
        'CDR',
        'RNI',
        'IN_MIGRATION',
        'OUT_MIGRATION',
        'NET_MIGRATION',
        'GROWTH',
        'GROWTH_EXP',
        'GFR',
        'ASFR',
        'TFR',
        'SRB',
        'SEX_RATIO',
        'BIRTHS_3PLUS',
        'BIRTHS_UNDER20',
        'CPR',
        'CPR_MODERN',
        'DEPENDENCY_CHILD',
        'DEPENDENCY_OLD',
        'DEPENDENCY_TOTAL',
        'AGEING_INDEX',
        'MEDIAN_AGE',
        'CHILD_MARRIAGE',
        'CONSANGUINEOUS_MARRIAGE',
        'PRENATAL_SCREENING',
        'NEWBORN_SCREENING',
        'ELDERLY_CHECK',
        'WHIPPLE',
        'MYERS',
      ]),
    );
  });

  it('takes a new indicator from data alone', () => {
    const extended = loadIndicatorCatalogue(measuresData, {
      indicators: [
        ...indicatorsData.indicators,
        {
          code: 'DIVORCE_PER_MARRIAGE',
          group: 'marriage',
          vi: 'Số vụ ly hôn trên 100 cuộc kết hôn',
          en: 'Divorces per 100 marriages',
          unit: { vi: '%', en: '%' },
          numerator: 'divorces',
          denominator: 'marriages',
          multiplier: 100,
          decimals: 1,
          breakdowns: ['urbanity'],
        },
      ],
    });
    const result = evaluateIndicator(extended.indicators.get('DIVORCE_PER_MARRIAGE') as never, {
      ...input({
        'flow:divorce': [row('2026-03-01', {}, 3)],
        'flow:marriage': [row('2026-03-01', { childMarriage: 'false' }, 12)],
      }),
      catalogue: extended,
    });
    expect(result).toMatchObject({ value: 25, numerator: 3, denominator: 12 });
  });

  it('refuses bad entries with every problem and where it is', () => {
    const bad = (entry: Record<string, unknown>) => {
      try {
        loadIndicatorCatalogue(measuresData, {
          indicators: [
            {
              code: 'X',
              group: 'fertility',
              vi: 'x',
              en: 'x',
              unit: { vi: '%', en: '%' },
              decimals: 1,
              breakdowns: [],
              ...entry,
            },
          ],
        });
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).details.map((d) => d.reason);
      }
      return [];
    };
    expect(bad({ expression: 'births +' })).toEqual(['formula']);
    expect(bad({ expression: 'birthz' })).toEqual(['unknown_measure']);
    expect(bad({ expression: 'births[colour = 1]' })).toEqual(['unknown_dimension']);
    expect(bad({ expression: "births[sex < '2']" })).toEqual(['ordering_a_code']);
    expect(bad({ expression: 'births[sex = male]' })).toEqual(['unbound_name']);
    expect(bad({ expression: 'population[age < $old]' })).toEqual(['unknown_parameter']);
    expect(bad({ expression: "population[age < 'x']" })).toEqual(['not_a_number']);
    expect(bad({ expression: 'median_age(births)' })).toEqual(['function_argument']);
    expect(bad({ expression: 'eval(1)' })).toEqual(['unknown_function']);
    expect(bad({ expression: 'ln(1, 2)' })).toEqual(['function_arity']);
    expect(bad({ numerator: 'births' })).toEqual(['formula_shape']);
    expect(bad({ numerator: 'births', denominator: 'women', expression: 'births' })).toEqual([
      'formula_shape',
    ]);
    expect(bad({ expression: 'births / women', breakdowns: ['sex'] })).toEqual(['breakdown_not_available']);
    expect(bad({ expression: 'births', breakdowns: ['colour'] })).toEqual(['unknown_breakdown']);
    expect(bad({ expression: 'births', extra: 1 })).toEqual(['schema']);
    expect(
      bad({
        expression: 'population[age < $a]',
        parameters: { a: { default: 70, allowed: [60, 65], vi: 'a', en: 'a' } },
      }),
    ).toEqual(['default_not_allowed']);
  });
});

describe('evaluating indicators over aggregates', () => {
  const stock = (month: string, n: number, dims: CubeRow['dims'] = { sex: '1', age: 30 }) =>
    row(month, dims, n);

  it('divides births by the mean population of the period in person-years', () => {
    // A quarter: stocks at the ends of December, January, February and March.
    const data = input(
      {
        'flow:birth': [row('2026-01-01', {}, 2), row('2026-03-01', {}, 4), row('2025-12-01', {}, 50)],
        population: [
          stock('2025-12-01', 1000),
          stock('2026-01-01', 1010),
          stock('2026-02-01', 1030),
          stock('2026-03-01', 1040),
        ],
      },
      parsePeriod('2026-Q1'),
    );
    const mean = (1000 / 2 + 1010 + 1030 + 1040 / 2) / 3;
    const result = evaluate('CBR', data);
    expect(result.numerator).toBe(6);
    expect(result.denominator).toBeCloseTo(mean * 0.25, 10);
    expect(result.value).toBeCloseTo((6 / (mean * 0.25)) * 1000, 10);
  });

  it('splits by a breakdown and applies the old-age threshold parameter', () => {
    const data = input({
      population: [
        stock('2026-03-01', 30, { sex: '1', age: 10 }),
        stock('2026-03-01', 20, { sex: '2', age: 10 }),
        stock('2026-03-01', 100, { sex: '1', age: 40 }),
        stock('2026-03-01', 10, { sex: '1', age: 62 }),
        stock('2026-03-01', 5, { sex: '2', age: 70 }),
      ],
    });
    expect(evaluate('DEPENDENCY_OLD', data).value).toBeCloseTo((5 / 110) * 100, 10);
    expect(evaluate('DEPENDENCY_OLD', data, { params: { oldAge: 60 } }).value).toBeCloseTo(
      (15 / 100) * 100,
      10,
    );
    expect(() => evaluate('DEPENDENCY_OLD', data, { params: { oldAge: 70 } })).toThrow(DomainError);
    const bySex = evaluate('DEPENDENCY_CHILD', data, { breakdown: 'sex' });
    expect(bySex.breakdown).toBe('sex');
    expect(bySex.categories).toEqual([
      { category: '1', value: (30 / 110) * 100, numerator: 30, denominator: 110 },
      { category: '2', value: null, numerator: 20, denominator: 0 },
    ]);
    // A breakdown the indicator does not allow is ignored.
    expect(evaluate('CBR', data, { breakdown: 'sex' }).categories).toBeNull();
    const byAge = evaluate('SEX_RATIO', data, { breakdown: 'ageGroup' });
    expect(byAge.categories?.find((c) => c.category === '10-14')).toMatchObject({ value: 150 });
    expect(byAge.categories?.find((c) => c.category === '60-64')).toMatchObject({
      value: null,
      numerator: 10,
    });
  });

  it('reads contraceptive methods by their group in the code list', () => {
    const women = (dims: Record<string, string>, n: number) =>
      row('2026-03-01', { ageGroup: '25-29', ...dims }, n);
    const data = input({
      women: [
        women({ maritalStatus: 'married', method: 'iud' }, 30),
        women({ maritalStatus: 'married', method: 'traditional' }, 10),
        women({ maritalStatus: 'married', method: 'none' }, 60),
        women({ maritalStatus: 'never_married', method: 'pill' }, 15),
      ],
    });
    expect(evaluate('CPR', data).value).toBe(40);
    expect(evaluate('CPR_MODERN', data).value).toBe(30);
    expect(evaluate('MWRA', data).value).toBe(100);
  });

  it('counts only moves across the province boundary for a province', () => {
    const flows = {
      'flow:move_in': [
        row('2026-03-01', { origin: 'same_province' }, 7),
        row('2026-03-01', { origin: 'other_province' }, 2),
      ],
      population: [stock('2026-02-01', 1200), stock('2026-03-01', 1200)],
    };
    expect(evaluate('IN_MIGRATION', input(flows)).numerator).toBe(9);
    expect(
      evaluate('IN_MIGRATION', input(flows, parsePeriod('2026-03'), 'province' as never)).numerator,
    ).toBe(2);
  });

  it('sums age-specific rates into the TFR and gives ASFR by age group only', () => {
    const groups = ['15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49'];
    const period = parsePeriod('2026');
    const months = ['2025-12-01', ...period.months];
    const data = input(
      {
        'flow:birth': groups.map((g, i) => row('2026-06-01', { motherAgeGroup: g }, i + 1)),
        women: groups.flatMap((g) =>
          months.map((m) => row(m, { ageGroup: g, maritalStatus: 'married', method: 'none' }, 100)),
        ),
      },
      period,
    );
    const asfr = evaluate('ASFR', data);
    expect(asfr.value).toBeNull();
    expect(asfr.categories?.map((c) => c.value)).toEqual(groups.map((_, i) => (i + 1) * 10));
    expect(evaluate('TFR', data).value).toBeCloseTo((5 * (1 + 2 + 3 + 4 + 5 + 6 + 7)) / 100, 12);
  });

  it('finds the median age and age heaping from the distribution by single age', () => {
    const ages = Array.from({ length: 90 }, (_, age) =>
      stock('2026-03-01', age % 10 === 0 ? 30 : 10, { sex: '1', age }),
    );
    const data = input({ population: ages });
    expect(evaluate('MEDIAN_AGE', data).value).toBeGreaterThan(40);
    expect(evaluate('WHIPPLE', data).value).toBeGreaterThan(150);
    expect(evaluate('MYERS', data).value).toBeGreaterThan(10);
    expect(evaluate('MEDIAN_AGE', input({ population: [] })).value).toBeNull();
  });

  it('lists what to read: sources, dimensions and months', () => {
    expect(dataRequirements(catalogue, ['SRB', 'CBR'], 'urbanity', 'commune')).toEqual([
      {
        key: 'flow:birth',
        source: 'flow',
        event: 'birth',
        dims: ['sex'],
        urbanity: true,
        months: 'period',
        // SRB reads births by sex, CBR all births: each set may be read on its own.
        dimsets: [['sex'], []],
      },
      {
        key: 'population',
        source: 'population',
        event: null,
        dims: [],
        urbanity: true,
        months: 'period_and_previous',
      },
    ]);
    expect(dataRequirements(catalogue, ['CPR'], 'ageGroup', 'province')).toEqual([
      {
        key: 'women',
        source: 'women',
        event: null,
        dims: ['ageGroup', 'maritalStatus', 'method'],
        urbanity: false,
        // CPR reads the stock at the end of the period only.
        months: 'last',
      },
    ]);
  });
});

describe('sources read set by set', () => {
  // Births by sex, order and mother's age group, as one list grouped by all three (the union) or as the
  // sets each indicator reads, tagged: the same values either way.
  const births: Array<[sex: string, order: string, mother: string, n: number]> = [
    ['1', '1', '20-24', 7],
    ['2', '1', '20-24', 5],
    ['1', '3+', '30-34', 3],
    ['2', '2', '15-19', 2],
    ['1', '2', '35-39', 4],
  ];
  const union = births.map(([sex, birthOrder, motherAgeGroup, n]) =>
    row('2026-03-01', { sex, birthOrder, motherAgeGroup }, n),
  );
  const codes = ['SRB', 'CBR', 'BIRTHS_3PLUS', 'BIRTHS_UNDER20'];
  const population = [row('2026-02-01', {}, 1000), row('2026-03-01', {}, 1002)];

  it('gives the same values as rows grouped by every dimension, with and without a breakdown', () => {
    for (const breakdown of [null, 'sex'] as const) {
      const requirements = dataRequirements(catalogue, codes, breakdown, 'commune');
      const birthSets = requirements.find((r) => r.key === 'flow:birth')?.dimsets ?? [];
      expect(birthSets.length).toBeGreaterThan(1);
      const split = birthSets.flatMap((set) => {
        const key = dimsetKey(set);
        const sums = new Map<string, CubeRow>();
        for (const r of union) {
          const dims = Object.fromEntries(set.map((d) => [d, r.dims[d] ?? null]));
          const id = JSON.stringify(dims);
          const seen = sums.get(id);
          sums.set(id, { ...r, dims, n: (seen?.n ?? 0) + r.n, dimset: key });
        }
        return [...sums.values()];
      });
      for (const code of codes) {
        const byUnion = evaluate(code, input({ 'flow:birth': union, population }), { breakdown });
        const bySets = evaluate(code, input({ 'flow:birth': split, population }), { breakdown });
        expect(bySets, `${code} by ${breakdown}`).toEqual(byUnion);
      }
    }
  });

  it('counts a tagged row only for the measures that read exactly its set', () => {
    const tagged = [
      row('2026-03-01', {}, 21),
      { ...row('2026-03-01', { sex: '1' }, 14), dimset: 'sex' },
      { ...row('2026-03-01', { sex: '2' }, 7), dimset: 'sex' },
    ].map((r, i) => (i === 0 ? { ...r, dimset: '' } : r));
    const data = input({ 'flow:birth': tagged, population });
    expect(evaluate('CBR', data).numerator).toBe(21);
    expect(evaluate('SRB', data).value).toBe(200);
  });
});

describe('laws of the evaluation', () => {
  const unitsArb = fc.array(
    fc.record({
      births: fc.array(
        fc.record({ month: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 0, max: 40 }) }),
        {
          maxLength: 4,
        },
      ),
      stocks: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 4, maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 6 },
  );
  const months = ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01'];
  const cubeOf = (
    units: Array<{ births: Array<{ month: number; n: number }>; stocks: number[] }>,
    merged: boolean,
  ) => {
    const rows = { 'flow:birth': [] as CubeRow[], population: [] as CubeRow[] };
    units.forEach((u, i) => {
      const unit = merged ? 'all' : `u${i}`;
      for (const b of u.births)
        rows['flow:birth'].push(row(months[b.month] as string, { sex: '1' }, b.n, unit));
      u.stocks.forEach((n, m) => {
        rows.population.push(row(months[m] as string, { sex: '2', age: 20 }, n, unit));
      });
    });
    return cubeByUnit(new Map(Object.entries(rows)));
  };

  it('a rate of several units together is the ratio of the sums of their numerators and denominators', () => {
    fc.assert(
      fc.property(unitsArb, (units) => {
        const period = periodOf('2026-01', '2026-03');
        const parts = cubeOf(units, false);
        const each = units.map((_, i) =>
          evaluate('CBR', { ...input({}, period), rows: parts.get(`u${i}`) ?? new Map() }),
        );
        const whole = evaluate('CBR', {
          ...input({}, period),
          rows: cubeOf(units, true).get('all') ?? new Map(),
        });
        const numerator = each.reduce((s, r) => s + (r.numerator ?? 0), 0);
        const denominator = each.reduce((s, r) => s + (r.denominator ?? 0), 0);
        expect(whole.numerator).toBe(numerator);
        expect(whole.denominator).toBeCloseTo(denominator, 6);
        expect(whole.value).toBeCloseTo((numerator / denominator) * 1000, 6);
      }),
    );
  });

  it('the mean population lies between the smallest and largest month-end stock', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 2, maxLength: 13 }),
        (stocks) => {
          const period = periodOf('2026-01', `2026-${String(stocks.length - 1).padStart(2, '0')}`);
          const all = ['2025-12-01', ...period.months];
          const data = input(
            { population: stocks.map((n, i) => row(all[i] as string, { sex: '1', age: 1 }, n)) },
            period,
          );
          const mean = evaluate('CBR', data).denominator ?? 0;
          expect(mean / period.years).toBeGreaterThanOrEqual(Math.min(...stocks) - 1e-9);
          expect(mean / period.years).toBeLessThanOrEqual(Math.max(...stocks) + 1e-9);
        },
      ),
    );
  });

  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(unitsArb, fc.nat(), (units, seed) => {
        const period = periodOf('2026-01', '2026-03');
        const rows = cubeOf(units, true).get('all') ?? new Map<string, CubeRow[]>();
        const shuffled = new Map(
          [...rows].map(([k, list]) => [
            k,
            [...list].sort((a, b) => ((a.n * 31 + seed) % 7) - ((b.n * 31 + seed) % 7)),
          ]),
        );
        expect(evaluate('CBR', { ...input({}, period), rows: shuffled })).toEqual(
          evaluate('CBR', { ...input({}, period), rows }),
        );
      }),
    );
  });
});
