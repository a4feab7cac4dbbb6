import { type Change, type HouseholdSnapshot, makeUuidV7 } from '@danso/domain';
import { describe, expect, it } from 'vitest';
import type { HouseholdMember, HouseholdPage } from '../api/changes-api.ts';
import {
  type ChangeDraft,
  changeToDraft,
  checkDraft,
  correctionDraft,
  type Envelope,
  emptyDraft,
  householdSnapshotOf,
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
  newHouseholdId: id(),
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

const son = member({ fullName: 'Nông Văn Con', relationToHead: 'child', birthDate: '2000-04-04' });
const family: HouseholdPage = { ...page, members: [head, wife, son, grandma, gone] };

const neighbour: HouseholdSnapshot = {
  ...householdSnapshotOf({
    ...page,
    household: { ...page.household, id: id(), code: '20001-1-13', number: 13 },
    members: [member({ fullName: 'Chủ Hộ Bên', relationToHead: 'head' })],
  }),
};
const otherArea = id();

describe('the changes that restructure households, typed in', () => {
  it('moves a person to another household of the commune, checked against the receiving household', () => {
    const toNeighbour = draft('transfer', {
      personId: son.id,
      occurredOn: '2026-05-10',
      toHouseholdId: neighbour.id,
      relationToHead: 'child_in_law',
    });
    const checked = checkDraft(toNeighbour, envelope, family, today, { target: neighbour });
    expect(checked.problems).toEqual([]);
    expect(checked.change).toMatchObject({
      type: 'transfer',
      householdId: page.household.id,
      personId: son.id,
      payload: { scope: 'person', toHouseholdId: neighbour.id, relationToHead: 'child_in_law' },
    });
    // Heading a household that has a head is refused; a receiving household the form could not read is unknown.
    const asHead = checkDraft({ ...toNeighbour, relationToHead: 'head' }, envelope, family, today, {
      target: neighbour,
    });
    expect(asHead.problems.map((p) => p.code)).toContain('DANSO_RULE_HEAD_ALREADY_PRESENT');
    const unknown = checkDraft(toNeighbour, envelope, family, today);
    expect(unknown.problems.map((p) => [p.path, p.code])).toEqual([
      ['payload.toHouseholdId', 'DANSO_RULE_HOUSEHOLD_NOT_FOUND'],
    ]);
  });

  it('moves a whole household to another area under a number not yet used there', () => {
    const moving = draft('transfer', { scope: 'household', areaId: otherArea, householdNumber: '7' });
    const checked = checkDraft(moving, envelope, family, today, { takenNumbers: [1, 2, 8] });
    expect(checked.problems).toEqual([]);
    expect(checked.change).not.toHaveProperty('personId');
    expect(checked.change?.payload).toEqual({ scope: 'household', toAreaId: otherArea, number: 7 });
    const taken = checkDraft(moving, envelope, family, today, { takenNumbers: [7] });
    expect(taken.problems).toEqual([{ path: 'payload.number', severity: 'error', code: 'number_taken' }]);
    const same = checkDraft({ ...moving, areaId: page.household.areaId }, envelope, family, today);
    expect(same.problems.map((p) => p.code)).toEqual(['DANSO_RULE_TRANSFER_SAME_PLACE']);
  });

  it('changes basic information from the value in the register to the new one', () => {
    const checked = checkDraft(
      draft('info_change', {
        personId: son.id,
        info: { personalId: '', fullName: 'Nông Văn Cường', birthDate: '2000-04-05' },
        note: 'Theo giấy khai sinh',
      }),
      envelope,
      family,
      today,
    );
    // An emptied optional field is erased; here it was empty already, which the rules refuse.
    expect(checked.problems.map((p) => [p.path, p.code])).toEqual([
      ['payload.items[2].to', 'DANSO_RULE_INFO_CHANGE_NO_CHANGE'],
    ]);
    expect(checked.change?.payload).toEqual({
      items: [
        { field: 'fullName', from: 'Nông Văn Con', to: 'Nông Văn Cường' },
        {
          field: 'birthDate',
          from: { date: '2000-04-04', precision: 'day' },
          to: { date: '2000-04-05', precision: 'day' },
        },
        { field: 'personalId', from: null, to: null },
      ],
      note: 'Theo giấy khai sinh',
    });
    expect(checked.change && 'personId' in checked.change ? checked.change.personId : '').toBe(son.id);
  });

  it('asks for a field to change, a value for each, and refuses a value equal to the old one', () => {
    const none = checkDraft(draft('info_change', { personId: son.id }), envelope, family, today);
    expect(none.problems.map((p) => [p.path, p.code])).toEqual([['payload.items', 'required']]);
    const empty = checkDraft(
      draft('info_change', { personId: son.id, info: { sex: '', residenceStatus: 'temporary' } }),
      envelope,
      family,
      today,
    );
    expect(empty.problems.map((p) => [p.path, p.code])).toEqual([['payload.items[0].to', 'required']]);
    const unchanged = checkDraft(
      draft('info_change', { personId: son.id, info: { ethnicityCode: '01' } }),
      envelope,
      family,
      today,
    );
    expect(unchanged.problems.map((p) => p.code)).toEqual(['DANSO_RULE_INFO_CHANGE_NO_CHANGE']);
  });

  it('creates a new household under its own new id, not the household it was started from', () => {
    const checked = checkDraft(
      draft('household_new', { areaId: page.household.areaId, householdNumber: '40', address: 'Thôn Nà Mò' }),
      envelope,
      family,
      today,
      { takenNumbers: [12, 13] },
    );
    expect(checked.problems).toEqual([]);
    expect(checked.change).toMatchObject({
      type: 'household_new',
      householdId: envelope.newHouseholdId,
      payload: { areaId: page.household.areaId, number: 40, address: 'Thôn Nà Mò', kind: 'family' },
    });
    const missing = checkDraft(draft('household_new', {}), envelope, family, today);
    expect(missing.problems.map((p) => p.path)).toEqual(['payload.areaId', 'payload.number']);
    // A hamlet chosen is sent; none chosen, none is.
    const hamletId = '8d0e0c54-7c1a-4f35-9b0e-2f6a1c3d4e5f';
    const inHamlet = checkDraft(
      draft('household_new', { areaId: page.household.areaId, householdNumber: '40', hamletId }),
      envelope,
      family,
      today,
    );
    expect(inHamlet.change?.payload).toMatchObject({ hamletId });
    expect(checked.change?.payload).not.toHaveProperty('hamletId');
  });

  it('splits a household: the movers with their relation to the new head, and a new head for the old one', () => {
    const split = draft('household_split', {
      areaId: page.household.areaId,
      householdNumber: '41',
      movers: { son: '' },
    });
    expect(checkDraft(split, envelope, family, today).problems.map((p) => p.path)).toEqual([
      'payload.members',
    ]);
    const sonLeaves = checkDraft(
      { ...split, movers: { [son.id]: 'head', [wife.id]: '' } },
      envelope,
      family,
      today,
    );
    expect(sonLeaves.problems).toEqual([]);
    expect(sonLeaves.change?.payload).toEqual({
      newHouseholdId: envelope.newHouseholdId,
      areaId: page.household.areaId,
      number: 41,
      kind: 'family',
      members: [{ personId: son.id, relationToHead: 'head' }],
    });
    // The head leaves with his wife while the son stays: the old household needs a head among those who stay.
    const headLeaves = { ...split, movers: { [head.id]: 'head', [wife.id]: 'spouse' } };
    expect(checkDraft(headLeaves, envelope, family, today).problems.map((p) => p.code)).toEqual([
      'DANSO_RULE_SPLIT_SOURCE_HEAD',
    ]);
    expect(checkDraft({ ...headLeaves, sourceNewHeadId: son.id }, envelope, family, today).problems).toEqual(
      [],
    );
    const twoHeads = { ...split, movers: { [son.id]: 'head', [wife.id]: 'head' } };
    expect(checkDraft(twoHeads, envelope, family, today).problems.map((p) => p.code)).toEqual([
      'DANSO_RULE_SPLIT_HEAD_COUNT',
    ]);
  });

  it('changes the head, and will not leave the old head without a relation to the new one', () => {
    const change = draft('head_change', { newHeadId: son.id, relations: { [wife.id]: 'parent' } });
    const checked = checkDraft(change, envelope, family, today);
    expect(checked.problems).toEqual([
      { path: `payload.relations.${head.id}`, severity: 'error', code: 'old_head_relation' },
    ]);
    const complete = checkDraft(
      { ...change, relations: { [wife.id]: 'parent', [head.id]: 'parent' } },
      envelope,
      family,
      today,
    );
    expect(complete.problems).toEqual([]);
    expect(complete.change?.payload).toEqual({
      newHeadPersonId: son.id,
      relations: [
        { personId: wife.id, relationToHead: 'parent' },
        { personId: head.id, relationToHead: 'parent' },
      ],
    });
    const already = checkDraft(draft('head_change', { newHeadId: head.id }), envelope, family, today);
    expect(already.problems.map((p) => p.code)).toEqual(['DANSO_RULE_HEAD_UNCHANGED']);
  });
});

describe('a correction of an approved change', () => {
  const death: Change = {
    id: id(),
    householdId: page.household.id,
    authorId: envelope.authorId,
    occurredOn: '2026-01-10',
    recordedAt: '2026-01-11T02:00:00.000Z',
    baseVersion: 3,
    type: 'death',
    personId: grandma.id,
    payload: { cause: 'Tuổi già' },
  };
  const approved = {
    id: death.id,
    type: 'death' as const,
    status: 'approved' as const,
    householdId: death.householdId,
    personId: grandma.id,
  };

  it('starts from the corrected change: its person, its date and its content ready to amend', () => {
    const started = correctionDraft(death, today);
    expect(started).toMatchObject({
      type: 'correction',
      occurredOn: today,
      personId: grandma.id,
      correctsChangeId: death.id,
      correctionAction: 'void',
      correctedType: 'death',
      amendedOn: '2026-01-10',
      cause: 'Tuổi già',
    });
    const voided = checkDraft(started, envelope, family, today, { corrected: approved });
    expect(voided.problems.map((p) => [p.path, p.code])).toEqual([['payload.reason', 'required']]);
    const withReason = checkDraft({ ...started, reason: 'Ghi nhầm người' }, envelope, family, today, {
      corrected: approved,
    });
    expect(withReason.problems).toEqual([]);
    expect(withReason.change).toMatchObject({
      type: 'correction',
      personId: grandma.id,
      payload: { action: 'void', correctsChangeId: death.id, reason: 'Ghi nhầm người' },
    });
  });

  it('amends the content, checked by the rules of the corrected type at the correction’s paths', () => {
    const amend = {
      ...correctionDraft(death, today),
      correctionAction: 'amend' as const,
      reason: 'Sai ngày chết',
      amendedOn: '2026-01-08',
    };
    const checked = checkDraft(amend, envelope, family, today, { corrected: approved });
    expect(checked.problems).toEqual([]);
    expect(checked.change?.payload).toEqual({
      action: 'amend',
      correctsChangeId: death.id,
      reason: 'Sai ngày chết',
      correctedType: 'death',
      occurredOn: '2026-01-08',
      payload: { cause: 'Tuổi già' },
    });
    const future = checkDraft({ ...amend, amendedOn: '2026-06-01' }, envelope, family, today, {
      corrected: approved,
    });
    expect(future.problems.map((p) => [p.path, p.code])).toEqual([
      ['payload.occurredOn', 'DANSO_RULE_DATE_IN_FUTURE'],
    ]);
    const empty = checkDraft({ ...amend, amendedOn: '' }, envelope, family, today, { corrected: approved });
    expect(empty.problems.map((p) => [p.path, p.code])).toEqual([['payload.occurredOn', 'required']]);
    const unapproved = checkDraft(amend, envelope, family, today, {
      corrected: { ...approved, status: 'submitted' },
    });
    expect(unapproved.problems.map((p) => p.code)).toEqual(['DANSO_RULE_CORRECTION_TARGET_NOT_APPROVED']);
  });

  it('turns the new kinds of change back into their drafts, for correcting a returned one', () => {
    const drafts: ChangeDraft[] = [
      draft('transfer', { personId: son.id, toHouseholdId: neighbour.id, relationToHead: 'other' }),
      draft('transfer', { scope: 'household', areaId: otherArea, householdNumber: '3' }),
      draft('info_change', {
        personId: son.id,
        info: { birthDate: '2000-01-01', educationCode: '' },
        infoBirthPrecision: 'year',
      }),
      draft('household_new', { areaId: otherArea, householdNumber: '5', householdKind: 'collective' }),
      draft('household_new', {
        areaId: otherArea,
        householdNumber: '6',
        hamletId: '8d0e0c54-7c1a-4f35-9b0e-2f6a1c3d4e5f',
      }),
      draft('household_split', {
        areaId: page.household.areaId,
        householdNumber: '6',
        address: 'Xóm Bản',
        movers: { [head.id]: 'head', [wife.id]: 'spouse' },
        sourceNewHeadId: son.id,
      }),
      draft('head_change', { newHeadId: son.id, relations: { [head.id]: 'parent' } }),
      { ...correctionDraft(death, today), amendedOn: '', reason: 'Ghi nhầm' },
      { ...correctionDraft(death, today), correctionAction: 'amend', reason: 'Sai', cause: 'Bệnh' },
    ];
    const related = { target: neighbour, corrected: approved };
    for (const original of drafts) {
      const checked = checkDraft(original, envelope, family, today, related);
      const change = checked.change ?? draftToChangeOrFail(original, checked.problems);
      const back = changeToDraft(change, today);
      // A voided change's content is not part of the correction.
      const expected =
        original.type === 'correction' && original.correctionAction === 'void'
          ? {
              ...emptyDraft('correction', today),
              ...pick(original, ['occurredOn', 'personId', 'correctsChangeId', 'reason']),
            }
          : original;
      expect(back).toEqual(expected);
    }
  });
});

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}

function draftToChangeOrFail(original: ChangeDraft, problems: unknown): Change {
  throw new Error(`${original.type}: ${JSON.stringify(problems)}`);
}
