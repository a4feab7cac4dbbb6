import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type Actor,
  ageInCompletedYears,
  type BirthDatePrecision,
  DomainError,
  defaultRegisterCodeLists,
  makeUuidV7,
  parsePeriod,
  standardAgeGroupOf,
  vietNamDate,
} from '@danso/domain';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { AuditService } from '../audit/audit.service.ts';
import { ChangesService } from '../changes/changes.service.ts';
import { seedProvince } from '../seed/index.ts';
import { IndicatorsService } from './indicators.service.ts';

/**
 * Every indicator of the catalogue, for a commune and the province, for a month, a quarter and a year, on
 * today's boundaries and on those valid then, equals the same indicator computed here directly from the
 * register — people, their validity intervals, the areas' commune history and the approved changes — after
 * about two and a half years of changes approved through the changes service.
 */

const PROVINCE = '20';
/** Today in Viet Nam, as the server counts it (a day ahead of UTC from 17:00 UTC). */
const today = vietNamDate(new Date());
const thisMonth = today.slice(0, 7);
const newId = () => makeUuidV7(Date.now(), randomBytes(10));

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthsFrom = (from: string, to: string) => {
  const list: string[] = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${pad(m)}` <= to; ) {
    list.push(`${y}-${pad(m)}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return list;
};
const lastDay = (month: string) => {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const yearsBefore = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
const previousMonth = (month: string) =>
  monthsFrom(`${Number(month.slice(0, 4)) - 1}-01`, month).at(-2) as string;

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
  residence: Array<{ person: string; household: string; area: string; from: string; to: string | null }>;
  statuses: Map<string, Array<{ kind: string; value: string; from: string; to: string | null }>>;
  householdKinds: Map<string, string>;
  areas: Map<string, { commune: string; province: string }>;
  history: Array<{ area: string; commune: string; from: string | null; to: string | null }>;
  units: Array<{ code: string; from: string; to: string | null; urbanity: string | null }>;
  changes: Array<{
    id: string;
    type: string;
    area: string;
    on: string;
    person: string | null;
    body: { payload: Record<string, unknown> };
  }>;
  closedBy: Map<string, number>;
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
  const areas = await sql<{ id: string; commune_code: string; province_code: string }>`
    SELECT id, commune_code, province_code FROM area WHERE province_code = ${PROVINCE}`.execute(db);
  const history = await sql<{
    area_id: string;
    commune_code: string;
    valid_from: string | null;
    valid_to: string | null;
  }>`
    SELECT area_id, commune_code, valid_from, valid_to FROM area_unit_history WHERE province_code = ${PROVINCE}`.execute(
    db,
  );
  const units = await sql<{
    code: string;
    valid_from: string;
    valid_to: string | null;
    urbanity: string | null;
  }>`
    SELECT code, valid_from, valid_to, urbanity FROM admin_unit WHERE level = 'commune'`.execute(db);
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
    })),
    statuses: new Map(),
    householdKinds: new Map(households.rows.map((h) => [h.id, h.kind])),
    areas: new Map(areas.rows.map((a) => [a.id, { commune: a.commune_code, province: a.province_code }])),
    history: history.rows.map((h) => ({
      area: h.area_id,
      commune: h.commune_code,
      from: h.valid_from,
      to: h.valid_to,
    })),
    units: units.rows.map((u) => ({
      code: u.code,
      from: u.valid_from,
      to: u.valid_to,
      urbanity: u.urbanity,
    })),
    changes: changes.rows.map((c) => ({
      id: c.id,
      type: c.type,
      area: c.area_id,
      on: c.occurred_on,
      person: c.person_id,
      body: c.body,
    })),
    closedBy: new Map(),
  };
  for (const s of statuses.rows) {
    const list = register.statuses.get(s.person_id) ?? [];
    list.push({ kind: s.kind, value: s.value, from: s.valid_from, to: s.valid_to });
    register.statuses.set(s.person_id, list);
  }
  for (const r of residence.rows) {
    if (r.closed_by) register.closedBy.set(r.closed_by, (register.closedBy.get(r.closed_by) ?? 0) + 1);
  }
  return register;
}

// --------------------------------------------------------------------- direct counts over the register

type Level = 'commune' | 'province';
interface Unit {
  level: Level;
  code: string;
  boundaries: 'current' | 'historical';
}

const holds = (i: { from: string | null; to: string | null }, day: string) =>
  (i.from === null || i.from <= day) && (i.to === null || i.to > day);

/** The unit an area is counted in during a month (its first day decides). */
function unitOfArea(register: Register, area: string, month: string, unit: Unit): string {
  const place = register.areas.get(area);
  if (!place) return '';
  if (unit.level === 'province') return place.province;
  if (unit.boundaries === 'current') return place.commune;
  const day = `${month}-01`;
  return register.history.find((h) => h.area === area && holds(h, day))?.commune ?? place.commune;
}

function urbanityOf(register: Register, area: string, month: string, unit: Unit): string {
  const place = register.areas.get(area);
  const day = `${month}-01`;
  const commune =
    unit.boundaries === 'current'
      ? place?.commune
      : (register.history.find((h) => h.area === area && holds(h, day))?.commune ?? place?.commune);
  const version =
    unit.boundaries === 'current'
      ? register.units.find((u) => u.code === commune && u.to === null)
      : register.units.find((u) => u.code === commune && u.from <= day && (u.to === null || u.to >= day));
  return version?.urbanity ?? 'unknown';
}

interface Snapshot {
  /** People by sex and single age, with the urbanity of their area. */
  people: Array<{ sex: number; age: number; urbanity: string }>;
  women: Array<{ group: string; married: boolean; methodGroup: string; urbanity: string }>;
  households: number;
}

/** Who lived in the unit at the end of `month`, counted on the boundaries of `boundariesOf`. */
function snapshot(register: Register, unit: Unit, month: string, boundariesOf: string): Snapshot {
  const day = lastDay(month);
  const people: Snapshot['people'] = [];
  const women: Snapshot['women'] = [];
  const households = new Set<string>();
  for (const r of register.residence) {
    if (!(r.from <= day && (r.to === null || r.to > day))) continue;
    if (unitOfArea(register, r.area, boundariesOf, unit) !== unit.code) continue;
    const person = register.persons.get(r.person);
    if (!person) continue;
    const age = ageInCompletedYears(person.birthDate, day);
    const urbanity = urbanityOf(register, r.area, boundariesOf, unit);
    people.push({ sex: person.sex, age, urbanity });
    households.add(r.household);
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
      women.push({
        group: `${Math.floor(age / 5) * 5}-${Math.floor(age / 5) * 5 + 4}`,
        married: marital === 'married',
        methodGroup: defaultRegisterCodeLists.contraceptiveMethod.byCode.get(method)?.group ?? 'unknown',
        urbanity,
      });
    }
  }
  return { people, women, households: households.size };
}

interface FlowEvent {
  type: string;
  n: number;
  sex?: number;
  order?: string;
  motherGroup?: string;
  ethnicity?: string;
  place?: string;
  childMarriage?: boolean;
  consanguineous?: boolean;
  urbanity: string;
}

function moveSide(place: Record<string, unknown> | undefined): string {
  if (!place) return 'unknown';
  if (place.country) return 'abroad';
  if (!place.provinceCode) return 'unknown';
  return place.provinceCode === PROVINCE ? 'same_province' : 'other_province';
}

function flows(register: Register, unit: Unit, month: string): FlowEvent[] {
  const events: FlowEvent[] = [];
  for (const c of register.changes) {
    if (c.on.slice(0, 7) !== month || unitOfArea(register, c.area, month, unit) !== unit.code) continue;
    const p = c.body.payload;
    const urbanity = urbanityOf(register, c.area, month, unit);
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
          n: 1,
          sex: p.sex as number,
          order: (p.birthOrder as number) >= 3 ? '3+' : String(p.birthOrder),
          motherGroup: standardAgeGroupOf(age).code,
          ethnicity: p.ethnicityCode as string,
          urbanity,
        });
        break;
      }
      case 'death':
        events.push({ type: 'death', n: 1, sex: register.persons.get(c.person ?? '')?.sex, urbanity });
        break;
      case 'move_in':
        events.push({ type: 'move_in', n: 1, place: moveSide(p.from as Record<string, unknown>), urbanity });
        break;
      case 'move_out': {
        const n = p.scope === 'household' ? (register.closedBy.get(c.id) ?? 0) : 1;
        events.push({
          type: 'move_out',
          n,
          place: moveSide(p.destination as Record<string, unknown>),
          urbanity,
        });
        break;
      }
      case 'marriage':
        events.push({
          type: 'marriage',
          n: 1,
          childMarriage: p.childMarriage as boolean,
          consanguineous: p.consanguineous as boolean,
          urbanity,
        });
        break;
      case 'elderly_check':
        events.push({ type: c.type, n: 1, sex: register.persons.get(c.person ?? '')?.sex, urbanity });
        break;
      default:
        events.push({ type: c.type, n: 1, urbanity });
    }
  }
  return events;
}

type Expected = Record<string, number | null>;
const ratio = (a: number, b: number, k = 1) => (b === 0 ? null : (a / b) * k);

/** The indicators of the catalogue, computed directly (formulas written out again, independently). */
function expectedIndicators(
  register: Register,
  unit: Unit,
  period: string,
  keep: { sex?: number; urbanity?: string; ethnicity?: string } = {},
): Expected {
  const { months, years } = parsePeriod(period);
  const list = months.map((m) => m.slice(0, 7));
  const first = list[0] as string;
  const inUrbanity = (x: { urbanity: string }) => keep.urbanity === undefined || x.urbanity === keep.urbanity;
  const snaps = [
    snapshot(register, unit, previousMonth(first), first),
    ...list.map((m) => snapshot(register, unit, m, m)),
  ].map((s) => ({
    ...s,
    people: s.people.filter((p) => (keep.sex === undefined || p.sex === keep.sex) && inUrbanity(p)),
    women: s.women.filter((w) => (keep.sex === undefined || keep.sex === 2) && inUrbanity(w)),
  }));
  const start = snaps[0] as Snapshot;
  const end = snaps.at(-1) as Snapshot;
  const k = list.length;
  const mean = (count: (s: Snapshot) => number) =>
    (count(start) / 2 + snaps.slice(1, -1).reduce((s, x) => s + count(x), 0) + count(end) / 2) / k;
  const events = list
    .flatMap((m) => flows(register, unit, m))
    .filter(
      (e) =>
        (keep.sex === undefined || e.sex === keep.sex) &&
        (keep.ethnicity === undefined || e.ethnicity === keep.ethnicity) &&
        inUrbanity(e),
    );
  const count = (type: string, test: (e: FlowEvent) => boolean = () => true) =>
    events.filter((e) => e.type === type && test(e)).reduce((s, e) => s + e.n, 0);

  const B = count('birth');
  const D = count('death');
  const crossing = (e: FlowEvent) => unit.level !== 'province' || e.place !== 'same_province';
  const I = count('move_in', crossing);
  const O = count('move_out', crossing);
  const P = mean((s) => s.people.length);
  const PY = P * years;
  const people = (s: Snapshot, test: (p: Snapshot['people'][number]) => boolean) =>
    s.people.filter(test).length;
  const endAge = (test: (age: number) => boolean) => people(end, (p) => test(p.age));
  const groups = ['15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49'];
  const W = mean((s) => s.women.length);
  const married = end.women.filter((w) => w.married);
  const tfrParts = groups.map((g) => {
    const women = mean((s) => s.women.filter((w) => w.group === g).length);
    return women === 0 ? null : count('birth', (e) => e.motherGroup === g) / (women * years);
  });
  const byAge = new Map<number, number>();
  for (const p of end.people) byAge.set(p.age, (byAge.get(p.age) ?? 0) + 1);
  const at = (age: number) => byAge.get(age) ?? 0;
  const total = end.people.length;
  let median: number | null = null;
  for (let age = 0, below = 0; total > 0 && age <= 200; age++) {
    if (below + at(age) >= total / 2 && at(age) > 0) {
      median = age + (total / 2 - below) / at(age);
      break;
    }
    below += at(age);
  }
  let heaped = 0;
  let around = 0;
  for (let x = 25; x <= 60; x += 5) {
    heaped += at(x);
    for (let y = x - 2; y <= x + 2; y++) around += at(y);
  }
  const blended = Array.from({ length: 10 }, (_, j) => {
    let withoutLast = 0;
    let withoutFirst = 0;
    for (let decade = 0; decade < 8; decade++) {
      if (decade < 7) withoutLast += at(10 + j + 10 * decade);
      if (decade > 0) withoutFirst += at(10 + j + 10 * decade);
    }
    return (j + 1) * withoutLast + (9 - j) * withoutFirst;
  });
  const blendedTotal = blended.reduce((s, v) => s + v, 0);
  const startTotal = start.people.length;

  return {
    POP: total,
    HOUSEHOLDS: end.households,
    HH_SIZE: ratio(total, end.households),
    BIRTHS: B,
    DEATHS: D,
    MWRA: married.length,
    CBR: ratio(B, PY, 1000),
    CDR: ratio(D, PY, 1000),
    RNI: ratio(B - D, PY, 1000),
    IN_MIGRATION: ratio(I, PY, 1000),
    OUT_MIGRATION: ratio(O, PY, 1000),
    NET_MIGRATION: ratio(I - O, PY, 1000),
    GROWTH: ratio(B - D + I - O, PY, 1000),
    GROWTH_EXP: startTotal > 0 && total > 0 ? (Math.log(total / startTotal) / years) * 100 : null,
    GFR: ratio(B, W * years, 1000),
    ASFR: null,
    TFR: tfrParts.some((x) => x === null) ? null : 5 * tfrParts.reduce((s: number, x) => s + (x ?? 0), 0),
    SRB: ratio(
      count('birth', (e) => e.sex === 1),
      count('birth', (e) => e.sex === 2),
      100,
    ),
    SEX_RATIO: ratio(
      people(end, (p) => p.sex === 1),
      people(end, (p) => p.sex === 2),
      100,
    ),
    BIRTHS_3PLUS: ratio(
      count('birth', (e) => e.order === '3+'),
      B,
      100,
    ),
    BIRTHS_UNDER20: ratio(
      count('birth', (e) => e.motherGroup === '10-14' || e.motherGroup === '15-19'),
      B,
      100,
    ),
    CPR: ratio(
      married.filter((w) => w.methodGroup === 'modern' || w.methodGroup === 'traditional').length,
      married.length,
      100,
    ),
    CPR_MODERN: ratio(married.filter((w) => w.methodGroup === 'modern').length, married.length, 100),
    DEPENDENCY_CHILD: ratio(
      endAge((a) => a < 15),
      endAge((a) => a >= 15 && a < 65),
      100,
    ),
    DEPENDENCY_OLD: ratio(
      endAge((a) => a >= 65),
      endAge((a) => a >= 15 && a < 65),
      100,
    ),
    DEPENDENCY_TOTAL: ratio(
      endAge((a) => a < 15 || a >= 65),
      endAge((a) => a >= 15 && a < 65),
      100,
    ),
    AGEING_INDEX: ratio(
      endAge((a) => a >= 60),
      endAge((a) => a < 15),
      100,
    ),
    MEDIAN_AGE: median,
    CHILD_MARRIAGE: ratio(
      count('marriage', (e) => e.childMarriage === true),
      count('marriage'),
      100,
    ),
    CONSANGUINEOUS_MARRIAGE: ratio(
      count('marriage', (e) => e.consanguineous === true),
      count('marriage'),
      100,
    ),
    PRENATAL_SCREENING: ratio(count('prenatal_screening'), B, 100),
    NEWBORN_SCREENING: ratio(count('newborn_screening'), B, 100),
    ELDERLY_CHECK: ratio(
      count('elderly_check'),
      mean((s) => people(s, (p) => p.age >= 60)),
      100,
    ),
    WHIPPLE: around === 0 ? null : (100 * heaped) / (around / 5),
    MYERS:
      blendedTotal === 0
        ? null
        : blended.reduce((s, v) => s + Math.abs((100 * v) / blendedTotal - 10), 0) / 2,
  };
}

function expectClose(actual: number | null, expected: number | null | undefined, label: string) {
  if (expected === null || expected === undefined) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(expected)),
  );
}

// ----------------------------------------------------------------------------------- the changes

describe.each(engines)('indicators equal direct counts over the register on %s', (engine) => {
  let t: TestDatabase;
  let changes: ChangesService;
  let indicators: IndicatorsService;
  let officer: Actor;
  /** The commune officers who enter and approve each commune's changes. */
  const communeOfficers = new Map<string, Actor>();
  let commune = '';
  let otherCommune = '';
  let oldCommune = '';
  const random = mulberry32(2026);
  const pick = <T>(list: readonly T[]): T | null =>
    list.length === 0 ? null : (list[Math.floor(random() * list.length)] as T);
  let approved = 0;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: PROVINCE, people: 1100, seed: 11 });
    const user = await t.database.db
      .selectFrom('app_user')
      .select(['id'])
      .where('username', '=', `tinh.${PROVINCE}`)
      .executeTakeFirstOrThrow();
    officer = {
      userId: user.id,
      role: 'province_officer',
      scope: { kind: 'province', provinceCode: PROVINCE },
    };
    changes = new ChangesService(t.database, new AuditService(t.database));
    indicators = new IndicatorsService(t.database);
    const largest = await sql<{ commune_code: string }>`
      SELECT commune_code FROM person WHERE province_code = ${PROVINCE} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`.execute(
      t.database.db,
    );
    commune = largest.rows[0]?.commune_code ?? '';
    const old = await sql<{ commune_code: string }>`
      SELECT h.commune_code FROM area_unit_history h JOIN area a ON a.id = h.area_id
      WHERE a.commune_code = ${commune} AND h.valid_to IS NOT NULL ORDER BY a.number LIMIT 1`.execute(
      t.database.db,
    );
    oldCommune = old.rows[0]?.commune_code ?? '';
    expect(oldCommune).toMatch(/^\d{5}$/);
    const officers = await sql<{ id: string; scope_commune_code: string }>`
      SELECT id, scope_commune_code FROM app_user WHERE role = 'commune_officer' AND scope_province_code = ${PROVINCE}
      ORDER BY username`.execute(t.database.db);
    for (const o of officers.rows) {
      communeOfficers.set(o.scope_commune_code, {
        userId: o.id,
        role: 'commune_officer',
        scope: { kind: 'commune', provinceCode: PROVINCE, communeCode: o.scope_commune_code },
      });
    }
    otherCommune = [...communeOfficers.keys()].find((c) => c !== commune) ?? commune;
    for (const month of monthsFrom('2024-01', thisMonth)) await simulateMonth(month, 8);
  }, 900_000);
  afterAll(async () => {
    await t?.drop();
  });

  interface Candidate {
    id: string;
    household_id: string;
    birth_date: string;
    sex: number;
    marital_status: string;
    contraceptive_method: string | null;
    full_name: string;
  }

  /** People living in a commune on a date, chosen among by a filter. */
  async function candidates(
    on: string,
    where: RawBuilder<unknown>,
    communeCode: string,
  ): Promise<Candidate[]> {
    const rows = await sql<Candidate>`
      SELECT p.id, p.household_id, p.birth_date, p.sex, p.marital_status, p.contraceptive_method, p.full_name
      FROM person p JOIN residence_interval r ON r.person_id = p.id AND r.valid_to IS NULL AND r.valid_from <= ${on}::date
      WHERE p.province_code = ${PROVINCE} AND p.vital_status = 'alive' AND p.presence = 'present'
        AND p.merged_into_id IS NULL AND p.birth_date <= ${on}::date
        AND p.commune_code = ${communeCode}
        AND ${where}
      ORDER BY p.id`.execute(t.database.db);
    return rows.rows;
  }

  const ageBetween = (on: string, min: number, max: number) =>
    sql`p.birth_date > ${yearsBefore(on, max + 1)}::date AND p.birth_date <= ${yearsBefore(on, min)}::date`;

  async function changeFor(kind: string, on: string, author: Actor): Promise<Record<string, unknown> | null> {
    const communeCode = author.scope.kind === 'commune' ? author.scope.communeCode : '';
    const base = {
      id: newId(),
      authorId: author.userId,
      occurredOn: on,
      recordedAt: new Date().toISOString(),
      baseVersion: 0,
    };
    const person = async (where: RawBuilder<unknown>) => pick(await candidates(on, where, communeCode));
    const about = (p: Candidate, type: string, payload: Record<string, unknown>) => ({
      ...base,
      type,
      householdId: p.household_id,
      personId: p.id,
      payload,
    });
    const wife = sql`p.sex = 2 AND p.marital_status = 'married' AND ${ageBetween(on, 16, 47)}`;
    switch (kind) {
      case 'birth': {
        const mother = await person(
          sql`${wife} AND p.birth_date_precision = 'day' AND ${ageBetween(on, 16, 44)}`,
        );
        if (!mother) return null;
        return {
          ...base,
          type: 'birth',
          householdId: mother.household_id,
          personId: newId(),
          payload: {
            fullName: 'Hoàng Văn An',
            sex: random() < 0.53 ? 1 : 2,
            ethnicityCode: pick(['01', '02', '07']),
            relationToHead: 'grandchild',
            birthPlace: pick(['health_station', 'hospital', 'home']),
            birthOrder: 1 + Math.floor(random() * 4),
            mother: {
              personId: mother.id,
              fullName: mother.full_name,
              birthDate: mother.birth_date,
              birthDatePrecision: 'day',
            },
          },
        };
      }
      case 'death': {
        const p = await person(sql`true`);
        return p && about(p, 'death', {});
      }
      case 'move_in': {
        const host = await person(sql`true`);
        if (!host) return null;
        const age = Math.floor(random() * 70);
        return {
          ...base,
          type: 'move_in',
          householdId: host.household_id,
          personId: newId(),
          payload: {
            person: {
              fullName: 'Nông Thị Hoa',
              relationToHead: 'other',
              sex: random() < 0.5 ? 1 : 2,
              birthDate: yearsBefore(`${on.slice(0, 8)}01`, age + 1),
              birthDatePrecision: 'day',
              ethnicityCode: '02',
              maritalStatus: age >= 25 && random() < 0.6 ? 'married' : 'never_married',
              residenceStatus: random() < 0.5 ? 'permanent' : 'temporary',
            },
            from: pick([{ provinceCode: PROVINCE }, { provinceCode: '04' }, { country: 'Trung Quốc' }]),
          },
        };
      }
      case 'move_out': {
        const p = await person(sql`true`);
        return (
          p &&
          about(p, 'move_out', {
            scope: 'person',
            destination: pick([
              { provinceCode: PROVINCE },
              { provinceCode: '01' },
              { description: 'không rõ' },
            ]),
          })
        );
      }
      case 'move_out_household': {
        const p = await person(sql`true`);
        return (
          p && {
            ...base,
            type: 'move_out',
            householdId: p.household_id,
            payload: {
              scope: 'household',
              destination: pick([{ provinceCode: PROVINCE }, { provinceCode: '79' }]),
            },
          }
        );
      }
      case 'marriage': {
        const p = await person(sql`p.marital_status = 'never_married' AND ${ageBetween(on, 16, 40)}`);
        if (!p) return null;
        const age = ageInCompletedYears(p.birth_date, on);
        return about(p, 'marriage', {
          spouse: {
            fullName: 'Vợ hoặc chồng',
            sex: p.sex === 1 ? 2 : 1,
            birthDate: '1996-06-06',
            birthDatePrecision: 'day',
          },
          childMarriage: age < (p.sex === 2 ? 18 : 20),
          consanguineous: random() < 0.2,
        });
      }
      case 'divorce': {
        const p = await person(sql`p.marital_status = 'married'`);
        return p && about(p, 'divorce', {});
      }
      case 'contraception_start': {
        const p = await person(sql`${wife} AND p.contraceptive_method IS NULL`);
        return (
          p &&
          about(p, 'contraception_start', {
            method: pick(['iud', 'pill', 'condom', 'implant', 'traditional']),
            livingChildren: 2,
            site: 'health_station',
          })
        );
      }
      case 'contraception_stop': {
        const p = await person(sql`p.contraceptive_method IS NOT NULL`);
        return p && about(p, 'contraception_stop', { method: p.contraceptive_method });
      }
      case 'pregnancy_event': {
        const p = await person(wife);
        return p && about(p, 'pregnancy_event', { kind: 'pregnant', pregnancyNumber: 1 });
      }
      case 'prenatal_screening': {
        const p = await person(wife);
        return (
          p &&
          about(p, 'prenatal_screening', {
            gestationWeeks: 12,
            tests: [{ test: 'down_syndrome', result: 'low_risk' }],
            site: 'health_station',
          })
        );
      }
      case 'newborn_screening': {
        const p = await person(ageBetween(on, 0, 0));
        return (
          p &&
          about(p, 'newborn_screening', {
            tests: [{ test: 'congenital_hypothyroidism', result: 'low_risk' }],
            site: 'hospital',
          })
        );
      }
      case 'elderly_check': {
        const p = await person(ageBetween(on, 60, 110));
        return p && about(p, 'elderly_check', { site: 'health_station' });
      }
      case 'premarital_check': {
        const p = await person(sql`p.marital_status = 'never_married' AND ${ageBetween(on, 18, 40)}`);
        return (
          p &&
          about(p, 'premarital_check', {
            counselling: true,
            healthCheck: random() < 0.5,
            site: 'health_station',
          })
        );
      }
      case 'void': {
        const targets = await sql<{ id: string; household_id: string; person_id: string | null }>`
          SELECT id, household_id, person_id FROM change_record
          WHERE status = 'approved' AND corrected_by_change_id IS NULL AND occurred_on <= ${on}::date
            AND commune_code = ${communeCode}
            AND type IN ('birth', 'death', 'marriage', 'move_in', 'elderly_check', 'contraception_start')
          ORDER BY id`.execute(t.database.db);
        const target = pick(targets.rows);
        return (
          target && {
            ...base,
            type: 'correction',
            householdId: target.household_id,
            ...(target.person_id ? { personId: target.person_id } : {}),
            payload: { action: 'void', correctsChangeId: target.id, reason: 'Ghi nhầm.' },
          }
        );
      }
      default:
        throw new Error(kind);
    }
  }

  const kinds: Array<[string, number]> = [
    ['birth', 3],
    ['death', 1],
    ['move_in', 1.2],
    ['move_out', 0.8],
    ['move_out_household', 0.15],
    ['marriage', 1],
    ['divorce', 0.2],
    ['contraception_start', 1.2],
    ['contraception_stop', 0.4],
    ['pregnancy_event', 0.5],
    ['prenatal_screening', 0.8],
    ['newborn_screening', 0.6],
    ['elderly_check', 1],
    ['premarital_check', 0.3],
    ['void', 0.2],
  ];
  const totalWeight = kinds.reduce((s, [, w]) => s + w, 0);
  const kindAt = (x: number): string => {
    let below = 0;
    for (const [kind, weight] of kinds) {
      below += weight;
      if (x < below) return kind;
    }
    return 'birth';
  };

  async function approve(author: Actor, change: Record<string, unknown>) {
    try {
      const { change: submitted } = await changes.submit(author, change);
      const acknowledgedRules = submitted.ruleResults
        .filter((r) => r.severity === 'warning')
        .map((r) => ({ code: r.code, path: r.path }));
      const reviewed = await changes.review(author, submitted.id, { action: 'approve', acknowledgedRules });
      if (reviewed.status === 'approved') approved += 1;
    } catch (error) {
      const expected = ['DANSO_ERR_CHANGE_INVALID', 'DANSO_ERR_CORRECTION_UNSUPPORTED'];
      if (!(error instanceof DomainError) || !expected.includes(error.code)) throw error;
    }
  }

  /** About `count` changes dated in the month, in date order, most of them in the commune. */
  async function simulateMonth(month: string, count: number) {
    const lastDayAllowed = month === thisMonth ? Number(today.slice(8, 10)) : 28;
    const days = Array.from({ length: count }, () => 1 + Math.floor(random() * lastDayAllowed)).sort(
      (a, b) => a - b,
    );
    for (const day of days) {
      const kind = kindAt(random() * totalWeight);
      const author = communeOfficers.get(random() < 0.75 ? commune : otherCommune) as Actor;
      const change = await changeFor(kind, `${month}-${pad(day)}`, author);
      if (change) await approve(author, change);
    }
  }

  const lastFull = monthsFrom('2024-01', thisMonth).at(-2) as string;
  const lastQuarter = (() => {
    const [y, m] = [Number(lastFull.slice(0, 4)), Number(lastFull.slice(5, 7))];
    const q = Math.floor((m - 1) / 3) + 1;
    return m % 3 === 0 ? `${y}-Q${q}` : q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  })();
  const lastYear = String(Number(thisMonth.slice(0, 4)) - 1);
  const codes = () => indicators.describe(officer).indicators.map((i) => i.code);

  async function compare(unit: Unit, period: string) {
    const register = await readRegister(t);
    const expected = expectedIndicators(register, unit, period);
    const actual = await indicators.values(officer, { unit: unit.code, period, boundaries: unit.boundaries });
    expect(actual.items.map((i) => i.code).sort()).toEqual(codes().sort());
    for (const item of actual.items) {
      expectClose(
        item.value,
        expected[item.code],
        `${item.code} of ${unit.code} ${unit.boundaries} ${period}`,
      );
    }
    return { expected, actual };
  }

  it('approved a realistic history: every kind of change, in every month', () => {
    expect(approved).toBeGreaterThan(150);
  });

  for (const [label, period] of [
    ['month', () => lastFull],
    ['quarter', () => lastQuarter],
    ['year', () => lastYear],
  ] as const) {
    it(`equal direct counts for the commune and the province, ${label}, today's boundaries`, async () => {
      const commune_ = await compare({ level: 'commune', code: commune, boundaries: 'current' }, period());
      const province = await compare({ level: 'province', code: PROVINCE, boundaries: 'current' }, period());
      // Not vacuous: the year saw births, deaths, moves and marriages.
      if (label === 'year') {
        for (const code of [
          'BIRTHS',
          'DEATHS',
          'CBR',
          'IN_MIGRATION',
          'OUT_MIGRATION',
          'CHILD_MARRIAGE',
          'CPR',
          'TFR',
        ]) {
          expect(province.expected[code], code).toBeGreaterThan(0);
        }
      }
      expect(commune_.expected.POP).toBeGreaterThan(0);
    }, 300_000);
  }

  for (const [label, period] of [
    ['month', '2025-05'],
    ['quarter', '2025-Q2'],
    ['year', '2024'],
    ['year across the reform', '2025'],
  ] as const) {
    it(`equal direct counts for a former commune and the province, ${label}, boundaries valid then`, async () => {
      const former = await compare({ level: 'commune', code: oldCommune, boundaries: 'historical' }, period);
      await compare({ level: 'province', code: PROVINCE, boundaries: 'historical' }, period);
      expect(former.actual.unit.name).not.toBe('');
      if (label !== 'year across the reform') expect(former.expected.POP).toBeGreaterThan(0);
      else expect(former.expected.POP).toBe(0); // the former commune no longer exists at the end of 2025
    }, 300_000);
  }

  it('splits by sex, age group, urban/rural and ethnicity as a direct count does', async () => {
    const register = await readRegister(t);
    const province: Unit = { level: 'province', code: PROVINCE, boundaries: 'current' };
    const bySex = await indicators.values(officer, {
      unit: PROVINCE,
      period: lastYear,
      codes: 'CDR,POP',
      breakdown: 'sex',
    });
    for (const sex of [1, 2]) {
      const expected = expectedIndicators(register, province, lastYear, { sex });
      for (const item of bySex.items) {
        const category = item.categories?.find((c) => c.category === String(sex));
        expectClose(category?.value ?? null, expected[item.code], `${item.code} sex ${sex}`);
      }
    }
    const byUrbanity = await indicators.values(officer, {
      unit: PROVINCE,
      period: lastYear,
      codes: 'CBR,HH_SIZE',
      breakdown: 'urbanity',
    });
    for (const item of byUrbanity.items) {
      expect(item.categories?.length).toBeGreaterThan(0);
      for (const category of item.categories ?? []) {
        const expected = expectedIndicators(register, province, lastYear, { urbanity: category.category });
        expectClose(category.value, expected[item.code], `${item.code} ${category.category}`);
      }
    }
    const byEthnicity = await indicators.values(officer, {
      unit: PROVINCE,
      period: lastYear,
      codes: 'SRB',
      breakdown: 'ethnicity',
    });
    const srb = byEthnicity.items[0]?.categories ?? [];
    expect(srb.length).toBeGreaterThan(1);
    for (const category of srb) {
      const expected = expectedIndicators(register, province, lastYear, { ethnicity: category.category });
      expectClose(category.value, expected.SRB, `SRB ethnicity ${category.category}`);
    }
    const asfr = await indicators.values(officer, { unit: PROVINCE, period: lastYear, codes: 'ASFR,TFR' });
    const expected = expectedIndicators(register, province, lastYear);
    const sum = (asfr.items[0]?.categories ?? []).reduce((s, c) => s + (c.value ?? 0), 0);
    expectClose((5 * sum) / 1000, expected.TFR, 'TFR = 5 Σ ASFR');
    expectClose(asfr.items[1]?.value ?? null, expected.TFR, 'TFR');
  }, 300_000);

  it('keeps past months current when more changes of those months are approved', async () => {
    // The months of 2024 are already computed (the tests above read them); now changes dated then arrive.
    for (const month of ['2024-03', '2024-09']) await simulateMonth(month, 6);
    await compare({ level: 'commune', code: commune, boundaries: 'current' }, '2024');
    await compare({ level: 'commune', code: oldCommune, boundaries: 'historical' }, '2024');
  }, 300_000);

  it('ranks the communes of the province by a direct count', async () => {
    const register = await readRegister(t);
    const ranking = await indicators.ranking(officer, {
      province: PROVINCE,
      code: 'SEX_RATIO',
      period: lastYear,
    });
    const communes = [...new Set([...register.areas.values()].map((a) => a.commune))];
    for (const code of communes) {
      const expected = expectedIndicators(
        register,
        { level: 'commune', code, boundaries: 'current' },
        lastYear,
      );
      const item = ranking.items.find((i) => i.unitCode === code);
      expectClose(item?.value ?? null, expected.SEX_RATIO, `SEX_RATIO ${code}`);
    }
    const values = ranking.items.filter((i) => i.value !== null).map((i) => i.value as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(ranking.items[0]?.rank).toBe(1);
  }, 300_000);

  it('reads aggregates only, never the register', async () => {
    const source = await readFile(path.join(import.meta.dirname, 'indicators.repository.ts'), 'utf8');
    expect(source).not.toMatch(
      /\b(FROM|JOIN)\s+(person|residence_interval|status_interval|household|change_record)\b/i,
    );
    expect(source).toMatch(/FROM \$\{sql\.table\(table\)\}/);
  });
});
