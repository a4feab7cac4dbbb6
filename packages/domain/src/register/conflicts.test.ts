import { describe, expect, it } from 'vitest';
import type { Change } from './changes.ts';
import { detectConflicts, touchedFields } from './conflicts.ts';
import type { RegisterSnapshot } from './snapshot.ts';
import {
  child,
  contextFor,
  example,
  examples,
  grandmother,
  head,
  household,
  ids,
  person,
} from './test-fixtures.ts';

const reasons = (change: Change, snapshot: RegisterSnapshot = contextFor(change.type)) =>
  detectConflicts(change, snapshot).reasons.map((r) => `${r.code}@${r.path}`);

describe('detectConflicts', () => {
  it('finds none when the register still fits the change', () => {
    for (const type of Object.keys(examples) as (keyof typeof examples)[]) {
      expect(detectConflicts(examples[type], contextFor(type))).toEqual({ conflict: false, reasons: [] });
    }
  });

  it('a person who died: a second death, or anything dated after the death', () => {
    const dead = {
      household: household(),
      person: grandmother({ vitalStatus: 'dead', deathDate: '2026-02-20' }),
    };
    const report = detectConflicts(examples.death, dead);
    expect(report.conflict).toBe(true);
    expect(report.reasons).toEqual([
      expect.objectContaining({
        code: 'DANSO_CONFLICT_PERSON_DEAD',
        path: 'personId',
        registerValue: '2026-02-20',
        vi: 'Sổ đã ghi người này chết.',
      }),
    ]);
    expect(reasons(examples.elderly_check, dead)).toEqual(['DANSO_CONFLICT_PERSON_DEAD@personId']);
    // An event before the death is late news, not a contradiction.
    expect(reasons(example('elderly_check', { occurredOn: '2026-02-01' }), dead)).toEqual([]);
  });

  it('a person who moved out, or now belongs to another household', () => {
    const gone = {
      household: household(),
      person: child({ presence: 'moved_out', movedOutOn: '2026-02-01' }),
    };
    expect(reasons(examples.move_out, gone)).toEqual(['DANSO_CONFLICT_PERSON_MOVED_OUT@personId']);
    const moved = { household: household(), person: child({ householdId: ids.otherHousehold }) };
    const report = detectConflicts(examples.premarital_check, moved);
    expect(report.reasons).toEqual([
      expect.objectContaining({
        code: 'DANSO_CONFLICT_PERSON_HOUSEHOLD_CHANGED',
        registerValue: ids.otherHousehold,
        changeValue: ids.household,
      }),
    ]);
  });

  it('a person or household no longer in the register, or an id already taken', () => {
    expect(reasons(examples.death, { household: household(), person: null })).toEqual([
      'DANSO_CONFLICT_PERSON_MISSING@personId',
    ]);
    expect(reasons(examples.death, { household: null, person: grandmother() })).toEqual([
      'DANSO_CONFLICT_HOUSEHOLD_MISSING@householdId',
    ]);
    expect(reasons(examples.birth, { household: household(), person: child({ id: ids.newborn }) })).toEqual([
      'DANSO_CONFLICT_PERSON_EXISTS@personId',
    ]);
    expect(reasons(examples.household_new, { household: household({ id: ids.newHousehold }) })).toEqual([
      'DANSO_CONFLICT_HOUSEHOLD_EXISTS@householdId',
    ]);
    expect(
      reasons(examples.household_split, {
        household: household(),
        targetHousehold: household({ id: ids.newHousehold }),
      }),
    ).toEqual(['DANSO_CONFLICT_HOUSEHOLD_EXISTS@payload.newHouseholdId']);
  });

  it('a closed household, unless the change is a correction', () => {
    const closed = household({ status: 'closed' });
    expect(reasons(examples.pregnancy_event, { household: closed, person: person() })).toEqual([
      'DANSO_CONFLICT_HOUSEHOLD_CLOSED@householdId',
    ]);
    expect(reasons(examples.correction, { ...contextFor('correction'), household: closed })).toEqual([]);
    const closedTarget = {
      ...contextFor('transfer'),
      targetHousehold: household({ id: ids.otherHousehold, status: 'closed' }),
    };
    expect(reasons(examples.transfer, closedTarget)).toEqual([
      'DANSO_CONFLICT_HOUSEHOLD_CLOSED@payload.toHouseholdId',
    ]);
    expect(reasons(examples.transfer, { ...contextFor('transfer'), targetHousehold: null })).toEqual([
      'DANSO_CONFLICT_HOUSEHOLD_MISSING@payload.toHouseholdId',
    ]);
  });

  it('an information change whose old value is no longer the register’s, with both values', () => {
    const renamed = { household: household(), person: person({ educationCode: 'vocational' }) };
    expect(detectConflicts(examples.info_change, renamed).reasons).toEqual([
      expect.objectContaining({
        code: 'DANSO_CONFLICT_VALUE_CHANGED',
        path: 'payload.items[0]',
        registerValue: 'vocational',
        changeValue: 'upper_secondary',
      }),
    ]);
    const birth = example('info_change', {
      payload: {
        items: [
          {
            field: 'birthDate',
            from: { date: '1992-06-20', precision: 'day' },
            to: { date: '1992-06-02', precision: 'day' },
          },
        ],
      },
    });
    expect(reasons(birth)).toEqual([]);
    expect(
      reasons(birth, { household: household(), person: person({ birthDatePrecision: 'month' }) }),
    ).toEqual(['DANSO_CONFLICT_VALUE_CHANGED@payload.items[0]']);
  });

  it('stopping a method no longer (or not) in use', () => {
    const none = { household: household(), person: person({ contraceptiveMethod: null }) };
    expect(reasons(examples.contraception_stop, none)).toEqual([
      'DANSO_CONFLICT_CONTRACEPTION_NOT_IN_USE@payload.method',
    ]);
    const other = { household: household(), person: person({ contraceptiveMethod: 'implant' }) };
    expect(detectConflicts(examples.contraception_stop, other).reasons).toEqual([
      expect.objectContaining({
        code: 'DANSO_CONFLICT_VALUE_CHANGED',
        registerValue: 'implant',
        changeValue: 'pill',
      }),
    ]);
  });

  it('a marriage of someone now married, a divorce of someone not', () => {
    const married = { household: household(), person: child({ maritalStatus: 'married' }) };
    expect(reasons(examples.marriage, married)).toEqual(['DANSO_CONFLICT_ALREADY_MARRIED@personId']);
    const single = { ...contextFor('divorce'), person: person({ maritalStatus: 'divorced' }) };
    expect(reasons(examples.divorce, single)).toEqual(['DANSO_CONFLICT_NOT_MARRIED@personId']);
  });

  it('members a split or a change of head names who died, left or moved to another household', () => {
    const members = [head(), person({ vitalStatus: 'dead', deathDate: '2026-02-01' }), child()];
    expect(reasons(examples.head_change, { household: household({ members }) })).toEqual([
      'DANSO_CONFLICT_PERSON_DEAD@payload.newHeadPersonId',
      'DANSO_CONFLICT_PERSON_HOUSEHOLD_CHANGED@payload.relations[1].personId',
    ]);
    const gone = [head(), grandmother({ presence: 'moved_out', movedOutOn: '2026-01-01' })];
    expect(reasons(examples.household_split, { household: household({ members: gone }) })).toEqual([
      'DANSO_CONFLICT_PERSON_MOVED_OUT@payload.members[0].personId',
    ]);
  });

  it('a household number another household took since the change was recorded', () => {
    const taken = { id: ids.otherHousehold, code: '26734-3-57' };
    const report = detectConflicts(examples.household_new, {
      ...contextFor('household_new'),
      householdWithCode: taken,
    });
    expect(report.reasons).toEqual([
      expect.objectContaining({
        code: 'DANSO_CONFLICT_HOUSEHOLD_NUMBER_TAKEN',
        path: 'payload.number',
        registerValue: '26734-3-57',
        changeValue: 57,
      }),
    ]);
    const split = { ...contextFor('household_split'), householdWithCode: { ...taken, code: '26734-3-58' } };
    expect(reasons(examples.household_split, split)).toEqual([
      'DANSO_CONFLICT_HOUSEHOLD_NUMBER_TAKEN@payload.number',
    ]);
    // Another code in the area, or an area the snapshot does not know, is no conflict.
    expect(
      reasons(examples.household_new, {
        ...contextFor('household_new'),
        householdWithCode: { ...taken, code: '26734-3-56' },
      }),
    ).toEqual([]);
    expect(reasons(examples.household_new, { household: null, householdWithCode: taken })).toEqual([]);
  });

  it('fields written since the change’s base version', () => {
    const changed = {
      household: household(),
      person: grandmother({ fieldVersions: { vitalStatus: 45, fullName: 50 } }),
    };
    const report = detectConflicts(examples.death, changed);
    expect(report.reasons).toEqual([
      expect.objectContaining({
        code: 'DANSO_CONFLICT_CHANGED_SINCE_BASE',
        path: `person:${ids.grandmother}.vitalStatus`,
        registerValue: 45,
        changeValue: 41,
      }),
    ]);
    // Versions up to the base, or of fields the change does not touch, are no conflict.
    const older = {
      household: household(),
      person: grandmother({ fieldVersions: { vitalStatus: 41, fullName: 50 } }),
    };
    expect(reasons(examples.death, older)).toEqual([]);
    const headMoved = household({ fieldVersions: { headPersonId: 42 } });
    expect(reasons(examples.head_change, { household: headMoved })).toEqual([
      `DANSO_CONFLICT_CHANGED_SINCE_BASE@household:${ids.household}.headPersonId`,
    ]);
  });

  it('reports a changed value once, not also as changed since the base', () => {
    const both = {
      household: household(),
      person: person({
        educationCode: 'vocational',
        fieldVersions: { educationCode: 60, residenceStatus: 60 },
      }),
    };
    expect(reasons(examples.info_change, both)).toEqual([
      'DANSO_CONFLICT_VALUE_CHANGED@payload.items[0]',
      `DANSO_CONFLICT_CHANGED_SINCE_BASE@person:${ids.wife}.residenceStatus`,
    ]);
  });
});

describe('touchedFields', () => {
  it('names the register fields each change writes', () => {
    expect(touchedFields(examples.death)).toEqual([
      { entity: 'person', id: ids.grandmother, field: 'vitalStatus' },
    ]);
    expect(touchedFields(examples.info_change).map((t) => t.field)).toEqual([
      'educationCode',
      'residenceStatus',
    ]);
    expect(touchedFields(examples.divorce)).toEqual([
      { entity: 'person', id: ids.wife, field: 'maritalStatus' },
      { entity: 'person', id: ids.head, field: 'maritalStatus' },
    ]);
    expect(touchedFields(examples.pregnancy_event)).toEqual([]);
    expect(touchedFields(examples.household_split).map((t) => `${t.id}.${t.field}`)).toEqual([
      `${ids.grandmother}.householdId`,
      `${ids.grandmother}.relationToHead`,
    ]);
    const { personId: _p, ...envelope } = examples.death;
    const wholeHousehold: Change = {
      ...envelope,
      type: 'move_out',
      payload: { scope: 'household', destination: { provinceCode: '79' } },
    };
    expect(touchedFields(wholeHousehold)).toEqual([
      { entity: 'household', id: ids.household, field: 'status' },
    ]);
    expect(touchedFields(examples.correction)).toEqual(touchedFields(examples.death));
  });
});
