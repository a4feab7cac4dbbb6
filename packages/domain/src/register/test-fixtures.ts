/**
 * Builders of register snapshots and changes for the tests of this folder: a plausible default for every
 * field, overridden where a test cares.
 */
import type { ChangeOfType, ChangeType } from './changes.ts';
import type { AreaSnapshot, HouseholdSnapshot, PersonSnapshot, ValidationContext } from './snapshot.ts';

export const TODAY = '2026-03-15';

export const ids = {
  change: '01936f3c-8a4e-7b2c-9d1e-0f2a3b4c5d6e',
  otherChange: '01936f3c-9999-7abc-8def-000000000001',
  author: 'a0000000-0000-4000-8000-000000000001',
  household: 'b0000000-0000-4000-8000-000000000001',
  otherHousehold: 'b0000000-0000-4000-8000-000000000002',
  newHousehold: 'b0000000-0000-4000-8000-000000000003',
  area: 'c0000000-0000-4000-8000-000000000001',
  otherArea: 'c0000000-0000-4000-8000-000000000002',
  head: 'd0000000-0000-4000-8000-000000000001',
  wife: 'd0000000-0000-4000-8000-000000000002',
  child: 'd0000000-0000-4000-8000-000000000003',
  grandmother: 'd0000000-0000-4000-8000-000000000004',
  newborn: 'd0000000-0000-4000-8000-000000000009',
  stranger: 'd0000000-0000-4000-8000-00000000000f',
} as const;

export function person(overrides: Partial<PersonSnapshot> = {}): PersonSnapshot {
  return {
    id: ids.wife,
    householdId: ids.household,
    fullName: 'Nguyễn Thị Lan',
    relationToHead: 'spouse',
    sex: 2,
    birthDate: '1992-06-20',
    birthDatePrecision: 'day',
    ethnicityCode: '01',
    educationCode: 'upper_secondary',
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
    livingChildren: 1,
    ...overrides,
  };
}

export const head = (overrides: Partial<PersonSnapshot> = {}) =>
  person({
    id: ids.head,
    fullName: 'Trần Văn Minh',
    relationToHead: 'head',
    sex: 1,
    birthDate: '1990-02-11',
    livingChildren: 1,
    ...overrides,
  });

export const child = (overrides: Partial<PersonSnapshot> = {}) =>
  person({
    id: ids.child,
    fullName: 'Trần Minh Khôi',
    relationToHead: 'child',
    sex: 1,
    birthDate: '2019-09-01',
    educationCode: 'primary',
    maritalStatus: 'never_married',
    livingChildren: 0,
    ...overrides,
  });

export const grandmother = (overrides: Partial<PersonSnapshot> = {}) =>
  person({
    id: ids.grandmother,
    fullName: 'Lê Thị Đào',
    relationToHead: 'parent',
    birthDate: '1950-01-01',
    birthDatePrecision: 'year',
    educationCode: 'none',
    maritalStatus: 'widowed',
    livingChildren: 3,
    ...overrides,
  });

export function household(overrides: Partial<HouseholdSnapshot> = {}): HouseholdSnapshot {
  return {
    id: ids.household,
    status: 'active',
    kind: 'family',
    areaId: ids.area,
    communeCode: '26734',
    headPersonId: ids.head,
    members: [head(), person(), child(), grandmother()],
    ...overrides,
  };
}

/** The fixture household's area, number 3 of its commune. */
export function area(overrides: Partial<AreaSnapshot> = {}): AreaSnapshot {
  return { id: ids.area, communeCode: '26734', number: 3, ...overrides };
}

const envelope = {
  id: ids.change,
  householdId: ids.household,
  authorId: ids.author,
  occurredOn: '2026-03-01',
  recordedAt: '2026-03-02T09:30:00+07:00',
  baseVersion: 41,
};

/** A valid change of each type, about the fixture household. */
export const examples: { [T in ChangeType]: ChangeOfType<T> } = {
  birth: {
    ...envelope,
    type: 'birth',
    personId: ids.newborn,
    payload: {
      fullName: 'Trần Thị Mai',
      sex: 2,
      ethnicityCode: '01',
      relationToHead: 'child',
      birthPlace: 'hospital',
      birthOrder: 2,
      mother: {
        personId: ids.wife,
        fullName: 'Nguyễn Thị Lan',
        birthDate: '1992-06-20',
        birthDatePrecision: 'day',
      },
      newbornScreeningOn: '2026-03-03',
    },
  },
  newborn_screening: {
    ...envelope,
    type: 'newborn_screening',
    personId: ids.child,
    occurredOn: '2019-09-03',
    recordedAt: '2019-09-04T08:00:00Z',
    payload: {
      tests: [
        { test: 'g6pd_deficiency', result: 'low_risk' },
        { test: 'congenital_hypothyroidism', result: 'pending' },
      ],
      site: 'hospital',
    },
  },
  death: { ...envelope, type: 'death', personId: ids.grandmother, payload: { cause: 'Tuổi cao' } },
  move_in: {
    ...envelope,
    type: 'move_in',
    personId: ids.newborn,
    payload: {
      person: {
        fullName: 'Phạm Văn Hùng',
        relationToHead: 'other',
        sex: 1,
        birthDate: '1999-04-30',
        birthDatePrecision: 'day',
        ethnicityCode: '06',
        educationCode: 'university',
        maritalStatus: 'never_married',
        residenceStatus: 'temporary',
        personalId: '001099012345',
      },
      from: { provinceCode: '01', communeCode: '00004' },
    },
  },
  move_out: {
    ...envelope,
    type: 'move_out',
    personId: ids.child,
    payload: { scope: 'person', destination: { provinceCode: '79', description: 'Đi học' } },
  },
  transfer: {
    ...envelope,
    type: 'transfer',
    personId: ids.grandmother,
    payload: { scope: 'person', toHouseholdId: ids.otherHousehold, relationToHead: 'parent' },
  },
  info_change: {
    ...envelope,
    type: 'info_change',
    personId: ids.wife,
    payload: {
      items: [
        { field: 'educationCode', from: 'upper_secondary', to: 'university' },
        { field: 'residenceStatus', from: 'permanent', to: 'temporarily_absent' },
      ],
    },
  },
  contraception_start: {
    ...envelope,
    type: 'contraception_start',
    personId: ids.wife,
    payload: { method: 'iud', livingChildren: 1, site: 'health_station', husbandPersonId: ids.head },
  },
  contraception_stop: {
    ...envelope,
    type: 'contraception_stop',
    personId: ids.wife,
    payload: { method: 'pill' },
  },
  pregnancy_event: {
    ...envelope,
    type: 'pregnancy_event',
    personId: ids.wife,
    payload: { kind: 'pregnant', pregnancyNumber: 2, gestationWeeks: 8 },
  },
  prenatal_screening: {
    ...envelope,
    type: 'prenatal_screening',
    personId: ids.wife,
    payload: {
      gestationWeeks: 12,
      tests: [
        { test: 'down_syndrome', result: 'low_risk' },
        { test: 'thalassaemia', result: 'high_risk' },
      ],
      site: 'hospital',
    },
  },
  elderly_check: {
    ...envelope,
    type: 'elderly_check',
    personId: ids.grandmother,
    payload: { site: 'health_station' },
  },
  marriage: {
    ...envelope,
    type: 'marriage',
    personId: ids.child,
    payload: {
      spouse: { fullName: 'Võ Thị Hoa', sex: 2, birthDate: '1998-01-01', birthDatePrecision: 'year' },
      childMarriage: false,
      consanguineous: false,
    },
  },
  premarital_check: {
    ...envelope,
    type: 'premarital_check',
    personId: ids.child,
    payload: { counselling: true, healthCheck: false, site: 'health_station' },
  },
  divorce: { ...envelope, type: 'divorce', personId: ids.wife, payload: { spousePersonId: ids.head } },
  household_new: {
    ...envelope,
    householdId: ids.newHousehold,
    type: 'household_new',
    payload: { areaId: ids.area, number: 57, address: 'Số 12, ngõ 371', kind: 'family' },
  },
  household_split: {
    ...envelope,
    type: 'household_split',
    payload: {
      newHouseholdId: ids.newHousehold,
      areaId: ids.area,
      number: 58,
      kind: 'family',
      members: [{ personId: ids.grandmother, relationToHead: 'head' }],
    },
  },
  head_change: {
    ...envelope,
    type: 'head_change',
    payload: {
      newHeadPersonId: ids.wife,
      relations: [
        { personId: ids.head, relationToHead: 'spouse' },
        { personId: ids.grandmother, relationToHead: 'other' },
      ],
    },
  },
  correction: {
    ...envelope,
    type: 'correction',
    personId: ids.grandmother,
    payload: {
      action: 'amend',
      correctsChangeId: ids.otherChange,
      reason: 'Ghi nhầm ngày chết',
      correctedType: 'death',
      occurredOn: '2026-02-27',
      payload: {},
    },
  },
};

/** A copy of an example with parts replaced (payload fields merged one level deep). */
export function example<T extends ChangeType>(
  type: T,
  overrides: Partial<Omit<ChangeOfType<T>, 'payload'>> & {
    payload?: Partial<ChangeOfType<T>['payload']>;
  } = {},
): ChangeOfType<T> {
  const base = structuredClone(examples[type]) as ChangeOfType<T>;
  const { payload, ...rest } = overrides;
  return { ...base, ...rest, payload: { ...base.payload, ...payload } } as ChangeOfType<T>;
}

const targetHousehold = () =>
  household({
    id: ids.otherHousehold,
    headPersonId: ids.stranger,
    members: [head({ id: ids.stranger, householdId: ids.otherHousehold, fullName: 'Đỗ Văn Tâm' })],
  });

/** A register in which the example of each type is valid and raises nothing. */
export function contextFor(type: ChangeType): ValidationContext {
  switch (type) {
    case 'birth':
      return { household: household(), person: null, mother: person() };
    case 'newborn_screening':
    case 'move_out':
    case 'premarital_check':
      return { household: household(), person: child() };
    case 'death':
    case 'elderly_check':
      return { household: household(), person: grandmother() };
    case 'move_in':
      return { household: household(), person: null };
    case 'transfer':
      return { household: household(), person: grandmother(), targetHousehold: targetHousehold() };
    case 'info_change':
    case 'pregnancy_event':
    case 'prenatal_screening':
      return { household: household(), person: person() };
    case 'contraception_start':
      return { household: household(), person: person(), spouse: head() };
    case 'contraception_stop':
      return {
        household: household(),
        person: person({ contraceptiveMethod: 'pill', contraceptionStartedOn: '2024-01-10' }),
      };
    case 'marriage':
      return { household: household(), person: child({ birthDate: '1997-05-05' }) };
    case 'divorce':
      return { household: household(), person: person(), spouse: head() };
    case 'household_new':
      return { household: null, targetArea: area(), householdWithCode: null };
    case 'household_split':
      return { household: household(), targetHousehold: null, targetArea: area(), householdWithCode: null };
    case 'head_change':
      return { household: household(), targetHousehold: null };
    case 'correction':
      return {
        household: household(),
        person: grandmother({ vitalStatus: 'dead', deathDate: '2026-03-01' }),
        correctedChange: {
          id: ids.otherChange,
          type: 'death',
          status: 'approved',
          householdId: ids.household,
          personId: ids.grandmother,
        },
      };
  }
}
