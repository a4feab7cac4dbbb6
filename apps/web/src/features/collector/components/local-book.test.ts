import type { Change } from '@danso/domain';
import { describe, expect, it } from 'vitest';
import type { LocalArea, LocalHousehold, LocalPerson } from '../../../lib/offline/local-db.ts';
import { newEntry } from '../../../lib/offline/outbox.ts';
import { baseVersionOf, duplicateWarnings, householdPageOf, pendingHouseholds } from './local-book.ts';

const area: LocalArea = {
  id: 'a1',
  code: '3',
  name: 'Địa bàn số 3',
  communeCode: '05977',
  communeName: 'Xã Một',
};
const household: LocalHousehold = {
  id: '11111111-1111-4111-8111-111111111111',
  areaId: 'a1',
  communeCode: '05977',
  code: '05977-3-12',
  number: 12,
  address: null,
  hamletId: null,
  kind: 'family',
  status: 'active',
  headPersonId: 'p-head',
  createdOn: '2020-01-01',
  closedOn: null,
  version: 40,
};

function person(over: Partial<LocalPerson>): LocalPerson {
  return {
    id: 'p',
    householdId: household.id,
    fullName: 'Người',
    relationToHead: 'other',
    sex: 1,
    birthDate: '1980-01-01',
    birthDatePrecision: 'day',
    ethnicityCode: '01',
    educationCode: null,
    maritalStatus: 'married',
    residenceStatus: 'permanent',
    insuranceNumber: null,
    personalId: null,
    vitalStatus: 'alive',
    deathDate: null,
    presence: 'present',
    movedOutOn: null,
    contraceptiveMethod: null,
    contraceptionStartedOn: null,
    livingChildren: 0,
    areaId: 'a1',
    rowNumber: 1,
    motherId: null,
    version: 10,
    ...over,
  };
}

const head = person({
  id: 'p-head',
  fullName: 'Nông Văn Chủ',
  relationToHead: 'head',
  rowNumber: 1,
  version: 12,
});
const wife = person({
  id: 'p-wife',
  fullName: 'Hoàng Thị Vợ',
  relationToHead: 'spouse',
  sex: 2,
  rowNumber: 2,
  contraceptiveMethod: 'iud',
  contraceptionStartedOn: '2024-01-01',
  version: 55,
});
const baby = person({
  id: 'p-baby',
  fullName: 'Nông Thị Bé',
  relationToHead: 'child',
  sex: 2,
  birthDate: '2026-05-01',
  rowNumber: 3,
  motherId: 'p-wife',
});
const grandma = person({
  id: 'p-gm',
  fullName: 'Lý Thị Bà',
  vitalStatus: 'dead',
  deathDate: '2026-01-10',
  rowNumber: 4,
});
const elsewhere = person({ id: 'p-x', householdId: 'other', fullName: 'Nông Thị Bé', version: 999 });
const people = [grandma, baby, wife, head, elsewhere];

function birth(id: string, fullName: string, on: string): Change {
  return {
    id,
    type: 'birth',
    householdId: household.id,
    personId: id.replace('0190a000', '0190b000'),
    authorId: '33333333-3333-4333-8333-333333333333',
    occurredOn: on,
    recordedAt: `${on}T08:00:00.000Z`,
    baseVersion: 55,
    payload: {
      fullName,
      sex: 2,
      ethnicityCode: '01',
      relationToHead: 'child',
      birthPlace: 'hospital',
      birthOrder: 2,
      mother: {
        personId: 'p-wife',
        fullName: 'Hoàng Thị Vợ',
        birthDate: '1980-01-01',
        birthDatePrecision: 'day',
      },
    },
  };
}

describe('the household page built from the phone’s book', () => {
  it('lists the household’s own members in row order, marks the dead, and reads section II', () => {
    const page = householdPageOf(household, people, area);
    expect(page.members.map((m) => m.id)).toEqual(['p-head', 'p-wife', 'p-baby', 'p-gm']);
    expect(page.members[3]?.departure).toEqual({ reason: 'died', on: '2026-01-10' });
    expect(page.members[0]?.departure).toBeNull();
    expect(page.household).toMatchObject({ areaName: 'Địa bàn số 3', areaNumber: 3, communeName: 'Xã Một' });
    expect(page.contraception).toEqual([{ wifeId: 'p-wife', method: 'iud', startedOn: '2024-01-01' }]);
  });

  it('bases a new change on the newest version of the household and its members', () => {
    expect(baseVersionOf(household, people)).toBe(55);
    expect(baseVersionOf({ ...household, version: 60 }, people)).toBe(60);
  });
});

describe('duplicate warnings on the phone', () => {
  const households = new Map([[household.id, household]]);

  it('warns when a birth repeats a child already in the household book', () => {
    const warnings = duplicateWarnings(
      birth('0190a000-0000-7000-8000-000000000001', 'Nông Thị Bé', '2026-05-02'),
      people,
      households,
      [],
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', path: 'payload.fullName' });
    expect(warnings[0]?.vi).toContain('05977-3-12');
  });

  it('warns when the same birth was already recorded on the phone, but not about the change itself', () => {
    const first = birth('0190a000-0000-7000-8000-000000000002', 'Nông Văn Tí', '2026-06-01');
    const again = birth('0190a000-0000-7000-8000-000000000003', 'Nong Van Ti', '2026-06-01');
    expect(duplicateWarnings(again, people, households, [newEntry(first)])).toHaveLength(1);
    expect(duplicateWarnings(first, people, households, [newEntry(first)])).toEqual([]);
  });

  it('says nothing for a different child, or for a change that adds nobody', () => {
    expect(
      duplicateWarnings(
        birth('0190a000-0000-7000-8000-000000000004', 'Nông Văn Mới', '2026-06-01'),
        people,
        households,
        [],
      ),
    ).toEqual([]);
    const death: Change = {
      id: '0190a000-0000-7000-8000-000000000005',
      type: 'death',
      householdId: household.id,
      personId: 'p-head',
      authorId: '33333333-3333-4333-8333-333333333333',
      occurredOn: '2026-06-01',
      recordedAt: '2026-06-01T08:00:00.000Z',
      baseVersion: 55,
      payload: {},
    };
    expect(duplicateWarnings(death, people, households, [])).toEqual([]);
  });
});

describe('households recorded on the phone and not yet in its book', () => {
  const envelope = {
    authorId: '00000000-0000-4000-8000-00000000000a',
    occurredOn: '2026-06-01',
    recordedAt: '2026-06-01T08:00:00.000Z',
    baseVersion: 40,
  };
  const created: Change = {
    ...envelope,
    id: '01970000-0000-7000-8000-000000000001',
    householdId: '22222222-2222-4222-8222-222222222222',
    type: 'household_new',
    payload: { areaId: 'a1', number: 30, kind: 'family' },
  };
  const split: Change = {
    ...envelope,
    id: '01970000-0000-7000-8000-000000000002',
    householdId: household.id,
    type: 'household_split',
    payload: {
      newHouseholdId: '33333333-3333-4333-8333-333333333333',
      areaId: 'a1',
      number: 31,
      kind: 'family',
      members: [
        { personId: wife.id, relationToHead: 'head' },
        { personId: baby.id, relationToHead: 'child' },
      ],
    },
  };
  const elsewhere: Change = {
    ...created,
    id: '01970000-0000-7000-8000-000000000003',
    householdId: '44444444-4444-4444-8444-444444444444',
    payload: { areaId: 'a2', number: 1, kind: 'family' },
  };

  it('lists the new and split-off households of the area with their state, the split’s head named', () => {
    const outbox = [newEntry(created), { ...newEntry(split), state: 'sent' as const }, newEntry(elsewhere)];
    expect(pendingHouseholds(outbox, 'a1', new Set([household.id]), [head, wife, baby])).toEqual([
      {
        changeId: created.id,
        type: 'household_new',
        householdId: created.householdId,
        number: 30,
        headName: null,
        state: 'waiting',
      },
      {
        changeId: split.id,
        type: 'household_split',
        householdId: '33333333-3333-4333-8333-333333333333',
        number: 31,
        headName: 'Hoàng Thị Vợ',
        state: 'sent',
      },
    ]);
  });

  it('leaves out those the book has received and those the officer rejected', () => {
    const outbox = [
      { ...newEntry(created), state: 'approved' as const },
      { ...newEntry(split), state: 'rejected' as const },
    ];
    expect(pendingHouseholds(outbox, 'a1', new Set([created.householdId]), [])).toEqual([]);
  });
});
