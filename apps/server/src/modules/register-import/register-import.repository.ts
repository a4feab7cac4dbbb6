import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { REFORM_DATE, refreshStock, runAll } from '../population/population.repository.ts';

/** All SQL of the register import. Every function takes the caller's (scoped) transaction. */

/** Two imports of one commune wait for each other, so the second sees what the first wrote. */
export async function lockCommune(ex: Executor, communeCode: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`register-import:${communeCode}`}))`.execute(ex);
}

/** A commune valid today, with its province. */
export async function currentCommune(ex: Executor, code: string) {
  return ex
    .selectFrom('admin_unit')
    .select(['code', 'name', 'parent_code'])
    .where('code', '=', code)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}

export interface AreaOfCommune {
  id: string;
  number: number;
  hamletIds: string[];
}

/** The commune's current areas, each with the hamlets its listing names. */
export async function areasOfCommune(ex: Executor, communeCode: string): Promise<AreaOfCommune[]> {
  const rows = await sql<{ id: string; number: number; hamlet_ids: string[] | null }>`
    SELECT a.id, a.number,
           array_remove(array_agg(DISTINCT l.hamlet_id), NULL)::text[] AS hamlet_ids
    FROM area a LEFT JOIN area_listing l ON l.area_id = a.id
    WHERE a.commune_code = ${communeCode} AND a.valid_to IS NULL
    GROUP BY a.id, a.number`.execute(ex);
  return rows.rows.map((r) => ({ id: r.id, number: r.number, hamletIds: r.hamlet_ids ?? [] }));
}

export async function hamletsOfCommune(ex: Executor, communeCode: string) {
  return ex
    .selectFrom('hamlet')
    .select(['id', 'name'])
    .where('commune_code', '=', communeCode)
    .where('valid_to', 'is', null)
    .execute();
}

export async function existingHouseholdCodes(
  ex: Executor,
  communeCode: string,
  codes: readonly string[],
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await sql<{ code: string }>`
    SELECT code FROM household WHERE commune_code = ${communeCode} AND code = ANY(${[...codes]}::text[])`.execute(
    ex,
  );
  return new Set(rows.rows.map((r) => r.code));
}

/** The people (present or not) of the commune's households with these codes. */
export async function peopleOfHouseholds(ex: Executor, communeCode: string, codes: readonly string[]) {
  if (codes.length === 0) return [];
  const rows = await sql<{
    household_code: string;
    full_name: string;
    birth_date: string;
    birth_date_precision: string;
  }>`
    SELECT h.code AS household_code, p.full_name, p.birth_date, p.birth_date_precision
    FROM person p JOIN household h ON h.id = p.household_id
    WHERE h.commune_code = ${communeCode} AND h.code = ANY(${[...codes]}::text[])`.execute(ex);
  return rows.rows.map((r) => ({
    householdCode: r.household_code,
    fullName: r.full_name,
    birthDate: r.birth_date,
    birthDatePrecision: r.birth_date_precision,
  }));
}

/** Which of these personal ID numbers the register already holds, among the rows the transaction may see. */
export async function existingPersonalIds(ex: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await sql<{ personal_id: string }>`
    SELECT DISTINCT personal_id FROM person WHERE personal_id = ANY(${[...ids]}::text[])`.execute(ex);
  return new Set(rows.rows.map((r) => r.personal_id));
}

export interface NewHousehold {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  hamlet_id: string | null;
  code: string;
  number: number;
  address: string | null;
  kind: 'family' | 'collective';
  head_person_id: string;
  created_on: string;
}

export interface NewPerson {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  household_id: string;
  row_number: number;
  full_name: string;
  relation_to_head: string;
  sex: number;
  birth_date: string;
  birth_date_precision: string;
  ethnicity_code: string;
  education_code: string | null;
  marital_status: string;
  residence_status: string;
  insurance_number: string | null;
  personal_id: string | null;
  search_name: string;
}

const BATCH = 5000;

function column<R, K extends keyof R>(rows: readonly R[], key: K): R[K][] {
  return rows.map((r) => r[key]);
}

/** One array parameter per column (INSERT … SELECT FROM unnest): few parameters however many rows. */
export async function insertHouseholds(ex: Executor, rows: readonly NewHousehold[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const b = rows.slice(start, start + BATCH);
    await sql`
      INSERT INTO household (id, province_code, commune_code, area_id, hamlet_id, code, number, address, kind,
                             head_person_id, created_on)
      SELECT * FROM unnest(${column(b, 'id')}::uuid[], ${column(b, 'province_code')}::text[],
        ${column(b, 'commune_code')}::text[], ${column(b, 'area_id')}::uuid[], ${column(b, 'hamlet_id')}::uuid[],
        ${column(b, 'code')}::text[], ${column(b, 'number')}::int[], ${column(b, 'address')}::text[],
        ${column(b, 'kind')}::text[], ${column(b, 'head_person_id')}::uuid[], ${column(b, 'created_on')}::date[])`.execute(
      ex,
    );
  }
}

export async function insertPeople(ex: Executor, rows: readonly NewPerson[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const b = rows.slice(start, start + BATCH);
    await sql`
      INSERT INTO person (id, province_code, commune_code, area_id, household_id, row_number, full_name,
                          relation_to_head, sex, birth_date, birth_date_precision, ethnicity_code, education_code,
                          marital_status, residence_status, insurance_number, personal_id, search_name)
      SELECT * FROM unnest(${column(b, 'id')}::uuid[], ${column(b, 'province_code')}::text[],
        ${column(b, 'commune_code')}::text[], ${column(b, 'area_id')}::uuid[], ${column(b, 'household_id')}::uuid[],
        ${column(b, 'row_number')}::int[], ${column(b, 'full_name')}::text[], ${column(b, 'relation_to_head')}::text[],
        ${column(b, 'sex')}::smallint[], ${column(b, 'birth_date')}::date[], ${column(b, 'birth_date_precision')}::text[],
        ${column(b, 'ethnicity_code')}::text[], ${column(b, 'education_code')}::text[],
        ${column(b, 'marital_status')}::text[], ${column(b, 'residence_status')}::text[],
        ${column(b, 'insurance_number')}::text[], ${column(b, 'personal_id')}::text[],
        ${column(b, 'search_name')}::text[])`.execute(ex);
  }
}

/**
 * The history of newly imported households, as `initialiseHistory` writes it for a seeded province but
 * limited to these households and their areas, so that people already in the register get no second
 * interval: each person lives in their household from the later of their birth and the household's
 * creation; each area belongs to its commune from the reform date and, before it, to one of the old
 * communes its commune was formed from (kept when the area already has its history).
 */
export async function writeHistory(
  ex: Executor,
  householdIds: readonly string[],
  areaIds: readonly string[],
): Promise<void> {
  await sql`
    INSERT INTO residence_interval (person_id, household_id, area_id, province_code, commune_code, valid_from, valid_to)
    SELECT p.id, p.household_id, p.area_id, p.province_code, p.commune_code,
           greatest(p.birth_date, h.created_on), NULL
    FROM person p JOIN household h ON h.id = p.household_id
    WHERE h.id = ANY(${[...householdIds]}::uuid[])`.execute(ex);
  await sql`
    INSERT INTO area_unit_history (area_id, province_code, commune_code, valid_from, valid_to)
    SELECT a.id, a.province_code, a.commune_code, ${REFORM_DATE}::date, NULL FROM area a
    WHERE a.id = ANY(${[...areaIds]}::uuid[])
    ON CONFLICT DO NOTHING`.execute(ex);
  await sql`
    INSERT INTO area_unit_history (area_id, province_code, commune_code, valid_from, valid_to)
    SELECT a.id, a.province_code, pred.from_code, NULL, ${REFORM_DATE}::date
    FROM area a
    CROSS JOIN LATERAL (
      SELECT array_agg(s.from_code ORDER BY s.from_code) AS codes FROM admin_succession s
      WHERE s.to_code = a.commune_code AND s.effective_on = ${REFORM_DATE}::date AND s.from_code <> a.commune_code
    ) preds
    CROSS JOIN LATERAL (SELECT preds.codes[1 + (a.number - 1) % cardinality(preds.codes)] AS from_code) pred
    WHERE a.id = ANY(${[...areaIds]}::uuid[]) AND cardinality(preds.codes) > 0
      AND NOT EXISTS (SELECT 1 FROM area_unit_history u WHERE u.area_id = a.id AND u.valid_to IS NOT NULL)
    ON CONFLICT DO NOTHING`.execute(ex);
}

/** Recomputes the month-end stock of the areas for the months given (first days). */
export async function refreshAreaStock(
  ex: Executor,
  areaIds: readonly string[],
  fromMonth: string,
  toMonth: string,
): Promise<void> {
  await runAll(ex, refreshStock({ areaIds, fromMonth, toMonth }));
}
