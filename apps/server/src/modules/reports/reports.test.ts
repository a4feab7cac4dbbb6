import { randomBytes } from 'node:crypto';
import {
  type Actor,
  ageInCompletedYears,
  type BirthDatePrecision,
  DomainError,
  defaultRegisterCodeLists,
  type FilledReport,
  generateSigningKey,
  makeUuidV7,
  parsePeriod,
  type ReportDocument,
  signDocument,
  standardAgeGroupOf,
} from '@danso/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { AuditService } from '../audit/audit.service.ts';
import { ChangesService } from '../changes/changes.service.ts';
import { IndicatorsService } from '../indicators/indicators.service.ts';
import { seedProvince } from '../seed/index.ts';
import { SigningKeysService, verifySignedBy } from '../signing-keys/signing-keys.service.ts';
import { simulateMonths } from '../simulate/simulate.service.ts';
import { ReportsService } from './reports.service.ts';

/**
 * Every value of every shipped form, for a month, a quarter and a year, equals a count made here directly
 * from the register — people, their residence and status intervals, households and the approved changes —
 * after three months of changes sent through the real submission and review; then the period close: a
 * signed submission, a return, a resubmission, approval and lock, a tampered row failing verification, a
 * late change making a revision the province accepts, exports and monitoring.
 */

const PROVINCE = '20';
const MONTH = '2025-12';
const QUARTER = '2025-Q4';
const YEAR = '2025';

// ------------------------------------------------------------------------------------------ the register

interface Register {
  persons: Map<
    string,
    {
      sex: number;
      birthDate: string;
      precision: BirthDatePrecision;
      marital: string;
      method: string | null;
      startedOn: string | null;
    }
  >;
  residence: Array<{
    person: string;
    household: string;
    area: string;
    from: string;
    to: string | null;
    closedBy: string | null;
  }>;
  statuses: Map<string, Array<{ kind: string; value: string; from: string; to: string | null }>>;
  householdKinds: Map<string, string>;
  communeOfArea: Map<string, string>;
  changes: Array<{
    id: string;
    type: string;
    area: string;
    on: string;
    person: string | null;
    payload: Record<string, unknown>;
  }>;
}

async function readRegister(t: TestDatabase): Promise<Register> {
  const db = t.database.db;
  const persons = await sql<{
    id: string;
    sex: number;
    birth_date: string;
    birth_date_precision: BirthDatePrecision;
    marital_status: string;
    contraceptive_method: string | null;
    contraception_started_on: string | null;
  }>`SELECT id, sex, birth_date, birth_date_precision, marital_status, contraceptive_method, contraception_started_on
     FROM person WHERE province_code = ${PROVINCE}`.execute(db);
  const residence = await sql<{
    person_id: string;
    household_id: string;
    area_id: string;
    valid_from: string;
    valid_to: string | null;
    closed_by: string | null;
  }>`SELECT person_id, household_id, area_id, valid_from, valid_to, closed_by FROM residence_interval
     WHERE province_code = ${PROVINCE}`.execute(db);
  const statuses = await sql<{
    person_id: string;
    kind: string;
    value: string;
    valid_from: string;
    valid_to: string | null;
  }>`
    SELECT person_id, kind, value, valid_from, valid_to FROM status_interval WHERE province_code = ${PROVINCE}`.execute(
    db,
  );
  const households = await sql<{ id: string; kind: string }>`
    SELECT id, kind FROM household WHERE province_code = ${PROVINCE}`.execute(db);
  const areas = await sql<{ id: string; commune_code: string }>`
    SELECT id, commune_code FROM area WHERE province_code = ${PROVINCE}`.execute(db);
  const changes = await sql<{
    id: string;
    type: string;
    area_id: string;
    occurred_on: string;
    person_id: string | null;
    body: { payload: Record<string, unknown> };
  }>`SELECT id, type, area_id, occurred_on, person_id, body FROM change_record
     WHERE province_code = ${PROVINCE} AND status = 'approved' AND corrected_by_change_id IS NULL AND type <> 'correction'`.execute(
    db,
  );
  const register: Register = {
    persons: new Map(
      persons.rows.map((p) => [
        p.id,
        {
          sex: p.sex,
          birthDate: p.birth_date,
          precision: p.birth_date_precision,
          marital: p.marital_status,
          method: p.contraceptive_method,
          startedOn: p.contraception_started_on,
        },
      ]),
    ),
    residence: residence.rows.map((r) => ({
      person: r.person_id,
      household: r.household_id,
      area: r.area_id,
      from: r.valid_from,
      to: r.valid_to,
      closedBy: r.closed_by,
    })),
    statuses: new Map(),
    householdKinds: new Map(households.rows.map((h) => [h.id, h.kind])),
    communeOfArea: new Map(areas.rows.map((a) => [a.id, a.commune_code])),
    changes: changes.rows.map((c) => ({
      id: c.id,
      type: c.type,
      area: c.area_id,
      on: c.occurred_on,
      person: c.person_id,
      payload: c.body.payload,
    })),
  };
  for (const s of statuses.rows) {
    const list = register.statuses.get(s.person_id) ?? [];
    list.push({ kind: s.kind, value: s.value, from: s.valid_from, to: s.valid_to });
    register.statuses.set(s.person_id, list);
  }
  return register;
}

// --------------------------------------------------------------------- direct counts over the register

/** A unit: a commune (its code) or the whole province. */
type Unit = { level: 'commune' | 'province'; code: string };

const inUnit = (register: Register, area: string, unit: Unit) =>
  unit.level === 'province'
    ? register.communeOfArea.has(area)
    : register.communeOfArea.get(area) === unit.code;
const holds = (i: { from: string | null; to: string | null }, day: string) =>
  (i.from === null || i.from <= day) && (i.to === null || i.to > day);
const lastDay = (month: string) =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

interface Stock {
  people: Array<{ sex: number; age: number }>;
  women: Array<{ group: string; married: boolean; methodGroup: string }>;
  households: Map<string, string>;
}

/** Who lived in the unit at the end of a month ('YYYY-MM'). */
function stockAt(register: Register, unit: Unit, month: string): Stock {
  const day = lastDay(month);
  const stock: Stock = { people: [], women: [], households: new Map() };
  for (const r of register.residence) {
    if (!holds(r, day) || !inUnit(register, r.area, unit)) continue;
    const person = register.persons.get(r.person);
    if (!person) continue;
    const age = ageInCompletedYears(person.birthDate, day);
    stock.people.push({ sex: person.sex, age });
    stock.households.set(r.household, register.householdKinds.get(r.household) ?? 'family');
    if (person.sex === 2 && age >= 15 && age <= 49) {
      const statuses = register.statuses.get(r.person) ?? [];
      const marital = statuses.find((s) => s.kind === 'marital' && holds(s, day))?.value ?? person.marital;
      const contraception = statuses.filter((s) => s.kind === 'contraception');
      const method =
        contraception.length > 0
          ? (contraception.find((s) => holds(s, day))?.value ?? 'none')
          : person.startedOn === null || person.startedOn <= day
            ? (person.method ?? 'none')
            : 'none';
      const low = Math.floor(age / 5) * 5;
      stock.women.push({
        group: `${low}-${low + 4}`,
        married: marital === 'married',
        methodGroup: defaultRegisterCodeLists.contraceptiveMethod.byCode.get(method)?.group ?? 'unknown',
      });
    }
  }
  return stock;
}

interface Event {
  type: string;
  sex?: number;
  order?: string;
  motherGroup?: string;
  place?: string;
  ageGroup?: string;
  crossing?: boolean;
  payload: Record<string, unknown>;
}

function side(place: Record<string, unknown> | undefined) {
  return !place || place.country || !place.provinceCode || place.provinceCode !== PROVINCE;
}

/** The approved events of the unit in the months, one entry per person counted. */
function eventsIn(register: Register, unit: Unit, months: readonly string[]): Event[] {
  const events: Event[] = [];
  for (const c of register.changes) {
    if (!months.includes(c.on.slice(0, 7)) || !inUnit(register, c.area, unit)) continue;
    const p = c.payload;
    const person = register.persons.get(c.person ?? '');
    switch (c.type) {
      case 'birth': {
        const mother = p.mother as {
          personId?: string;
          birthDate: string;
          birthDatePrecision: BirthDatePrecision;
        };
        const registered = mother.personId ? register.persons.get(mother.personId) : undefined;
        const age = ageInCompletedYears(
          registered?.birthDate ?? mother.birthDate,
          c.on,
          registered?.precision ?? mother.birthDatePrecision,
        );
        events.push({
          type: 'birth',
          sex: p.sex as number,
          order: (p.birthOrder as number) >= 3 ? '3+' : String(p.birthOrder),
          motherGroup: standardAgeGroupOf(age).code,
          place: p.birthPlace as string,
          payload: p,
        });
        break;
      }
      case 'death':
        events.push({
          type: 'death',
          sex: person?.sex,
          ageGroup: person
            ? standardAgeGroupOf(ageInCompletedYears(person.birthDate, c.on, person.precision)).code
            : '',
          payload: p,
        });
        break;
      case 'move_in':
        events.push({
          type: 'move_in',
          sex: (p.person as { sex: number }).sex,
          crossing: side(p.from as Record<string, unknown>) as boolean,
          payload: p,
        });
        break;
      case 'move_out': {
        const crossing = side(p.destination as Record<string, unknown>) as boolean;
        const movers =
          p.scope === 'household'
            ? register.residence
                .filter((r) => r.closedBy === c.id)
                .map((r) => register.persons.get(r.person)?.sex)
            : [person?.sex];
        for (const sex of movers) events.push({ type: 'move_out', sex, crossing, payload: p });
        if (p.scope === 'household') events.push({ type: 'household_closed', payload: p });
        break;
      }
      case 'elderly_check':
        events.push({ type: c.type, sex: person?.sex, payload: p });
        break;
      default:
        events.push({ type: c.type, payload: p });
    }
  }
  return events;
}

type Expected = Record<string, number | null>;

/**
 * The values of the shipped forms' rows for a unit and period, each written out again from the register,
 * keyed by the row's formula (and `:1` / `:2` for the male and female columns).
 */
function expectedValues(register: Register, unit: Unit, periodCode: string): Expected {
  const period = parsePeriod(periodCode);
  const months = period.months.map((m) => m.slice(0, 7));
  const previous = parsePeriod(period.previous.slice(0, 7)).from;
  const stocks = [previous, ...months].map((m) => stockAt(register, unit, m));
  const end = stocks.at(-1) as Stock;
  const mean = (f: (s: Stock) => number) =>
    (f(stocks[0] as Stock) / 2 + stocks.slice(1, -1).reduce((s, x) => s + f(x), 0) + f(end) / 2) /
    months.length;
  const events = eventsIn(register, unit, months);
  const count = (type: string, test: (e: Event) => boolean = () => true) =>
    events.filter((e) => e.type === type && test(e)).length;
  const moves = (type: string, test: (e: Event) => boolean = () => true) =>
    count(type, (e) => (unit.level === 'commune' || e.crossing === true) && test(e));
  const method = (...codes: string[]) =>
    count('contraception_start', (e) => codes.includes(e.payload.method as string));
  const married = end.women.filter((w) => w.married);
  const births = count('birth');
  const ratio = (a: number, b: number, k: number, digits: number) =>
    b === 0 ? null : Number(((a / b) * k).toFixed(digits));
  const personYears = mean((s) => s.people.length) * period.years;
  const groups = ['15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49'];
  const tfrParts = groups.map((g) => {
    const women = mean((s) => s.women.filter((w) => w.group === g).length);
    return women === 0 ? null : count('birth', (e) => e.motherGroup === g) / (women * period.years);
  });
  const values: Expected = {
    population_end: end.people.length,
    'population_end:1': end.people.filter((p) => p.sex === 1).length,
    'population_end:2': end.people.filter((p) => p.sex === 2).length,
    'population_end[sex = 1]': end.people.filter((p) => p.sex === 1).length,
    'population_end[sex = 2]': end.people.filter((p) => p.sex === 2).length,
    'population_end[age < 15]': end.people.filter((p) => p.age < 15).length,
    'population_end[age >= 60]': end.people.filter((p) => p.age >= 60).length,
    population: Number(mean((s) => s.people.length).toFixed(1)),
    households_end: end.households.size,
    "households_end[kind = 'family']": [...end.households.values()].filter((k) => k === 'family').length,
    "households_end[kind = 'collective']": [...end.households.values()].filter((k) => k === 'collective')
      .length,
    women_end: end.women.length,
    "women_end[maritalStatus = 'married']": married.length,
    "women_end[maritalStatus = 'married', methodGroup = 'modern']": married.filter(
      (w) => w.methodGroup === 'modern',
    ).length,
    "women_end[maritalStatus = 'married', methodGroup in ('modern', 'traditional')]": married.filter(
      (w) => w.methodGroup === 'modern' || w.methodGroup === 'traditional',
    ).length,
    births,
    'births[sex = 1]': count('birth', (e) => e.sex === 1),
    'births[sex = 2]': count('birth', (e) => e.sex === 2),
    "births[birthOrder = '2']": count('birth', (e) => e.order === '2'),
    "births[birthOrder = '3+']": count('birth', (e) => e.order === '3+'),
    "births[motherAgeGroup in ('10-14', '15-19')]": count(
      'birth',
      (e) => e.motherGroup === '10-14' || e.motherGroup === '15-19',
    ),
    "births[birthPlace = 'home']": count('birth', (e) => e.place === 'home'),
    deaths: count('death'),
    "deaths[ageGroup = '0']": count('death', (e) => e.ageGroup === '0'),
    in_migrants: moves('move_in'),
    out_migrants: moves('move_out'),
    marriages: count('marriage'),
    "marriages[childMarriage = 'true']": count('marriage', (e) => e.payload.childMarriage === true),
    "marriages[consanguineous = 'true']": count('marriage', (e) => e.payload.consanguineous === true),
    premarital_checks: count('premarital_check'),
    divorces: count('divorce'),
    contraception_starts: count('contraception_start'),
    "contraception_starts[method = 'iud']": method('iud'),
    "contraception_starts[method in ('male_sterilisation', 'female_sterilisation')]": method(
      'male_sterilisation',
      'female_sterilisation',
    ),
    "contraception_starts[method in ('implant', 'injectable')]": method('implant', 'injectable'),
    "contraception_starts[method = 'pill']": method('pill'),
    "contraception_starts[method = 'condom']": method('condom'),
    "contraception_starts[method in ('other_modern', 'traditional')]": method('other_modern', 'traditional'),
    contraception_stops: count('contraception_stop'),
    "pregnancy_events[kind = 'pregnant']": count('pregnancy_event', (e) => e.payload.kind === 'pregnant'),
    "pregnancy_events[kind in ('miscarriage', 'abortion')]": count(
      'pregnancy_event',
      (e) => e.payload.kind !== 'pregnant',
    ),
    prenatal_screenings: count('prenatal_screening'),
    newborn_screenings: count('newborn_screening'),
    elderly_checks: count('elderly_check'),
    households_new: count('household_new'),
    household_splits: count('household_split'),
    households_closed: count('household_closed'),
    CBR: ratio(births, personYears, 1000, 2),
    CDR: ratio(count('death'), personYears, 1000, 2),
    SRB: ratio(
      count('birth', (e) => e.sex === 1),
      count('birth', (e) => e.sex === 2),
      100,
      1,
    ),
    BIRTHS_3PLUS: ratio(
      count('birth', (e) => e.order === '3+'),
      births,
      100,
      1,
    ),
    TFR: tfrParts.some((x) => x === null)
      ? null
      : Number((5 * tfrParts.reduce((s: number, x) => s + (x ?? 0), 0)).toFixed(2)),
    CPR_MODERN: ratio(married.filter((w) => w.methodGroup === 'modern').length, married.length, 100, 1),
  };
  for (const [key, sexOf] of [
    ['births', 'birth'],
    ['deaths', 'death'],
    ['elderly_checks', 'elderly_check'],
  ] as const) {
    for (const sex of [1, 2]) values[`${key}:${sex}`] = count(sexOf, (e) => e.sex === sex);
  }
  for (const sex of [1, 2]) {
    values[`in_migrants:${sex}`] = moves('move_in', (e) => e.sex === sex);
    values[`out_migrants:${sex}`] = moves('move_out', (e) => e.sex === sex);
    values[`births[birthOrder = '3+']:${sex}`] = count('birth', (e) => e.order === '3+' && e.sex === sex);
    values[`births[motherAgeGroup in ('10-14', '15-19')]:${sex}`] = count(
      'birth',
      (e) => (e.motherGroup === '10-14' || e.motherGroup === '15-19') && e.sex === sex,
    );
    values[`births[birthPlace = 'home']:${sex}`] = count('birth', (e) => e.place === 'home' && e.sex === sex);
    values[`deaths[ageGroup = '0']:${sex}`] = count('death', (e) => e.ageGroup === '0' && e.sex === sex);
  }
  return values;
}

/** Compares a filled table with the direct counts: every value cell of every row. */
function compareTable(
  form: { rows: ReadonlyArray<{ code: string; expression?: string; indicator?: string }> },
  table: FilledReport,
  expectedFor: (columnKey: string) => Expected,
  label: string,
): number {
  let compared = 0;
  for (const [i, row] of table.rows.entries()) {
    const definition = form.rows[i];
    const key = definition?.expression ?? definition?.indicator;
    if (row.heading || !key) continue;
    table.columns.forEach((column, j) => {
      const value = row.values[j] ?? null;
      const sexColumn = column.key === 'male' ? ':1' : column.key === 'female' ? ':2' : '';
      if (sexColumn && !(`${key}${sexColumn}` in expectedFor(column.key))) {
        expect(value, `${label} ${row.code} ${column.key} has no value`).toBeNull();
        return;
      }
      const expected = expectedFor(column.key)[`${key}${sexColumn}`];
      expect(expected, `${label}: no direct count for ${key}${sexColumn}`).not.toBeUndefined();
      expect(value, `${label} row ${row.code} (${key}) column ${column.key}`).toBe(expected);
      compared += 1;
    });
  }
  return compared;
}

// ---------------------------------------------------------------------------------------------- the tests

describe.each(engines)('reports on %s', (engine) => {
  let t: TestDatabase;
  let reports: ReportsService;
  let changes: ChangesService;
  let signingKeys: SigningKeysService;
  let province: Actor;
  let officer: Actor;
  let commune = '';
  let register: Register;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: PROVINCE, people: 900, seed: 5 });
    const simulated = await simulateMonths(t.database, {
      provinceCode: PROVINCE,
      months: 3,
      seed: 31,
      endMonth: MONTH,
    });
    expect(simulated.totals.failed).toBe(0);
    const audit = new AuditService(t.database);
    changes = new ChangesService(t.database, audit);
    signingKeys = new SigningKeysService(t.database, audit);
    reports = new ReportsService(t.database, new IndicatorsService(t.database), verifySignedBy);
    const users = await sql<{ id: string; role: string; scope_commune_code: string | null }>`
      SELECT id, role, scope_commune_code FROM app_user WHERE scope_province_code = ${PROVINCE}
        AND role IN ('province_officer', 'commune_officer') ORDER BY username`.execute(t.database.db);
    const largest = await sql<{ commune_code: string }>`
      SELECT commune_code FROM change_record WHERE province_code = ${PROVINCE} AND status = 'approved'
      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`.execute(t.database.db);
    commune = largest.rows[0]?.commune_code ?? '';
    const p = users.rows.find((u) => u.role === 'province_officer');
    const c = users.rows.find((u) => u.scope_commune_code === commune);
    province = {
      userId: p?.id ?? '',
      role: 'province_officer',
      scope: { kind: 'province', provinceCode: PROVINCE },
    };
    officer = {
      userId: c?.id ?? '',
      role: 'commune_officer',
      scope: { kind: 'commune', provinceCode: PROVINCE, communeCode: commune },
    };
    register = await readRegister(t);
  }, 600_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('fills the commune monthly report and 03-DSX with the direct counts, by sex where the form splits', async () => {
    const unit: Unit = { level: 'commune', code: commune };
    for (const [code, period] of [
      ['DS-XA-THANG', MONTH],
      ['DS-XA-THANG', '2025-10'],
      ['03-DSX', YEAR],
    ] as const) {
      const form = reports.forms.get(code);
      const view = await reports.view(officer, { form: code, unit: commune, period });
      const expected = expectedValues(register, unit, period);
      const compared = compareTable(form as never, view.table, () => expected, `${code} ${period}`);
      expect(compared).toBeGreaterThan(30);
      expect(view.status).toBe('draft');
    }
    // Not vacuous: the simulated quarter had births, deaths and moves in the commune.
    const quarter = expectedValues(register, unit, QUARTER);
    expect(quarter.births).toBeGreaterThan(0);
    expect(quarter.population_end).toBeGreaterThan(50);
    expect((quarter.in_migrants ?? 0) + (quarter.out_migrants ?? 0)).toBeGreaterThan(0);
  }, 120_000);

  it('fills the quarterly and annual roll-ups: each commune and the province total equal their direct counts', async () => {
    for (const [code, period] of [
      ['DS-TINH-QUY', QUARTER],
      ['DS-TINH-NAM', YEAR],
    ] as const) {
      const form = reports.forms.get(code);
      const view = await reports.view(province, { form: code, unit: PROVINCE, period });
      expect(view.table.columns.at(-1)?.vi).toBe('Toàn tỉnh');
      expect(view.table.columns.length).toBeGreaterThan(10);
      const cache = new Map<string, Expected>();
      const expectedFor = (key: string) => {
        const unit: Unit =
          key === 'total' ? { level: 'province', code: PROVINCE } : { level: 'commune', code: key };
        if (!cache.has(key)) cache.set(key, expectedValues(register, unit, period));
        return cache.get(key) as Expected;
      };
      compareTable(form as never, view.table, expectedFor, `${code} ${period}`);
      expect(expectedFor('total').births).toBeGreaterThan(0);
    }
  }, 120_000);

  it('closes the month: signed submission, return, resubmission, approval and lock; a tampered row fails', async () => {
    const key = { form: 'DS-XA-THANG', unit: commune, period: MONTH };
    const keys = await generateSigningKey();
    const registered = await signingKeys.register(officer, {
      publicKey: keys.publicKey,
      label: 'Máy văn phòng xã',
    });
    const sign = async (document: ReportDocument | null, secret = keys.secretKey) => ({
      document,
      keyId: registered.key.id,
      signature: await signDocument(secret, document),
    });
    const draft = await reports.view(officer, key);
    expect(draft.can.submit).toBe(true);
    expect(draft.toSign?.version).toBe(1);
    // Values that are not the current ones are refused, and so is another key's signature.
    const tampered = structuredClone(draft.toSign) as ReportDocument;
    (tampered.table.rows[1] as { values: Array<number | null> }).values[0] = 999_999;
    await expectCode(reports.submit(officer, key, await sign(tampered)), 'DANSO_ERR_REPORT_STALE');
    const other = await generateSigningKey();
    await expectCode(
      reports.submit(officer, key, await sign(draft.toSign, other.secretKey)),
      'DANSO_ERR_REPORT_SIGNATURE',
    );
    // The province cannot submit a commune's report.
    await expectCode(reports.submit(province, key, await sign(draft.toSign)), 'DANSO_ERR_FORBIDDEN');

    const submitted = await reports.submit(officer, key, await sign(draft.toSign));
    expect(submitted.status).toBe('submitted');
    expect(submitted.report?.onTime).toBe(false); // a December 2025 report sent in 2026
    expect(submitted.table).toEqual(draft.table);
    await expectCode(reports.submit(officer, key, await sign(draft.toSign)), 'DANSO_ERR_REPORT_STATE');

    const returned = await reports.decide(province, key, {
      action: 'return',
      reason: 'Kiểm tra lại số sinh.',
    });
    expect(returned.status).toBe('returned');
    expect(returned.report?.returnedReason).toBe('Kiểm tra lại số sinh.');
    const again = await reports.view(officer, key);
    expect(again.toSign?.version).toBe(2);
    await reports.submit(officer, key, await sign(again.toSign));
    await expectCode(reports.decide(officer, key, { action: 'approve' }), 'DANSO_ERR_FORBIDDEN');
    const locked = await reports.decide(province, key, { action: 'approve' });
    expect(locked.status).toBe('locked');
    expect(locked.displayStatus).toBe('locked');
    expect(locked.versions.map((v) => [v.version, v.kind])).toEqual([
      [1, 'submission'],
      [2, 'submission'],
    ]);
    expect(locked.actions.map((a) => a.action)).toEqual(['submit', 'return', 'submit', 'approve', 'lock']);
    await expectCode(
      reports.decide(province, key, { action: 'return', reason: 'x' }),
      'DANSO_ERR_REPORT_STATE',
    );

    expect(await reports.verify(province, key)).toMatchObject({ valid: true });
    // The application cannot rewrite a frozen version; someone with the database owner's rights can, and
    // verification tells.
    await expect(
      t.database.scoped(officer.scope, (trx) =>
        sql`UPDATE report_version SET signature = signature`.execute(trx),
      ),
    ).rejects.toThrow();
    await sql`UPDATE report_version SET document = jsonb_set(document, '{table,rows,1,values,0}', '12345')
              WHERE version = 1`.execute(t.database.db);
    const verified = await reports.verify(province, key);
    expect(verified.valid).toBe(false);
    expect(verified.versions.map((v) => [v.version, v.valid, v.reason])).toEqual([
      [1, false, 'signature_does_not_match'],
      [2, true, null],
    ]);
  }, 120_000);

  it('makes a late change a revision the province sees and accepts; exports and monitoring show it', async () => {
    const key = { form: 'DS-XA-THANG', unit: commune, period: MONTH };
    // A death in the month, approved after the lock.
    const dead = await sql<{ id: string; household_id: string }>`
      SELECT p.id, p.household_id FROM person p
      JOIN residence_interval r ON r.person_id = p.id AND r.valid_to IS NULL
      WHERE p.commune_code = ${commune} AND p.vital_status = 'alive' AND p.presence = 'present'
        AND p.birth_date < '1950-01-01' ORDER BY p.id LIMIT 1`.execute(t.database.db);
    const person = dead.rows[0];
    expect(person).toBeDefined();
    const { change } = await changes.submit(officer, {
      id: makeUuidV7(Date.now(), randomBytes(10)),
      type: 'death',
      authorId: officer.userId,
      occurredOn: `${MONTH}-20`,
      recordedAt: new Date().toISOString(),
      baseVersion: 0,
      householdId: person?.household_id,
      personId: person?.id,
      payload: {},
    });
    const acknowledgedRules = change.ruleResults
      .filter((r) => r.severity === 'warning')
      .map((r) => ({ code: r.code, path: r.path }));
    expect((await changes.review(officer, change.id, { action: 'approve', acknowledgedRules })).status).toBe(
      'approved',
    );

    const revised = await reports.view(province, key);
    expect(revised.status).toBe('locked');
    expect(revised.displayStatus).toBe('revised');
    expect(revised.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: '5', column: 'total' }),
        expect.objectContaining({ row: '1', column: 'total' }),
      ]),
    );
    const deaths = revised.changes.find((c) => c.row === '5' && c.column === 'total');
    expect((deaths?.after ?? 0) - (deaths?.before ?? 0)).toBe(1);
    expect(revised.can.acceptRevision).toBe(true);
    expect(
      (await reports.list(officer, { unit: commune, year: YEAR })).items.find((i) => i.period === MONTH)
        ?.displayStatus,
    ).toBe('revised');

    const keys = await generateSigningKey();
    const registered = await signingKeys.register(province, { publicKey: keys.publicKey, label: 'Máy tỉnh' });
    const accepted = await reports.acceptRevision(province, key, {
      document: revised.toSign,
      keyId: registered.key.id,
      signature: await signDocument(keys.secretKey, revised.toSign),
    });
    expect(accepted.displayStatus).toBe('locked');
    expect(accepted.changes).toEqual([]);
    expect(accepted.versions.map((v) => [v.version, v.kind])).toEqual([
      [1, 'submission'],
      [2, 'submission'],
      [3, 'revision'],
    ]);
    expect(accepted.table).toEqual(revised.live);

    // Exports of the locked report: XLSX laid out like the form, PDF, CSV with a byte-order mark.
    const xlsx = await reports.exportFile(province, key, 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as never);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell('A3').value).toBe('BÁO CÁO BIẾN ĐỘNG DÂN SỐ THÁNG CỦA XÃ');
    expect(sheet?.getCell('A4').value).toBe('Kỳ báo cáo: Tháng 12 năm 2025');
    expect(sheet?.getRow(7).values).toEqual([
      undefined,
      'Mã số',
      'Chỉ tiêu',
      'Đơn vị tính',
      'Tổng số',
      'Nam',
      'Nữ',
    ]);
    const deathsRow = accepted.table.rows.findIndex((r) => r.code === '5');
    expect(sheet?.getCell(9 + deathsRow, 2).value).toBe('Số người chết');
    expect(sheet?.getCell(9 + deathsRow, 4).value).toBe(deaths?.after);
    const pdf = await reports.exportFile(province, key, 'pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const csv = (await reports.exportFile(province, key, 'csv')).body as string;
    expect(csv.startsWith('\uFEFFMã số,Chỉ tiêu,Đơn vị tính,Tổng số,Nam,Nữ\r\n')).toBe(true);
    const v1 = await reports.exportFile(province, key, 'csv', 1);
    expect(v1.fileName).toBe(`DS-XA-THANG_${commune}_${MONTH}_v1.csv`);

    const monitoring = await reports.monitoring(province, {
      province: PROVINCE,
      form: 'DS-XA-THANG',
      year: YEAR,
    });
    const row = monitoring.communes.find((c) => c.code === commune);
    expect(row?.cells.find((c) => c.period === MONTH)).toMatchObject({ status: 'locked', onTime: false });
    expect(row).toMatchObject({ expected: 12, received: 1, onTime: 0 });
    expect(monitoring.totals.received).toBe(1);
    await expectCode(
      reports.monitoring(officer, { province: PROVINCE, form: 'DS-XA-THANG', year: YEAR }),
      'DANSO_ERR_OUT_OF_SCOPE',
    );
  }, 120_000);

  it('produces the province yearbook for the year as XLSX and PDF in the background, with progress', async () => {
    const waitFor = async (id: string, service = reports) => {
      let job = await service.yearbookJob(province, id);
      for (let i = 0; i < 1200 && job.status === 'running'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        job = await service.yearbookJob(province, id);
      }
      return job;
    };
    const started = await reports.startYearbook(province, { province: PROVINCE, year: YEAR, format: 'xlsx' });
    expect(started).toMatchObject({ status: 'running', fileName: null });
    expect(await waitFor(started.id)).toMatchObject({ status: 'done', progress: 1, step: 'done' });
    await expectCode(reports.yearbookJob(officer, started.id), 'DANSO_ERR_NOT_FOUND');
    await expectCode(
      reports.startYearbook(officer, { province: PROVINCE, year: YEAR, format: 'pdf' }),
      'DANSO_ERR_OUT_OF_SCOPE',
    );
    // The file is kept in the database: a server started again (another service) still serves it.
    const restarted = new ReportsService(t.database, new IndicatorsService(t.database), verifySignedBy);
    expect(await restarted.yearbookJob(province, started.id)).toMatchObject({
      status: 'done',
      fileName: `nien-giam-dan-so_${PROVINCE}_${YEAR}.xlsx`,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await restarted.yearbookFile(province, started.id)).body as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Niên giám', 'NG-01', 'NG-02', 'NG-03', 'XH']);
    expect(workbook.getWorksheet('Niên giám')?.getCell('A1').value).toBe(
      `NIÊN GIÁM THỐNG KÊ DÂN SỐ NĂM ${YEAR}`,
    );
    // Read the register again: the late death of the test before belongs to the year too.
    const total = expectedValues(await readRegister(t), { level: 'province', code: PROVINCE }, YEAR);
    const ng01 = workbook.getWorksheet('NG-01');
    expect(ng01?.getCell('B9').value).toBe('Dân số');
    expect(ng01?.getCell('D9').value).toBe(total.population_end);
    const ng03 = workbook.getWorksheet('NG-03');
    const totalColumn = ng03?.getRow(7).cellCount ?? 0;
    expect(ng03?.getCell(7, totalColumn).value).toBe('Toàn tỉnh');
    expect(ng03?.getCell(10, totalColumn).value).toBe(total.births); // row 2: births
    // Rankings: the communes by crude birth rate, largest first.
    const ranks = workbook.getWorksheet('XH');
    expect(ranks?.getCell('A3').value).toBe('Tỷ suất sinh thô (‰)');
    expect(ranks?.getCell('A5').value).toBe(1);
    const first = Number(ranks?.getCell('C5').value);
    const second = Number(ranks?.getCell('C6').value);
    expect(first).toBeGreaterThanOrEqual(second);

    // A job left running by a server that stopped is built again by the next one.
    const pdfJob = await reports.startYearbook(province, { province: PROVINCE, year: YEAR, format: 'pdf' });
    await reports.yearbooksSettled();
    await t.database.db
      .updateTable('yearbook_job')
      .set({ status: 'running', step: 'tables', progress: 0.3, body: null, file_name: null })
      .where('id', '=', pdfJob.id)
      .execute();
    await expectCode(restarted.yearbookFile(province, pdfJob.id), 'DANSO_ERR_NOT_FOUND');
    expect(await restarted.resumeYearbooks()).toBe(1);
    expect(await restarted.resumeYearbooks()).toBe(0); // already being built
    expect(await waitFor(pdfJob.id, restarted)).toMatchObject({ status: 'done' });
    const pdf = (await restarted.yearbookFile(province, pdfJob.id)).body;
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
    const text = (await (await document.getPage(1)).getTextContent()).items
      .map((item) => ('str' in item ? item.str : ''))
      .join(' ');
    expect(text).toContain(`NIÊN GIÁM THỐNG KÊ DÂN SỐ NĂM ${YEAR}`);
    expect(document.numPages).toBeGreaterThan(5);
    await document.destroy();
  }, 300_000);
});

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}
