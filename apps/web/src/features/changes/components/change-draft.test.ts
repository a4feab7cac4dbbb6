import { makeUuidV7 } from '@danso/domain';
import { describe, expect, it } from 'vitest';
import type { HouseholdMember, HouseholdPage } from '../api/changes-api.ts';
import {
  type ChangeDraft,
  changeToDraft,
  checkDraft,
  type Envelope,
  emptyDraft,
  snapshotFromPage,
} from './change-draft.ts';

const today = '2026-05-20';
let counter = 0;
const id = () => makeUuidV7(Date.UTC(2026, 4, 1) + counter++, new Uint8Array(10).fill(counter % 256));

function member(over: Partial<HouseholdMember>): HouseholdMember {
  return {
    id: id(),
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
    departure: null,
    ...over,
  };
}

const head = member({ fullName: 'Nông Văn Chủ', relationToHead: 'head', birthDate: '1960-03-02' });
const wife = member({ fullName: 'Hoàng Thị Vợ', relationToHead: 'spouse', sex: 2, birthDate: '1995-06-15' });
const grandma = member({
  fullName: 'Lý Thị Bà',
  relationToHead: 'parent',
  sex: 2,
  birthDate: '1930-01-01',
  vitalStatus: 'dead',
  deathDate: '2026-01-10',
  departure: { reason: 'died', on: '2026-01-10' },
});
const gone = member({
  fullName: 'Nông Văn Đi',
  relationToHead: 'child',
  departure: { reason: 'transferred', on: '2025-12-01' },
});

const page: HouseholdPage = {
  household: {
    id: id(),
    code: '20001-1-12',
    number: 12,
    address: null,
    kind: 'family',
    status: 'active',
    communeCode: '20001',
    communeName: 'Xã Thử',
    areaId: id(),
    areaNumber: 1,
    areaName: 'Địa bàn số 1',
    hamletName: null,
  },
  members: [head, wife, grandma, gone],
  contraception: [{ wifeId: wife.id, method: 'iud', startedOn: '2024-01-01' }],
};

const envelope: Envelope = {
  id: id(),
  newPersonId: id(),
  householdId: page.household.id,
  authorId: id(),
  recordedAt: '2026-05-20T03:00:00.000Z',
  baseVersion: 7,
};

const draft = (type: ChangeDraft['type'], over: Partial<ChangeDraft>): ChangeDraft => ({
  ...emptyDraft(type, today),
  ...over,
});

describe('a change typed in from a P0 sheet', () => {
  it('becomes a birth the domain accepts, with the mother taken from the household page', () => {
    const checked = checkDraft(
      draft('birth', {
        occurredOn: '2026-05-18',
        fullName: 'Nông Thị Mới',
        sex: '2',
        birthPlace: 'hospital',
        birthOrder: '1',
        motherId: wife.id,
      }),
      envelope,
      page,
      today,
    );
    expect(checked.problems).toEqual([]);
    expect(checked.change).toMatchObject({
      id: envelope.id,
      type: 'birth',
      personId: envelope.newPersonId,
      baseVersion: 7,
      payload: { sex: 2, birthOrder: 1, mother: { personId: wife.id, birthDate: '1995-06-15' } },
    });
  });

  it('names every empty required field before the schema is consulted', () => {
    const checked = checkDraft(draft('birth', { occurredOn: '' }), envelope, page, today);
    expect(checked.change).toBeNull();
    expect(checked.problems.map((p) => p.path).sort()).toEqual(
      [
        'occurredOn',
        'payload.fullName',
        'payload.sex',
        'payload.birthPlace',
        'payload.birthOrder',
        'payload.mother.fullName',
        'payload.mother.birthDate',
      ].sort(),
    );
    expect(checked.problems.every((p) => p.code === 'required' && p.severity === 'error')).toBe(true);
  });

  it('asks for a place when a move names none, and refuses a malformed province code', () => {
    const none = checkDraft(draft('move_out', { personId: wife.id }), envelope, page, today);
    expect(none.problems).toEqual([
      { path: 'payload.destination', severity: 'error', code: 'place_required' },
    ]);
    const bad = checkDraft(
      draft('move_out', { personId: wife.id, provinceCode: '2' }),
      envelope,
      page,
      today,
    );
    expect(bad.problems.map((p) => [p.path, p.code])).toEqual([
      ['payload.destination.provinceCode', 'invalid'],
    ]);
  });

  it('applies the register rules: a dead person cannot die again, a future date is refused', () => {
    const again = checkDraft(
      draft('death', { personId: grandma.id, occurredOn: '2026-05-01' }),
      envelope,
      page,
      today,
    );
    expect(again.problems.map((p) => p.code)).toContain('DANSO_RULE_DEATH_ALREADY_RECORDED');
    const future = checkDraft(
      draft('death', { personId: head.id, occurredOn: '2026-06-01' }),
      envelope,
      page,
      today,
    );
    expect(future.problems.map((p) => p.code)).toContain('DANSO_RULE_DATE_IN_FUTURE');
  });

  it('knows the method a wife uses from section II of the page', () => {
    const wrong = checkDraft(
      draft('contraception_stop', { personId: wife.id, method: 'pill', occurredOn: '2026-05-01' }),
      envelope,
      page,
      today,
    );
    expect(wrong.problems.map((p) => p.code)).toEqual(['DANSO_RULE_CONTRACEPTION_METHOD_MISMATCH']);
    const right = checkDraft(
      draft('contraception_stop', { personId: wife.id, method: 'iud', occurredOn: '2026-05-01' }),
      envelope,
      page,
      today,
    );
    expect(right.problems).toEqual([]);
  });

  it('leaves out of the snapshot those who moved to another household, and finds the head', () => {
    const checked = checkDraft(draft('elderly_check', { personId: head.id }), envelope, page, today);
    if (!checked.change) throw new Error('expected a change');
    const snapshot = snapshotFromPage(page, checked.change);
    expect(snapshot.household?.members.map((m) => m.id)).toEqual([head.id, wife.id, grandma.id]);
    expect(snapshot.household?.headPersonId).toBe(head.id);
    expect(snapshot.person?.id).toBe(head.id);
  });

  it('turns a recorded change back into the draft it came from, for correcting a returned change', () => {
    const drafts: ChangeDraft[] = [
      draft('birth', {
        occurredOn: '2026-05-18',
        fullName: 'Nông Thị Mới',
        sex: '2',
        birthPlace: 'hospital',
        birthOrder: '1',
        motherName: 'Lục Thị Mẹ',
        motherBirthDate: '1996-02-03',
      }),
      draft('death', { personId: head.id, occurredOn: '2026-05-01', cause: 'Tuổi già' }),
      draft('move_out', { personId: wife.id, provinceCode: '01', placeDescription: 'Hà Nội' }),
      draft('move_out', { scope: 'household', communeCode: '00004' }),
      draft('marriage', {
        personId: head.id,
        spouseName: 'Vi Thị Mai',
        spouseSex: '2',
        spouseBirthDate: '1970-01-01',
      }),
      draft('pregnancy_event', { personId: wife.id, pregnancyNumber: '2', gestationWeeks: '10' }),
      draft('newborn_screening', {
        personId: wife.id,
        screening: { g6pd_deficiency: 'low_risk', congenital_hypothyroidism: 'pending' },
        site: 'health_station',
      }),
      draft('prenatal_screening', {
        personId: wife.id,
        gestationWeeks: '12',
        screening: { down_syndrome: 'low_risk' },
        site: 'hospital',
      }),
      draft('premarital_check', { personId: head.id, counselling: true, site: 'health_station' }),
      draft('divorce', { personId: head.id, spouseId: wife.id }),
      draft('divorce', { personId: wife.id }),
    ];
    for (const original of drafts) {
      const checked = checkDraft(original, envelope, page, today);
      if (!checked.change) throw new Error(`${original.type}: ${JSON.stringify(checked.problems)}`);
      expect(changeToDraft(checked.change, today)).toEqual(original);
    }
  });
});
