import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { type BirthCount, type BySex, type EventCount, OPEN_AGE } from './rates.ts';

/** A commune or a whole province. */
export type UnitPlace = { provinceCode: string; communeCode: string | null };

export interface UnitRow {
  code: string;
  name: string;
  level: 'province' | 'commune';
  provinceCode: string;
}

/** A province or commune valid today. */
export async function findUnit(ex: Executor, code: string): Promise<UnitRow | null> {
  const row = await ex
    .selectFrom('admin_unit')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', '=', code)
    .where('valid_to', 'is', null)
    .where('level', 'in', ['province', 'commune'])
    .executeTakeFirst();
  if (!row) return null;
  return {
    code: row.code,
    name: row.name,
    level: row.level as 'province' | 'commune',
    provinceCode: row.level === 'province' ? row.code : (row.parent_code ?? ''),
  };
}

function placeFilter(place: UnitPlace, alias: string) {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return place.communeCode
    ? sql`${column('commune_code')} = ${place.communeCode}`
    : sql`${column('province_code')} = ${place.provinceCode}`;
}

const emptyBySex = (): BySex<number[]> => ({
  male: new Array<number>(OPEN_AGE + 1).fill(0),
  female: new Array<number>(OPEN_AGE + 1).fill(0),
});

function bySexAge(rows: ReadonlyArray<{ sex: number; age: number; n: number }>): BySex<number[]> {
  const result = emptyBySex();
  for (const row of rows) {
    const list = row.sex === 1 ? result.male : row.sex === 2 ? result.female : null;
    if (!list) continue;
    const age = Math.min(Math.max(row.age, 0), OPEN_AGE);
    list[age] = (list[age] ?? 0) + row.n;
  }
  return result;
}

/**
 * People by sex and single age (100 and over together) living in the unit on a date, from the residence
 * intervals alone (they carry the person's sex and birth date).
 */
export async function populationOn(ex: Executor, place: UnitPlace, date: string): Promise<BySex<number[]>> {
  const result = await sql<{ sex: number; age: number; n: number }>`
    WITH born AS (
      SELECT r.sex, r.birth_date, count(*) AS k
      FROM residence_interval r
      WHERE r.valid_from <= ${date}::date AND (r.valid_to IS NULL OR r.valid_to > ${date}::date)
        AND ${placeFilter(place, 'r')}
      GROUP BY 1, 2
    )
    SELECT sex, extract(year FROM age(${date}::date, birth_date))::int AS age, sum(k)::int AS n
    FROM born GROUP BY 1, 2`.execute(ex);
  return bySexAge(result.rows);
}

/** The calendar year of a 'YYYY-MM-DD' date. */
const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * Person-years lived in the unit in [from, to) by sex and single age, from the residence intervals (which
 * carry the person's sex and birth date): each stay is cut at the window's ends and at the person's
 * birthdays; days / 365.25.
 */
export async function personYears(
  ex: Executor,
  place: UnitPlace,
  from: string,
  to: string,
): Promise<BySex<number[]>> {
  // A stay in [from, to) passes at most this many birthdays: its ages are its first age plus 0 … this. A
  // series with constant bounds is one the planner counts right; one per stay it guesses at 1,000 rows, and
  // the cost it then expects has a province's run spend a second compiling the query (JIT).
  const birthdays = yearOf(to) - yearOf(from) + 1;
  const result = await sql<{ sex: number; age: number; n: number }>`
    WITH stays AS (
      SELECT r.sex, r.birth_date,
             greatest(r.valid_from, ${from}::date, r.birth_date) AS s,
             least(coalesce(r.valid_to, ${to}::date), ${to}::date) AS e
      FROM residence_interval r
      WHERE r.valid_from < ${to}::date AND (r.valid_to IS NULL OR r.valid_to > ${from}::date)
        AND ${placeFilter(place, 'r')}
    ), alike AS (
      -- Most stays span the whole window: counting alike stays first leaves far fewer to cut at birthdays.
      SELECT sex, birth_date, s, e, count(*) AS k,
             extract(year FROM age(s, birth_date))::int AS first_age,
             extract(year FROM age(e - 1, birth_date))::int AS last_age
      FROM stays WHERE e > s GROUP BY 1, 2, 3, 4
    ), by_age AS (
      SELECT sex, s, e, k, first_age + a.passed AS age,
             (birth_date + make_interval(years => first_age + a.passed))::date AS turns,
             (birth_date + make_interval(years => first_age + a.passed + 1))::date AS next
      FROM alike CROSS JOIN generate_series(0, ${birthdays}::int) AS a(passed)
      WHERE first_age + a.passed <= last_age
    )
    SELECT sex, least(age, ${OPEN_AGE})::int AS age,
           (sum(k * (least(e, next) - greatest(s, turns))) / 365.25)::float8 AS n
    FROM by_age GROUP BY 1, 2`.execute(ex);
  return bySexAge(result.rows);
}

/** The first month with an approved event in the unit: when the register began to record. */
export async function firstEventMonth(ex: Executor, place: UnitPlace): Promise<string | null> {
  const result = await sql<{ month: string | null }>`
    SELECT min(f.month) AS month FROM flow_count f WHERE ${placeFilter(place, 'f')} AND f.n > 0`.execute(ex);
  return result.rows[0]?.month ?? null;
}

const personEvents = { death: null, move_in: 'origin', move_out: 'destination' } as const;

/**
 * Deaths or moves in [fromMonth, toMonth) by sex and age group. For a province, moves between its own
 * communes are not migration and are left out.
 */
export async function eventCounts(
  ex: Executor,
  place: UnitPlace,
  event: keyof typeof personEvents,
  fromMonth: string,
  toMonth: string,
): Promise<EventCount[]> {
  const placeDim = personEvents[event];
  const internal =
    placeDim && !place.communeCode ? sql`AND coalesce(f.dims->>${placeDim}, '') <> 'same_province'` : sql``;
  const result = await sql<EventCount>`
    SELECT f.dims->>'sex' AS sex, f.dims->>'ageGroup' AS "group", sum(f.n)::float8 AS n
    FROM flow_count f
    WHERE ${placeFilter(place, 'f')} AND f.event = ${event}
      AND f.month >= ${fromMonth}::date AND f.month < ${toMonth}::date ${internal}
    GROUP BY 1, 2`.execute(ex);
  return result.rows;
}

export async function birthCounts(
  ex: Executor,
  place: UnitPlace,
  fromMonth: string,
  toMonth: string,
): Promise<BirthCount[]> {
  const result = await sql<BirthCount>`
    SELECT f.dims->>'motherAgeGroup' AS "motherGroup", f.dims->>'sex' AS sex, sum(f.n)::float8 AS n
    FROM flow_count f
    WHERE ${placeFilter(place, 'f')} AND f.event = 'birth'
      AND f.month >= ${fromMonth}::date AND f.month < ${toMonth}::date
    GROUP BY 1, 2`.execute(ex);
  return result.rows;
}

// ---------------------------------------------------------------------------------------------- scenarios

export interface ScenarioRow {
  id: string;
  unit_code: string;
  name: string;
  fertility_factor: number;
  mortality_factor: number;
  migration_factor: number;
  created_at: Date;
}

export async function scenariosOf(ex: Executor, unitCode: string): Promise<ScenarioRow[]> {
  return ex
    .selectFrom('projection_scenario')
    .select([
      'id',
      'unit_code',
      'name',
      'fertility_factor',
      'mortality_factor',
      'migration_factor',
      'created_at',
    ])
    .where('unit_code', '=', unitCode)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
}

export async function scenarioNameTaken(ex: Executor, unitCode: string, name: string): Promise<boolean> {
  const row = await ex
    .selectFrom('projection_scenario')
    .select('id')
    .where('unit_code', '=', unitCode)
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertScenario(
  ex: Executor,
  row: {
    id: string;
    place: UnitPlace;
    unitCode: string;
    name: string;
    fertility: number;
    mortality: number;
    migration: number;
    createdBy: string;
  },
): Promise<ScenarioRow> {
  return ex
    .insertInto('projection_scenario')
    .values({
      id: row.id,
      province_code: row.place.provinceCode,
      commune_code: row.place.communeCode,
      unit_code: row.unitCode,
      name: row.name,
      fertility_factor: row.fertility,
      mortality_factor: row.mortality,
      migration_factor: row.migration,
      created_by: row.createdBy,
    })
    .returning([
      'id',
      'unit_code',
      'name',
      'fertility_factor',
      'mortality_factor',
      'migration_factor',
      'created_at',
    ])
    .executeTakeFirstOrThrow();
}

// -------------------------------------------------------------------------------------------------- runs

export async function insertRun(
  ex: Executor,
  row: {
    id: string;
    place: UnitPlace;
    unitCode: string;
    baseDate: string;
    horizon: number;
    createdBy: string;
    result: unknown;
  },
): Promise<void> {
  await ex
    .insertInto('projection_run')
    .values({
      id: row.id,
      province_code: row.place.provinceCode,
      commune_code: row.place.communeCode,
      unit_code: row.unitCode,
      base_date: row.baseDate,
      horizon: row.horizon,
      created_by: row.createdBy,
      result: JSON.stringify(row.result),
    })
    .execute();
}

export async function findRun(
  ex: Executor,
  id: string,
): Promise<{ province_code: string; commune_code: string | null; result: unknown } | null> {
  const row = await ex
    .selectFrom('projection_run')
    .select(['province_code', 'commune_code', 'result'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}
