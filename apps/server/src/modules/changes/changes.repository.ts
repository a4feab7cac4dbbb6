import type {
  Change,
  CorrectedChangeSnapshot,
  HamletSnapshot,
  HouseholdCodeHolder,
  HouseholdSnapshot,
  PersonField,
  PersonSnapshot,
  ReviewAction,
  ReviewStatus,
} from '@danso/domain';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { FlowIncrement } from '../../db/schema.ts';

export interface ChangeRow {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  household_id: string;
  person_id: string | null;
  type: string;
  occurred_on: string;
  recorded_at: Date;
  received_at: Date;
  base_version: number;
  author_id: string;
  body: unknown;
  body_hash: string;
  status: string;
  rule_results: unknown;
  acknowledged_rules: string[];
  conflict: unknown;
  applied_version: number | null;
  applied_at: Date | null;
  corrects_change_id: string | null;
  corrected_by_change_id: string | null;
  flows: FlowIncrement[];
  last_reason: string | null;
  updated_at: Date;
}

export async function findChange(
  ex: Executor,
  id: string,
  forUpdate = false,
): Promise<ChangeRow | undefined> {
  let query = ex.selectFrom('change_record').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) as ChangeRow | undefined;
}

export async function findChanges(ex: Executor, ids: readonly string[]): Promise<ChangeRow[]> {
  if (ids.length === 0) return [];
  return (await ex
    .selectFrom('change_record')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()) as ChangeRow[];
}

export interface NewChangeRow {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  household_id: string;
  person_id: string | null;
  type: string;
  occurred_on: string;
  recorded_at: string;
  base_version: number;
  author_id: string;
  body: unknown;
  body_hash: string;
  status: ReviewStatus;
  rule_results: unknown;
  duplicates: unknown;
  corrects_change_id: string | null;
}

/**
 * Inserts changes whose ids are not taken; the stored rows of those this call inserted. An id being inserted
 * by another transaction at the same time waits for it and is skipped when it commits. Rows go in id order,
 * so two batches sharing ids wait for each other in the same order and cannot deadlock.
 */
export async function insertChanges(ex: Executor, rows: readonly NewChangeRow[]): Promise<ChangeRow[]> {
  if (rows.length === 0) return [];
  const result = await ex
    .insertInto('change_record')
    .values(
      [...rows]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((row) => ({
          ...row,
          body: JSON.stringify(row.body),
          rule_results: JSON.stringify(row.rule_results),
          duplicates: JSON.stringify(row.duplicates),
        })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .execute();
  return result as ChangeRow[];
}

export async function updateChange(
  ex: Executor,
  id: string,
  values: {
    status?: ReviewStatus;
    body?: unknown;
    body_hash?: string;
    rule_results?: unknown;
    acknowledged_rules?: string[];
    conflict?: unknown;
    applied_version?: number;
    applied_at?: Date;
    flows?: FlowIncrement[];
    last_reason?: string | null;
    corrected_by_change_id?: string;
    occurred_on?: string;
    base_version?: number;
  },
): Promise<void> {
  const { body, rule_results, conflict, flows, ...rest } = values;
  await ex
    .updateTable('change_record')
    .set({
      ...rest,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(rule_results !== undefined ? { rule_results: JSON.stringify(rule_results) } : {}),
      ...(conflict !== undefined ? { conflict: conflict === null ? null : JSON.stringify(conflict) } : {}),
      ...(flows !== undefined ? { flows: JSON.stringify(flows) } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

type ActionChange = Pick<ChangeRow, 'id' | 'province_code' | 'commune_code' | 'area_id'>;
interface ActionInput {
  type: string;
  actorId: string | null;
  role: string;
  reason?: string | null;
  body?: unknown;
}

export async function insertAction(ex: Executor, change: ActionChange, action: ActionInput): Promise<void> {
  await insertActions(ex, [{ change, action }]);
}

export async function insertActions(
  ex: Executor,
  entries: readonly { change: ActionChange; action: ActionInput }[],
): Promise<void> {
  if (entries.length === 0) return;
  await ex
    .insertInto('change_action')
    .values(
      entries.map(({ change, action }) => ({
        change_id: change.id,
        province_code: change.province_code,
        commune_code: change.commune_code,
        area_id: change.area_id,
        action: action.type,
        actor_id: action.actorId,
        actor_role: action.role,
        reason: action.reason ?? null,
        body: action.body === undefined ? null : JSON.stringify(action.body),
      })),
    )
    .execute();
}

export async function actionsOf(ex: Executor, changeId: string): Promise<ReviewAction[]> {
  const rows = await ex
    .selectFrom('change_action')
    .select(['action', 'actor_id', 'actor_role', 'at', 'reason'])
    .where('change_id', '=', changeId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    type: r.action as ReviewAction['type'],
    by: r.actor_id ?? 'system',
    role: r.actor_role as ReviewAction['role'],
    at: new Date(r.at).toISOString(),
    ...(r.reason ? { reason: r.reason } : {}),
  }));
}

/** Whether an earlier body of this change (before a resubmission) had this hash. */
export async function hadBodyHash(ex: Executor, changeId: string, hash: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM change_action WHERE change_id = ${changeId}
      AND body ->> 'hash' = ${hash}) AS found`.execute(ex);
  return row.rows[0]?.found ?? false;
}

export interface DuplicateRow {
  id: string;
  full_name: string;
  sex: number;
  birth_date: string;
  birth_date_precision: string;
  household_id: string;
  mother_id: string | null;
  personal_id: string | null;
  insurance_number: string | null;
}

/** People of a commune whose folded name is close to this one (trigram index), as duplicate candidates. */
export async function duplicateCandidates(
  ex: Executor,
  communeCode: string,
  fullName: string,
): Promise<DuplicateRow[]> {
  const result = await sql<DuplicateRow>`
    SELECT id, full_name, sex, birth_date, birth_date_precision, household_id, mother_id, personal_id, insurance_number
    FROM person
    WHERE commune_code = ${communeCode} AND merged_into_id IS NULL AND vital_status = 'alive'
      AND search_name % danso_fold(${fullName})
    LIMIT 200`.execute(ex);
  return result.rows;
}

export async function addFlows(
  ex: Executor,
  place: { province_code: string; commune_code: string },
  flows: readonly FlowIncrement[],
) {
  for (const f of flows) {
    await sql`INSERT INTO flow_count (area_id, province_code, commune_code, month, event, dims, n)
      VALUES (${f.areaId}, ${place.province_code}, ${place.commune_code}, ${f.month}, ${f.event}, ${JSON.stringify(f.dims)}::jsonb, ${f.n})
      ON CONFLICT (area_id, month, event, dims) DO UPDATE SET n = flow_count.n + excluded.n`.execute(ex);
  }
}

export interface InboxFilter {
  communeCode?: string;
  areaId?: string;
  status?: string;
  type?: string;
  authorId?: string;
  month?: string;
  personId?: string;
  limit: number;
  offset: number;
}

export async function listChanges(ex: Executor, filter: InboxFilter) {
  let query = ex
    .selectFrom('change_record as c')
    .innerJoin('app_user as u', 'u.id', 'c.author_id')
    .leftJoin('area as a', 'a.id', 'c.area_id')
    .leftJoin('person as p', 'p.id', 'c.person_id')
    .leftJoin('household as h', 'h.id', 'c.household_id')
    .select([
      'p.full_name as person_name',
      'h.code as household_code',
      'c.id',
      'c.type',
      'c.status',
      'c.occurred_on',
      'c.recorded_at',
      'c.received_at',
      'c.commune_code',
      'c.area_id',
      'a.number as area_number',
      'c.household_id',
      'c.person_id',
      'c.author_id',
      'u.display_name as author_name',
      'c.rule_results',
      'c.conflict',
      'c.last_reason',
      'c.body',
      'c.updated_at',
    ]);
  if (filter.communeCode) query = query.where('c.commune_code', '=', filter.communeCode);
  if (filter.areaId) query = query.where('c.area_id', '=', filter.areaId);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.type) query = query.where('c.type', '=', filter.type);
  if (filter.authorId) query = query.where('c.author_id', '=', filter.authorId);
  if (filter.personId) query = query.where('c.person_id', '=', filter.personId);
  if (filter.month) {
    query = query
      .where('c.occurred_on', '>=', filter.month)
      .where(sql<boolean>`c.occurred_on < (${filter.month}::date + interval '1 month')`);
  }
  const total = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const rows = await query
    // Conflicts first, then what waits for review, then the rest; newest first within each.
    .orderBy(
      sql`CASE c.status WHEN 'conflict' THEN 0 WHEN 'submitted' THEN 1 WHEN 'returned' THEN 2 ELSE 3 END`,
    )
    .orderBy('c.received_at', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { rows, total: Number(total?.n ?? 0) };
}

// ------------------------------------------------------------------------------------------------ snapshots

interface PersonDbRow {
  id: string;
  household_id: string;
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
  vital_status: string;
  death_date: string | null;
  presence: string;
  moved_out_on: string | null;
  contraceptive_method: string | null;
  contraception_started_on: string | null;
  field_versions: Record<string, number>;
  living_children: number;
}

function toPersonSnapshot(r: PersonDbRow): PersonSnapshot {
  return {
    id: r.id,
    householdId: r.household_id,
    fullName: r.full_name,
    relationToHead: r.relation_to_head as PersonSnapshot['relationToHead'],
    sex: r.sex as PersonSnapshot['sex'],
    birthDate: r.birth_date,
    birthDatePrecision: r.birth_date_precision as PersonSnapshot['birthDatePrecision'],
    ethnicityCode: r.ethnicity_code,
    educationCode: r.education_code,
    maritalStatus: r.marital_status as PersonSnapshot['maritalStatus'],
    residenceStatus: r.residence_status as PersonSnapshot['residenceStatus'],
    insuranceNumber: r.insurance_number,
    personalId: r.personal_id,
    vitalStatus: r.vital_status as PersonSnapshot['vitalStatus'],
    deathDate: r.death_date,
    presence: r.presence as PersonSnapshot['presence'],
    movedOutOn: r.moved_out_on,
    contraceptiveMethod: r.contraceptive_method,
    contraceptionStartedOn: r.contraception_started_on,
    livingChildren: Number(r.living_children),
    fieldVersions: r.field_versions as Partial<Record<PersonField, number>>,
  };
}

const personColumns = sql`p.id, p.household_id, p.full_name, p.relation_to_head, p.sex, p.birth_date,
  p.birth_date_precision, p.ethnicity_code, p.education_code, p.marital_status, p.residence_status,
  p.insurance_number, p.personal_id, p.vital_status, p.death_date, p.presence, p.moved_out_on,
  p.contraceptive_method, p.contraception_started_on, p.field_versions,
  (SELECT count(*) FROM person c WHERE c.mother_id = p.id AND c.vital_status = 'alive')::int AS living_children`;

export async function personSnapshot(ex: Executor, id: string): Promise<PersonSnapshot | null> {
  return (await personSnapshots(ex, [id])).get(id) ?? null;
}

/** The people with these ids the caller can see, by id. */
export async function personSnapshots(
  ex: Executor,
  ids: readonly string[],
): Promise<Map<string, PersonSnapshot>> {
  if (ids.length === 0) return new Map();
  const result = await sql<PersonDbRow>`
    SELECT ${personColumns} FROM person p
    WHERE p.id = ANY(${[...ids]}::uuid[]) AND p.merged_into_id IS NULL`.execute(ex);
  return new Map(result.rows.map((row) => [row.id, toPersonSnapshot(row)]));
}

export interface HouseholdPlace {
  id: string;
  province_code: string;
  commune_code: string;
  area_id: string;
  code: string;
}

export type HouseholdWithPlace = HouseholdSnapshot & { place: HouseholdPlace };

export async function householdSnapshot(ex: Executor, id: string): Promise<HouseholdWithPlace | null> {
  return (await householdSnapshots(ex, [id])).get(id) ?? null;
}

/** The households with these ids the caller can see, with their members in register order, by id. */
export async function householdSnapshots(
  ex: Executor,
  ids: readonly string[],
): Promise<Map<string, HouseholdWithPlace>> {
  if (ids.length === 0) return new Map();
  const households = await ex
    .selectFrom('household')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  if (households.length === 0) return new Map();
  const members = await sql<PersonDbRow>`
    SELECT ${personColumns} FROM person p
    WHERE p.household_id = ANY(${households.map((h) => h.id)}::uuid[]) AND p.merged_into_id IS NULL
    ORDER BY p.household_id, p.row_number`.execute(ex);
  const membersOf = new Map<string, PersonSnapshot[]>();
  for (const row of members.rows) {
    const list = membersOf.get(row.household_id) ?? [];
    list.push(toPersonSnapshot(row));
    membersOf.set(row.household_id, list);
  }
  return new Map(
    households.map((household) => [
      household.id,
      {
        id: household.id,
        status: household.status,
        kind: household.kind,
        areaId: household.area_id,
        communeCode: household.commune_code,
        headPersonId: household.head_person_id,
        members: membersOf.get(household.id) ?? [],
        fieldVersions: household.field_versions as HouseholdSnapshot['fieldVersions'],
        place: {
          id: household.id,
          province_code: household.province_code,
          commune_code: household.commune_code,
          area_id: household.area_id,
          code: household.code,
        },
      },
    ]),
  );
}

export async function correctedChangeSnapshot(
  ex: Executor,
  id: string,
): Promise<CorrectedChangeSnapshot | null> {
  const row = await findChange(ex, id);
  if (!row) return null;
  return {
    id: row.id,
    type: row.type as Change['type'],
    status: row.status as ReviewStatus,
    householdId: row.household_id,
    personId: row.person_id,
  };
}

export async function findAreaPlace(ex: Executor, areaId: string) {
  return ex
    .selectFrom('area')
    .select(['id', 'province_code', 'commune_code', 'number'])
    .where('id', '=', areaId)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}

/** A hamlet with its commune, and whether it is still in use. */
export async function findHamlet(ex: Executor, hamletId: string): Promise<HamletSnapshot | null> {
  const row = await ex
    .selectFrom('hamlet')
    .select(['id', 'commune_code', 'valid_to'])
    .where('id', '=', hamletId)
    .executeTakeFirst();
  return row ? { id: row.id, communeCode: row.commune_code, current: row.valid_to === null } : null;
}

/** The household holding a code in a commune, whatever its status: the code is unique there, closed pages included. */
export async function householdWithCode(
  ex: Executor,
  communeCode: string,
  code: string,
): Promise<HouseholdCodeHolder | null> {
  const row = await ex
    .selectFrom('household')
    .select(['id', 'code'])
    .where('commune_code', '=', communeCode)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Holds, until the transaction ends, the right to give a household this number in this area: an approval
 * giving the same number at the same moment waits, then finds the number taken (a conflict) instead of
 * failing on the unique code.
 */
export async function lockHouseholdNumber(ex: Executor, areaId: string, number: number): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('danso.household_number'), hashtext(${`${areaId}:${number}`}))`.execute(
    ex,
  );
}

export async function nextRegisterVersion(ex: Executor): Promise<number> {
  const result = await sql<{ v: number }>`SELECT nextval('register_version_seq')::bigint AS v`.execute(ex);
  return Number(result.rows[0]?.v);
}

export async function currentRegisterVersion(ex: Executor): Promise<number> {
  const result = await sql<{ v: number }>`
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END::bigint AS v FROM register_version_seq`.execute(ex);
  return Number(result.rows[0]?.v ?? 0);
}
