import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { PoolHousehold, PoolPerson } from './planner.ts';

export interface SimulatedCommune {
  code: string;
  /** The commune officer who reviews (the demo account xa.<code> first). */
  officerId: string | null;
  /** Each area's collaborator (the demo account ctv.<code>.<n> first); null where the area has none. */
  areas: Array<{ id: string; number: number; collaboratorId: string | null }>;
}

/** The province's communes that have a register, with their officer and each area's collaborator. */
export async function communesWithRegister(ex: Executor, provinceCode: string): Promise<SimulatedCommune[]> {
  const areas = await sql<{
    id: string;
    commune_code: string;
    number: number;
    collaborator_id: string | null;
  }>`
    SELECT a.id, a.commune_code, a.number,
           (SELECT u.id FROM user_area ua JOIN app_user u ON u.id = ua.user_id
            WHERE ua.area_id = a.id AND u.role = 'collaborator' AND u.disabled_at IS NULL
            ORDER BY u.username LIMIT 1) AS collaborator_id
    FROM area a
    WHERE a.province_code = ${provinceCode} AND a.valid_to IS NULL
      AND EXISTS (SELECT 1 FROM household h WHERE h.area_id = a.id)
    ORDER BY a.commune_code, a.number`.execute(ex);
  const officers = await sql<{ commune_code: string; id: string }>`
    SELECT DISTINCT ON (scope_commune_code) scope_commune_code AS commune_code, id FROM app_user
    WHERE role = 'commune_officer' AND scope_province_code = ${provinceCode} AND disabled_at IS NULL
    ORDER BY scope_commune_code, (username = 'xa.' || scope_commune_code) DESC, username`.execute(ex);
  const officerOf = new Map(officers.rows.map((o) => [o.commune_code, o.id]));
  const communes = new Map<string, SimulatedCommune>();
  for (const a of areas.rows) {
    const commune = communes.get(a.commune_code) ?? {
      code: a.commune_code,
      officerId: officerOf.get(a.commune_code) ?? null,
      areas: [],
    };
    commune.areas.push({ id: a.id, number: a.number, collaboratorId: a.collaborator_id });
    communes.set(a.commune_code, commune);
  }
  return [...communes.values()];
}

/** Codes of the province's current communes, and of every current province. */
export async function unitCodes(
  ex: Executor,
  provinceCode: string,
): Promise<{ communes: string[]; provinces: string[] }> {
  const rows = await sql<{ code: string; level: string }>`
    SELECT code, level FROM admin_unit
    WHERE valid_to IS NULL AND (level = 'province' OR (level = 'commune' AND parent_code = ${provinceCode}))
    ORDER BY code`.execute(ex);
  return {
    communes: rows.rows.filter((r) => r.level === 'commune').map((r) => r.code),
    provinces: rows.rows.filter((r) => r.level === 'province').map((r) => r.code),
  };
}

type PersonTuple = [
  id: string,
  householdId: string,
  areaId: string,
  fullName: string,
  sex: number,
  birthDate: string,
  precision: string,
  ethnicity: string,
  marital: string,
  relation: string,
  residence: string,
  method: string | null,
  motherId: string | null,
  hasPersonalId: boolean,
];
type HouseholdTuple = [
  id: string,
  areaId: string,
  hamletId: string | null,
  number: number,
  status: string,
  headId: string | null,
];

/**
 * A commune's register as the planner needs it: everyone alive and present (with the start of their open
 * residence, their living children and their latest pregnancy event) and every household, closed ones
 * included. One query of independent parts, each on the commune's indexes (so no plan depends on table
 * statistics, which a freshly loaded register lacks), returned as one JSON document: row by row, PGlite
 * spends several times longer handing over the same data.
 */
export async function communePool(
  ex: Executor,
  communeCode: string,
): Promise<{ people: PoolPerson[]; households: PoolHousehold[] }> {
  const result = await sql<{ pool: string }>`
    SELECT json_build_object(
      'people', (
        SELECT json_agg(json_build_array(id, household_id, area_id, full_name, sex, birth_date, birth_date_precision,
                 ethnicity_code, marital_status, relation_to_head, residence_status, contraceptive_method, mother_id,
                 personal_id IS NOT NULL) ORDER BY id)
        FROM person
        WHERE commune_code = ${communeCode} AND vital_status = 'alive' AND presence = 'present'
          AND merged_into_id IS NULL),
      'residence', (
        SELECT json_agg(json_build_array(person_id, valid_from))
        FROM residence_interval WHERE commune_code = ${communeCode} AND valid_to IS NULL),
      -- A woman's children as the rules count them: every living child recorded with her as mother. A child
      -- keeps the commune of the household it was born in (a departure keeps the row), so this commune's.
      'children', (
        SELECT json_agg(json_build_array(mother_id, living, last_birth)) FROM (
          SELECT mother_id, count(*) FILTER (WHERE vital_status = 'alive') AS living, max(birth_date) AS last_birth
          FROM person WHERE commune_code = ${communeCode} AND mother_id IS NOT NULL
          GROUP BY mother_id) c),
      'pregnancies', (
        SELECT json_agg(json_build_array(person_id, body -> 'payload' ->> 'kind', occurred_on,
                 (body -> 'payload' ->> 'gestationWeeks')::int) ORDER BY occurred_on, id)
        FROM change_record
        WHERE commune_code = ${communeCode} AND status = 'approved' AND type = 'pregnancy_event'
          AND corrected_by_change_id IS NULL),
      'households', (
        SELECT json_agg(json_build_array(id, area_id, hamlet_id, number, status, head_person_id) ORDER BY id)
        FROM household WHERE commune_code = ${communeCode})
    )::text AS pool`.execute(ex);
  const pool = JSON.parse(result.rows[0]?.pool ?? '{}') as {
    people: PersonTuple[] | null;
    residence: Array<[string, string]> | null;
    children: Array<[string, number, string]> | null;
    pregnancies: Array<[string, string, string, number | null]> | null;
    households: HouseholdTuple[] | null;
  };
  const since = new Map(pool.residence ?? []);
  const kids = new Map((pool.children ?? []).map(([mother, living, last]) => [mother, { living, last }]));
  // In date order: the last one is the latest.
  const latest = new Map((pool.pregnancies ?? []).map(([id, kind, on, weeks]) => [id, { kind, on, weeks }]));
  const people: PoolPerson[] = [];
  for (const [
    id,
    householdId,
    areaId,
    fullName,
    sex,
    birthDate,
    precision,
    ethnicity,
    marital,
    relation,
    residence,
    method,
    motherId,
    hasPersonalId,
  ] of pool.people ?? []) {
    const residentSince = since.get(id);
    if (residentSince === undefined) continue;
    const k = kids.get(id);
    const g = latest.get(id);
    people.push({
      id,
      householdId,
      areaId,
      fullName,
      sex: sex as PoolPerson['sex'],
      birthDate,
      birthDatePrecision: precision as PoolPerson['birthDatePrecision'],
      ethnicityCode: ethnicity,
      maritalStatus: marital as PoolPerson['maritalStatus'],
      relationToHead: relation as PoolPerson['relationToHead'],
      residenceStatus: residence as PoolPerson['residenceStatus'],
      contraceptiveMethod: method,
      motherId,
      livingChildren: Number(k?.living ?? 0),
      lastChildBirth: k?.last ?? null,
      residentSince,
      hasPersonalId,
      pregnancy: g
        ? {
            kind: g.kind as NonNullable<PoolPerson['pregnancy']>['kind'],
            on: g.on,
            gestationWeeks: g.weeks ?? 8,
          }
        : null,
    });
  }
  const households = (pool.households ?? []).map(([id, areaId, hamletId, number, status, headId]) => ({
    id,
    areaId,
    hamletId,
    number,
    active: status === 'active',
    headPersonId: headId,
  }));
  return { people, households };
}

export async function registerVersion(ex: Executor): Promise<number> {
  const result = await sql<{ v: number }>`
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END::bigint AS v FROM register_version_seq`.execute(ex);
  return Number(result.rows[0]?.v ?? 0);
}

/** People alive and present in the province (the denominator of the crude rates). */
export async function presentPeople(ex: Executor, provinceCode: string): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM person
    WHERE province_code = ${provinceCode} AND vital_status = 'alive' AND presence = 'present'
      AND merged_into_id IS NULL`.execute(ex);
  return Number(result.rows[0]?.n ?? 0);
}

/** Births, deaths, moves and marriages counted for the province over months, from the flow counts. */
export async function flowTotals(
  ex: Executor,
  provinceCode: string,
  fromMonth: string,
  toMonth: string,
): Promise<{ events: Map<string, number>; boys: number; girls: number }> {
  const result = await sql<{ event: string; sex: string | null; n: number }>`
    SELECT event, CASE WHEN event = 'birth' THEN dims ->> 'sex' END AS sex, sum(n)::int AS n FROM flow_count
    WHERE province_code = ${provinceCode} AND month BETWEEN ${fromMonth}::date AND ${toMonth}::date
      AND event IN ('birth', 'death', 'move_in', 'move_out', 'marriage')
    GROUP BY 1, 2`.execute(ex);
  const events = new Map<string, number>();
  let boys = 0;
  let girls = 0;
  for (const r of result.rows) {
    events.set(r.event, (events.get(r.event) ?? 0) + Number(r.n));
    if (r.event === 'birth' && r.sex === '1') boys += Number(r.n);
    if (r.event === 'birth' && r.sex === '2') girls += Number(r.n);
  }
  return { events, boys, girls };
}
