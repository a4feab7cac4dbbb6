/**
 * `validateChange`: the rules of register.md applied to one well-formed change (see `parseChange`) against a
 * snapshot of the register, the same on the phone and on the server.
 *
 * Decisions:
 * - A mother's (or pregnant woman's) age must be 10–60 at the event (error); outside 15–49 — the
 *   reproductive ages every fertility indicator uses — it is a warning: such births happen, but are rare
 *   enough that a typing error is the likelier cause.
 * - With a birth date known only to the month or year, an age is a range; an error needs the whole range to
 *   break the rule, a warning only part of it, so an imprecise date never blocks a change.
 * - A correction may touch a dead or departed person or a closed household (that is what corrections are
 *   for): its amended content is checked by the rules that do not depend on the register's current state.
 */
import { ageInCompletedYears, ageRangeInCompletedYears } from './age.ts';
import type { Change, ChangeOfType, InfoChangeItem } from './changes.ts';
import {
  type CodeListName,
  defaultRegisterCodeLists,
  isKnownCode,
  type RegisterCodeLists,
} from './code-lists.ts';
import {
  type BirthDatePrecision,
  minimumMarriageAge,
  NO_CONTRACEPTIVE_METHOD,
  SEX_FEMALE,
  type SexCode,
} from './codes.ts';
import { birthDateBounds, daysBetween, isRealDate, isRealTimestamp } from './dates.ts';
import { householdPlacement, takenHouseholdCode } from './households.ts';
import { type RuleCode, type RuleResult, ruleResult } from './rules.ts';
import {
  type HouseholdSnapshot,
  isPresentMember,
  type PersonSnapshot,
  type ValidationContext,
} from './snapshot.ts';

/** Ages above this are flagged for review. */
export const IMPROBABLE_AGE = 110;
const MOTHER_AGE_POSSIBLE = { min: 10, max: 60 };
const REPRODUCTIVE_AGE = { min: 15, max: 49 };
const ELDERLY_AGE = 60;
const HEAD_MIN_AGE = 15;
const NEWBORN_SCREENING_DAYS = 28;

type Mode = 'new' | 'correction';
type AgeRange = { min: number; max: number };

interface BirthInfo {
  birthDate: string;
  precision: BirthDatePrecision;
}

function formatRange(range: AgeRange | null): string {
  if (range === null) return '< 0';
  return range.min === range.max ? String(range.min) : `${range.min}–${range.max}`;
}

/** Valid personal ID numbers encode sex and century in digit 4 and the birth year's last two digits in 5–6. */
export function personalIdMatches(personalId: string, sex: SexCode, birthYear: number): boolean {
  if (!/^\d{12}$/.test(personalId) || birthYear < 1900 || birthYear > 2399) return true;
  const centuryCode = (Math.floor(birthYear / 100) - 19) * 2 + (sex === SEX_FEMALE ? 1 : 0);
  return (
    personalId[3] === String(centuryCode) &&
    personalId.slice(4, 6) === String(birthYear % 100).padStart(2, '0')
  );
}

class Validation {
  readonly results: RuleResult[] = [];
  readonly lists: RegisterCodeLists;
  readonly isNew: boolean;

  constructor(
    readonly context: ValidationContext,
    readonly today: string,
    mode: Mode,
  ) {
    this.lists = context.codeLists ?? defaultRegisterCodeLists;
    this.isNew = mode === 'new';
  }

  add(code: RuleCode, path: string, params?: Record<string, string | number>): void {
    this.results.push(ruleResult(code, path, params));
  }

  // ------------------------------------------------------------------------------------------ building blocks

  /** A real date, not after today. Returns whether the date is real (so later checks may use it). */
  date(value: string, path: string): boolean {
    if (!isRealDate(value)) {
      this.add('DANSO_RULE_DATE_INVALID', path);
      return false;
    }
    if (value > this.today) this.add('DANSO_RULE_DATE_IN_FUTURE', path, { today: this.today });
    return true;
  }

  code(list: CodeListName, code: string, path: string): void {
    if (!isKnownCode(this.lists[list], code)) this.add('DANSO_RULE_UNKNOWN_CODE', path, { code, list });
  }

  codes(list: CodeListName, items: readonly string[], path: (i: number) => string): void {
    const seen = new Set<string>();
    items.forEach((code, i) => {
      this.code(list, code, path(i));
      if (seen.has(code)) this.add('DANSO_RULE_DUPLICATE_ITEM', path(i), { item: code });
      seen.add(code);
    });
  }

  ageRange(birth: BirthInfo, on: string): AgeRange | null {
    if (!isRealDate(birth.birthDate) || !isRealDate(on)) return null;
    return ageRangeInCompletedYears(birth.birthDate, on, birth.precision);
  }

  /** True when `on` is certainly before the person was born. */
  bornAfter(birth: BirthInfo, on: string): boolean {
    return (
      isRealDate(birth.birthDate) &&
      isRealDate(on) &&
      on < birthDateBounds(birth.birthDate, birth.precision).earliest
    );
  }

  notBeforeBirth(
    birth: BirthInfo,
    on: string,
    path: string,
    code: RuleCode = 'DANSO_RULE_BEFORE_BIRTH',
  ): void {
    if (this.bornAfter(birth, on)) this.add(code, path);
  }

  improbableAge(birth: BirthInfo, on: string, path: string): void {
    if (!isRealDate(birth.birthDate) || !isRealDate(on) || this.bornAfter(birth, on)) return;
    if (ageInCompletedYears(birth.birthDate, on, birth.precision) > IMPROBABLE_AGE) {
      this.add('DANSO_RULE_IMPROBABLE_AGE', path, { maxAge: IMPROBABLE_AGE });
    }
  }

  personalId(personalId: string | null | undefined, sex: SexCode, birthDate: string, path: string): void {
    if (!personalId || !isRealDate(birthDate)) return;
    if (!personalIdMatches(personalId, sex, Number(birthDate.slice(0, 4)))) {
      this.add('DANSO_RULE_PERSONAL_ID_INCONSISTENT', path);
    }
  }

  /** Mother at a birth, or a woman at a pregnancy event or screening: 10–60, warning outside 15–49. */
  motherAge(birth: BirthInfo, on: string, path: string): void {
    if (!isRealDate(birth.birthDate) || !isRealDate(on)) return;
    const range = this.ageRange(birth, on);
    if (range === null || range.max < MOTHER_AGE_POSSIBLE.min || range.min > MOTHER_AGE_POSSIBLE.max) {
      this.add('DANSO_RULE_MOTHER_AGE_IMPOSSIBLE', path, { age: formatRange(range) });
    } else if (range.min < REPRODUCTIVE_AGE.min || range.max > REPRODUCTIVE_AGE.max) {
      this.add('DANSO_RULE_MOTHER_AGE_UNUSUAL', path, { age: formatRange(range) });
    }
  }

  headAge(birth: BirthInfo, on: string, path: string): void {
    const range = this.ageRange(birth, on);
    if (range !== null && range.min < HEAD_MIN_AGE) {
      this.add('DANSO_RULE_HEAD_UNDER_AGE', path, { age: formatRange(range) });
    }
  }

  female(person: PersonSnapshot, path: string): void {
    if (person.sex !== SEX_FEMALE) this.add('DANSO_RULE_PERSON_NOT_FEMALE', path);
  }

  /** The household named by the change: it exists and, unless corrections are being checked, is not closed. */
  household(change: Change): HouseholdSnapshot | null {
    const household = this.context.household ?? null;
    if (household === null || household.id !== change.householdId) {
      this.add('DANSO_RULE_HOUSEHOLD_NOT_FOUND', 'householdId');
      return null;
    }
    if (this.isNew && change.type !== 'correction' && household.status === 'closed') {
      this.add('DANSO_RULE_HOUSEHOLD_CLOSED', 'householdId');
    }
    return household;
  }

  /** The person a change is about, in their household, alive and present (for a new change). */
  existingPerson(change: Change & { personId: string }): PersonSnapshot | null {
    const person = this.context.person ?? null;
    if (person === null || person.id !== change.personId) {
      this.add('DANSO_RULE_PERSON_NOT_FOUND', 'personId');
      return null;
    }
    const birth = { birthDate: person.birthDate, precision: person.birthDatePrecision };
    if (change.type === 'death') {
      this.notBeforeBirth(birth, change.occurredOn, 'occurredOn', 'DANSO_RULE_DEATH_BEFORE_BIRTH');
    } else {
      this.notBeforeBirth(birth, change.occurredOn, 'occurredOn');
    }
    this.improbableAge(birth, change.occurredOn, 'personId');
    if (!this.isNew) return person;
    if (person.householdId !== change.householdId) this.add('DANSO_RULE_PERSON_NOT_IN_HOUSEHOLD', 'personId');
    if (person.vitalStatus === 'dead') {
      const deathDate = person.deathDate ?? '?';
      if (change.type === 'death') {
        this.add('DANSO_RULE_DEATH_ALREADY_RECORDED', 'personId', { deathDate });
      } else if (person.deathDate === null || change.occurredOn > person.deathDate) {
        this.add('DANSO_RULE_CHANGE_AFTER_DEATH', 'occurredOn', { deathDate });
      } else {
        this.add('DANSO_RULE_LATE_RECORD_DEAD_PERSON', 'occurredOn', { deathDate });
      }
    }
    if (person.presence === 'moved_out') {
      const movedOutOn = person.movedOutOn ?? '?';
      if (change.type === 'move_out') {
        this.add('DANSO_RULE_MOVE_OUT_ALREADY_RECORDED', 'personId', { movedOutOn });
      } else if (person.movedOutOn === null || change.occurredOn > person.movedOutOn) {
        this.add('DANSO_RULE_PERSON_MOVED_OUT', 'occurredOn', { movedOutOn });
      } else {
        this.add('DANSO_RULE_LATE_RECORD_MOVED_OUT_PERSON', 'occurredOn', { movedOutOn });
      }
    }
    return person;
  }

  /** A new person's id must not be taken. */
  newPerson(): void {
    if (this.isNew && this.context.person) this.add('DANSO_RULE_PERSON_EXISTS', 'personId');
  }

  /** Someone becoming head of a household that already has a living, present head. */
  noHeadYet(household: HouseholdSnapshot | null, path: string): void {
    if (!this.isNew || household === null || household.headPersonId === null) return;
    const head = household.members.find((m) => m.id === household.headPersonId);
    if (head === undefined || isPresentMember(head)) this.add('DANSO_RULE_HEAD_ALREADY_PRESENT', path);
  }

  /** The head leaves or dies while others stay. */
  headLeaving(household: HouseholdSnapshot | null, person: PersonSnapshot): void {
    if (!this.isNew || household === null || household.headPersonId !== person.id) return;
    if (household.members.some((m) => m.id !== person.id && isPresentMember(m))) {
      this.add('DANSO_RULE_HEAD_CHANGE_NEEDED', 'personId');
    }
  }

  /** A present member of the household (for a new change). */
  member(household: HouseholdSnapshot | null, personId: string, path: string): PersonSnapshot | null {
    const member = household?.members.find((m) => m.id === personId) ?? null;
    if (!this.isNew) return member;
    if (household !== null && member === null) this.add('DANSO_RULE_MEMBER_NOT_IN_HOUSEHOLD', path);
    if (member !== null && !isPresentMember(member)) this.add('DANSO_RULE_MEMBER_NOT_PRESENT', path);
    return member;
  }

  /**
   * A household given a number in an area (new, split off, or moved whole): the area is a current one of
   * the household's commune — a new household's commune is its area's —, the hamlet it is given (if any) is
   * a current one of the area's commune, and the code it makes is not held by another household. Each part
   * is left out where the snapshot cannot tell.
   */
  placement(change: Change, household: HouseholdSnapshot | null): void {
    const placement = householdPlacement(change);
    const area = this.context.targetArea;
    if (placement === null || area === undefined) return;
    if (area === null || area.id !== placement.areaId) {
      this.add('DANSO_RULE_AREA_NOT_FOUND', placement.areaPath);
      return;
    }
    if (household !== null && area.communeCode !== household.communeCode) {
      this.add('DANSO_RULE_AREA_OTHER_COMMUNE', placement.areaPath, { communeCode: area.communeCode });
    }
    const hamlet = this.context.targetHamlet;
    if (this.isNew && placement.hamletId !== undefined && hamlet !== undefined) {
      if (
        hamlet === null ||
        hamlet.id !== placement.hamletId ||
        hamlet.communeCode !== area.communeCode ||
        !hamlet.current
      ) {
        this.add('DANSO_RULE_HAMLET_NOT_FOUND', 'payload.hamletId', { communeCode: area.communeCode });
      }
    }
    const taken = this.isNew ? takenHouseholdCode(change, this.context) : null;
    if (taken) {
      this.add('DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN', placement.numberPath, {
        number: placement.number,
        code: taken.code,
      });
    }
  }

  /** A person named inside the payload (mother, spouse, husband) must be in the register. */
  named(snapshot: PersonSnapshot | null | undefined, personId: string, path: string): PersonSnapshot | null {
    if (!snapshot || snapshot.id !== personId) {
      this.add('DANSO_RULE_PERSON_NOT_FOUND', path);
      return null;
    }
    return snapshot;
  }

  // ---------------------------------------------------------------------------------------------- the change

  change(change: Change): void {
    const occurredOnReal = this.date(change.occurredOn, 'occurredOn');
    if (!isRealTimestamp(change.recordedAt)) this.add('DANSO_RULE_DATE_INVALID', 'recordedAt');
    else if (occurredOnReal && change.recordedAt.slice(0, 10) < change.occurredOn) {
      this.add('DANSO_RULE_RECORDED_BEFORE_OCCURRED', 'recordedAt');
    }
    this.byType(change);
  }

  byType(change: Change): void {
    switch (change.type) {
      case 'birth':
        this.birth(change);
        return;
      case 'newborn_screening': {
        this.household(change);
        const person = this.existingPerson(change);
        this.codes(
          'newbornScreeningTest',
          change.payload.tests.map((t) => t.test),
          (i) => `payload.tests[${i}].test`,
        );
        this.code('serviceSite', change.payload.site, 'payload.site');
        if (person?.birthDatePrecision === 'day' && isRealDate(change.occurredOn)) {
          const days = daysBetween(person.birthDate, change.occurredOn);
          if (days > NEWBORN_SCREENING_DAYS) {
            this.add('DANSO_RULE_NEWBORN_SCREENING_LATE', 'occurredOn', { days });
          }
        }
        return;
      }
      case 'death': {
        const household = this.household(change);
        const person = this.existingPerson(change);
        if (person && person.vitalStatus === 'alive') this.headLeaving(household, person);
        return;
      }
      case 'move_in':
        this.moveIn(change);
        return;
      case 'move_out': {
        const household = this.household(change);
        if (change.payload.scope === 'person' && 'personId' in change) {
          const person = this.existingPerson(change);
          if (person && person.presence === 'present') this.headLeaving(household, person);
        }
        if (household && change.payload.destination.communeCode === household.communeCode) {
          this.add('DANSO_RULE_MOVE_WITHIN_COMMUNE', 'payload.destination.communeCode');
        }
        return;
      }
      case 'transfer':
        this.transfer(change);
        return;
      case 'info_change':
        this.infoChange(change);
        return;
      case 'contraception_start':
        this.contraceptionStart(change);
        return;
      case 'contraception_stop': {
        this.household(change);
        const person = this.existingPerson(change);
        const method = change.payload.method;
        this.code('contraceptiveMethod', method, 'payload.method');
        if (!person || !this.isNew) return;
        const inUse = person.contraceptiveMethod;
        if (inUse === null || inUse === NO_CONTRACEPTIVE_METHOD) {
          this.add('DANSO_RULE_CONTRACEPTION_NOT_IN_USE', 'payload.method');
          return;
        }
        if (inUse !== method) {
          this.add('DANSO_RULE_CONTRACEPTION_METHOD_MISMATCH', 'payload.method', { method, inUse });
        }
        if (person.contraceptionStartedOn !== null && change.occurredOn < person.contraceptionStartedOn) {
          this.add('DANSO_RULE_CONTRACEPTION_STOP_BEFORE_START', 'occurredOn', {
            startedOn: person.contraceptionStartedOn,
          });
        }
        return;
      }
      case 'pregnancy_event':
      case 'prenatal_screening': {
        this.household(change);
        const person = this.existingPerson(change);
        if (change.type === 'prenatal_screening') {
          const tests = change.payload.tests.map((t) => t.test);
          this.codes('prenatalScreeningTest', tests, (i) => `payload.tests[${i}].test`);
          this.code('serviceSite', change.payload.site, 'payload.site');
        }
        if (!person) return;
        this.female(person, 'personId');
        this.motherAge(
          { birthDate: person.birthDate, precision: person.birthDatePrecision },
          change.occurredOn,
          'personId',
        );
        return;
      }
      case 'elderly_check': {
        this.household(change);
        const person = this.existingPerson(change);
        if (change.payload.site !== undefined) this.code('serviceSite', change.payload.site, 'payload.site');
        const range = person
          ? this.ageRange(
              { birthDate: person.birthDate, precision: person.birthDatePrecision },
              change.occurredOn,
            )
          : null;
        if (range !== null && range.max < ELDERLY_AGE) {
          this.add('DANSO_RULE_ELDERLY_CHECK_UNDER_60', 'personId', { age: formatRange(range) });
        }
        return;
      }
      case 'marriage':
        this.marriage(change);
        return;
      case 'premarital_check':
        this.household(change);
        this.existingPerson(change);
        this.code('serviceSite', change.payload.site, 'payload.site');
        if (!change.payload.counselling && !change.payload.healthCheck) {
          this.add('DANSO_RULE_PREMARITAL_EMPTY', 'payload');
        }
        return;
      case 'divorce': {
        this.household(change);
        const person = this.existingPerson(change);
        const spouseId = change.payload.spousePersonId;
        const spouse = spouseId ? this.named(this.context.spouse, spouseId, 'payload.spousePersonId') : null;
        if (!this.isNew) return;
        for (const [who, path] of [
          [person, 'personId'],
          [spouse, 'payload.spousePersonId'],
        ] as const) {
          if (who && who.maritalStatus !== 'married' && who.maritalStatus !== 'separated') {
            this.add('DANSO_RULE_NOT_MARRIED', path);
          }
        }
        return;
      }
      case 'household_new':
        if (this.isNew && this.context.household) this.add('DANSO_RULE_HOUSEHOLD_EXISTS', 'householdId');
        this.placement(change, null);
        return;
      case 'household_split':
        this.householdSplit(change);
        return;
      case 'head_change':
        this.headChange(change);
        return;
      case 'correction':
        this.correction(change);
        return;
      default: {
        const unhandled: never = change;
        throw new Error(`unhandled change ${JSON.stringify(unhandled)}`);
      }
    }
  }

  birth(change: ChangeOfType<'birth'>): void {
    const household = this.household(change);
    this.newPerson();
    const p = change.payload;
    this.code('ethnicity', p.ethnicityCode, 'payload.ethnicityCode');
    this.code('birthPlace', p.birthPlace, 'payload.birthPlace');
    this.personalId(p.personalId, p.sex, change.occurredOn, 'payload.personalId');
    if (p.relationToHead === 'head') {
      this.noHeadYet(household, 'payload.relationToHead');
      this.headAge(
        { birthDate: change.occurredOn, precision: 'day' },
        change.occurredOn,
        'payload.relationToHead',
      );
    }
    if (p.newbornScreeningOn !== undefined && this.date(p.newbornScreeningOn, 'payload.newbornScreeningOn')) {
      this.notBeforeBirth(
        { birthDate: change.occurredOn, precision: 'day' },
        p.newbornScreeningOn,
        'payload.newbornScreeningOn',
      );
    }

    // The mother: the register's record when she is in it, else what the sheet says.
    const mother = p.mother.personId
      ? this.named(this.context.mother, p.mother.personId, 'payload.mother.personId')
      : null;
    const birth: BirthInfo = mother
      ? { birthDate: mother.birthDate, precision: mother.birthDatePrecision }
      : { birthDate: p.mother.birthDate, precision: p.mother.birthDatePrecision };
    if (!mother) this.date(p.mother.birthDate, 'payload.mother.birthDate');
    this.motherAge(birth, change.occurredOn, mother ? 'payload.mother.personId' : 'payload.mother.birthDate');
    if (!mother) return;
    if (mother.sex !== SEX_FEMALE) this.add('DANSO_RULE_MOTHER_NOT_FEMALE', 'payload.mother.personId');
    if (mother.vitalStatus === 'dead' && mother.deathDate !== null && mother.deathDate < change.occurredOn) {
      this.add('DANSO_RULE_MOTHER_DEAD', 'payload.mother.personId', { deathDate: mother.deathDate });
    }
    if (!this.isNew) return;
    const leftBefore = mother.presence === 'moved_out' && (mother.movedOutOn ?? '') < change.occurredOn;
    if (leftBefore || mother.residenceStatus === 'temporarily_absent') {
      this.add('DANSO_RULE_MOTHER_NOT_RESIDENT', 'payload.mother.personId');
    }
    // Birth order counts every child born alive, so it can exceed the living children + 1 but not fall short.
    if (p.birthOrder < mother.livingChildren + 1) {
      this.add('DANSO_RULE_BIRTH_ORDER_INCONSISTENT', 'payload.birthOrder', {
        birthOrder: p.birthOrder,
        livingChildren: mother.livingChildren,
      });
    }
  }

  moveIn(change: ChangeOfType<'move_in'>): void {
    const household = this.household(change);
    this.newPerson();
    const person = change.payload.person;
    const birth = { birthDate: person.birthDate, precision: person.birthDatePrecision };
    if (this.date(person.birthDate, 'payload.person.birthDate')) {
      this.notBeforeBirth(birth, change.occurredOn, 'occurredOn');
      this.improbableAge(birth, change.occurredOn, 'payload.person.birthDate');
    }
    this.code('ethnicity', person.ethnicityCode, 'payload.person.ethnicityCode');
    if (person.educationCode !== undefined) {
      this.code('education', person.educationCode, 'payload.person.educationCode');
    }
    this.personalId(person.personalId, person.sex, person.birthDate, 'payload.person.personalId');
    if (person.relationToHead === 'head') {
      this.noHeadYet(household, 'payload.person.relationToHead');
      this.headAge(birth, change.occurredOn, 'payload.person.relationToHead');
    }
    if (household && change.payload.from.communeCode === household.communeCode) {
      this.add('DANSO_RULE_MOVE_WITHIN_COMMUNE', 'payload.from.communeCode');
    }
  }

  transfer(change: ChangeOfType<'transfer'>): void {
    const household = this.household(change);
    if (change.payload.scope === 'household') {
      if (household && change.payload.toAreaId === household.areaId) {
        this.add('DANSO_RULE_TRANSFER_SAME_PLACE', 'payload.toAreaId');
      }
      this.placement(change, household);
      return;
    }
    if (!('personId' in change)) return;
    const person = this.existingPerson(change);
    const { toHouseholdId, relationToHead } = change.payload;
    if (toHouseholdId === change.householdId) {
      this.add('DANSO_RULE_TRANSFER_SAME_PLACE', 'payload.toHouseholdId');
      return;
    }
    const target = this.context.targetHousehold ?? null;
    if (target === null || target.id !== toHouseholdId) {
      this.add('DANSO_RULE_HOUSEHOLD_NOT_FOUND', 'payload.toHouseholdId');
    } else if (this.isNew && target.status === 'closed') {
      this.add('DANSO_RULE_HOUSEHOLD_CLOSED', 'payload.toHouseholdId');
    }
    if (relationToHead === 'head') {
      this.noHeadYet(target, 'payload.relationToHead');
      if (person) {
        this.headAge(
          { birthDate: person.birthDate, precision: person.birthDatePrecision },
          change.occurredOn,
          'payload.relationToHead',
        );
      }
    }
    if (person) this.headLeaving(household, person);
  }

  infoChange(change: ChangeOfType<'info_change'>): void {
    this.household(change);
    const person = this.existingPerson(change);
    const seen = new Set<string>();
    change.payload.items.forEach((item, i) => {
      const path = `payload.items[${i}]`;
      if (seen.has(item.field)) this.add('DANSO_RULE_DUPLICATE_ITEM', `${path}.field`, { item: item.field });
      seen.add(item.field);
      if (JSON.stringify(item.from) === JSON.stringify(item.to)) {
        this.add('DANSO_RULE_INFO_CHANGE_NO_CHANGE', `${path}.to`, { field: item.field });
      }
      this.infoChangeItem(change, item, path);
    });
    if (!person) return;
    // The person as the change would leave them.
    const after = { ...person };
    for (const item of change.payload.items) applyInfoItem(after, item);
    const touches = (field: InfoChangeItem['field']) =>
      change.payload.items.some((item) => item.field === field);
    const afterBirth = { birthDate: after.birthDate, precision: after.birthDatePrecision };
    if (touches('birthDate')) {
      const index = change.payload.items.findIndex((item) => item.field === 'birthDate');
      const path = `payload.items[${index}].to.date`;
      if (after.deathDate !== null) {
        this.notBeforeBirth(afterBirth, after.deathDate, path, 'DANSO_RULE_DEATH_BEFORE_BIRTH');
      }
      this.improbableAge(afterBirth, after.deathDate ?? this.today, path);
    }
    if (touches('birthDate') || touches('sex') || touches('personalId')) {
      this.personalId(after.personalId, after.sex, after.birthDate, 'payload.items');
    }
  }

  infoChangeItem(change: ChangeOfType<'info_change'>, item: InfoChangeItem, path: string): void {
    switch (item.field) {
      case 'birthDate':
        if (this.date(item.to.date, `${path}.to.date`)) {
          this.notBeforeBirth(
            { birthDate: item.to.date, precision: item.to.precision },
            change.occurredOn,
            `${path}.to.date`,
          );
        }
        return;
      case 'ethnicityCode':
        this.code('ethnicity', item.to, `${path}.to`);
        return;
      case 'educationCode':
        if (item.to !== null) this.code('education', item.to, `${path}.to`);
        return;
      case 'relationToHead':
        if (item.to === 'head' || item.from === 'head') {
          this.add('DANSO_RULE_INFO_CHANGE_USE_HEAD_CHANGE', `${path}.to`);
        }
        return;
      case 'maritalStatus':
        if (item.to === 'married' || item.to === 'divorced' || item.to === 'widowed') {
          this.add('DANSO_RULE_INFO_CHANGE_MARITAL_EVENT', `${path}.to`);
        }
        return;
      case 'fullName':
      case 'sex':
      case 'residenceStatus':
      case 'insuranceNumber':
      case 'personalId':
        return;
    }
  }

  contraceptionStart(change: ChangeOfType<'contraception_start'>): void {
    this.household(change);
    const person = this.existingPerson(change);
    const p = change.payload;
    this.code('contraceptiveMethod', p.method, 'payload.method');
    this.code('serviceSite', p.site, 'payload.site');
    if (p.method === NO_CONTRACEPTIVE_METHOD) {
      this.add('DANSO_RULE_CONTRACEPTION_METHOD_NONE', 'payload.method');
    }
    if (p.husbandPersonId !== undefined) {
      this.named(this.context.spouse, p.husbandPersonId, 'payload.husbandPersonId');
    }
    if (!person) return;
    this.female(person, 'personId');
    const range = this.ageRange(
      { birthDate: person.birthDate, precision: person.birthDatePrecision },
      change.occurredOn,
    );
    if (range !== null && (range.max < REPRODUCTIVE_AGE.min || range.min > REPRODUCTIVE_AGE.max)) {
      this.add('DANSO_RULE_CONTRACEPTION_AGE', 'personId', { age: formatRange(range) });
    }
    if (!this.isNew) return;
    if (person.maritalStatus !== 'married') this.add('DANSO_RULE_CONTRACEPTION_NOT_MARRIED', 'personId');
    const inUse = person.contraceptiveMethod;
    if (inUse !== null && inUse !== NO_CONTRACEPTIVE_METHOD) {
      this.add('DANSO_RULE_CONTRACEPTION_ALREADY_IN_USE', 'payload.method', { method: inUse });
    }
    if (p.livingChildren < person.livingChildren) {
      this.add('DANSO_RULE_CONTRACEPTION_LIVING_CHILDREN', 'payload.livingChildren', {
        livingChildren: p.livingChildren,
        registerChildren: person.livingChildren,
      });
    }
  }

  marriage(change: ChangeOfType<'marriage'>): void {
    this.household(change);
    const person = this.existingPerson(change);
    const p = change.payload;
    let spouse: { sex: SexCode; birth: BirthInfo } | null = null;
    if ('personId' in p.spouse) {
      if (p.spouse.personId === change.personId) {
        this.add('DANSO_RULE_MARRIAGE_SAME_PERSON', 'payload.spouse.personId');
      } else {
        const record = this.named(this.context.spouse, p.spouse.personId, 'payload.spouse.personId');
        if (record) {
          spouse = {
            sex: record.sex,
            birth: { birthDate: record.birthDate, precision: record.birthDatePrecision },
          };
          this.notBeforeBirth(spouse.birth, change.occurredOn, 'payload.spouse.personId');
          if (
            this.isNew &&
            record.vitalStatus === 'dead' &&
            record.deathDate !== null &&
            record.deathDate < change.occurredOn
          ) {
            this.add('DANSO_RULE_CHANGE_AFTER_DEATH', 'payload.spouse.personId', {
              deathDate: record.deathDate,
            });
          }
          if (this.isNew && record.maritalStatus === 'married') {
            this.add('DANSO_RULE_ALREADY_MARRIED', 'payload.spouse.personId');
          }
        }
      }
    } else if (this.date(p.spouse.birthDate, 'payload.spouse.birthDate')) {
      spouse = {
        sex: p.spouse.sex,
        birth: { birthDate: p.spouse.birthDate, precision: p.spouse.birthDatePrecision },
      };
      this.notBeforeBirth(spouse.birth, change.occurredOn, 'payload.spouse.birthDate');
    }
    if (person && this.isNew && person.maritalStatus === 'married') {
      this.add('DANSO_RULE_ALREADY_MARRIED', 'personId');
    }

    // Child marriage: a woman under 18 or a man under 20 in completed years (Law on Marriage and Family, art. 8).
    const spouses = [
      person
        ? { sex: person.sex, birth: { birthDate: person.birthDate, precision: person.birthDatePrecision } }
        : null,
      spouse,
    ];
    const ranges = spouses.map((s) =>
      s ? { sex: s.sex, range: this.ageRange(s.birth, change.occurredOn) } : null,
    );
    const certainlyUnder = ranges.some((r) => r?.range && r.range.max < minimumMarriageAge[r.sex]);
    const certainlyOfAge = ranges.every((r) => r?.range && r.range.min >= minimumMarriageAge[r.sex]);
    if (!p.childMarriage && certainlyUnder) {
      this.add('DANSO_RULE_CHILD_MARRIAGE_FLAG_MISSING', 'payload.childMarriage');
    }
    if (p.childMarriage && certainlyOfAge) {
      this.add('DANSO_RULE_CHILD_MARRIAGE_FLAG_UNSUPPORTED', 'payload.childMarriage');
    }
  }

  householdSplit(change: ChangeOfType<'household_split'>): void {
    const household = this.household(change);
    const p = change.payload;
    if (this.isNew && (this.context.targetHousehold || p.newHouseholdId === change.householdId)) {
      this.add('DANSO_RULE_HOUSEHOLD_EXISTS', 'payload.newHouseholdId');
    }
    const seen = new Set<string>();
    p.members.forEach((m, i) => {
      const path = `payload.members[${i}].personId`;
      if (seen.has(m.personId)) this.add('DANSO_RULE_DUPLICATE_ITEM', path, { item: m.personId });
      seen.add(m.personId);
      const member = this.member(household, m.personId, path);
      if (member && m.relationToHead === 'head') {
        this.headAge(
          { birthDate: member.birthDate, precision: member.birthDatePrecision },
          change.occurredOn,
          path,
        );
      }
    });
    if (p.members.filter((m) => m.relationToHead === 'head').length !== 1) {
      this.add('DANSO_RULE_SPLIT_HEAD_COUNT', 'payload.members');
    }
    this.placement(change, household);
    if (!this.isNew || household === null) return;
    const staying = household.members.filter((m) => isPresentMember(m) && !seen.has(m.id));
    if (staying.length === 0) this.add('DANSO_RULE_SPLIT_ALL_MEMBERS', 'payload.members');
    const headLeaves = household.headPersonId !== null && seen.has(household.headPersonId);
    const newSourceHead = p.sourceNewHeadPersonId;
    const needsNewHead = headLeaves && staying.length > 0;
    if (
      (needsNewHead && (newSourceHead === undefined || !staying.some((m) => m.id === newSourceHead))) ||
      (!needsNewHead && newSourceHead !== undefined)
    ) {
      this.add('DANSO_RULE_SPLIT_SOURCE_HEAD', 'payload.sourceNewHeadPersonId');
    }
  }

  headChange(change: ChangeOfType<'head_change'>): void {
    const household = this.household(change);
    const p = change.payload;
    const newHead = this.member(household, p.newHeadPersonId, 'payload.newHeadPersonId');
    if (newHead) {
      this.headAge(
        { birthDate: newHead.birthDate, precision: newHead.birthDatePrecision },
        change.occurredOn,
        'payload.newHeadPersonId',
      );
    }
    if (this.isNew && household?.headPersonId === p.newHeadPersonId) {
      this.add('DANSO_RULE_HEAD_UNCHANGED', 'payload.newHeadPersonId');
    }
    const seen = new Set<string>();
    p.relations.forEach((r, i) => {
      const path = `payload.relations[${i}]`;
      if (seen.has(r.personId)) {
        this.add('DANSO_RULE_DUPLICATE_ITEM', `${path}.personId`, { item: r.personId });
      }
      seen.add(r.personId);
      if (r.relationToHead === 'head' || r.personId === p.newHeadPersonId) {
        this.add('DANSO_RULE_HEAD_RELATION_INVALID', path);
      }
      this.member(household, r.personId, `${path}.personId`);
    });
    // Afterwards the new head is the only present member who is head: anyone else who is head now — the old
    // head, if still here — needs a new relation, or the page (and the A0 sheet) would show two heads.
    if (!this.isNew || household === null) return;
    for (const m of household.members) {
      if (!isPresentMember(m) || m.id === p.newHeadPersonId || seen.has(m.id)) continue;
      if (m.relationToHead === 'head' || m.id === household.headPersonId) {
        this.add('DANSO_RULE_HEAD_CHANGE_TWO_HEADS', 'payload.relations', { fullName: m.fullName });
      }
    }
  }

  correction(change: ChangeOfType<'correction'>): void {
    this.household(change);
    const target = this.context.correctedChange ?? null;
    const p = change.payload;
    if (target === null || target.id !== p.correctsChangeId) {
      this.add('DANSO_RULE_CORRECTION_TARGET_NOT_FOUND', 'payload.correctsChangeId');
      return;
    }
    if (target.status !== 'approved') {
      this.add('DANSO_RULE_CORRECTION_TARGET_NOT_APPROVED', 'payload.correctsChangeId');
    }
    if (target.type === 'correction') {
      this.add('DANSO_RULE_CORRECTION_OF_CORRECTION', 'payload.correctsChangeId');
    }
    if (target.householdId !== change.householdId || target.personId !== (change.personId ?? null)) {
      this.add('DANSO_RULE_CORRECTION_MISMATCH', 'payload.correctsChangeId');
    }
    if (p.action === 'void') return;
    if (p.correctedType !== target.type) this.add('DANSO_RULE_CORRECTION_MISMATCH', 'payload.correctedType');
    // The amended content, checked as a change of its own type without the rules about the current state.
    const amended = {
      id: change.id,
      householdId: change.householdId,
      authorId: change.authorId,
      recordedAt: change.recordedAt,
      baseVersion: change.baseVersion,
      ...(change.personId !== undefined ? { personId: change.personId } : {}),
      type: p.correctedType,
      occurredOn: p.occurredOn,
      payload: p.payload,
    } as Change;
    const inner = new Validation(this.context, this.today, 'correction');
    inner.change(amended);
    for (const result of inner.results) {
      // The envelope (household, recording time) was checked above, once.
      if (result.path === 'householdId' || result.path === 'recordedAt') continue;
      this.results.push({ ...result, path: amendedPath(result.path) });
    }
  }
}

/** Paths of an amended change, as seen from the correction that carries it. */
function amendedPath(path: string): string {
  if (path === 'occurredOn') return 'payload.occurredOn';
  if (path.startsWith('payload')) return `payload.${path}`;
  return path;
}

function applyInfoItem(person: PersonSnapshot, item: InfoChangeItem): void {
  switch (item.field) {
    case 'birthDate':
      person.birthDate = item.to.date;
      person.birthDatePrecision = item.to.precision;
      return;
    case 'fullName':
      person.fullName = item.to;
      return;
    case 'sex':
      person.sex = item.to;
      return;
    case 'ethnicityCode':
      person.ethnicityCode = item.to;
      return;
    case 'educationCode':
      person.educationCode = item.to;
      return;
    case 'maritalStatus':
      person.maritalStatus = item.to;
      return;
    case 'residenceStatus':
      person.residenceStatus = item.to;
      return;
    case 'relationToHead':
      person.relationToHead = item.to;
      return;
    case 'insuranceNumber':
      person.insuranceNumber = item.to;
      return;
    case 'personalId':
      person.personalId = item.to;
      return;
  }
}

/**
 * Every rule result for one change: errors block it; warnings need the officer's acknowledgement.
 * `today` is the caller's date (YYYY-MM-DD, Vietnam time); the change must already match its schema.
 */
export function validateChange(change: Change, context: ValidationContext, today: string): RuleResult[] {
  const validation = new Validation(context, today, 'new');
  validation.change(change);
  return validation.results;
}
