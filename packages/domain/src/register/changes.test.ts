import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Change,
  ChangeSchema,
  changePayloadSchemas,
  changeSchemas,
  changeTypeLabels,
  changeTypes,
  isCorrectable,
  parseChange,
  uncorrectableChangeTypes,
} from './changes.ts';
import { anyChange } from './test-arbitraries.ts';
import { example, examples, ids } from './test-fixtures.ts';

const glossaryTypes = [
  'birth',
  'newborn_screening',
  'death',
  'move_in',
  'move_out',
  'transfer',
  'info_change',
  'contraception_start',
  'contraception_stop',
  'pregnancy_event',
  'prenatal_screening',
  'elderly_check',
  'marriage',
  'premarital_check',
  'divorce',
  'household_new',
  'household_split',
  'head_change',
  'correction',
];

describe('change types', () => {
  it('are the glossary codes, each with a schema and Vietnamese and English labels', () => {
    expect([...changeTypes].sort()).toEqual([...glossaryTypes].sort());
    for (const type of changeTypes) {
      expect(changeSchemas[type]).toBeDefined();
      expect(changeTypeLabels[type].vi.length).toBeGreaterThan(0);
      expect(changeTypeLabels[type].en.length).toBeGreaterThan(0);
    }
    expect(Object.keys(changePayloadSchemas).sort()).toEqual(
      changeTypes.filter((t) => t !== 'correction').sort(),
    );
  });

  it('are correctable except those that restructure households, and corrections', () => {
    expect(changeTypes.filter((type) => !isCorrectable(type))).toEqual([
      'transfer',
      'household_new',
      'household_split',
      'head_change',
      'correction',
    ]);
    expect(changeTypes.filter((type) => !isCorrectable(type))).toEqual([...uncorrectableChangeTypes]);
    expect(isCorrectable('birth')).toBe(true);
    expect(isCorrectable('no_such_type')).toBe(false);
  });

  it.each(changeTypes)('the %s example is accepted by its schema and the union', (type) => {
    const result = parseChange(JSON.parse(JSON.stringify(examples[type])));
    expect(result).toEqual({ ok: true, change: examples[type] });
    expect(Value.Check(ChangeSchema, examples[type])).toBe(true);
  });
});

describe('parseChange rejects', () => {
  const rejects = (value: unknown) => {
    const result = parseChange(value);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.errors;
  };

  it('an unknown or missing type, at type', () => {
    expect(rejects({ ...examples.death, type: 'wedding' })).toEqual([
      expect.objectContaining({ path: 'type', reason: 'unknown_change_type' }),
    ]);
    expect(rejects(null)[0]?.path).toBe('type');
    expect(rejects('death')[0]?.path).toBe('type');
  });

  it('a change id that is not a lower-case UUIDv7', () => {
    const v4 = 'a0000000-0000-4000-8000-000000000001';
    expect(rejects({ ...examples.death, id: v4 })[0]?.path).toBe('id');
    expect(rejects({ ...examples.death, id: ids.change.toUpperCase() })[0]?.path).toBe('id');
  });

  it('unknown properties, in the envelope and in the payload', () => {
    expect(rejects({ ...examples.death, extra: 1 }).length).toBeGreaterThan(0);
    expect(
      rejects(example('death', { payload: { cause: 'x', place: 'home' } as never })).length,
    ).toBeGreaterThan(0);
  });

  it('dates and timestamps in the wrong form, and a negative base version', () => {
    expect(rejects(example('death', { occurredOn: '01/03/2026' }))[0]?.path).toBe('occurredOn');
    expect(rejects(example('death', { recordedAt: '2026-03-02 09:30' }))[0]?.path).toBe('recordedAt');
    expect(rejects(example('death', { recordedAt: '2026-03-02T09:30:00' }))[0]?.path).toBe('recordedAt');
    expect(rejects(example('death', { baseVersion: -1 }))[0]?.path).toBe('baseVersion');
    expect(rejects(example('death', { baseVersion: 1.5 }))[0]?.path).toBe('baseVersion');
  });

  it('a person change without its person, and a household move-out with one', () => {
    const { personId: _omitted, ...withoutPerson } = examples.death;
    expect(rejects(withoutPerson).length).toBeGreaterThan(0);
    const { personId: _person, ...envelope } = examples.death;
    const whole = {
      ...envelope,
      type: 'move_out',
      payload: { scope: 'household', destination: { provinceCode: '79' } },
    };
    expect(rejects({ ...whole, personId: ids.child }).length).toBeGreaterThan(0);
    expect(parseChange(whole).ok).toBe(true);
  });

  it('sizes beyond the limits', () => {
    expect(rejects(example('birth', { payload: { fullName: '' } }))[0]?.path).toBe('payload.fullName');
    expect(rejects(example('birth', { payload: { fullName: '   ' } }))[0]?.path).toBe('payload.fullName');
    expect(rejects(example('birth', { payload: { fullName: 'A'.repeat(101) } }))[0]?.path).toBe(
      'payload.fullName',
    );
    expect(rejects(example('birth', { payload: { birthOrder: 0 } }))[0]?.path).toBe('payload.birthOrder');
    const many = Array.from({ length: 11 }, () => ({ test: 'g6pd_deficiency', result: 'low_risk' as const }));
    expect(rejects(example('newborn_screening', { payload: { tests: many } }))[0]?.path).toBe(
      'payload.tests',
    );
    expect(rejects(example('newborn_screening', { payload: { tests: [] } }))[0]?.path).toBe('payload.tests');
    const badResult = [{ test: 'g6pd_deficiency', result: 'positive' as never }];
    expect(rejects(example('newborn_screening', { payload: { tests: badResult } }))[0]?.path).toBe(
      'payload.tests[0].result',
    );
    expect(
      rejects(example('move_out', { payload: { scope: 'person', destination: {} } })).length,
    ).toBeGreaterThan(0);
  });

  it('codes of fixed lists outside the list, and malformed open codes', () => {
    expect(rejects(example('birth', { payload: { sex: 3 as never } }))[0]?.path).toBe('payload.sex');
    expect(rejects(example('birth', { payload: { relationToHead: 'boss' as never } }))[0]?.path).toBe(
      'payload.relationToHead',
    );
    expect(rejects(example('birth', { payload: { ethnicityCode: 'Kinh người' } }))[0]?.path).toBe(
      'payload.ethnicityCode',
    );
    expect(
      rejects(
        example('move_in', {
          payload: { person: { ...examples.move_in.payload.person, personalId: '12345' } },
        }),
      )[0]?.path,
    ).toBe('payload.person.personalId');
  });

  it('an info change whose values do not fit the field', () => {
    const bad = example('info_change', {
      payload: { items: [{ field: 'sex', from: 1, to: 'female' }] as never },
    });
    expect(rejects(bad).length).toBeGreaterThan(0);
  });

  it('a correction amending with a payload of another type', () => {
    const amend = { ...examples.correction.payload, correctedType: 'death', payload: { method: 'iud' } };
    expect(rejects({ ...examples.correction, payload: amend }).length).toBeGreaterThan(0);
    const voided = { action: 'void', correctsChangeId: ids.otherChange, reason: 'Ghi trùng' };
    expect(parseChange({ ...examples.correction, payload: voided }).ok).toBe(true);
  });
});

describe('properties', () => {
  it('any change its schema accepts round-trips through JSON and parseChange unchanged', () => {
    fc.assert(
      fc.property(anyChange, (change) => {
        const parsed = parseChange(JSON.parse(JSON.stringify(change)));
        expect(parsed).toEqual({ ok: true, change });
        expect(Value.Check(ChangeSchema, change)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('any change with one more property is rejected', () => {
    fc.assert(
      fc.property(anyChange, fc.constantFrom('note', 'extra', 'status'), (change, key) => {
        expect(parseChange({ ...change, [key]: 'x' } as unknown as Change).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
