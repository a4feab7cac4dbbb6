import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Change, type ChangeOfType, changeTypes } from './changes.ts';
import { defaultRegisterCodeLists, loadRegisterCodeLists } from './code-lists.ts';
import { type RelationToHead, relationsToHead } from './codes.ts';
import { addDays, dateFromDayNumber, dayNumber } from './dates.ts';
import { householdCode } from './households.ts';
import { type RuleCode, type RuleResult, ruleCodes } from './rules.ts';
import type { AreaSnapshot, ValidationContext } from './snapshot.ts';
import { anyChange } from './test-arbitraries.ts';
import {
  area,
  child,
  contextFor,
  example,
  examples,
  grandmother,
  head,
  household,
  ids,
  person,
  TODAY,
} from './test-fixtures.ts';
import { personalIdMatches, validateChange } from './validate.ts';

/** Every rule code some example raised (tests in a file run in order; the last one checks the set). */
const raised = new Set<RuleCode>();

function run(
  change: Change,
  context: ValidationContext = contextFor(change.type),
  today = TODAY,
): RuleResult[] {
  const results = validateChange(change, context, today);
  for (const r of results) raised.add(r.code);
  return results;
}

const codes = (change: Change, context?: ValidationContext, today?: string) =>
  run(change, context, today).map((r) => r.code);
const only = (change: Change, context?: ValidationContext, today?: string) =>
  run(change, context, today).map((r) => `${r.code}@${r.path}`);

describe('the examples', () => {
  it.each(changeTypes)('a valid %s raises nothing', (type) => {
    expect(run(examples[type])).toEqual([]);
  });
});

describe('dates', () => {
  it('must be real calendar dates', () => {
    expect(only(example('death', { occurredOn: '2026-02-30' }))).toEqual([
      'DANSO_RULE_DATE_INVALID@occurredOn',
    ]);
    expect(only(example('death', { recordedAt: '2026-03-02T25:00:00Z' }))).toEqual([
      'DANSO_RULE_DATE_INVALID@recordedAt',
    ]);
    const mother = { fullName: 'Hà Thị Thu', birthDate: '1990-02-29', birthDatePrecision: 'day' as const };
    expect(only(example('birth', { payload: { mother } }))).toEqual([
      'DANSO_RULE_DATE_INVALID@payload.mother.birthDate',
    ]);
  });

  it('must not be in the future; today is fine', () => {
    expect(only(example('death', { occurredOn: '2026-03-16', recordedAt: '2026-03-16T08:00:00Z' }))).toEqual([
      'DANSO_RULE_DATE_IN_FUTURE@occurredOn',
    ]);
    expect(run(example('death', { occurredOn: TODAY, recordedAt: `${TODAY}T08:00:00Z` }))).toEqual([]);
    const screening = example('birth', { payload: { newbornScreeningOn: '2026-04-01' } });
    expect(only(screening)).toEqual(['DANSO_RULE_DATE_IN_FUTURE@payload.newbornScreeningOn']);
    expect(run(screening)[0]?.vi).toContain(TODAY);
  });

  it('flags a recording time before the event as a warning', () => {
    const results = run(example('death', { recordedAt: '2026-02-28T23:00:00+07:00' }));
    expect(results.map((r) => [r.code, r.severity])).toEqual([
      ['DANSO_RULE_RECORDED_BEFORE_OCCURRED', 'warning'],
    ]);
  });

  it('must not be before the person was born, allowing for an imprecise birth date', () => {
    const pregnancy = (occurredOn: string) => example('pregnancy_event', { occurredOn });
    expect(only(pregnancy('1992-06-19'))).toContain('DANSO_RULE_BEFORE_BIRTH@occurredOn');
    // Grandmother's birth is known to the year: any day of 1950 may be after it.
    const check = (occurredOn: string) => example('elderly_check', { occurredOn });
    expect(codes(check('1950-03-01'))).not.toContain('DANSO_RULE_BEFORE_BIRTH');
    expect(codes(check('1949-12-31'))).toContain('DANSO_RULE_BEFORE_BIRTH');
    const screening = example('birth', { payload: { newbornScreeningOn: '2026-02-27' } });
    expect(only(screening)).toEqual(['DANSO_RULE_BEFORE_BIRTH@payload.newbornScreeningOn']);
    const arrival = example('move_in', { occurredOn: '1999-04-29' });
    expect(codes(arrival)).toContain('DANSO_RULE_BEFORE_BIRTH');
  });

  it('a death must not be before the birth', () => {
    expect(only(example('death', { occurredOn: '1949-06-01' }))).toEqual([
      'DANSO_RULE_DEATH_BEFORE_BIRTH@occurredOn',
    ]);
    expect(codes(example('death', { occurredOn: '1950-06-01' }))).toEqual([]);
  });

  it('flags ages above 110 for review', () => {
    const old = { household: household(), person: grandmother({ birthDate: '1910-01-01' }) };
    expect(run(example('elderly_check'), old).map((r) => [r.code, r.severity])).toEqual([
      ['DANSO_RULE_IMPROBABLE_AGE', 'warning'],
    ]);
    const recent = { household: household(), person: grandmother({ birthDate: '1920-01-01' }) };
    expect(run(example('elderly_check'), recent)).toEqual([]);
    const newcomer = example('move_in', {
      payload: {
        person: { ...examples.move_in.payload.person, birthDate: '1905-01-01', personalId: undefined },
      },
    });
    expect(only(newcomer)).toEqual(['DANSO_RULE_IMPROBABLE_AGE@payload.person.birthDate']);
  });
});

describe('codes', () => {
  it('unknown codes of the open lists are errors', () => {
    expect(only(example('birth', { payload: { ethnicityCode: '99' } }))).toEqual([
      'DANSO_RULE_UNKNOWN_CODE@payload.ethnicityCode',
    ]);
    expect(only(example('birth', { payload: { birthPlace: 'taxi' } }))).toEqual([
      'DANSO_RULE_UNKNOWN_CODE@payload.birthPlace',
    ]);
    expect(only(example('contraception_start', { payload: { method: 'magic', site: 'market' } }))).toEqual([
      'DANSO_RULE_UNKNOWN_CODE@payload.method',
      'DANSO_RULE_UNKNOWN_CODE@payload.site',
    ]);
    const tests = [{ test: 'down_syndrome', result: 'low_risk' as const }];
    expect(only(example('newborn_screening', { payload: { tests } }))).toEqual([
      'DANSO_RULE_UNKNOWN_CODE@payload.tests[0].test',
    ]);
    const items = [{ field: 'educationCode' as const, from: 'upper_secondary', to: 'phd' }];
    expect(only(example('info_change', { payload: { items } }))).toEqual([
      'DANSO_RULE_UNKNOWN_CODE@payload.items[0].to',
    ]);
    const result = run(example('birth', { payload: { ethnicityCode: '99' } }))[0];
    expect(result?.vi).toBe('Mã "99" không có trong danh mục ethnicity.');
  });

  it('follow the code lists in the context, so a replaced list changes what is known', () => {
    const raw = Object.fromEntries(
      Object.entries(defaultRegisterCodeLists).map(([name, list]) => [
        name,
        { ...list, entries: [...list.entries] },
      ]),
    ) as unknown as Parameters<typeof loadRegisterCodeLists>[0];
    (raw.ethnicity as { entries: unknown[] }).entries = [{ code: '99', vi: 'Khác', en: 'Other' }];
    const codeLists = loadRegisterCodeLists(raw);
    const birth = example('birth', { payload: { ethnicityCode: '99' } });
    expect(run(birth, { ...contextFor('birth'), codeLists })).toEqual([]);
    expect(codes(examples.birth, { ...contextFor('birth'), codeLists })).toEqual(['DANSO_RULE_UNKNOWN_CODE']);
  });

  it('an item listed twice is an error', () => {
    const tests = [
      { test: 'g6pd_deficiency', result: 'low_risk' as const },
      { test: 'g6pd_deficiency', result: 'high_risk' as const },
    ];
    expect(only(example('newborn_screening', { payload: { tests } }))).toEqual([
      'DANSO_RULE_DUPLICATE_ITEM@payload.tests[1].test',
    ]);
    const items = [
      { field: 'fullName' as const, from: 'Nguyễn Thị Lan', to: 'Nguyễn Thị Lân' },
      { field: 'fullName' as const, from: 'Nguyễn Thị Lan', to: 'Nguyễn Thị Lần' },
    ];
    expect(only(example('info_change', { payload: { items } }))).toEqual([
      'DANSO_RULE_DUPLICATE_ITEM@payload.items[1].field',
    ]);
  });

  it('a personal ID number must agree with the sex and the year of birth (digits 4–6)', () => {
    expect(personalIdMatches('001099012345', 1, 1999)).toBe(true);
    expect(personalIdMatches('001199012345', 2, 1999)).toBe(true);
    expect(personalIdMatches('079305001234', 2, 2005)).toBe(true);
    expect(personalIdMatches('079205001234', 2, 2005)).toBe(false);
    expect(personalIdMatches('001098012345', 1, 1999)).toBe(false);
    const woman = { ...examples.move_in.payload.person, personalId: '001099012345', sex: 2 as const };
    expect(run(example('move_in', { payload: { person: woman } })).map((r) => [r.code, r.severity])).toEqual([
      ['DANSO_RULE_PERSONAL_ID_INCONSISTENT', 'warning'],
    ]);
    const born2026 = example('birth', { payload: { personalId: '001326000001' } });
    expect(run(born2026)).toEqual([]);
  });
});

describe('the register state', () => {
  it('the household must exist and be open', () => {
    expect(only(examples.death, { ...contextFor('death'), household: null })).toEqual([
      'DANSO_RULE_HOUSEHOLD_NOT_FOUND@householdId',
    ]);
    expect(
      only(examples.death, { ...contextFor('death'), household: household({ status: 'closed' }) }),
    ).toEqual(['DANSO_RULE_HOUSEHOLD_CLOSED@householdId']);
    expect(only(examples.household_new, { household: household({ id: ids.newHousehold }) })).toEqual([
      'DANSO_RULE_HOUSEHOLD_EXISTS@householdId',
    ]);
  });

  it('the person must exist, in that household; a new person id must be free', () => {
    expect(only(examples.death, { ...contextFor('death'), person: null })).toEqual([
      'DANSO_RULE_PERSON_NOT_FOUND@personId',
    ]);
    const elsewhere = grandmother({ householdId: ids.otherHousehold });
    expect(only(examples.death, { ...contextFor('death'), person: elsewhere })).toEqual([
      'DANSO_RULE_PERSON_NOT_IN_HOUSEHOLD@personId',
    ]);
    expect(only(examples.birth, { ...contextFor('birth'), person: child({ id: ids.newborn }) })).toEqual([
      'DANSO_RULE_PERSON_EXISTS@personId',
    ]);
    const named = example('birth', {
      payload: { mother: { ...examples.birth.payload.mother, personId: ids.stranger } },
    });
    expect(only(named)).toEqual(['DANSO_RULE_PERSON_NOT_FOUND@payload.mother.personId']);
  });

  it('a person dies once, and nothing happens after the death without a correction', () => {
    const dead = {
      household: household(),
      person: grandmother({ vitalStatus: 'dead', deathDate: '2026-01-10' }),
    };
    expect(only(examples.death, dead)).toEqual(['DANSO_RULE_DEATH_ALREADY_RECORDED@personId']);
    expect(run(examples.death, dead)[0]?.vi).toContain('2026-01-10');
    expect(only(examples.elderly_check, dead)).toEqual(['DANSO_RULE_CHANGE_AFTER_DEATH@occurredOn']);
    const before = example('elderly_check', { occurredOn: '2025-12-20' });
    expect(run(before, dead).map((r) => [r.code, r.severity])).toEqual([
      ['DANSO_RULE_LATE_RECORD_DEAD_PERSON', 'warning'],
    ]);
    expect(run(examples.correction, { ...contextFor('correction'), person: dead.person })).toEqual([]);
  });

  it('a person leaves once, and nothing is recorded after the departure', () => {
    const gone = {
      household: household(),
      person: child({ presence: 'moved_out', movedOutOn: '2026-01-05' }),
    };
    expect(only(examples.move_out, gone)).toEqual(['DANSO_RULE_MOVE_OUT_ALREADY_RECORDED@personId']);
    expect(only(examples.premarital_check, gone)).toEqual(['DANSO_RULE_PERSON_MOVED_OUT@occurredOn']);
    const before = example('premarital_check', { occurredOn: '2025-12-01' });
    expect(run(before, gone).map((r) => [r.code, r.severity])).toEqual([
      ['DANSO_RULE_LATE_RECORD_MOVED_OUT_PERSON', 'warning'],
    ]);
  });
});

describe('births and mothers', () => {
  const withMother = (overrides: Parameters<typeof person>[0]) => ({
    ...contextFor('birth'),
    mother: person(overrides),
  });

  it('the mother is female', () => {
    expect(only(examples.birth, withMother({ sex: 1 }))).toEqual([
      'DANSO_RULE_MOTHER_NOT_FEMALE@payload.mother.personId',
    ]);
  });

  it('the mother is 10–60 at the birth (error) and 15–49 (else a warning)', () => {
    const at = (birthDate: string) =>
      run(examples.birth, withMother({ birthDate })).map((r) => [r.code, r.severity]);
    expect(at('2017-01-01')).toEqual([['DANSO_RULE_MOTHER_AGE_IMPOSSIBLE', 'error']]); // 9
    expect(at('2016-03-01')).toEqual([['DANSO_RULE_MOTHER_AGE_UNUSUAL', 'warning']]); // 10
    expect(at('2011-03-02')).toEqual([['DANSO_RULE_MOTHER_AGE_UNUSUAL', 'warning']]); // 14
    expect(at('2011-03-01')).toEqual([]); // 15
    expect(at('1976-03-02')).toEqual([]); // 49
    expect(at('1976-03-01')).toEqual([['DANSO_RULE_MOTHER_AGE_UNUSUAL', 'warning']]); // 50
    expect(at('1965-03-02')).toEqual([['DANSO_RULE_MOTHER_AGE_UNUSUAL', 'warning']]); // 60
    expect(at('1965-03-01')).toEqual([['DANSO_RULE_MOTHER_AGE_IMPOSSIBLE', 'error']]); // 61
    expect(run(examples.birth, withMother({ birthDate: '2017-01-01' }))[0]?.vi).toContain('(tính được: 9)');
  });

  it('uses the sheet’s mother when she is not in the register, and a range for an imprecise date', () => {
    const mother = (birthDate: string, birthDatePrecision: 'day' | 'year') => ({
      fullName: 'Hà Thị Thu',
      birthDate,
      birthDatePrecision,
    });
    const birth = (m: ReturnType<typeof mother>) => example('birth', { payload: { mother: m } });
    expect(only(birth(mother('1990-01-01', 'year')))).toEqual([]);
    expect(only(birth(mother('1976-01-01', 'year')))).toEqual([
      'DANSO_RULE_MOTHER_AGE_UNUSUAL@payload.mother.birthDate',
    ]);
    expect(only(birth(mother('2027-01-01', 'day')))).toEqual([
      'DANSO_RULE_DATE_IN_FUTURE@payload.mother.birthDate',
      'DANSO_RULE_MOTHER_AGE_IMPOSSIBLE@payload.mother.birthDate',
    ]);
  });

  it('the mother was alive at the birth', () => {
    expect(only(examples.birth, withMother({ vitalStatus: 'dead', deathDate: '2026-02-01' }))).toEqual([
      'DANSO_RULE_MOTHER_DEAD@payload.mother.personId',
    ]);
    expect(run(examples.birth, withMother({ vitalStatus: 'dead', deathDate: '2026-03-01' }))).toEqual([]);
  });

  it('the mother is resident, or the birth is flagged', () => {
    const gone = withMother({ presence: 'moved_out', movedOutOn: '2025-10-01' });
    expect(run(examples.birth, gone).map((r) => [r.code, r.severity])).toEqual([
      ['DANSO_RULE_MOTHER_NOT_RESIDENT', 'warning'],
    ]);
    expect(codes(examples.birth, withMother({ residenceStatus: 'temporarily_absent' }))).toEqual([
      'DANSO_RULE_MOTHER_NOT_RESIDENT',
    ]);
    expect(run(examples.birth, withMother({ residenceStatus: 'temporary' }))).toEqual([]);
    // Left after the birth (recorded late): she was resident when the child was born.
    expect(run(examples.birth, withMother({ presence: 'moved_out', movedOutOn: '2026-03-10' }))).toEqual([]);
  });

  it('the birth order is at least the mother’s living children + 1 (warning)', () => {
    const order = (birthOrder: number, livingChildren: number) =>
      run(example('birth', { payload: { birthOrder } }), withMother({ livingChildren })).map((r) => r.code);
    expect(order(2, 3)).toEqual(['DANSO_RULE_BIRTH_ORDER_INCONSISTENT']);
    expect(order(4, 3)).toEqual([]);
    expect(order(6, 3)).toEqual([]);
    expect(order(1, 0)).toEqual([]);
  });

  it('pregnancies and prenatal screening are for women of a possible age', () => {
    const male = { household: household(), person: head({ id: ids.wife }) };
    expect(only(examples.pregnancy_event, male)).toEqual(['DANSO_RULE_PERSON_NOT_FEMALE@personId']);
    expect(only(examples.prenatal_screening, male)).toEqual(['DANSO_RULE_PERSON_NOT_FEMALE@personId']);
    const young = { household: household(), person: person({ birthDate: '2017-01-01' }) };
    expect(only(examples.pregnancy_event, young)).toEqual(['DANSO_RULE_MOTHER_AGE_IMPOSSIBLE@personId']);
  });

  it('newborn screening later than the first month is flagged', () => {
    const late = example('newborn_screening', {
      occurredOn: '2019-10-11',
      recordedAt: '2019-10-11T10:00:00Z',
    });
    expect(run(late).map((r) => [r.code, r.severity, r.params?.days])).toEqual([
      ['DANSO_RULE_NEWBORN_SCREENING_LATE', 'warning', 40],
    ]);
    const onTime = example('newborn_screening', {
      occurredOn: '2019-09-29',
      recordedAt: '2019-10-11T10:00:00Z',
    });
    expect(run(onTime)).toEqual([]);
  });
});

describe('contraception', () => {
  const wife = (overrides: Parameters<typeof person>[0]) => ({
    ...contextFor('contraception_start'),
    person: person(overrides),
  });

  it('the wife is a woman of 15–49', () => {
    expect(only(examples.contraception_start, wife({ sex: 1 }))).toEqual([
      'DANSO_RULE_PERSON_NOT_FEMALE@personId',
    ]);
    expect(only(examples.contraception_start, wife({ birthDate: '1975-01-01' }))).toEqual([
      'DANSO_RULE_CONTRACEPTION_AGE@personId',
    ]);
    expect(only(examples.contraception_start, wife({ birthDate: '2012-01-01' }))).toEqual([
      'DANSO_RULE_CONTRACEPTION_AGE@personId',
    ]);
    // Born in 1976 (year only): 49 or 50 — not certainly outside, so no error.
    expect(
      run(examples.contraception_start, wife({ birthDate: '1976-01-01', birthDatePrecision: 'year' })),
    ).toEqual([]);
  });

  it('the wife is married', () => {
    expect(only(examples.contraception_start, wife({ maritalStatus: 'never_married' }))).toEqual([
      'DANSO_RULE_CONTRACEPTION_NOT_MARRIED@personId',
    ]);
  });

  it('a method is chosen, and one already in use is replaced with a warning', () => {
    expect(only(example('contraception_start', { payload: { method: 'none' } }))).toEqual([
      'DANSO_RULE_CONTRACEPTION_METHOD_NONE@payload.method',
    ]);
    expect(
      run(examples.contraception_start, wife({ contraceptiveMethod: 'pill' })).map((r) => r.severity),
    ).toEqual(['warning']);
    expect(codes(examples.contraception_start, wife({ contraceptiveMethod: 'pill' }))).toEqual([
      'DANSO_RULE_CONTRACEPTION_ALREADY_IN_USE',
    ]);
    expect(run(examples.contraception_start, wife({ contraceptiveMethod: 'none' }))).toEqual([]);
  });

  it('the living children are not fewer than the register knows', () => {
    expect(only(examples.contraception_start, wife({ livingChildren: 2 }))).toEqual([
      'DANSO_RULE_CONTRACEPTION_LIVING_CHILDREN@payload.livingChildren',
    ]);
    expect(run(example('contraception_start', { payload: { livingChildren: 3 } }))).toEqual([]);
  });

  it('the husband named must be in the register', () => {
    expect(
      only(examples.contraception_start, { ...contextFor('contraception_start'), spouse: null }),
    ).toEqual(['DANSO_RULE_PERSON_NOT_FOUND@payload.husbandPersonId']);
  });

  it('stopping needs the method in use, after it started', () => {
    const using = (
      contraceptiveMethod: string | null,
      contraceptionStartedOn: string | null = '2024-01-10',
    ) => ({
      ...contextFor('contraception_stop'),
      person: person({ contraceptiveMethod, contraceptionStartedOn }),
    });
    expect(only(examples.contraception_stop, using(null, null))).toEqual([
      'DANSO_RULE_CONTRACEPTION_NOT_IN_USE@payload.method',
    ]);
    expect(codes(examples.contraception_stop, using('none', null))).toEqual([
      'DANSO_RULE_CONTRACEPTION_NOT_IN_USE',
    ]);
    expect(run(examples.contraception_stop, using('iud'))[0]?.vi).toBe(
      'Biện pháp thôi dùng ("pill") khác biện pháp đang dùng ("iud").',
    );
    expect(only(examples.contraception_stop, using('pill', '2026-03-05'))).toEqual([
      'DANSO_RULE_CONTRACEPTION_STOP_BEFORE_START@occurredOn',
    ]);
  });
});

describe('elderly checks, marriages and divorces', () => {
  it('an elderly check for someone certainly under 60 is flagged', () => {
    const young = { household: household(), person: person() };
    expect(only(example('elderly_check', { personId: ids.wife }), young)).toEqual([
      'DANSO_RULE_ELDERLY_CHECK_UNDER_60@personId',
    ]);
    const sixty = { household: household(), person: person({ birthDate: '1966-03-01' }) };
    expect(run(example('elderly_check', { personId: ids.wife }), sixty)).toEqual([]);
  });

  const groom = (birthDate: string, overrides: Parameters<typeof child>[0] = {}) => ({
    household: household(),
    person: child({ birthDate, ...overrides }),
  });
  const bride = (birthDate: string, childMarriage: boolean, birthDatePrecision: 'day' | 'year' = 'day') =>
    example('marriage', {
      payload: {
        spouse: { fullName: 'Võ Thị Hoa', sex: 2, birthDate, birthDatePrecision },
        childMarriage,
        consanguineous: false,
      },
    });

  it('a child marriage (woman under 18, man under 20) must be flagged', () => {
    // Groom 19, bride 25.
    expect(only(bride('2001-01-01', false), groom('2006-06-01'))).toEqual([
      'DANSO_RULE_CHILD_MARRIAGE_FLAG_MISSING@payload.childMarriage',
    ]);
    expect(run(bride('2001-01-01', true), groom('2006-06-01'))).toEqual([]);
    // Groom 20, bride 17.
    expect(codes(bride('2008-03-02', false), groom('2006-03-01'))).toEqual([
      'DANSO_RULE_CHILD_MARRIAGE_FLAG_MISSING',
    ]);
    // Groom 20, bride 18: of age.
    expect(run(bride('2008-03-01', false), groom('2006-03-01'))).toEqual([]);
  });

  it('a flag the ages do not support is a warning; an uncertain age raises nothing', () => {
    expect(run(bride('2000-01-01', true), groom('1997-05-05')).map((r) => [r.code, r.severity])).toEqual([
      ['DANSO_RULE_CHILD_MARRIAGE_FLAG_UNSUPPORTED', 'warning'],
    ]);
    // Bride born in 2008 (year only): 17 or 18 on 1 March 2026.
    expect(run(bride('2008-01-01', true, 'year'), groom('1997-05-05'))).toEqual([]);
    expect(run(bride('2008-01-01', false, 'year'), groom('1997-05-05'))).toEqual([]);
  });

  it('a spouse in the register is checked: not the same person, alive, not married already', () => {
    const spouseInRegister = (personId: string) => example('marriage', { payload: { spouse: { personId } } });
    const context = {
      ...groom('1997-05-05'),
      spouse: person({ id: ids.stranger, maritalStatus: 'never_married' }),
    };
    expect(run(spouseInRegister(ids.stranger), context)).toEqual([]);
    expect(only(spouseInRegister(ids.child), context)).toEqual([
      'DANSO_RULE_MARRIAGE_SAME_PERSON@payload.spouse.personId',
    ]);
    const married = { ...context, spouse: person({ id: ids.stranger }) };
    expect(only(spouseInRegister(ids.stranger), married)).toEqual([
      'DANSO_RULE_ALREADY_MARRIED@payload.spouse.personId',
    ]);
    const dead = {
      ...context,
      spouse: person({
        id: ids.stranger,
        maritalStatus: 'widowed',
        vitalStatus: 'dead',
        deathDate: '2025-01-01',
      }),
    };
    expect(only(spouseInRegister(ids.stranger), dead)).toEqual([
      'DANSO_RULE_CHANGE_AFTER_DEATH@payload.spouse.personId',
    ]);
    expect(only(examples.marriage, groom('1997-05-05', { maritalStatus: 'married' }))).toEqual([
      'DANSO_RULE_ALREADY_MARRIED@personId',
    ]);
  });

  it('only someone married (or separated) divorces', () => {
    const single = { ...contextFor('divorce'), person: person({ maritalStatus: 'never_married' }) };
    expect(only(examples.divorce, single)).toEqual(['DANSO_RULE_NOT_MARRIED@personId']);
    const separated = { ...contextFor('divorce'), person: person({ maritalStatus: 'separated' }) };
    expect(run(examples.divorce, separated)).toEqual([]);
    const widowerSpouse = { ...contextFor('divorce'), spouse: head({ maritalStatus: 'widowed' }) };
    expect(only(examples.divorce, widowerSpouse)).toEqual(['DANSO_RULE_NOT_MARRIED@payload.spousePersonId']);
  });

  it('a pre-marital check records counselling, a health check or both', () => {
    expect(
      only(example('premarital_check', { payload: { counselling: false, healthCheck: false } })),
    ).toEqual(['DANSO_RULE_PREMARITAL_EMPTY@payload']);
    expect(run(example('premarital_check', { payload: { counselling: false, healthCheck: true } }))).toEqual(
      [],
    );
  });
});

describe('moves and information', () => {
  it('a move from or to this same commune is flagged as a transfer', () => {
    const moveIn = example('move_in', { payload: { from: { communeCode: '26734' } } });
    expect(only(moveIn)).toEqual(['DANSO_RULE_MOVE_WITHIN_COMMUNE@payload.from.communeCode']);
    const moveOut = example('move_out', {
      payload: { scope: 'person', destination: { communeCode: '26734' } },
    });
    expect(only(moveOut)).toEqual(['DANSO_RULE_MOVE_WITHIN_COMMUNE@payload.destination.communeCode']);
  });

  it('a transfer goes somewhere else, to an open household', () => {
    const same = example('transfer', {
      payload: { scope: 'person', toHouseholdId: ids.household, relationToHead: 'parent' },
    });
    expect(only(same)).toEqual(['DANSO_RULE_TRANSFER_SAME_PLACE@payload.toHouseholdId']);
    const { personId: _p, ...envelope } = examples.death;
    const toArea = (toAreaId: string): Change => ({
      ...envelope,
      type: 'transfer',
      payload: { scope: 'household', toAreaId, number: 3 },
    });
    expect(only(toArea(ids.area), contextFor('transfer'))).toEqual([
      'DANSO_RULE_TRANSFER_SAME_PLACE@payload.toAreaId',
    ]);
    expect(run(toArea(ids.otherArea), contextFor('transfer'))).toEqual([]);
    const closed = {
      ...contextFor('transfer'),
      targetHousehold: household({ id: ids.otherHousehold, status: 'closed' }),
    };
    expect(codes(examples.transfer, closed)).toContain('DANSO_RULE_HOUSEHOLD_CLOSED');
    const missing = { ...contextFor('transfer'), targetHousehold: null };
    expect(only(examples.transfer, missing)).toEqual([
      'DANSO_RULE_HOUSEHOLD_NOT_FOUND@payload.toHouseholdId',
    ]);
  });

  it('an information change changes something, and not the head or a marriage', () => {
    const item = <T extends ChangeOfType<'info_change'>['payload']['items'][number]>(i: T) =>
      example('info_change', { payload: { items: [i] } });
    expect(only(item({ field: 'fullName', from: 'Nguyễn Thị Lan', to: 'Nguyễn Thị Lan' }))).toEqual([
      'DANSO_RULE_INFO_CHANGE_NO_CHANGE@payload.items[0].to',
    ]);
    expect(only(item({ field: 'relationToHead', from: 'spouse', to: 'head' }))).toEqual([
      'DANSO_RULE_INFO_CHANGE_USE_HEAD_CHANGE@payload.items[0].to',
    ]);
    expect(
      run(item({ field: 'maritalStatus', from: 'married', to: 'divorced' })).map((r) => r.severity),
    ).toEqual(['warning']);
    expect(codes(item({ field: 'maritalStatus', from: 'married', to: 'divorced' }))).toEqual([
      'DANSO_RULE_INFO_CHANGE_MARITAL_EVENT',
    ]);
    expect(run(item({ field: 'maritalStatus', from: 'married', to: 'separated' }))).toEqual([]);
  });

  it('a new date of birth is checked like any date of birth', () => {
    const birth = (date: string) =>
      example('info_change', {
        payload: {
          items: [
            {
              field: 'birthDate',
              from: { date: '1992-06-20', precision: 'day' },
              to: { date, precision: 'day' },
            },
          ],
        },
      });
    expect(run(birth('1992-06-02'))).toEqual([]);
    expect(only(birth('1992-13-02'))).toEqual(['DANSO_RULE_DATE_INVALID@payload.items[0].to.date']);
    expect(only(birth('2026-03-10'))).toEqual(['DANSO_RULE_BEFORE_BIRTH@payload.items[0].to.date']);
    expect(codes(birth('1901-01-01'))).toEqual(['DANSO_RULE_IMPROBABLE_AGE']);
    const dead = { household: household(), person: person({ vitalStatus: 'dead', deathDate: '2025-05-05' }) };
    const lateBirth = example('info_change', {
      occurredOn: '2025-05-01',
      payload: {
        items: [
          {
            field: 'birthDate',
            from: { date: '1992-06-20', precision: 'day' },
            to: { date: '2025-05-07', precision: 'day' },
          },
        ],
      },
    });
    expect(codes(lateBirth, dead)).toContain('DANSO_RULE_DEATH_BEFORE_BIRTH');
  });

  it('checks the personal ID number against the sex and birth date the change leaves', () => {
    const items = [{ field: 'personalId' as const, from: null, to: '001092012345' }];
    expect(codes(example('info_change', { payload: { items } }))).toEqual([
      'DANSO_RULE_PERSONAL_ID_INCONSISTENT',
    ]);
    const fitting = [{ field: 'personalId' as const, from: null, to: '001192012345' }];
    expect(run(example('info_change', { payload: { items: fitting } }))).toEqual([]);
  });
});

describe('households and heads', () => {
  it('a new member cannot be head while the household has one', () => {
    const asHead = { ...examples.move_in.payload.person, relationToHead: 'head' as const };
    expect(only(example('move_in', { payload: { person: asHead } }))).toEqual([
      'DANSO_RULE_HEAD_ALREADY_PRESENT@payload.person.relationToHead',
    ]);
    const headDied = household({
      members: [head({ vitalStatus: 'dead', deathDate: '2025-01-01' }), person()],
    });
    expect(
      run(example('move_in', { payload: { person: asHead } }), { household: headDied, person: null }),
    ).toEqual([]);
  });

  it('the death or departure of a head with others remaining asks for a change of head', () => {
    const headDies = example('death', { personId: ids.head });
    const context = { household: household(), person: head() };
    expect(run(headDies, context).map((r) => [r.code, r.severity])).toEqual([
      ['DANSO_RULE_HEAD_CHANGE_NEEDED', 'warning'],
    ]);
    const alone = { household: household({ members: [head()] }), person: head() };
    expect(run(headDies, alone)).toEqual([]);
  });

  it('a head under 15 is flagged', () => {
    const toChild = example('head_change', {
      payload: { newHeadPersonId: ids.child, relations: [{ personId: ids.head, relationToHead: 'parent' }] },
    });
    expect(only(toChild)).toEqual(['DANSO_RULE_HEAD_UNDER_AGE@payload.newHeadPersonId']);
  });

  it('a change of head names a present member who is not the head yet, and consistent relations', () => {
    const to = (
      newHeadPersonId: string,
      relations: { personId: string; relationToHead: 'spouse' | 'head' | 'other' }[] = [],
    ) => example('head_change', { payload: { newHeadPersonId, relations } });
    const oldHead = { personId: ids.head, relationToHead: 'other' as const };
    expect(only(to(ids.head))).toEqual(['DANSO_RULE_HEAD_UNCHANGED@payload.newHeadPersonId']);
    expect(only(to(ids.stranger, [oldHead]))).toEqual([
      'DANSO_RULE_MEMBER_NOT_IN_HOUSEHOLD@payload.newHeadPersonId',
    ]);
    const deadWife = {
      household: household({ members: [head(), person({ vitalStatus: 'dead', deathDate: '2026-01-01' })] }),
    };
    expect(only(to(ids.wife, [oldHead]), deadWife)).toEqual([
      'DANSO_RULE_MEMBER_NOT_PRESENT@payload.newHeadPersonId',
    ]);
    expect(only(to(ids.wife, [{ personId: ids.head, relationToHead: 'head' }]))).toEqual([
      'DANSO_RULE_HEAD_RELATION_INVALID@payload.relations[0]',
    ]);
    expect(only(to(ids.wife, [{ personId: ids.wife, relationToHead: 'other' }, oldHead]))).toEqual([
      'DANSO_RULE_HEAD_RELATION_INVALID@payload.relations[0]',
    ]);
    expect(
      only(
        to(ids.wife, [
          { personId: ids.head, relationToHead: 'spouse' },
          { personId: ids.head, relationToHead: 'other' },
        ]),
      ),
    ).toEqual(['DANSO_RULE_DUPLICATE_ITEM@payload.relations[1].personId']);
  });

  it('a change of head gives the old head, while still here, a relation other than head', () => {
    const to = (relations: { personId: string; relationToHead: 'spouse' | 'other' }[]) =>
      example('head_change', { payload: { newHeadPersonId: ids.wife, relations } });
    const results = run(to([{ personId: ids.grandmother, relationToHead: 'other' }]));
    expect(results.map((r) => `${r.code}@${r.path}`)).toEqual([
      'DANSO_RULE_HEAD_CHANGE_TWO_HEADS@payload.relations',
    ]);
    expect(results[0]).toMatchObject({ severity: 'error', params: { fullName: 'Trần Văn Minh' } });
    expect(results[0]?.vi).toContain('Trần Văn Minh');
    // The old head died or left: nobody else is head, so no relation is needed for him.
    for (const gone of [
      head({ vitalStatus: 'dead', deathDate: '2026-02-01' }),
      head({ presence: 'moved_out', movedOutOn: '2026-02-01' }),
    ]) {
      const context = { household: household({ members: [gone, person(), child(), grandmother()] }) };
      expect(run(to([]), context)).toEqual([]);
    }
    // A page that already shows a second head is put right by the same change, or refused.
    const twoHeads = {
      household: household({ members: [head(), person(), grandmother({ relationToHead: 'head' })] }),
    };
    expect(only(to([{ personId: ids.head, relationToHead: 'spouse' }]), twoHeads)).toEqual([
      'DANSO_RULE_HEAD_CHANGE_TWO_HEADS@payload.relations',
    ]);
    expect(
      run(
        to([
          { personId: ids.head, relationToHead: 'spouse' },
          { personId: ids.grandmother, relationToHead: 'other' },
        ]),
        twoHeads,
      ),
    ).toEqual([]);
  });

  it('property: a change of head passes the head rule exactly when it leaves one present head', () => {
    const memberIds = [ids.head, ids.wife, ids.child, ids.grandmother];
    const others = relationsToHead.filter((r) => r !== 'head');
    const memberArb = fc.record({
      present: fc.boolean(),
      // Mostly consistent pages, sometimes one that already shows a second head.
      relation: fc.oneof(fc.constantFrom(...others), fc.constant('head' as const)),
    });
    fc.assert(
      fc.property(
        fc.tuple(memberArb, memberArb, memberArb, memberArb),
        fc.nat(3),
        fc.array(fc.tuple(fc.nat(3), fc.constantFrom(...others)), { maxLength: 4 }),
        (states, newHeadIndex, given) => {
          const members = memberIds.map((id, i) => {
            const state = states[i] as { present: boolean; relation: RelationToHead };
            return person({
              id,
              birthDate: '1980-01-01',
              // The head the household row names is head on the page too.
              relationToHead: id === ids.head ? 'head' : state.relation,
              ...(state.present ? {} : { presence: 'moved_out' as const, movedOutOn: '2026-01-01' }),
            });
          });
          const newHead = memberIds[newHeadIndex] as string;
          fc.pre(members.some((m) => m.id === newHead && m.presence === 'present'));
          const relations = [
            ...new Map(
              given
                .map(([i, relationToHead]) => ({ personId: memberIds[i] as string, relationToHead }))
                .filter(
                  (r) =>
                    r.personId !== newHead &&
                    members.some((m) => m.id === r.personId && m.presence === 'present'),
                )
                .map((r) => [r.personId, r]),
            ).values(),
          ];
          const change = example('head_change', { payload: { newHeadPersonId: newHead, relations } });
          const results = run(change, { household: household({ members }) });
          // The page as approving the change writes it: the new head, the relations given, the rest unchanged.
          const after = members
            .filter((m) => m.presence === 'present')
            .map((m) =>
              m.id === newHead
                ? 'head'
                : (relations.find((r) => r.personId === m.id)?.relationToHead ?? m.relationToHead),
            );
          const heads = after.filter((r) => r === 'head').length;
          expect(results.some((r) => r.code === 'DANSO_RULE_HEAD_CHANGE_TWO_HEADS')).toBe(heads !== 1);
        },
      ),
    );
  });

  it('a split moves present members to a new household with exactly one head', () => {
    const split = (
      members: { personId: string; relationToHead: 'head' | 'spouse' | 'child' }[],
      sourceNewHeadPersonId?: string,
    ) =>
      example('household_split', {
        payload: { members, ...(sourceNewHeadPersonId ? { sourceNewHeadPersonId } : {}) },
      });
    expect(only(split([{ personId: ids.grandmother, relationToHead: 'spouse' }]))).toEqual([
      'DANSO_RULE_SPLIT_HEAD_COUNT@payload.members',
    ]);
    expect(
      codes(
        split([
          { personId: ids.grandmother, relationToHead: 'head' },
          { personId: ids.child, relationToHead: 'head' },
        ]),
      ),
    ).toEqual(['DANSO_RULE_HEAD_UNDER_AGE', 'DANSO_RULE_SPLIT_HEAD_COUNT']);
    expect(only(split([{ personId: ids.stranger, relationToHead: 'head' }]))).toEqual([
      'DANSO_RULE_MEMBER_NOT_IN_HOUSEHOLD@payload.members[0].personId',
    ]);
    expect(
      only(
        split([
          { personId: ids.grandmother, relationToHead: 'head' },
          { personId: ids.grandmother, relationToHead: 'spouse' },
        ]),
      ),
    ).toEqual(['DANSO_RULE_DUPLICATE_ITEM@payload.members[1].personId']);
    expect(
      only(examples.household_split, {
        ...contextFor('household_split'),
        targetHousehold: household({ id: ids.newHousehold }),
      }),
    ).toEqual(['DANSO_RULE_HOUSEHOLD_EXISTS@payload.newHouseholdId']);
  });

  it('a split of everyone is flagged; a leaving head needs a new head among those who stay', () => {
    const everyone = [ids.head, ids.wife, ids.child, ids.grandmother].map((personId) => ({
      personId,
      relationToHead: personId === ids.head ? ('head' as const) : ('other' as const),
    }));
    expect(only(example('household_split', { payload: { members: everyone } }))).toEqual([
      'DANSO_RULE_SPLIT_ALL_MEMBERS@payload.members',
    ]);
    const headLeaves = [{ personId: ids.head, relationToHead: 'head' as const }];
    expect(only(example('household_split', { payload: { members: headLeaves } }))).toEqual([
      'DANSO_RULE_SPLIT_SOURCE_HEAD@payload.sourceNewHeadPersonId',
    ]);
    expect(
      run(example('household_split', { payload: { members: headLeaves, sourceNewHeadPersonId: ids.wife } })),
    ).toEqual([]);
    expect(
      codes(
        example('household_split', { payload: { members: headLeaves, sourceNewHeadPersonId: ids.head } }),
      ),
    ).toEqual(['DANSO_RULE_SPLIT_SOURCE_HEAD']);
    expect(codes(example('household_split', { payload: { sourceNewHeadPersonId: ids.wife } }))).toEqual([
      'DANSO_RULE_SPLIT_SOURCE_HEAD',
    ]);
  });
});

describe('household numbers and areas', () => {
  const { personId: _p, ...envelope } = examples.death;
  const moveWhole = (toAreaId: string, number = 3): Change => ({
    ...envelope,
    type: 'transfer',
    payload: { scope: 'household', toAreaId, number },
  });
  const otherArea = area({ id: ids.otherArea, number: 4 });

  it('a new or split-off household goes to a current area; a split stays in its commune', () => {
    expect(only(examples.household_new, { ...contextFor('household_new'), targetArea: null })).toEqual([
      'DANSO_RULE_AREA_NOT_FOUND@payload.areaId',
    ]);
    const elsewhere = { ...contextFor('household_split'), targetArea: area({ communeCode: '26737' }) };
    const results = run(examples.household_split, elsewhere);
    expect(results.map((r) => `${r.code}@${r.path}`)).toEqual([
      'DANSO_RULE_AREA_OTHER_COMMUNE@payload.areaId',
    ]);
    expect(results[0]?.vi).toContain('26737');
    // A new household's commune is its area's.
    expect(
      run(examples.household_new, {
        ...contextFor('household_new'),
        targetArea: area({ communeCode: '26737' }),
      }),
    ).toEqual([]);
  });

  it('a whole household moves to a current area of its own commune', () => {
    const context = (targetArea: AreaSnapshot | null) => ({
      household: household(),
      targetArea,
      householdWithCode: null,
    });
    expect(run(moveWhole(ids.otherArea), context(otherArea))).toEqual([]);
    expect(only(moveWhole(ids.otherArea), context(null))).toEqual([
      'DANSO_RULE_AREA_NOT_FOUND@payload.toAreaId',
    ]);
    expect(only(moveWhole(ids.otherArea), context(area({ id: ids.stranger })))).toEqual([
      'DANSO_RULE_AREA_NOT_FOUND@payload.toAreaId',
    ]);
    expect(only(moveWhole(ids.otherArea), context({ ...otherArea, communeCode: '26737' }))).toEqual([
      'DANSO_RULE_AREA_OTHER_COMMUNE@payload.toAreaId',
    ]);
    // Where the snapshot does not know the area (the phone's book), the server decides.
    expect(run(moveWhole(ids.otherArea), { household: household() })).toEqual([]);
  });

  it("a new or split-off household is given a current hamlet of its area's commune, when it names one", () => {
    const hamletId = '0b6c7f5e-3c1d-4b7a-9e2f-5a4d3c2b1a09';
    const hamlet = { id: hamletId, communeCode: '26734', current: true };
    for (const type of ['household_new', 'household_split'] as const) {
      const example = examples[type] as Extract<Change, { type: typeof type }>;
      const named = { ...example, payload: { ...example.payload, hamletId } } as Change;
      const context = { ...contextFor(type), targetArea: area() };
      expect(run(named, { ...context, targetHamlet: hamlet })).toEqual([]);
      for (const wrong of [null, { ...hamlet, communeCode: '26737' }, { ...hamlet, current: false }]) {
        expect(only(named, { ...context, targetHamlet: wrong }), type).toEqual([
          'DANSO_RULE_HAMLET_NOT_FOUND@payload.hamletId',
        ]);
      }
      // Where the snapshot does not know the hamlet (the phone's book), the server decides.
      expect(run(named, context)).toEqual([]);
    }
  });

  it('the household number must be free in the target area', () => {
    const taken = { id: ids.otherHousehold, code: '26734-3-57' };
    const results = run(examples.household_new, { ...contextFor('household_new'), householdWithCode: taken });
    expect(results.map((r) => `${r.code}@${r.path}`)).toEqual([
      'DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN@payload.number',
    ]);
    expect(results[0]).toMatchObject({ severity: 'error', params: { number: 57, code: '26734-3-57' } });
    const splitTaken = {
      ...contextFor('household_split'),
      householdWithCode: { ...taken, code: '26734-3-58' },
    };
    expect(only(examples.household_split, splitTaken)).toEqual([
      'DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN@payload.number',
    ]);
    const moveTaken = {
      household: household(),
      targetArea: otherArea,
      householdWithCode: { ...taken, code: '26734-4-3' },
    };
    expect(only(moveWhole(ids.otherArea), moveTaken)).toEqual([
      'DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN@payload.number',
    ]);
    // The household's own code, or a holder of another code, is no clash.
    const own = { ...moveTaken, householdWithCode: { id: ids.household, code: '26734-4-3' } };
    expect(run(moveWhole(ids.otherArea), own)).toEqual([]);
    expect(
      run(examples.household_new, {
        ...contextFor('household_new'),
        householdWithCode: { ...taken, code: '26734-3-5' },
      }),
    ).toEqual([]);
  });

  it('property: a number clashes exactly when commune, area number and household number all match', () => {
    type Place = [string, number, number];
    const place: fc.Arbitrary<Place> = fc.tuple(
      fc.constantFrom('26734', '26737'),
      fc.integer({ min: 1, max: 130 }),
      fc.integer({ min: 1, max: 130 }),
    );
    // The same digits cut elsewhere ('1-12' and '11-2'): a code built carelessly would make them clash.
    const recut = ([commune, areaNumber, number]: Place): fc.Arbitrary<Place> =>
      fc.nat().map((k) => {
        const digits = `${areaNumber}${number}`;
        const at = 1 + (k % (digits.length - 1));
        return [commune, Number(digits.slice(0, at)), Number(digits.slice(at)) || 1];
      });
    const pair = place.chain((target) =>
      fc.tuple(fc.constant(target), fc.oneof(fc.constant(target), place, recut(target))),
    );
    fc.assert(
      fc.property(pair, ([[communeCode, areaNumber, number], [holderCommune, holderArea, holderNumber]]) => {
        const change = example('household_new', { payload: { number } });
        const context = {
          household: null,
          targetArea: area({ communeCode, number: areaNumber }),
          householdWithCode: {
            id: ids.otherHousehold,
            code: householdCode(holderCommune, holderArea, holderNumber),
          },
        };
        const clash = holderCommune === communeCode && holderArea === areaNumber && holderNumber === number;
        expect(codes(change, context).includes('DANSO_RULE_HOUSEHOLD_NUMBER_TAKEN')).toBe(clash);
      }),
    );
  });
});

describe('corrections', () => {
  const target = contextFor('correction').correctedChange!;

  it('correct an approved change of the same type, household and person', () => {
    expect(only(examples.correction, { ...contextFor('correction'), correctedChange: null })).toEqual([
      'DANSO_RULE_CORRECTION_TARGET_NOT_FOUND@payload.correctsChangeId',
    ]);
    const pending = {
      ...contextFor('correction'),
      correctedChange: { ...target, status: 'submitted' as const },
    };
    expect(only(examples.correction, pending)).toEqual([
      'DANSO_RULE_CORRECTION_TARGET_NOT_APPROVED@payload.correctsChangeId',
    ]);
    const ofCorrection = {
      ...contextFor('correction'),
      correctedChange: { ...target, type: 'correction' as const },
    };
    expect(only(examples.correction, ofCorrection)).toEqual([
      'DANSO_RULE_CORRECTION_OF_CORRECTION@payload.correctsChangeId',
      'DANSO_RULE_CORRECTION_MISMATCH@payload.correctedType',
    ]);
    const otherPerson = { ...contextFor('correction'), correctedChange: { ...target, personId: ids.head } };
    expect(only(examples.correction, otherPerson)).toEqual([
      'DANSO_RULE_CORRECTION_MISMATCH@payload.correctsChangeId',
    ]);
  });

  it('may concern a dead person or a closed household; the amended content is still checked', () => {
    const closed = { ...contextFor('correction'), household: household({ status: 'closed' }) };
    expect(run(examples.correction, closed)).toEqual([]);
    const amended = { ...examples.correction.payload, occurredOn: '1949-05-01' };
    expect(only({ ...examples.correction, payload: amended })).toEqual([
      'DANSO_RULE_DEATH_BEFORE_BIRTH@payload.occurredOn',
    ]);
    const future = { ...examples.correction.payload, occurredOn: '2026-04-01' };
    expect(only({ ...examples.correction, payload: future })).toEqual([
      'DANSO_RULE_DATE_IN_FUTURE@payload.occurredOn',
    ]);
  });

  it('checks an amended payload with its own type’s rules, at the nested path', () => {
    const birthTarget = { ...target, type: 'birth' as const, personId: ids.newborn };
    const context = {
      ...contextFor('birth'),
      person: child({ id: ids.newborn }),
      correctedChange: birthTarget,
    };
    const amend = (payload: ChangeOfType<'birth'>['payload']) =>
      ({
        ...examples.correction,
        personId: ids.newborn,
        payload: {
          action: 'amend',
          correctsChangeId: ids.otherChange,
          reason: 'Sai dân tộc',
          correctedType: 'birth',
          occurredOn: '2026-03-01',
          payload,
        },
      }) as Change;
    expect(run(amend(examples.birth.payload), context)).toEqual([]);
    expect(only(amend({ ...examples.birth.payload, ethnicityCode: '77' }), context)).toEqual([
      'DANSO_RULE_UNKNOWN_CODE@payload.payload.ethnicityCode',
    ]);
    const voided = {
      ...examples.correction,
      payload: { action: 'void' as const, correctsChangeId: ids.otherChange, reason: 'Ghi trùng' },
    };
    expect(run(voided)).toEqual([]);
  });
});

// Day-precision birth dates from 1900 to 2025.
const birthArb = fc
  .integer({ min: dayNumber('1900-01-01'), max: dayNumber('2025-12-31') })
  .map(dateFromDayNumber);

describe('properties', () => {
  it('a death dated before the birth always fails, whatever the precision of the birth date', () => {
    fc.assert(
      fc.property(
        birthArb,
        fc.integer({ min: 1, max: 40_000 }),
        fc.constantFrom('day', 'month', 'year'),
        (birth, gap, precision) => {
          const p = precision as 'day' | 'month' | 'year';
          const earliest =
            p === 'day' ? birth : p === 'month' ? `${birth.slice(0, 7)}-01` : `${birth.slice(0, 4)}-01-01`;
          const deathDate = addDays(earliest, -gap);
          const context = {
            household: household(),
            person: grandmother({ birthDate: birth, birthDatePrecision: p }),
          };
          const death = example('death', { occurredOn: deathDate, recordedAt: `${TODAY}T00:00:00Z` });
          const results = run(death, context);
          expect(results).toContainEqual(
            expect.objectContaining({ code: 'DANSO_RULE_DEATH_BEFORE_BIRTH', severity: 'error' }),
          );
        },
      ),
    );
  });

  it('a death on or after the birth never raises the death-before-birth rule', () => {
    fc.assert(
      fc.property(birthArb, fc.integer({ min: 0, max: 30_000 }), (birth, gap) => {
        const deathDate = addDays(birth, gap);
        fc.pre(deathDate <= TODAY);
        const context = {
          household: household(),
          person: grandmother({ birthDate: birth, birthDatePrecision: 'day' }),
        };
        const results = run(
          example('death', { occurredOn: deathDate, recordedAt: `${TODAY}T00:00:00Z` }),
          context,
        );
        expect(results.map((r) => r.code)).not.toContain('DANSO_RULE_DEATH_BEFORE_BIRTH');
      }),
    );
  });

  it('any change dated after today is an error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...changeTypes), fc.integer({ min: 1, max: 5_000 }), (type, days) => {
        const change = { ...examples[type], occurredOn: addDays(TODAY, days) } as Change;
        expect(run(change)).toContainEqual(
          expect.objectContaining({ code: 'DANSO_RULE_DATE_IN_FUTURE', severity: 'error' }),
        );
      }),
    );
  });

  it('validation never throws on a well-formed change, whatever the register says', () => {
    const contextArb = fc.constantFrom(...changeTypes).map(contextFor);
    fc.assert(
      fc.property(anyChange, contextArb, (change, context) => {
        const results = validateChange(change as Change, context, TODAY);
        for (const r of results) expect(ruleCodes).toContain(r.code);
      }),
      { numRuns: 300 },
    );
  });
});

describe('coverage', () => {
  it('every rule code was raised by some example above', () => {
    expect(ruleCodes.filter((code) => !raised.has(code))).toEqual([]);
  });
});
