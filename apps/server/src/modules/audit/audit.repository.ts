import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface AuditRow {
  id: number;
  at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  place_code: string | null;
  client_address: string | null;
  purpose: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** Serialises appends: the chain needs each row to see the one before it. */
export async function lockChain(ex: Executor): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(4242002)`.execute(ex);
}

export async function lastEntry(ex: Executor): Promise<{ id: number; hash: string } | undefined> {
  return ex.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function insertEntries(ex: Executor, rows: readonly AuditRow[]): Promise<void> {
  await ex
    .insertInto('audit_log')
    .values(rows.map((row) => ({ ...row, details: JSON.stringify(row.details ?? {}) })))
    .execute();
}

/** Reads the chain in order, a page at a time. */
export async function entriesAfter(ex: Executor, afterId: number, limit: number): Promise<AuditRow[]> {
  return (await ex
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()) as AuditRow[];
}

export async function recentEntries(
  ex: Executor,
  options: { beforeId?: number; limit: number; actorUserId?: string; action?: string },
): Promise<AuditRow[]> {
  let query = ex.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  if (options.actorUserId) query = query.where('actor_user_id', '=', options.actorUserId);
  if (options.action) query = query.where('action', '=', options.action);
  return (await query.execute()) as AuditRow[];
}
