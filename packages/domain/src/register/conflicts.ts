/**
 * Conflicts (DESIGN.md §2.3): at approval time a change may contradict the register as it is now — the
 * person died or left, the household closed, or the fields the change touches were changed by another
 * approved change since the register version the change was based on. Such a change is never dropped: it
 * waits as a conflict, and these reasons (with the register's value and the change's value) are what the
 * officer sees side by side.
 */
import type { Change, InfoChangeItem } from './changes.ts';
import { NO_CONTRACEPTIVE_METHOD } from './codes.ts';
import { takenHouseholdCode } from './households.ts';
import type {
  HouseholdField,
  HouseholdSnapshot,
  PersonField,
  PersonSnapshot,
  RegisterSnapshot,
} from './snapshot.ts';

export const conflictReasonCatalogue = {
  DANSO_CONFLICT_HOUSEHOLD_MISSING: {
    vi: 'Hộ không còn trong sổ.',
    en: 'The household is no longer in the register.',
  },
  DANSO_CONFLICT_HOUSEHOLD_EXISTS: {
    vi: 'Đã có hộ với mã này trong sổ.',
    en: 'A household with this id is already in the register.',
  },
  DANSO_CONFLICT_HOUSEHOLD_NUMBER_TAKEN: {
    vi: 'Số hộ này nay đã thuộc một hộ khác trong địa bàn (mã hộ trùng); chọn số khác.',
    en: 'Another household in the area now has this number (the household code is taken); choose another.',
  },
  DANSO_CONFLICT_HOUSEHOLD_CLOSED: {
    vi: 'Phiếu hộ đã đóng.',
    en: 'The household page has been closed.',
  },
  DANSO_CONFLICT_PERSON_MISSING: {
    vi: 'Người này không còn trong sổ (có thể đã gộp hồ sơ).',
    en: 'The person is no longer in the register (the record may have been merged).',
  },
  DANSO_CONFLICT_PERSON_EXISTS: {
    vi: 'Đã có nhân khẩu với mã này trong sổ.',
    en: 'A person with this id is already in the register.',
  },
  DANSO_CONFLICT_PERSON_DEAD: {
    vi: 'Sổ đã ghi người này chết.',
    en: 'The register records this person as dead.',
  },
  DANSO_CONFLICT_PERSON_MOVED_OUT: {
    vi: 'Sổ đã ghi người này chuyển đi.',
    en: 'The register records this person as moved out.',
  },
  DANSO_CONFLICT_PERSON_HOUSEHOLD_CHANGED: {
    vi: 'Người này nay thuộc hộ khác.',
    en: 'The person now belongs to another household.',
  },
  DANSO_CONFLICT_VALUE_CHANGED: {
    vi: 'Giá trị trong sổ khác giá trị biến động dựa vào.',
    en: 'The register value differs from the one the change was based on.',
  },
  DANSO_CONFLICT_CHANGED_SINCE_BASE: {
    vi: 'Thông tin này đã được sửa bởi biến động khác sau khi biến động được ghi.',
    en: 'This field was changed by another change after this one was recorded.',
  },
  DANSO_CONFLICT_CONTRACEPTION_NOT_IN_USE: {
    vi: 'Sổ không còn ghi biện pháp tránh thai đang dùng.',
    en: 'The register no longer records a method in use.',
  },
  DANSO_CONFLICT_NOT_MARRIED: {
    vi: 'Sổ không ghi người này đang có vợ/chồng.',
    en: 'The register does not record this person as married.',
  },
  DANSO_CONFLICT_ALREADY_MARRIED: {
    vi: 'Sổ đã ghi người này đang có vợ/chồng.',
    en: 'The register already records this person as married.',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export type ConflictReasonCode = keyof typeof conflictReasonCatalogue;

export interface ConflictReason {
  code: ConflictReasonCode;
  vi: string;
  en: string;
  /** What in the change: 'personId', 'payload.items[0]', 'person:<id>.maritalStatus' … */
  path: string;
  /** The register's value now, and the change's, when there is one to show side by side. */
  registerValue?: unknown;
  changeValue?: unknown;
}

export interface ConflictReport {
  conflict: boolean;
  reasons: ConflictReason[];
}

export interface TouchedField {
  entity: 'person' | 'household';
  id: string;
  field: PersonField | HouseholdField;
}

/** The register fields approving this change would write. */
export function touchedFields(change: Change): TouchedField[] {
  const person = (id: string, field: PersonField): TouchedField => ({ entity: 'person', id, field });
  const household = (id: string, field: HouseholdField): TouchedField => ({ entity: 'household', id, field });
  switch (change.type) {
    case 'birth':
    case 'move_in': {
      const relation =
        change.type === 'birth' ? change.payload.relationToHead : change.payload.person.relationToHead;
      return relation === 'head' ? [household(change.householdId, 'headPersonId')] : [];
    }
    case 'newborn_screening':
    case 'pregnancy_event':
    case 'prenatal_screening':
    case 'elderly_check':
    case 'premarital_check':
    case 'household_new':
      return [];
    case 'death':
      return [person(change.personId, 'vitalStatus')];
    case 'move_out':
      return 'personId' in change
        ? [person(change.personId, 'presence')]
        : [household(change.householdId, 'status')];
    case 'transfer':
      if (change.payload.scope === 'household' || !('personId' in change)) {
        return [household(change.householdId, 'areaId')];
      }
      return [
        person(change.personId, 'householdId'),
        person(change.personId, 'relationToHead'),
        ...(change.payload.relationToHead === 'head'
          ? [household(change.payload.toHouseholdId, 'headPersonId')]
          : []),
      ];
    case 'info_change':
      return change.payload.items.map((item) => person(change.personId, item.field));
    case 'contraception_start':
    case 'contraception_stop':
      return [person(change.personId, 'contraceptiveMethod')];
    case 'marriage':
    case 'divorce': {
      const spouseId =
        change.type === 'marriage'
          ? 'personId' in change.payload.spouse
            ? change.payload.spouse.personId
            : undefined
          : change.payload.spousePersonId;
      return [
        person(change.personId, 'maritalStatus'),
        ...(spouseId !== undefined ? [person(spouseId, 'maritalStatus')] : []),
      ];
    }
    case 'household_split':
      return [
        ...change.payload.members.flatMap((m) => [
          person(m.personId, 'householdId'),
          person(m.personId, 'relationToHead'),
        ]),
        ...(change.payload.sourceNewHeadPersonId !== undefined
          ? [household(change.householdId, 'headPersonId')]
          : []),
      ];
    case 'head_change':
      return [
        household(change.householdId, 'headPersonId'),
        person(change.payload.newHeadPersonId, 'relationToHead'),
        ...change.payload.relations.map((r) => person(r.personId, 'relationToHead')),
      ];
    case 'correction': {
      const p = change.payload;
      if (p.action === 'void') return [];
      const amended = {
        ...change,
        type: p.correctedType,
        occurredOn: p.occurredOn,
        payload: p.payload,
      } as Change;
      return touchedFields(amended);
    }
  }
}

function personValue(person: PersonSnapshot, field: InfoChangeItem['field']): unknown {
  if (field === 'birthDate') return { date: person.birthDate, precision: person.birthDatePrecision };
  return person[field];
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const NEW_PERSON_TYPES: ReadonlySet<Change['type']> = new Set(['birth', 'move_in']);

/**
 * Whether the change still fits the register (`snapshot`, as in validation), and why not. The change's
 * `baseVersion` is compared with the `fieldVersions` of the snapshots, where the caller provides them.
 */
export function detectConflicts(change: Change, snapshot: RegisterSnapshot): ConflictReport {
  const reasons: ConflictReason[] = [];
  const add = (
    code: ConflictReasonCode,
    path: string,
    values?: { registerValue?: unknown; changeValue?: unknown },
  ) => reasons.push({ code, ...conflictReasonCatalogue[code], path, ...values });
  const isCorrection = change.type === 'correction';

  /** Dead or departed, where that matters: events dated before the death or departure are not contradicted. */
  const personState = (
    p: PersonSnapshot,
    path: string,
    deathMatters: boolean,
    moveMatters: boolean,
  ): void => {
    if (p.vitalStatus === 'dead' && deathMatters) {
      add('DANSO_CONFLICT_PERSON_DEAD', path, { registerValue: p.deathDate });
    }
    if (p.presence === 'moved_out' && moveMatters) {
      add('DANSO_CONFLICT_PERSON_MOVED_OUT', path, { registerValue: p.movedOutOn });
    }
  };

  /** A member the change moves or re-ranks must still be on the page, alive and present. */
  const presentMember = (h: HouseholdSnapshot | null, id: string, path: string): void => {
    const member = h?.members.find((m) => m.id === id);
    if (h && !member) add('DANSO_CONFLICT_PERSON_HOUSEHOLD_CHANGED', path, { changeValue: h.id });
    if (member) personState(member, path, true, true);
  };

  // The household.
  const household = snapshot.household?.id === change.householdId ? snapshot.household : null;
  if (change.type === 'household_new') {
    if (household) add('DANSO_CONFLICT_HOUSEHOLD_EXISTS', 'householdId');
  } else if (!household) {
    add('DANSO_CONFLICT_HOUSEHOLD_MISSING', 'householdId');
  } else if (household.status === 'closed' && !isCorrection) {
    add('DANSO_CONFLICT_HOUSEHOLD_CLOSED', 'householdId', { registerValue: 'closed' });
  }

  // The person the change is about.
  const personId = 'personId' in change ? change.personId : undefined;
  const person = personId !== undefined && snapshot.person?.id === personId ? snapshot.person : null;
  if (personId !== undefined && NEW_PERSON_TYPES.has(change.type)) {
    if (person) add('DANSO_CONFLICT_PERSON_EXISTS', 'personId');
  } else if (personId !== undefined && !person) {
    add('DANSO_CONFLICT_PERSON_MISSING', 'personId');
  } else if (person && !isCorrection) {
    personState(
      person,
      'personId',
      change.type === 'death' || (person.deathDate ?? '') < change.occurredOn,
      change.type === 'move_out' || (person.movedOutOn ?? '') < change.occurredOn,
    );
    if (person.householdId !== change.householdId) {
      add('DANSO_CONFLICT_PERSON_HOUSEHOLD_CHANGED', 'personId', {
        registerValue: person.householdId,
        changeValue: change.householdId,
      });
    }
  }

  // What the type expects of the register now.
  switch (change.type) {
    case 'transfer':
      if (change.payload.scope === 'person') {
        const target =
          snapshot.targetHousehold?.id === change.payload.toHouseholdId ? snapshot.targetHousehold : null;
        if (!target) add('DANSO_CONFLICT_HOUSEHOLD_MISSING', 'payload.toHouseholdId');
        else if (target.status === 'closed') add('DANSO_CONFLICT_HOUSEHOLD_CLOSED', 'payload.toHouseholdId');
      }
      break;
    case 'info_change':
      if (person) {
        change.payload.items.forEach((item, i) => {
          const current = personValue(person, item.field);
          if (!sameValue(current, item.from)) {
            add('DANSO_CONFLICT_VALUE_CHANGED', `payload.items[${i}]`, {
              registerValue: current,
              changeValue: item.from,
            });
          }
        });
      }
      break;
    case 'contraception_stop':
      if (person) {
        const inUse = person.contraceptiveMethod;
        if (inUse === null || inUse === NO_CONTRACEPTIVE_METHOD) {
          add('DANSO_CONFLICT_CONTRACEPTION_NOT_IN_USE', 'payload.method', {
            changeValue: change.payload.method,
          });
        } else if (inUse !== change.payload.method) {
          add('DANSO_CONFLICT_VALUE_CHANGED', 'payload.method', {
            registerValue: inUse,
            changeValue: change.payload.method,
          });
        }
      }
      break;
    case 'marriage':
      if (person?.maritalStatus === 'married') {
        add('DANSO_CONFLICT_ALREADY_MARRIED', 'personId', { registerValue: 'married' });
      }
      break;
    case 'divorce':
      if (person && person.maritalStatus !== 'married' && person.maritalStatus !== 'separated') {
        add('DANSO_CONFLICT_NOT_MARRIED', 'personId', { registerValue: person.maritalStatus });
      }
      break;
    case 'household_split':
      if (snapshot.targetHousehold) add('DANSO_CONFLICT_HOUSEHOLD_EXISTS', 'payload.newHouseholdId');
      change.payload.members.forEach((m, i) => {
        presentMember(household, m.personId, `payload.members[${i}].personId`);
      });
      break;
    case 'head_change':
      presentMember(household, change.payload.newHeadPersonId, 'payload.newHeadPersonId');
      change.payload.relations.forEach((r, i) => {
        presentMember(household, r.personId, `payload.relations[${i}].personId`);
      });
      break;
    case 'birth':
    case 'newborn_screening':
    case 'death':
    case 'move_in':
    case 'move_out':
    case 'contraception_start':
    case 'pregnancy_event':
    case 'prenatal_screening':
    case 'elderly_check':
    case 'premarital_check':
    case 'household_new':
    case 'correction':
      break;
  }

  // A household number taken since the change was recorded — by another change approved first, say: the code
  // is unique in the commune, so approving this one as it is would fail.
  const taken = takenHouseholdCode(change, snapshot);
  if (taken) {
    add('DANSO_CONFLICT_HOUSEHOLD_NUMBER_TAKEN', taken.placement.numberPath, {
      registerValue: taken.code,
      changeValue: taken.placement.number,
    });
  }

  // Fields written since the change's base version.
  const reported = new Set(
    reasons.filter((r) => r.code === 'DANSO_CONFLICT_VALUE_CHANGED').map((r) => r.path),
  );
  const infoPaths =
    change.type === 'info_change' ? change.payload.items.map((_, i) => `payload.items[${i}]`) : [];
  touchedFields(change).forEach((touched, i) => {
    const version = fieldVersion(snapshot, touched);
    if (version === undefined || version <= change.baseVersion) return;
    if (infoPaths[i] !== undefined && reported.has(infoPaths[i])) return;
    add('DANSO_CONFLICT_CHANGED_SINCE_BASE', `${touched.entity}:${touched.id}.${touched.field}`, {
      registerValue: version,
      changeValue: change.baseVersion,
    });
  });

  return { conflict: reasons.length > 0, reasons };
}

function fieldVersion(snapshot: RegisterSnapshot, touched: TouchedField): number | undefined {
  if (touched.entity === 'household') {
    const household = [snapshot.household, snapshot.targetHousehold].find((h) => h?.id === touched.id);
    return household?.fieldVersions?.[touched.field as HouseholdField];
  }
  const people = [
    snapshot.person,
    snapshot.spouse,
    snapshot.mother,
    ...(snapshot.household?.members ?? []),
    ...(snapshot.targetHousehold?.members ?? []),
  ];
  const person = people.find((p) => p?.id === touched.id);
  return person?.fieldVersions?.[touched.field as PersonField];
}
