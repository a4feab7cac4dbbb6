import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorDetail } from '../errors.ts';
import {
  ageHeapingFromJson,
  demographyMethods,
  fertilityFromJson,
  lifeTableFromJson,
  projectionFromJson,
} from './json.ts';

function problemsOf(run: () => unknown): ErrorDetail[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) {
      expect(error.code).toBe('DANSO_ERR_VALIDATION');
      return error.details;
    }
    throw error;
  }
  throw new Error('expected a validation error');
}

const examples = {
  'life-table': {
    ages: [0, 1, 5, 10, 15],
    mx: [0.02, 0.001, 0.0004, 0.0005, 0.1],
    sex: 'female',
    axRule: { young: 'cd-q0', region: 'north', older: 'greville' },
  },
  fertility: {
    ages: [15, 20, 25, 30, 35, 40, 45],
    n: 5,
    asfr: [0.02, 0.1, 0.12, 0.08, 0.04, 0.01, 0.001],
    srb: 1.12,
    femaleLx: [495000, 494000, 493000, 492000, 490000, 487000, 482000],
  },
  project: {
    step: 5,
    horizon: 10,
    ages: [0, 5, 10, 15, 20, 25],
    population: { male: [100, 100, 100, 100, 100, 100], female: [95, 95, 95, 95, 95, 95] },
    mx: {
      male: [0.02, 0.001, 0.0005, 0.0005, 0.001, 0.0012, 0.1],
      female: [0.015, 0.001, 0.0004, 0.0004, 0.0008, 0.0009, 0.09],
    },
    axRule: { older: 'half' },
    asfr: [0, 0, 0, 0.03, 0.1, 0.05],
    srb: 1.11,
    migration: { male: [1, 1, 1, 1, 1, 1], female: [0, 0, 0, -2, -2, 0] },
    migrationTiming: 'end',
  },
  'age-heaping': {
    ages: Array.from({ length: 80 }, (_, i) => i),
    population: Array.from({ length: 80 }, (_, i) => (i % 10 === 0 ? 150 : 100)),
    method: 'whipple',
  },
} as const;

describe('the JSON interface', () => {
  for (const [name, method] of Object.entries(demographyMethods)) {
    it(`answers ${name} with an object its output schema accepts`, () => {
      const input = JSON.parse(JSON.stringify(examples[name as keyof typeof examples]));
      expect(Value.Check(method.input, input)).toBe(true);
      const output = method.run(input);
      expect([...Value.Errors(method.output, output)]).toEqual([]);
      // Plain JSON: a round trip changes nothing.
      expect(JSON.parse(JSON.stringify(output))).toEqual(output);
    });
  }

  it('states the conventions it used', () => {
    const table = lifeTableFromJson(examples['life-table']);
    expect(table.conventions.axRule).toEqual({ young: 'cd-q0', region: 'north', older: 'greville' });
    const fertility = fertilityFromJson(examples.fertility);
    expect(fertility.conventions.srb).toBe(1.12);
    expect(fertility.nrr).toBeGreaterThan(0);
    const projection = projectionFromJson(examples.project);
    expect(projection.conventions).toMatchObject({
      migrationTiming: 'end',
      survivalSource: 'life-table',
      srb: 1.11,
    });
    expect(projection.steps.map((s) => s.yearOffset)).toEqual([5, 10]);
  });

  it('lists missing fields, unknown fields and unknown rule names together', () => {
    const problems = problemsOf(() =>
      lifeTableFromJson({
        ages: [0, 1, 5],
        mx: [0.01, 0.002, 0.1],
        axRule: { young: 'coale', older: 'x' },
        extra: 1,
      }),
    );
    expect(problems.map((p) => `${p.path} ${p.reason}`)).toEqual([
      '/sex required',
      '/extra unknown_field',
      '/axRule/young enum',
      '/axRule/older enum',
    ]);
    expect(problems[2]?.message).toBe('Giá trị không hợp lệ; chỉ nhận: cd-m0, cd-q0, ak-m0.');
    expect(problems[0]?.message).toBe('Thiếu trường bắt buộc «sex».');
  });

  it('lists schema problems and value problems together', () => {
    const problems = problemsOf(() =>
      fertilityFromJson({ ages: [15, 20, 25], n: '5', asfr: [0.1, -0.1, 'x'], srb: 0 }),
    );
    expect(problems.map((p) => `${p.path} ${p.reason}`)).toEqual([
      '/n type',
      '/asfr/2 type',
      '/srb minimum',
      '/asfr/1 negative',
    ]);
    for (const p of problems) expect(p.message).toMatch(/\S/);
  });

  it('reports ragged per-step lists in a projection', () => {
    const problems = problemsOf(() =>
      projectionFromJson({
        ...examples.project,
        asfr: [
          [0, 0, 0, 0.1, 0.1, 0],
          [0, 0, 0.1],
        ],
        migrationTiming: 'soon',
      }),
    );
    expect(problems.map((p) => `${p.path} ${p.reason}`)).toEqual([
      '/migrationTiming enum',
      '/asfr/1 length_mismatch',
    ]);
  });

  it('rejects what is not an object', () => {
    expect(problemsOf(() => ageHeapingFromJson([1, 2]))[0]).toMatchObject({ path: '/', reason: 'type' });
    expect(problemsOf(() => ageHeapingFromJson(null))[0]).toMatchObject({ path: '/', reason: 'type' });
  });

  it('summarises a flood of problems', () => {
    const ages = Array.from({ length: 150 }, (_, i) => i);
    const problems = problemsOf(() => lifeTableFromJson({ ages, mx: ages.map(() => -1), sex: 'male' }));
    expect(problems).toHaveLength(101);
    expect(problems[100]).toMatchObject({
      reason: 'too_many_problems',
      message: 'Còn 50 lỗi khác chưa liệt kê.',
    });
  });
});
