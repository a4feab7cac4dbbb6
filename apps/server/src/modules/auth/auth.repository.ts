import type { Executor } from '../../db/database.ts';
import type { UserSessionTable } from '../../db/schema.ts';

export type SessionStage = UserSessionTable['stage'];

export interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  stage: SessionStage;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export async function insertSession(ex: Executor, row: SessionRow): Promise<void> {
  await ex.insertInto('user_session').values(row).execute();
}

export async function findSession(ex: Executor, tokenHash: string): Promise<SessionRow | undefined> {
  return ex.selectFrom('user_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(ex: Executor, tokenHash: string, at: Date): Promise<void> {
  await ex
    .updateTable('user_session')
    .set({ last_seen_at: at })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(ex: Executor, tokenHash: string): Promise<void> {
  await ex.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(ex: Executor, userId: string): Promise<number> {
  const result = await ex.deleteFrom('user_session').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(ex: Executor, now: Date): Promise<void> {
  await ex.deleteFrom('user_session').where('expires_at', '<', now).execute();
}

export interface ThrottleRow {
  key: string;
  failures: number;
  window_start: Date;
  locked_until: Date | null;
}

export async function findThrottles(ex: Executor, keys: string[]): Promise<ThrottleRow[]> {
  return ex.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
}

export async function saveThrottle(ex: Executor, row: ThrottleRow): Promise<void> {
  await ex
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        window_start: row.window_start,
        locked_until: row.locked_until,
      }),
    )
    .execute();
}

export async function clearThrottle(ex: Executor, key: string): Promise<void> {
  await ex.deleteFrom('login_throttle').where('key', '=', key).execute();
}
