import 'fake-indexeddb/auto';
import type { Change } from '@danso/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../lib/api-client.ts';
import {
  deleteLocalDb,
  LocalDb,
  type LocalHousehold,
  type LocalPerson,
} from '../../../lib/offline/local-db.ts';
import { newEntry } from '../../../lib/offline/outbox.ts';
import { phoneLookup } from './register-lookup.ts';

const userId = '00000000-0000-4000-8000-0000000000c1';
const area = { id: 'a1', code: '1', name: 'Địa bàn số 1', communeCode: '05977', communeName: 'Xã Một' };

function household(id: string, number: number, status: 'active' | 'closed' = 'active'): LocalHousehold {
  return {
    id,
    areaId: 'a1',
    communeCode: '05977',
    code: `05977-1-${number}`,
    number,
    address: null,
    hamletId: null,
    kind: 'family',
    status,
    headPersonId: null,
    createdOn: '2020-01-01',
    closedOn: null,
    version: 1,
  };
}

function head(id: string, householdId: string, fullName: string): LocalPerson {
  return {
    id,
    householdId,
    fullName,
    relationToHead: 'head',
    sex: 1,
    birthDate: '1970-01-01',
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
    version: 1,
  };
}

const created: Change = {
  id: '01970000-0000-7000-8000-000000000001',
  householdId: '22222222-2222-4222-8222-222222222222',
  authorId: userId,
  occurredOn: '2026-06-01',
  recordedAt: '2026-06-01T08:00:00.000Z',
  baseVersion: 1,
  type: 'household_new',
  payload: { areaId: 'a1', number: 9, kind: 'family' },
};

/** The phone never asks the server for what it holds. */
const offline = {
  get: () => Promise.reject(new Error('no network')),
} as unknown as ApiClient;

beforeEach(async () => {
  const db = await LocalDb.open(userId);
  await db.applyRegisterPage(
    {
      full: true,
      areas: [area],
      removedAreaIds: [],
      households: [household('h1', 1), household('h7', 7, 'closed')],
      people: [head('p1', 'h1', 'Nông Văn Một')],
      removedHouseholdIds: [],
      removedPersonIds: [],
    },
    { cursor: 'c1', more: false },
  );
  await db.putEntries([newEntry(created)]);
  db.close();
});

afterEach(async () => {
  await deleteLocalDb(userId);
});

describe('what the phone’s change form reads from the phone’s book', () => {
  it('lists an area’s households with their heads, closed ones and those recorded on the phone included', async () => {
    const lookup = phoneLookup(userId, offline);
    expect(await lookup.areas()).toEqual([{ id: 'a1', name: 'Địa bàn số 1' }]);
    expect(await lookup.households('a1')).toEqual([
      { id: 'h1', code: '05977-1-1', number: 1, status: 'active', headName: 'Nông Văn Một', pending: false },
      { id: 'h7', code: '05977-1-7', number: 7, status: 'closed', headName: null, pending: false },
      { id: created.householdId, code: '', number: 9, status: 'active', headName: null, pending: true },
    ]);
  });

  it('gives a household as the rules see it, and a change recorded on the phone with its state', async () => {
    const lookup = phoneLookup(userId, offline);
    const snapshot = await lookup.household('h1');
    expect(snapshot?.members.map((m) => m.id)).toEqual(['p1']);
    expect(await lookup.household('nowhere')).toBeNull();
    expect(await lookup.change(created.id)).toEqual({ change: created, status: 'draft' });
  });
});
