import type { SyncArea, SyncChangeState, SyncChangeStatus, SyncHousehold, SyncPerson } from '@danso/domain';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/**
 * What a pull reads. Register rows carry `sync_xid`, the id of the transaction that last wrote them; `since` is
 * the snapshot (pg_snapshot text) of the device's previous pull: a row changed since is one whose writer that
 * snapshot could not see. `fullAreas` are read whole (first pull, or areas new to the device); `deltaAreas`
 * only for rows changed since.
 */
export interface PullWindow {
  fullAreas: readonly string[];
  deltaAreas: readonly string[];
  since: string | null;
}

export async function currentSnapshot(ex: Executor): Promise<string> {
  const result = await sql<{ s: string }>`SELECT pg_current_snapshot()::text AS s`.execute(ex);
  return result.rows[0]?.s as string;
}

/** Checks that a snapshot text is one PostgreSQL accepts (a cursor comes back from a device). */
export async function isValidSnapshot(ex: Executor, text: string): Promise<boolean> {
  try {
    await sql`SELECT ${text}::pg_snapshot`.execute(ex);
    return true;
  } catch {
    return false;
  }
}

function inWindow(alias: 'h' | 'p', window: PullWindow) {
  const column = sql.ref(`${alias}.area_id`);
  const stamp = sql.ref(`${alias}.sync_xid`);
  const full = sql`${column} = ANY(${[...window.fullAreas]}::uuid[])`;
  if (window.since === null || window.deltaAreas.length === 0) return full;
  return sql`(${full} OR (${column} = ANY(${[...window.deltaAreas]}::uuid[])
    AND ${stamp} >= pg_snapshot_xmin(${window.since}::pg_snapshot)
    AND NOT pg_visible_in_snapshot(${stamp}, ${window.since}::pg_snapshot)))`;
}

export async function areasOf(ex: Executor, areaIds: readonly string[]): Promise<SyncArea[]> {
  const result = await sql<{
    id: string;
    number: number;
    name: string;
    commune_code: string;
    commune_name: string;
  }>`
    SELECT a.id, a.number, a.name, a.commune_code, coalesce(u.name, a.commune_code) AS commune_name
    FROM area a
    LEFT JOIN admin_unit u ON u.code = a.commune_code AND u.valid_to IS NULL
    WHERE a.id = ANY(${[...areaIds]}::uuid[])
    ORDER BY a.commune_code, a.number`.execute(ex);
  return result.rows.map((r) => ({
    id: r.id,
    code: `${r.commune_code}-${r.number}`,
    name: r.name,
    communeCode: r.commune_code,
    communeName: r.commune_name,
  }));
}

/** The current areas of a commune (what a commune officer's device keeps). */
export async function communeAreaIds(ex: Executor, communeCode: string): Promise<string[]> {
  const result = await sql<{ id: string }>`
    SELECT id FROM area WHERE commune_code = ${communeCode} AND valid_to IS NULL ORDER BY id`.execute(ex);
  return result.rows.map((r) => r.id);
}

interface HouseholdRow {
  id: string;
  status: SyncHousehold['status'];
  kind: SyncHousehold['kind'];
  area_id: string;
  commune_code: string;
  head_person_id: string | null;
  field_versions: SyncHousehold['fieldVersions'];
  code: string;
  number: number;
  address: string | null;
  hamlet_id: string | null;
  created_on: string;
  closed_on: string | null;
  version: number;
}

export async function householdsPage(
  ex: Executor,
  window: PullWindow,
  after: string,
  limit: number,
): Promise<SyncHousehold[]> {
  const result = await sql<HouseholdRow>`
    SELECT h.id, h.status, h.kind, h.area_id, h.commune_code, h.head_person_id, h.field_versions, h.code,
      h.number, h.address, h.hamlet_id, h.created_on, h.closed_on, h.version
    FROM household h
    WHERE ${inWindow('h', window)} AND h.id > ${after}::uuid
    ORDER BY h.id LIMIT ${limit}`.execute(ex);
  return result.rows.map((r) => ({
    id: r.id,
    status: r.status,
    kind: r.kind,
    areaId: r.area_id,
    communeCode: r.commune_code,
    headPersonId: r.head_person_id,
    fieldVersions: r.field_versions,
    code: r.code,
    number: r.number,
    address: r.address,
    hamletId: r.hamlet_id,
    createdOn: r.created_on,
    closedOn: r.closed_on,
    version: Number(r.version),
  }));
}

interface PersonRow {
  id: string;
  household_id: string;
  area_id: string;
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
  vital_status: string;
  death_date: string | null;
  presence: string;
  moved_out_on: string | null;
  contraceptive_method: string | null;
  contraception_started_on: string | null;
  mother_id: string | null;
  merged_into_id: string | null;
  field_versions: Record<string, number>;
  version: number;
  living_children: number;
}

/** People in the window, merged ones included (they are reported as removed). */
export async function peoplePage(
  ex: Executor,
  window: PullWindow,
  after: string,
  limit: number,
): Promise<{ people: SyncPerson[]; merged: string[]; lastId: string | null; count: number }> {
  const result = await sql<PersonRow>`
    SELECT p.id, p.household_id, p.area_id, p.row_number, p.full_name, p.relation_to_head, p.sex, p.birth_date,
      p.birth_date_precision, p.ethnicity_code, p.education_code, p.marital_status, p.residence_status,
      p.insurance_number, p.personal_id, p.vital_status, p.death_date, p.presence, p.moved_out_on,
      p.contraceptive_method, p.contraception_started_on, p.mother_id, p.merged_into_id, p.field_versions,
      p.version,
      (SELECT count(*) FROM person c WHERE c.mother_id = p.id AND c.vital_status = 'alive'
         AND c.merged_into_id IS NULL)::int AS living_children
    FROM person p
    WHERE ${inWindow('p', window)} AND p.id > ${after}::uuid
      AND (p.merged_into_id IS NULL OR ${window.since !== null})
    ORDER BY p.id LIMIT ${limit}`.execute(ex);
  const people: SyncPerson[] = [];
  const merged: string[] = [];
  for (const r of result.rows) {
    if (r.merged_into_id) {
      merged.push(r.id);
      continue;
    }
    people.push({
      id: r.id,
      householdId: r.household_id,
      areaId: r.area_id,
      rowNumber: r.row_number,
      fullName: r.full_name,
      relationToHead: r.relation_to_head as SyncPerson['relationToHead'],
      sex: r.sex as SyncPerson['sex'],
      birthDate: r.birth_date,
      birthDatePrecision: r.birth_date_precision as SyncPerson['birthDatePrecision'],
      ethnicityCode: r.ethnicity_code,
      educationCode: r.education_code,
      maritalStatus: r.marital_status as SyncPerson['maritalStatus'],
      residenceStatus: r.residence_status as SyncPerson['residenceStatus'],
      insuranceNumber: r.insurance_number,
      personalId: r.personal_id,
      vitalStatus: r.vital_status as SyncPerson['vitalStatus'],
      deathDate: r.death_date,
      presence: r.presence as SyncPerson['presence'],
      movedOutOn: r.moved_out_on,
      contraceptiveMethod: r.contraceptive_method,
      contraceptionStartedOn: r.contraception_started_on,
      livingChildren: Number(r.living_children),
      motherId: r.mother_id,
      fieldVersions: r.field_versions as SyncPerson['fieldVersions'],
      version: Number(r.version),
    });
  }
  return { people, merged, lastId: result.rows.at(-1)?.id ?? null, count: result.rows.length };
}

interface ChangeStateRow {
  id: string;
  type: string;
  status: string;
  last_reason: string | null;
  conflict: unknown;
  occurred_on: string;
  recorded_at: Date;
  updated_at: Date;
}

/**
 * The author's changes: changed since `since`, or (first pull) those still open and those decided in the last
 * `recentDays` days.
 */
export async function changesPage(
  ex: Executor,
  authorId: string,
  since: string | null,
  after: string,
  limit: number,
  recentDays: number,
): Promise<SyncChangeState[]> {
  const filter =
    since === null
      ? sql`(c.status IN ('submitted', 'returned', 'conflict')
          OR c.updated_at > now() - make_interval(days => ${recentDays}))`
      : sql`c.sync_xid >= pg_snapshot_xmin(${since}::pg_snapshot)
          AND NOT pg_visible_in_snapshot(c.sync_xid, ${since}::pg_snapshot)`;
  const result = await sql<ChangeStateRow>`
    SELECT c.id, c.type, c.status, c.last_reason, c.conflict, c.occurred_on, c.recorded_at, c.updated_at
    FROM change_record c
    WHERE c.author_id = ${authorId} AND ${filter} AND c.id > ${after}::uuid
    ORDER BY c.id LIMIT ${limit}`.execute(ex);
  return result.rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: (r.status === 'draft' ? 'submitted' : r.status) as SyncChangeStatus,
    reason: r.status === 'returned' || r.status === 'rejected' ? r.last_reason : null,
    conflict: r.conflict ?? null,
    occurredOn: r.occurred_on,
    recordedAt: new Date(r.recorded_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/**
 * Households and people that left these areas since `since` and are not (back) in one of `current` areas now.
 * Read under the caller's row-level security: a row in one of her areas is visible, one elsewhere is not.
 */
export async function departures(
  ex: Executor,
  areaIds: readonly string[],
  current: readonly string[],
  since: string,
): Promise<{ households: string[]; people: string[] }> {
  const result = await sql<{ entity: string; entity_id: string }>`
    SELECT DISTINCT d.entity, d.entity_id
    FROM sync_departure d
    WHERE d.area_id = ANY(${[...areaIds]}::uuid[])
      AND d.sync_xid >= pg_snapshot_xmin(${since}::pg_snapshot)
      AND NOT pg_visible_in_snapshot(d.sync_xid, ${since}::pg_snapshot)
      AND NOT (d.entity = 'household' AND EXISTS (
        SELECT 1 FROM household h WHERE h.id = d.entity_id AND h.area_id = ANY(${[...current]}::uuid[])))
      AND NOT (d.entity = 'person' AND EXISTS (
        SELECT 1 FROM person p WHERE p.id = d.entity_id AND p.area_id = ANY(${[...current]}::uuid[])
          AND p.merged_into_id IS NULL))
    ORDER BY d.entity, d.entity_id`.execute(ex);
  return {
    households: result.rows.filter((r) => r.entity === 'household').map((r) => r.entity_id),
    people: result.rows.filter((r) => r.entity === 'person').map((r) => r.entity_id),
  };
}

// ------------------------------------------------------------------------------------------------ devices

export async function recordDeviceSync(
  ex: Executor,
  input: {
    userId: string;
    deviceId: string;
    provinceCode: string;
    communeCode: string | null;
    areaIds: readonly string[];
    kind: 'push' | 'pull';
    pushedItems?: number;
    waiting?: { count: number; oldestRecordedAt?: string } | undefined;
  },
): Promise<void> {
  const now = new Date();
  const waiting = input.waiting;
  await sql`
    INSERT INTO sync_device (user_id, device_id, province_code, commune_code, area_ids, last_sync_at,
      last_push_at, last_pull_at, pushed_items, waiting_count, waiting_oldest_recorded_at, waiting_reported_at)
    VALUES (${input.userId}, ${input.deviceId}, ${input.provinceCode}, ${input.communeCode},
      ${[...input.areaIds]}::uuid[], ${now},
      ${input.kind === 'push' ? now : null}, ${input.kind === 'pull' ? now : null}, ${input.pushedItems ?? 0},
      ${waiting ? waiting.count : null}, ${waiting?.oldestRecordedAt ?? null}, ${waiting ? now : null})
    ON CONFLICT (user_id, device_id) DO UPDATE SET
      province_code = excluded.province_code,
      commune_code = excluded.commune_code,
      area_ids = excluded.area_ids,
      last_sync_at = excluded.last_sync_at,
      last_push_at = coalesce(excluded.last_push_at, sync_device.last_push_at),
      last_pull_at = coalesce(excluded.last_pull_at, sync_device.last_pull_at),
      pushed_items = sync_device.pushed_items + excluded.pushed_items,
      waiting_count = CASE WHEN ${waiting !== undefined} THEN excluded.waiting_count ELSE sync_device.waiting_count END,
      waiting_oldest_recorded_at = CASE WHEN ${waiting !== undefined}
        THEN excluded.waiting_oldest_recorded_at ELSE sync_device.waiting_oldest_recorded_at END,
      waiting_reported_at = CASE WHEN ${waiting !== undefined}
        THEN excluded.waiting_reported_at ELSE sync_device.waiting_reported_at END`.execute(ex);
}

export interface DeviceRow {
  user_id: string;
  device_id: string;
  last_sync_at: Date;
  last_push_at: Date | null;
  last_pull_at: Date | null;
  pushed_items: number;
  waiting_count: number | null;
  waiting_oldest_recorded_at: Date | null;
  waiting_reported_at: Date | null;
}

/** The devices of these users (read under the caller's row-level security). */
export async function devicesOf(ex: Executor, userIds: readonly string[]): Promise<DeviceRow[]> {
  if (userIds.length === 0) return [];
  return (await ex
    .selectFrom('sync_device')
    .select([
      'user_id',
      'device_id',
      'last_sync_at',
      'last_push_at',
      'last_pull_at',
      'pushed_items',
      'waiting_count',
      'waiting_oldest_recorded_at',
      'waiting_reported_at',
    ])
    .where('user_id', 'in', [...userIds])
    .orderBy('last_sync_at', 'desc')
    .execute()) as DeviceRow[];
}

export interface CollaboratorRow {
  id: string;
  username: string;
  display_name: string;
  area_ids: string[];
}

/** The commune's collaborators (enabled or not) with the areas they keep. */
export async function collaboratorsOf(ex: Executor, communeCode: string): Promise<CollaboratorRow[]> {
  const result = await sql<CollaboratorRow>`
    SELECT u.id, u.username, u.display_name,
      coalesce(array_agg(ua.area_id ORDER BY ua.area_id) FILTER (WHERE ua.area_id IS NOT NULL), '{}') AS area_ids
    FROM app_user u
    LEFT JOIN user_area ua ON ua.user_id = u.id
    WHERE u.role = 'collaborator' AND u.scope_commune_code = ${communeCode} AND u.disabled_at IS NULL
    GROUP BY u.id, u.username, u.display_name
    ORDER BY u.username`.execute(ex);
  return result.rows.map((r) => ({ ...r, area_ids: r.area_ids.map(String) }));
}
