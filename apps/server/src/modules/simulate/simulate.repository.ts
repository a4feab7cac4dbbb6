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

/** Everyone alive and present in a commune, with what the planner draws on, in a stable order. */
export async function communePeople(ex: Executor, communeCode: string): Promise<PoolPerson[]> {
  const result = await sql<{
    id: string;
    household_id: string;
    area_id: string;
    full_name: string;
    sex: number;
    birth_date: string;
    birth_date_precision: string;
    ethnicity_code: string;
    marital_status: string;
    relation_to_head: string;
    residence_status: string;
    contraceptive_method: string | null;
    mother_id: string | null;
    living_children: number;
    last_child_birth: string | null;
    resident_since: string;
    has_personal_id: boolean;
    pregnancy_kind: string | null;
    pregnancy_on: string | null;
    pregnancy_weeks: number | null;
  }>`
    WITH children AS (
      -- Counted as the rules count them: every living child recorded with her as mother, wherever it lives.
      SELECT c.mother_id, count(*) FILTER (WHERE c.vital_status = 'alive')::int AS living, max(c.birth_date) AS last_birth
      FROM person c JOIN person m ON m.id = c.mother_id
      WHERE m.commune_code = ${communeCode}
      GROUP BY c.mother_id
    ), pregnancies AS (
      SELECT DISTINCT ON (c.person_id) c.person_id, c.body -> 'payload' ->> 'kind' AS kind, c.occurred_on,
             (c.body -> 'payload' ->> 'gestationWeeks')::int AS weeks
      FROM change_record c
      WHERE c.commune_code = ${communeCode} AND c.type = 'pregnancy_event' AND c.status = 'approved'
        AND c.corrected_by_change_id IS NULL
      ORDER BY c.person_id, c.occurred_on DESC, c.id DESC
    )
    SELECT p.id, p.household_id, p.area_id, p.full_name, p.sex, p.birth_date, p.birth_date_precision,
           p.ethnicity_code, p.marital_status, p.relation_to_head, p.residence_status, p.contraceptive_method,
           p.mother_id, coalesce(k.living, 0) AS living_children, k.last_birth AS last_child_birth,
           r.valid_from AS resident_since, p.personal_id IS NOT NULL AS has_personal_id,
           g.kind AS pregnancy_kind, g.occurred_on AS pregnancy_on, g.weeks AS pregnancy_weeks
    FROM person p
    JOIN residence_interval r ON r.person_id = p.id AND r.valid_to IS NULL
    LEFT JOIN children k ON k.mother_id = p.id
    LEFT JOIN pregnancies g ON g.person_id = p.id
    WHERE p.commune_code = ${communeCode} AND p.vital_status = 'alive' AND p.presence = 'present'
      AND p.merged_into_id IS NULL
    ORDER BY p.id`.execute(ex);
  return result.rows.map((r) => ({
    id: r.id,
    householdId: r.household_id,
    areaId: r.area_id,
    fullName: r.full_name,
    sex: r.sex as PoolPerson['sex'],
    birthDate: r.birth_date,
    birthDatePrecision: r.birth_date_precision as PoolPerson['birthDatePrecision'],
    ethnicityCode: r.ethnicity_code,
    maritalStatus: r.marital_status as PoolPerson['maritalStatus'],
    relationToHead: r.relation_to_head as PoolPerson['relationToHead'],
    residenceStatus: r.residence_status as PoolPerson['residenceStatus'],
    contraceptiveMethod: r.contraceptive_method,
    motherId: r.mother_id,
    livingChildren: Number(r.living_children),
    lastChildBirth: r.last_child_birth,
    residentSince: r.resident_since,
    hasPersonalId: r.has_personal_id,
    pregnancy:
      r.pregnancy_kind && r.pregnancy_on
        ? {
            kind: r.pregnancy_kind as NonNullable<PoolPerson['pregnancy']>['kind'],
            on: r.pregnancy_on,
            gestationWeeks: r.pregnancy_weeks ?? 8,
          }
        : null,
  }));
}

/** Every household of a commune, closed ones included. */
export async function communeHouseholds(ex: Executor, communeCode: string): Promise<PoolHousehold[]> {
  const result = await sql<{
    id: string;
    area_id: string;
    hamlet_id: string | null;
    number: number;
    status: string;
    head_person_id: string | null;
  }>`
    SELECT id, area_id, hamlet_id, number, status, head_person_id FROM household
    WHERE commune_code = ${communeCode} ORDER BY id`.execute(ex);
  return result.rows.map((r) => ({
    id: r.id,
    areaId: r.area_id,
    hamletId: r.hamlet_id,
    number: r.number,
    active: r.status === 'active',
    headPersonId: r.head_person_id,
  }));
}

export async function registerVersion(ex: Executor): Promise<number> {
  const result = await sql<{ v: number }>`
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END::bigint AS v FROM register_version_seq`.execute(ex);
  return Number(result.rows[0]?.v ?? 0);
}

export async function earliestStockMonth(ex: Executor, provinceCode: string): Promise<string | null> {
  const result = await sql<{ m: string | null }>`
    SELECT min(month) AS m FROM stock_month WHERE province_code = ${provinceCode}`.execute(ex);
  return result.rows[0]?.m ?? null;
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
