/**
 * The phone's book read the way the screens and the change form need it: a household page built from pulled
 * rows, the register version a new change is based on, and possible duplicates of a new person among the
 * people of her areas and the changes still on the phone. Pure.
 */
import {
  type Change,
  type DuplicateReasonCode,
  duplicateReasonLabels,
  findPossibleDuplicates,
} from '@danso/domain';
import type { LocalArea, LocalHousehold, LocalPerson } from '../../../lib/offline/local-db.ts';
import type { OutboxEntry, OutboxState } from '../../../lib/offline/outbox.ts';

/** A member as the change form reads one (the household page of the register screens). */
export interface PageMember {
  id: string;
  fullName: string;
  relationToHead: string;
  sex: number;
  birthDate: string;
  birthDatePrecision: string;
  ethnicityCode: string;
  educationCode: string | null;
  maritalStatus: string;
  residenceStatus: string;
  insuranceNumber: string | null;
  personalId: string | null;
  vitalStatus: string;
  deathDate: string | null;
  presence: 'present' | 'moved_out';
  movedOutOn: string | null;
  departure: { reason: 'died' | 'moved_out' | 'transferred'; on: string | null } | null;
}

export interface LocalHouseholdPage {
  household: {
    id: string;
    code: string;
    number: number;
    address: string | null;
    kind: string;
    status: 'active' | 'closed';
    communeCode: string;
    communeName: string;
    areaId: string;
    areaNumber: number;
    areaName: string;
    hamletName: string | null;
  };
  members: PageMember[];
  contraception: { wifeId: string; method: string | null; startedOn: string | null }[];
}

function departureOf(person: LocalPerson): PageMember['departure'] {
  if (person.vitalStatus === 'dead') return { reason: 'died', on: person.deathDate };
  if (person.presence === 'moved_out') return { reason: 'moved_out', on: person.movedOutOn };
  return null;
}

export function householdPageOf(
  household: LocalHousehold,
  people: readonly LocalPerson[],
  area: LocalArea | undefined,
): LocalHouseholdPage {
  const members = people
    .filter((p) => p.householdId === household.id)
    .sort((a, b) => a.rowNumber - b.rowNumber);
  return {
    household: {
      id: household.id,
      code: household.code,
      number: household.number,
      address: household.address,
      kind: household.kind,
      status: household.status,
      communeCode: household.communeCode,
      communeName: area?.communeName ?? household.communeCode,
      areaId: household.areaId,
      areaNumber: Number.parseInt(area?.code ?? '', 10) || 0,
      areaName: area?.name ?? '',
      hamletName: null,
    },
    members: members.map((p) => ({
      id: p.id,
      fullName: p.fullName,
      relationToHead: p.relationToHead,
      sex: p.sex,
      birthDate: p.birthDate,
      birthDatePrecision: p.birthDatePrecision,
      ethnicityCode: p.ethnicityCode,
      educationCode: p.educationCode,
      maritalStatus: p.maritalStatus,
      residenceStatus: p.residenceStatus,
      insuranceNumber: p.insuranceNumber,
      personalId: p.personalId,
      vitalStatus: p.vitalStatus,
      deathDate: p.deathDate,
      presence: p.presence,
      movedOutOn: p.movedOutOn,
      departure: departureOf(p),
    })),
    contraception: members
      .filter((p) => p.contraceptiveMethod !== null && p.contraceptiveMethod !== 'none')
      .map((p) => ({ wifeId: p.id, method: p.contraceptiveMethod, startedOn: p.contraceptionStartedOn })),
  };
}

/**
 * The register version a change recorded now is based on: the newest version among the household's own row
 * and its members' rows as the phone has them. The server reports a conflict for anything changed after it.
 */
export function baseVersionOf(household: LocalHousehold, people: readonly LocalPerson[]): number {
  return people
    .filter((p) => p.householdId === household.id)
    .reduce((max, p) => Math.max(max, p.version), household.version);
}

export interface DuplicateWarning {
  path: string;
  severity: 'warning';
  code: 'DANSO_LOCAL_POSSIBLE_DUPLICATE';
  vi: string;
  en: string;
}

/** The person a birth or a move-in adds, as the duplicate check compares people. */
function newPersonOf(change: Change) {
  if (change.type === 'birth') {
    return {
      id: change.personId,
      fullName: change.payload.fullName,
      sex: change.payload.sex,
      birthDate: change.occurredOn,
      birthDatePrecision: 'day' as const,
      motherId: change.payload.mother.personId ?? null,
      householdId: change.householdId,
      personalId: change.payload.personalId ?? null,
      insuranceNumber: change.payload.insuranceNumber ?? null,
    };
  }
  if (change.type === 'move_in') {
    const p = change.payload.person;
    return {
      id: change.personId,
      fullName: p.fullName,
      sex: p.sex,
      birthDate: p.birthDate,
      birthDatePrecision: p.birthDatePrecision,
      motherId: null,
      householdId: change.householdId,
      personalId: p.personalId ?? null,
      insuranceNumber: p.insuranceNumber ?? null,
    };
  }
  return null;
}

const dmy = (iso: string) => iso.split('-').reverse().join('/');

/**
 * Possible duplicates of the person a birth or move-in adds: among the people of her areas (by the domain's
 * rule: same name without diacritics, same birth date, same mother or household) and among the births and
 * move-ins already recorded on the phone. Warnings only: the officer decides.
 */
export function duplicateWarnings(
  change: Change,
  people: readonly LocalPerson[],
  households: ReadonlyMap<string, LocalHousehold>,
  recorded: readonly OutboxEntry[],
): DuplicateWarning[] {
  const candidate = newPersonOf(change);
  if (!candidate) return [];
  const path = change.type === 'birth' ? 'payload.fullName' : 'payload.person.fullName';
  const reasons = (codes: DuplicateReasonCode[], language: 'vi' | 'en') =>
    codes.map((code) => duplicateReasonLabels[code][language].toLowerCase()).join(', ');
  const inBook = findPossibleDuplicates(candidate, people, { dobToleranceDays: 3 }).map(
    (match): DuplicateWarning => {
      const household = households.get(match.person.householdId)?.code ?? '';
      const params = { name: match.person.fullName, date: dmy(match.person.birthDate), household };
      return {
        path,
        severity: 'warning',
        code: 'DANSO_LOCAL_POSSIBLE_DUPLICATE',
        vi: `Có thể trùng với ${params.name} (sinh ${params.date}, hộ ${household}): ${reasons(match.reasons, 'vi')}.`,
        en: `Possibly the same as ${params.name} (born ${params.date}, household ${household}): ${reasons(match.reasons, 'en')}.`,
      };
    },
  );
  const onPhone = recorded
    .filter((e) => e.id !== change.id && e.change && e.state !== 'rejected')
    .flatMap((e) => {
      const other = e.change ? newPersonOf(e.change) : null;
      return other ? [other] : [];
    });
  const inOutbox = findPossibleDuplicates(candidate, onPhone, { dobToleranceDays: 3 }).map(
    (match): DuplicateWarning => ({
      path,
      severity: 'warning',
      code: 'DANSO_LOCAL_POSSIBLE_DUPLICATE',
      vi: `Có thể trùng với biến động đã ghi trên máy: ${match.person.fullName} (sinh ${dmy(match.person.birthDate)}).`,
      en: `Possibly the same as a change already recorded on this phone: ${match.person.fullName} (born ${dmy(match.person.birthDate)}).`,
    }),
  );
  return [...inBook, ...inOutbox];
}

/** A household the collaborator created on the phone (new, or split off) that the phone's book has not yet. */
export interface PendingHousehold {
  changeId: string;
  type: 'household_new' | 'household_split';
  householdId: string;
  number: number;
  /** The head, for a split (a new household gets its members by later changes). */
  headName: string | null;
  state: OutboxState;
}

/**
 * The households of an area recorded on the phone and not yet in its book — they come with the sync after
 * the officer approves them — so that the book shows what she recorded, marked with where it stands. A
 * rejected one is left out.
 */
export function pendingHouseholds(
  outbox: readonly OutboxEntry[],
  areaId: string,
  known: ReadonlySet<string>,
  people: readonly LocalPerson[],
): PendingHousehold[] {
  const names = new Map(people.map((p) => [p.id, p.fullName]));
  return outbox.flatMap((entry): PendingHousehold[] => {
    const change = entry.change;
    if (entry.state === 'rejected' || !change) return [];
    if (change.type === 'household_new') {
      const p = change.payload;
      if (p.areaId !== areaId || known.has(change.householdId)) return [];
      return [
        {
          changeId: entry.id,
          type: change.type,
          householdId: change.householdId,
          number: p.number,
          headName: null,
          state: entry.state,
        },
      ];
    }
    if (change.type === 'household_split') {
      const p = change.payload;
      if (p.areaId !== areaId || known.has(p.newHouseholdId)) return [];
      const head = p.members.find((m) => m.relationToHead === 'head');
      return [
        {
          changeId: entry.id,
          type: change.type,
          householdId: p.newHouseholdId,
          number: p.number,
          headName: head ? (names.get(head.personId) ?? null) : null,
          state: entry.state,
        },
      ];
    }
    return [];
  });
}
