/**
 * What the officer types for a paper P0 sheet, turned into a change, and the household page turned into the
 * register snapshot that `validateChange` checks it against — so the browser applies the same rules as the
 * server before anything is sent. Pure: ids, times and the household page are passed in.
 */
import {
  type BirthDatePrecision,
  type Change,
  type CorrectedChangeSnapshot,
  type HouseholdKind,
  type HouseholdSnapshot,
  type InfoChangeField,
  isCorrectable,
  type MaritalStatus,
  type PersonSnapshot,
  parseChange,
  type RegisterSnapshot,
  type RelationToHead,
  type ResidenceStatus,
  type RuleResult,
  type SexCode,
  validateChange,
} from '@danso/domain';
import type { HouseholdMember, HouseholdPage } from '../api/changes-api.ts';

/** The change types entered here, from paper sheets by an officer or on the collaborator's phone. */
export const entryTypes = [
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
  'marriage',
  'premarital_check',
  'divorce',
  'elderly_check',
  'household_new',
  'household_split',
  'head_change',
  'correction',
] as const;
export type EntryType = (typeof entryTypes)[number];

export function isEntryType(value: string | null): value is EntryType {
  return (entryTypes as readonly string[]).includes(value ?? '');
}

/** The types chosen from the type list; a correction starts from the approved change it corrects. */
export const selectableTypes = entryTypes.filter((type) => type !== 'correction');

/**
 * The types a correction may void or amend. The server refuses to correct the changes that restructure
 * households (transfers, new households, splits, changes of head) and corrections themselves.
 */
export const correctableTypes = entryTypes.filter(isCorrectable);
export type CorrectableEntryType = (typeof correctableTypes)[number];

export function isCorrectableType(value: string): value is CorrectableEntryType {
  return (correctableTypes as readonly string[]).includes(value);
}

/** The fields a change of basic information may change, in the order the form lists them. */
export const infoFields = [
  'fullName',
  'birthDate',
  'sex',
  'ethnicityCode',
  'educationCode',
  'maritalStatus',
  'residenceStatus',
  'relationToHead',
  'insuranceNumber',
  'personalId',
] as const satisfies readonly InfoChangeField[];

/** Fields whose value may be erased (an empty new value means "none"). */
const nullableInfoFields: readonly InfoChangeField[] = ['educationCode', 'insuranceNumber', 'personalId'];

export interface ChangeDraft {
  type: EntryType;
  occurredOn: string;
  /** The member the change is about (not for a birth, a move in or a whole household moving out). */
  personId: string;
  // A new person: the child of a birth, the newcomer of a move in.
  fullName: string;
  sex: string;
  birthDate: string;
  ethnicityCode: string;
  educationCode: string;
  maritalStatus: string;
  residenceStatus: string;
  relationToHead: string;
  // Birth.
  birthPlace: string;
  birthOrder: string;
  /** A member of the household, or '' when the mother is not in it (then her name and birth date). */
  motherId: string;
  motherName: string;
  motherBirthDate: string;
  newbornScreeningOn: string;
  // Death.
  cause: string;
  // Moves: where from (move in) or where to (move out).
  scope: 'person' | 'household';
  provinceCode: string;
  communeCode: string;
  placeDescription: string;
  // Contraception.
  method: string;
  livingChildren: string;
  site: string;
  husbandId: string;
  // Pregnancy event.
  pregnancyKind: string;
  pregnancyNumber: string;
  gestationWeeks: string;
  // Marriage: a member of the household, or '' for a spouse from elsewhere (then name, sex, birth date).
  spouseId: string;
  spouseName: string;
  spouseSex: string;
  spouseBirthDate: string;
  childMarriage: boolean;
  consanguineous: boolean;
  // Newborn and prenatal screening: the result of each test done, by test code ('' = not done).
  screening: Record<string, string>;
  // Pre-marital counselling / health check.
  counselling: boolean;
  healthCheck: boolean;
  // Transfer inside the commune: a person to another household (with `relationToHead` there), or the whole
  // household to another area (`areaId`, `householdNumber`).
  toHouseholdId: string;
  // A new household (new, split, or moved to another area): its area, number, address and kind, and for a
  // new or split-off household its hamlet (thôn, tổ dân phố; '' = not given).
  areaId: string;
  householdNumber: string;
  address: string;
  householdKind: string;
  hamletId: string;
  /** Split: the members who move to the new household, with their relation to its head, in the order chosen. */
  movers: Record<string, string>;
  /** Split: the old household's new head, when its head leaves and others stay. */
  sourceNewHeadId: string;
  // Change of head: the new head, and the new relation of each other member whose relation changes.
  newHeadId: string;
  relations: Record<string, string>;
  /** Change of basic information: the new value of each field being changed (an absent key is unchanged). */
  info: Partial<Record<InfoChangeField, string>>;
  infoBirthPrecision: string;
  note: string;
  // Correction of an approved change: void it, or amend it with the content typed in the fields above
  // (of `correctedType`, happened on `amendedOn`).
  correctsChangeId: string;
  correctionAction: 'void' | 'amend';
  reason: string;
  correctedType: CorrectableEntryType | '';
  amendedOn: string;
}

export function emptyDraft(type: EntryType, today: string): ChangeDraft {
  return {
    type,
    occurredOn: today,
    personId: '',
    fullName: '',
    sex: '',
    birthDate: '',
    ethnicityCode: '01',
    educationCode: '',
    maritalStatus: 'never_married',
    residenceStatus: 'permanent',
    relationToHead: type === 'birth' ? 'child' : 'other',
    birthPlace: '',
    birthOrder: '',
    motherId: '',
    motherName: '',
    motherBirthDate: '',
    newbornScreeningOn: '',
    cause: '',
    scope: 'person',
    provinceCode: '',
    communeCode: '',
    placeDescription: '',
    method: '',
    livingChildren: '',
    site: '',
    husbandId: '',
    pregnancyKind: 'pregnant',
    pregnancyNumber: '',
    gestationWeeks: '',
    spouseId: '',
    spouseName: '',
    spouseSex: '',
    spouseBirthDate: '',
    childMarriage: false,
    consanguineous: false,
    screening: {},
    counselling: false,
    healthCheck: false,
    toHouseholdId: '',
    areaId: '',
    householdNumber: '',
    address: '',
    householdKind: 'family',
    hamletId: '',
    movers: {},
    sourceNewHeadId: '',
    newHeadId: '',
    relations: {},
    info: {},
    infoBirthPrecision: 'day',
    note: '',
    correctsChangeId: '',
    correctionAction: 'void',
    reason: '',
    correctedType: '',
    amendedOn: '',
  };
}

/**
 * A correction of an approved change, its content ready to amend: the fields of the corrected change as
 * they were, the date it happened, and its person (a correction names the same person).
 */
export function correctionDraft(corrected: Change, today: string): ChangeDraft {
  const content = isCorrectableType(corrected.type) ? changeToDraft(corrected, today) : null;
  return {
    ...(content ?? emptyDraft('correction', today)),
    type: 'correction',
    occurredOn: today,
    personId: 'personId' in corrected && corrected.personId ? corrected.personId : '',
    correctsChangeId: corrected.id,
    correctionAction: 'void',
    correctedType: content && isCorrectableType(corrected.type) ? corrected.type : '',
    amendedOn: corrected.occurredOn,
  };
}

/** The screening tests done, in the draft's order: [{ test, result }]. */
function screeningTests(draft: ChangeDraft): { test: string; result: string }[] {
  return Object.entries(draft.screening)
    .filter(([, result]) => result !== '')
    .map(([test, result]) => ({ test, result }));
}

/** The envelope of a new change: ids made once per draft, so that sending it again is harmless. */
export interface Envelope {
  id: string;
  /** The id the new person gets (birth, move in). */
  newPersonId: string;
  /** The id the new household gets (new household, split). */
  newHouseholdId: string;
  householdId: string;
  authorId: string;
  recordedAt: string;
  baseVersion: number;
}

const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
const whole = (value: string): number | undefined =>
  /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
const sexOf = (value: string): number | undefined =>
  value === '1' || value === '2' ? Number(value) : undefined;

/** Drops the keys whose value is undefined, so that an empty optional field is simply absent. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function movePlace(draft: ChangeDraft) {
  return compact({
    provinceCode: text(draft.provinceCode),
    communeCode: text(draft.communeCode),
    description: text(draft.placeDescription),
  });
}

/** The members chosen in a draft's list (split movers, new relations), in the order they were chosen. */
function chosen(list: Record<string, string>): { personId: string; relationToHead: string }[] {
  return Object.entries(list)
    .filter(([, relation]) => relation !== '')
    .map(([personId, relationToHead]) => ({ personId, relationToHead }));
}

/** The new value of a changed field, and the register's value it replaces. */
function infoItem(draft: ChangeDraft, field: InfoChangeField, member: HouseholdMember | undefined) {
  const value = draft.info[field] ?? '';
  const nullable = nullableInfoFields.includes(field);
  const to = (v: string) => (nullable && v.trim() === '' ? null : text(v));
  switch (field) {
    case 'birthDate':
      return {
        field,
        from: member ? { date: member.birthDate, precision: member.birthDatePrecision } : undefined,
        to: compact({ date: text(value), precision: draft.infoBirthPrecision }),
      };
    case 'sex':
      return { field, from: member?.sex, to: sexOf(value) };
    default:
      return { field, from: member ? member[field] : undefined, to: to(value) };
  }
}

function payloadOf(
  draft: ChangeDraft,
  members: ReadonlyMap<string, HouseholdMember>,
  envelope: Envelope,
): unknown {
  switch (draft.type) {
    case 'birth': {
      const mother = members.get(draft.motherId);
      return compact({
        fullName: text(draft.fullName),
        sex: sexOf(draft.sex),
        ethnicityCode: text(draft.ethnicityCode),
        relationToHead: text(draft.relationToHead),
        birthPlace: text(draft.birthPlace),
        birthOrder: whole(draft.birthOrder),
        mother: mother
          ? {
              personId: mother.id,
              fullName: mother.fullName,
              birthDate: mother.birthDate,
              birthDatePrecision: mother.birthDatePrecision,
            }
          : compact({
              fullName: text(draft.motherName),
              birthDate: text(draft.motherBirthDate),
              birthDatePrecision: 'day',
            }),
        newbornScreeningOn: text(draft.newbornScreeningOn),
      });
    }
    case 'death':
      return compact({ cause: text(draft.cause) });
    case 'move_in':
      return {
        person: compact({
          fullName: text(draft.fullName),
          relationToHead: text(draft.relationToHead),
          sex: sexOf(draft.sex),
          birthDate: text(draft.birthDate),
          birthDatePrecision: 'day',
          ethnicityCode: text(draft.ethnicityCode),
          educationCode: text(draft.educationCode),
          maritalStatus: text(draft.maritalStatus),
          residenceStatus: text(draft.residenceStatus),
        }),
        from: movePlace(draft),
      };
    case 'move_out':
      return { scope: draft.scope, destination: movePlace(draft) };
    case 'contraception_start':
      return compact({
        method: text(draft.method),
        livingChildren: whole(draft.livingChildren),
        site: text(draft.site),
        husbandPersonId: text(draft.husbandId),
      });
    case 'contraception_stop':
      return compact({ method: text(draft.method) });
    case 'pregnancy_event':
      return compact({
        kind: text(draft.pregnancyKind),
        pregnancyNumber: whole(draft.pregnancyNumber),
        gestationWeeks: whole(draft.gestationWeeks),
      });
    case 'marriage': {
      const spouse = members.get(draft.spouseId);
      return {
        spouse: spouse
          ? { personId: spouse.id }
          : compact({
              fullName: text(draft.spouseName),
              sex: sexOf(draft.spouseSex),
              birthDate: text(draft.spouseBirthDate),
              birthDatePrecision: 'day',
            }),
        childMarriage: draft.childMarriage,
        consanguineous: draft.consanguineous,
      };
    }
    case 'elderly_check':
      return compact({ site: text(draft.site) });
    case 'newborn_screening':
      return compact({ tests: screeningTests(draft), site: text(draft.site) });
    case 'prenatal_screening':
      return compact({
        gestationWeeks: whole(draft.gestationWeeks),
        tests: screeningTests(draft),
        site: text(draft.site),
      });
    case 'premarital_check':
      return compact({
        counselling: draft.counselling,
        healthCheck: draft.healthCheck,
        site: text(draft.site),
      });
    case 'divorce':
      return compact({ spousePersonId: text(draft.spouseId) });
    case 'transfer':
      return draft.scope === 'person'
        ? compact({
            scope: 'person',
            toHouseholdId: text(draft.toHouseholdId),
            relationToHead: text(draft.relationToHead),
          })
        : compact({ scope: 'household', toAreaId: text(draft.areaId), number: whole(draft.householdNumber) });
    case 'info_change': {
      const member = members.get(draft.personId);
      return compact({
        items: infoFields
          .filter((field) => field in draft.info)
          .map((field) => infoItem(draft, field, member)),
        note: text(draft.note),
      });
    }
    case 'household_new':
      return compact({
        areaId: text(draft.areaId),
        hamletId: text(draft.hamletId),
        number: whole(draft.householdNumber),
        address: text(draft.address),
        kind: text(draft.householdKind),
      });
    case 'household_split':
      return compact({
        newHouseholdId: envelope.newHouseholdId,
        areaId: text(draft.areaId),
        hamletId: text(draft.hamletId),
        number: whole(draft.householdNumber),
        address: text(draft.address),
        kind: text(draft.householdKind),
        members: chosen(draft.movers),
        sourceNewHeadPersonId: text(draft.sourceNewHeadId),
      });
    case 'head_change':
      return compact({ newHeadPersonId: text(draft.newHeadId), relations: chosen(draft.relations) });
    case 'correction':
      if (draft.correctionAction === 'void') {
        return compact({
          action: 'void',
          correctsChangeId: draft.correctsChangeId,
          reason: text(draft.reason),
        });
      }
      return compact({
        action: 'amend',
        correctsChangeId: draft.correctsChangeId,
        reason: text(draft.reason),
        correctedType: text(draft.correctedType),
        occurredOn: text(draft.amendedOn),
        payload: draft.correctedType
          ? payloadOf({ ...draft, type: draft.correctedType }, members, envelope)
          : undefined,
      });
  }
}

/**
 * Whether the change names the new person (birth, move in), one member, the whole household, or — for a
 * correction — the person of the change it corrects.
 */
export function subjectOf(
  draft: Pick<ChangeDraft, 'type' | 'scope'>,
): 'new' | 'member' | 'household' | 'corrected' {
  switch (draft.type) {
    case 'birth':
    case 'move_in':
      return 'new';
    case 'move_out':
    case 'transfer':
      return draft.scope === 'household' ? 'household' : 'member';
    case 'household_new':
    case 'household_split':
    case 'head_change':
      return 'household';
    case 'correction':
      return 'corrected';
    default:
      return 'member';
  }
}

/** The change the draft describes, as sent to the server (not yet checked). */
export function draftToChange(
  draft: ChangeDraft,
  envelope: Envelope,
  members: ReadonlyMap<string, HouseholdMember>,
): unknown {
  const subject = subjectOf(draft);
  const personId =
    subject === 'new' ? envelope.newPersonId : subject === 'household' ? undefined : text(draft.personId);
  return compact({
    id: envelope.id,
    // A new household is a change of the household it creates.
    householdId: draft.type === 'household_new' ? envelope.newHouseholdId : envelope.householdId,
    authorId: envelope.authorId,
    occurredOn: text(draft.occurredOn),
    recordedAt: envelope.recordedAt,
    baseVersion: envelope.baseVersion,
    type: draft.type,
    personId,
    payload: payloadOf(draft, members, envelope),
  });
}

// ------------------------------------------------------------------------------------------ the snapshot

/**
 * A member of the household page as the rules see a person. The page does not say how many living
 * children a woman has, so that count is 0 here: the two warnings that use it (birth order, children at
 * the start of contraception) are left to the server, which knows it; no error depends on it.
 */
function personSnapshot(page: HouseholdPage, member: HouseholdMember): PersonSnapshot {
  const couple = page.contraception.find((c) => c.wifeId === member.id);
  return {
    id: member.id,
    householdId: page.household.id,
    fullName: member.fullName,
    relationToHead: member.relationToHead as RelationToHead,
    sex: member.sex as SexCode,
    birthDate: member.birthDate,
    birthDatePrecision: member.birthDatePrecision as BirthDatePrecision,
    ethnicityCode: member.ethnicityCode,
    educationCode: member.educationCode,
    maritalStatus: member.maritalStatus as MaritalStatus,
    residenceStatus: member.residenceStatus as ResidenceStatus,
    insuranceNumber: member.insuranceNumber,
    personalId: member.personalId,
    vitalStatus: member.vitalStatus === 'dead' ? 'dead' : 'alive',
    deathDate: member.deathDate,
    presence: member.presence,
    movedOutOn: member.movedOutOn,
    contraceptiveMethod: couple?.method ?? null,
    contraceptionStartedOn: couple?.startedOn ?? null,
    livingChildren: 0,
  };
}

function isPresentOnPage(member: HouseholdMember): boolean {
  return member.vitalStatus === 'alive' && member.presence === 'present' && member.departure === null;
}

/** A household page as the rules see the household. */
export function householdSnapshotOf(page: HouseholdPage): HouseholdSnapshot {
  // Those who moved to another household are listed on the page but are no longer its members.
  const members = page.members
    .filter((m) => m.departure?.reason !== 'transferred')
    .map((m) => personSnapshot(page, m));
  return {
    id: page.household.id,
    status: page.household.status,
    kind: page.household.kind as HouseholdKind,
    areaId: page.household.areaId,
    communeCode: page.household.communeCode,
    headPersonId: members.find((m) => m.relationToHead === 'head')?.id ?? null,
    members,
  };
}

/**
 * What the household page does not tell about a change: the receiving household of a transfer, the
 * approved change a correction corrects, and the household numbers already used in the area a new (or
 * moved) household goes to.
 */
export interface Related {
  target?: HouseholdSnapshot | null;
  corrected?: CorrectedChangeSnapshot | null;
  takenNumbers?: readonly number[];
}

/** A change's type and payload, narrowed together. */
type Content = Change extends infer C ? (C extends Change ? Pick<C, 'type' | 'payload'> : never) : never;

/** The register as far as the change is concerned, read from its household's page. */
export function snapshotFromPage(
  page: HouseholdPage,
  change: Change,
  related: Related = {},
): RegisterSnapshot {
  const household = householdSnapshotOf(page);
  const byId = (id: string | undefined) => (id ? (household.members.find((m) => m.id === id) ?? null) : null);
  const snapshot: RegisterSnapshot = {
    // A new household's id is new: the page is of the household it was started from.
    household: household.id === change.householdId ? household : null,
    person: byId('personId' in change ? change.personId : undefined),
  };
  // The people a change names besides its subject: in its own content, or in the content a correction amends.
  const content = (
    change.type === 'correction' && change.payload.action === 'amend'
      ? { type: change.payload.correctedType, payload: change.payload.payload }
      : change
  ) as Content;
  if (content.type === 'birth') snapshot.mother = byId(content.payload.mother.personId);
  if (content.type === 'marriage' && 'personId' in content.payload.spouse) {
    snapshot.spouse = byId(content.payload.spouse.personId);
  }
  if (content.type === 'contraception_start') snapshot.spouse = byId(content.payload.husbandPersonId);
  if (content.type === 'divorce') snapshot.spouse = byId(content.payload.spousePersonId);
  if (change.type === 'transfer' && change.payload.scope === 'person') {
    snapshot.targetHousehold = related.target ?? null;
  }
  if (change.type === 'correction') snapshot.correctedChange = related.corrected ?? null;
  return snapshot;
}

// ------------------------------------------------------------------------------------------ the check

export interface Problem {
  path: string;
  severity: 'error' | 'warning';
  /** A rule's code, or 'required' / 'invalid' for a field the form itself finds missing or malformed. */
  code: string;
  vi?: string;
  en?: string;
}

/** The value at a rule path such as 'payload.mother.fullName' or 'payload.tests[0].test'. */
function valueAt(value: unknown, path: string): unknown {
  return path
    .split(/[.[\]]+/)
    .filter(Boolean)
    .reduce<unknown>(
      (current, key) =>
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[key]
          : undefined,
      value,
    );
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === '' ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
  );
}

/** Paths of an amended change's fields, as seen from the correction that carries it (as the domain writes them). */
function amendedPath(path: string): string {
  if (path === 'occurredOn') return 'payload.occurredOn';
  return path.startsWith('payload') ? `payload.${path}` : path;
}

/**
 * What the form itself can tell before the schema: the fields left empty, malformed place codes, and — for a
 * change of head — an old head left without a relation to the new one (the household would have two heads).
 */
function formProblems(draft: ChangeDraft, page: HouseholdPage): Problem[] {
  const problems: Problem[] = [];
  const need = (path: string, value: string) => {
    if (value.trim() === '') problems.push({ path, severity: 'error', code: 'required' });
  };
  const newPerson = draft.type === 'move_in' ? 'payload.person' : 'payload';
  const place = draft.type === 'move_in' ? 'payload.from' : 'payload.destination';
  need('occurredOn', draft.occurredOn);
  if (subjectOf(draft) === 'member') need('personId', draft.personId);
  switch (draft.type) {
    case 'birth':
    case 'move_in':
      need(`${newPerson}.fullName`, draft.fullName);
      need(`${newPerson}.sex`, draft.sex);
      need(`${newPerson}.ethnicityCode`, draft.ethnicityCode);
      need(`${newPerson}.relationToHead`, draft.relationToHead);
      break;
    default:
      break;
  }
  switch (draft.type) {
    case 'birth':
      need('payload.birthPlace', draft.birthPlace);
      need('payload.birthOrder', draft.birthOrder);
      if (draft.motherId === '') {
        need('payload.mother.fullName', draft.motherName);
        need('payload.mother.birthDate', draft.motherBirthDate);
      }
      break;
    case 'move_in':
      need('payload.person.birthDate', draft.birthDate);
      need('payload.person.maritalStatus', draft.maritalStatus);
      need('payload.person.residenceStatus', draft.residenceStatus);
      break;
    case 'contraception_start':
      need('payload.method', draft.method);
      need('payload.livingChildren', draft.livingChildren);
      need('payload.site', draft.site);
      break;
    case 'contraception_stop':
      need('payload.method', draft.method);
      break;
    case 'pregnancy_event':
      need('payload.kind', draft.pregnancyKind);
      need('payload.pregnancyNumber', draft.pregnancyNumber);
      break;
    case 'marriage':
      if (draft.spouseId === '') {
        need('payload.spouse.fullName', draft.spouseName);
        need('payload.spouse.sex', draft.spouseSex);
        need('payload.spouse.birthDate', draft.spouseBirthDate);
      }
      break;
    case 'newborn_screening':
      if (screeningTests(draft).length === 0)
        problems.push({ path: 'payload.tests', severity: 'error', code: 'required' });
      need('payload.site', draft.site);
      break;
    case 'prenatal_screening':
      need('payload.gestationWeeks', draft.gestationWeeks);
      if (screeningTests(draft).length === 0)
        problems.push({ path: 'payload.tests', severity: 'error', code: 'required' });
      need('payload.site', draft.site);
      break;
    case 'premarital_check':
      need('payload.site', draft.site);
      break;
    case 'transfer':
      if (draft.scope === 'person') {
        need('payload.toHouseholdId', draft.toHouseholdId);
        need('payload.relationToHead', draft.relationToHead);
      } else {
        need('payload.toAreaId', draft.areaId);
        need('payload.number', draft.householdNumber);
      }
      break;
    case 'info_change': {
      const fields = infoFields.filter((field) => field in draft.info);
      if (fields.length === 0) problems.push({ path: 'payload.items', severity: 'error', code: 'required' });
      fields.forEach((field, i) => {
        if (nullableInfoFields.includes(field)) return;
        need(`payload.items[${i}].to${field === 'birthDate' ? '.date' : ''}`, draft.info[field] ?? '');
      });
      break;
    }
    case 'household_new':
    case 'household_split':
      need('payload.areaId', draft.areaId);
      need('payload.number', draft.householdNumber);
      need('payload.kind', draft.householdKind);
      if (draft.type === 'household_split' && chosen(draft.movers).length === 0) {
        problems.push({ path: 'payload.members', severity: 'error', code: 'required' });
      }
      break;
    case 'head_change': {
      need('payload.newHeadPersonId', draft.newHeadId);
      const head = page.members.find((m) => m.relationToHead === 'head' && isPresentOnPage(m));
      if (head && draft.newHeadId !== '' && head.id !== draft.newHeadId && !draft.relations[head.id]) {
        problems.push({ path: `payload.relations.${head.id}`, severity: 'error', code: 'old_head_relation' });
      }
      break;
    }
    case 'correction':
      need('payload.reason', draft.reason);
      if (draft.correctionAction === 'amend') {
        if (draft.correctedType === '') {
          problems.push({ path: 'payload.correctedType', severity: 'error', code: 'required' });
        } else {
          const amended = { ...draft, type: draft.correctedType, occurredOn: draft.amendedOn };
          for (const problem of formProblems(amended, page)) {
            // The person is the corrected change's own; it is not chosen again.
            if (problem.path !== 'personId') problems.push({ ...problem, path: amendedPath(problem.path) });
          }
        }
      }
      break;
    case 'death':
    case 'move_out':
    case 'elderly_check':
    case 'divorce':
      break;
  }
  if (draft.type === 'move_in' || draft.type === 'move_out') {
    if (!text(draft.provinceCode) && !text(draft.communeCode) && !text(draft.placeDescription)) {
      problems.push({ path: place, severity: 'error', code: 'place_required' });
    }
    if (text(draft.provinceCode) && !/^\d{2}$/.test(draft.provinceCode.trim())) {
      problems.push({ path: `${place}.provinceCode`, severity: 'error', code: 'invalid' });
    }
    if (text(draft.communeCode) && !/^\d{5}$/.test(draft.communeCode.trim())) {
      problems.push({ path: `${place}.communeCode`, severity: 'error', code: 'invalid' });
    }
  }
  return problems;
}

/**
 * A household number already used in the area the household goes to: the household code (commune, area,
 * number) is unique in the commune, so the server could not apply the change.
 */
function numberProblems(draft: ChangeDraft, related: Related): Problem[] {
  const movesHousehold =
    draft.type === 'household_new' ||
    draft.type === 'household_split' ||
    (draft.type === 'transfer' && draft.scope === 'household');
  const number = whole(draft.householdNumber);
  if (!movesHousehold || number === undefined || !related.takenNumbers?.includes(number)) return [];
  return [{ path: 'payload.number', severity: 'error', code: 'number_taken' }];
}

export interface CheckedDraft {
  change: Change | null;
  problems: Problem[];
}

/**
 * The draft checked as the server will check it: first its shape (`parseChange`), then the register rules
 * (`validateChange`) against the household page. Errors block sending; warnings go with the change and are
 * acknowledged by the officer who approves it.
 */
export function checkDraft(
  draft: ChangeDraft,
  envelope: Envelope,
  page: HouseholdPage,
  today: string,
  related: Related = {},
): CheckedDraft {
  const missing = [...formProblems(draft, page), ...numberProblems(draft, related)];
  if (missing.length > 0) return { change: null, problems: missing };
  const members = new Map(page.members.map((m) => [m.id, m]));
  const value = draftToChange(draft, envelope, members);
  const parsed = parseChange(value);
  if (!parsed.ok) {
    const seen = new Set<string>();
    const problems: Problem[] = [];
    for (const error of parsed.errors) {
      const path = error.path ?? '';
      if (seen.has(path)) continue;
      seen.add(path);
      problems.push({
        path,
        severity: 'error',
        code: isEmpty(valueAt(value, path)) ? 'required' : 'invalid',
      });
    }
    return { change: null, problems };
  }
  const results: RuleResult[] = validateChange(
    parsed.change,
    snapshotFromPage(page, parsed.change, related),
    today,
  );
  return {
    change: parsed.change,
    problems: results.map((r) => ({ path: r.path, severity: r.severity, code: r.code, vi: r.vi, en: r.en })),
  };
}

// ------------------------------------------------------------------------------------------ back to a draft

/**
 * The draft a recorded change came from, so that a returned change can be corrected in the same form. Only
 * the entry types have a draft; null for any other change.
 */
export function changeToDraft(change: Change, today: string): ChangeDraft | null {
  if (!isEntryType(change.type)) return null;
  const draft: ChangeDraft = { ...emptyDraft(change.type, today), occurredOn: change.occurredOn };
  const personId = 'personId' in change && change.personId ? change.personId : '';
  const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  const place = (p: { provinceCode?: string; communeCode?: string; description?: string }) => ({
    provinceCode: str(p.provinceCode),
    communeCode: str(p.communeCode),
    placeDescription: str(p.description),
  });
  switch (change.type) {
    case 'birth': {
      const p = change.payload;
      return {
        ...draft,
        fullName: p.fullName,
        sex: str(p.sex),
        ethnicityCode: p.ethnicityCode,
        relationToHead: p.relationToHead,
        birthPlace: p.birthPlace,
        birthOrder: str(p.birthOrder),
        motherId: str(p.mother.personId),
        motherName: p.mother.personId ? '' : p.mother.fullName,
        motherBirthDate: p.mother.personId ? '' : p.mother.birthDate,
        newbornScreeningOn: str(p.newbornScreeningOn),
      };
    }
    case 'death':
      return { ...draft, personId, cause: str(change.payload.cause) };
    case 'move_in': {
      const p = change.payload.person;
      return {
        ...draft,
        fullName: p.fullName,
        sex: str(p.sex),
        birthDate: p.birthDate,
        ethnicityCode: p.ethnicityCode,
        educationCode: str(p.educationCode),
        maritalStatus: p.maritalStatus,
        residenceStatus: p.residenceStatus,
        relationToHead: p.relationToHead,
        ...place(change.payload.from),
      };
    }
    case 'move_out':
      return { ...draft, personId, scope: change.payload.scope, ...place(change.payload.destination) };
    case 'contraception_start':
      return {
        ...draft,
        personId,
        method: change.payload.method,
        livingChildren: str(change.payload.livingChildren),
        site: change.payload.site,
        husbandId: str(change.payload.husbandPersonId),
      };
    case 'contraception_stop':
      return { ...draft, personId, method: change.payload.method };
    case 'pregnancy_event':
      return {
        ...draft,
        personId,
        pregnancyKind: change.payload.kind,
        pregnancyNumber: str(change.payload.pregnancyNumber),
        gestationWeeks: str(change.payload.gestationWeeks),
      };
    case 'marriage': {
      const spouse = change.payload.spouse;
      return {
        ...draft,
        personId,
        ...('personId' in spouse
          ? { spouseId: spouse.personId }
          : {
              spouseName: spouse.fullName,
              spouseSex: str(spouse.sex),
              spouseBirthDate: spouse.birthDate,
            }),
        childMarriage: change.payload.childMarriage,
        consanguineous: change.payload.consanguineous,
      };
    }
    case 'elderly_check':
      return { ...draft, personId, site: str(change.payload.site) };
    case 'newborn_screening':
      return {
        ...draft,
        personId,
        screening: Object.fromEntries(change.payload.tests.map((t) => [t.test, t.result])),
        site: change.payload.site,
      };
    case 'prenatal_screening':
      return {
        ...draft,
        personId,
        gestationWeeks: str(change.payload.gestationWeeks),
        screening: Object.fromEntries(change.payload.tests.map((t) => [t.test, t.result])),
        site: change.payload.site,
      };
    case 'premarital_check':
      return {
        ...draft,
        personId,
        counselling: change.payload.counselling,
        healthCheck: change.payload.healthCheck,
        site: change.payload.site,
      };
    case 'divorce':
      return { ...draft, personId, spouseId: str(change.payload.spousePersonId) };
    case 'transfer':
      return change.payload.scope === 'person'
        ? {
            ...draft,
            personId,
            toHouseholdId: change.payload.toHouseholdId,
            relationToHead: change.payload.relationToHead,
          }
        : {
            ...draft,
            scope: 'household',
            areaId: change.payload.toAreaId,
            householdNumber: str(change.payload.number),
          };
    case 'info_change': {
      const info: ChangeDraft['info'] = {};
      let infoBirthPrecision = draft.infoBirthPrecision;
      for (const item of change.payload.items) {
        if (item.field === 'birthDate') {
          info.birthDate = item.to.date;
          infoBirthPrecision = item.to.precision;
        } else {
          info[item.field] = str(item.to);
        }
      }
      return { ...draft, personId, info, infoBirthPrecision, note: str(change.payload.note) };
    }
    case 'household_new':
    case 'household_split': {
      const p = change.payload;
      const household = {
        ...draft,
        areaId: p.areaId,
        hamletId: str(p.hamletId),
        householdNumber: str(p.number),
        address: str(p.address),
        householdKind: p.kind,
      };
      if (change.type === 'household_new') return household;
      return {
        ...household,
        movers: Object.fromEntries(change.payload.members.map((m) => [m.personId, m.relationToHead])),
        sourceNewHeadId: str(change.payload.sourceNewHeadPersonId),
      };
    }
    case 'head_change':
      return {
        ...draft,
        newHeadId: change.payload.newHeadPersonId,
        relations: Object.fromEntries(change.payload.relations.map((r) => [r.personId, r.relationToHead])),
      };
    case 'correction': {
      const p = change.payload;
      const amended =
        p.action === 'amend' && isCorrectableType(p.correctedType)
          ? changeToDraft(
              { ...change, type: p.correctedType, occurredOn: p.occurredOn, payload: p.payload } as Change,
              today,
            )
          : null;
      return {
        ...(amended ?? draft),
        type: 'correction',
        occurredOn: change.occurredOn,
        personId,
        correctsChangeId: p.correctsChangeId,
        correctionAction: p.action,
        reason: p.reason,
        correctedType:
          amended && p.action === 'amend' && isCorrectableType(p.correctedType) ? p.correctedType : '',
        amendedOn: p.action === 'amend' ? p.occurredOn : '',
      };
    }
    default:
      return null;
  }
}
