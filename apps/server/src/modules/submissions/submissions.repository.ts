import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface AuthoredChange {
  id: string;
  type: string;
}

/** Which of these changes exist and were written by this author (under the caller's row-level security). */
export async function authoredAmong(
  ex: Executor,
  authorId: string,
  ids: readonly string[],
): Promise<AuthoredChange[]> {
  if (ids.length === 0) return [];
  const result = await sql<AuthoredChange>`
    SELECT id, type FROM change_record WHERE author_id = ${authorId} AND id = ANY(${[...ids]}::uuid[])`.execute(
    ex,
  );
  return result.rows;
}

/** The author's changes recorded (on the device's clock) in [from, to). */
export async function authoredRecordedIn(
  ex: Executor,
  authorId: string,
  from: string,
  to: string,
): Promise<AuthoredChange[]> {
  const result = await sql<AuthoredChange>`
    SELECT id, type FROM change_record
    WHERE author_id = ${authorId} AND recorded_at >= ${from}::timestamptz AND recorded_at < ${to}::timestamptz
    ORDER BY id`.execute(ex);
  return result.rows;
}

export interface SubmissionRow {
  id: string;
  user_id: string;
  province_code: string;
  commune_code: string;
  area_ids: string[];
  month: string;
  version: number;
  document: unknown;
  key_id: string;
  signature: string;
  received_at: Date;
  deadline: Date;
  on_time: boolean;
  change_count: number;
}

/** Stores a submission as the next version of the user's month (versions of one month are taken in turn). */
export async function insertSubmission(
  ex: Executor,
  row: Omit<SubmissionRow, 'version' | 'received_at'> & { received_at: Date },
): Promise<SubmissionRow> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('month_submission'), hashtext(${row.user_id} || ${row.month}))`.execute(
    ex,
  );
  const last = await sql<{ v: number | null }>`
    SELECT max(version) AS v FROM month_submission WHERE user_id = ${row.user_id} AND month = ${row.month}`.execute(
    ex,
  );
  const version = (last.rows[0]?.v ?? 0) + 1;
  return (await ex
    .insertInto('month_submission')
    .values({ ...row, version, document: JSON.stringify(row.document) })
    .returningAll()
    .executeTakeFirstOrThrow()) as SubmissionRow;
}

export async function findSubmission(ex: Executor, id: string): Promise<SubmissionRow | undefined> {
  return (await ex.selectFrom('month_submission').selectAll().where('id', '=', id).executeTakeFirst()) as
    | SubmissionRow
    | undefined;
}

/** Every version of the commune's submissions of a month, oldest first. */
export async function submissionsOf(
  ex: Executor,
  communeCode: string,
  month: string,
): Promise<SubmissionRow[]> {
  return (await ex
    .selectFrom('month_submission')
    .selectAll()
    .where('commune_code', '=', communeCode)
    .where('month', '=', month)
    .orderBy('user_id')
    .orderBy('version')
    .execute()) as SubmissionRow[];
}

export interface CollaboratorSyncRow {
  id: string;
  username: string;
  display_name: string;
  area_ids: string[];
  last_sync_at: Date | null;
  waiting_count: number | null;
  waiting_oldest_recorded_at: Date | null;
  waiting_reported_at: Date | null;
}

/** The commune's active collaborators, their areas, and their devices' last sync and waiting reports. */
export async function collaboratorsWithSync(
  ex: Executor,
  communeCode: string,
): Promise<CollaboratorSyncRow[]> {
  const result = await sql<CollaboratorSyncRow>`
    SELECT u.id, u.username, u.display_name,
      coalesce((SELECT array_agg(ua.area_id ORDER BY ua.area_id) FROM user_area ua WHERE ua.user_id = u.id), '{}')
        AS area_ids,
      d.last_sync_at, d.waiting_count, d.waiting_oldest_recorded_at, d.waiting_reported_at
    FROM app_user u
    LEFT JOIN LATERAL (
      SELECT max(last_sync_at) AS last_sync_at,
        sum(waiting_count) FILTER (WHERE waiting_reported_at IS NOT NULL)::int AS waiting_count,
        min(waiting_oldest_recorded_at) AS waiting_oldest_recorded_at,
        max(waiting_reported_at) AS waiting_reported_at
      FROM sync_device s WHERE s.user_id = u.id
    ) d ON true
    WHERE u.role = 'collaborator' AND u.scope_commune_code = ${communeCode} AND u.disabled_at IS NULL
    ORDER BY u.username`.execute(ex);
  return result.rows.map((r) => ({ ...r, area_ids: (r.area_ids ?? []).map(String) }));
}

export async function areaLabels(
  ex: Executor,
  areaIds: readonly string[],
): Promise<Map<string, { id: string; code: string; name: string }>> {
  if (areaIds.length === 0) return new Map();
  const result = await sql<{ id: string; number: number; name: string; commune_code: string }>`
    SELECT id, number, name, commune_code FROM area WHERE id = ANY(${[...areaIds]}::uuid[])`.execute(ex);
  return new Map(
    result.rows.map((r) => [r.id, { id: r.id, code: `${r.commune_code}-${r.number}`, name: r.name }]),
  );
}

export async function usernameOf(
  ex: Executor,
  userId: string,
): Promise<{ username: string; display_name: string } | undefined> {
  return ex
    .selectFrom('app_user')
    .select(['username', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** The province of a current commune ('' when there is none). */
export async function provinceOfCommune(ex: Executor, communeCode: string): Promise<string> {
  const row = await sql<{ parent_code: string | null }>`
    SELECT parent_code FROM admin_unit WHERE code = ${communeCode} AND level = 'commune' AND valid_to IS NULL`.execute(
    ex,
  );
  return row.rows[0]?.parent_code ?? '';
}
