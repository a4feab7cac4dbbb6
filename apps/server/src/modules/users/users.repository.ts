import type { Executor } from '../../db/database.ts';
import type { AppUserTable } from '../../db/schema.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: AppUserTable['role'];
  scope_province_code: string | null;
  scope_commune_code: string | null;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: boolean;
  disabled_at: Date | null;
  is_demo: boolean;
  created_at: Date;
  updated_at: Date;
}

export async function findUserByUsername(ex: Executor, username: string): Promise<UserRow | undefined> {
  return ex.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  return ex.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function areaIdsOfUser(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex
    .selectFrom('user_area')
    .select('area_id')
    .where('user_id', '=', userId)
    .orderBy('area_id')
    .execute();
  return rows.map((r) => r.area_id);
}

export async function areaIdsOfUsers(ex: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (userIds.length === 0) return map;
  const rows = await ex
    .selectFrom('user_area')
    .select(['user_id', 'area_id'])
    .where('user_id', 'in', userIds)
    .orderBy('area_id')
    .execute();
  for (const r of rows) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r.area_id]);
  return map;
}

export async function insertUser(
  ex: Executor,
  row: Omit<UserRow, 'created_at' | 'updated_at' | 'disabled_at' | 'totp_enabled' | 'is_demo'>,
): Promise<void> {
  await ex.insertInto('app_user').values(row).execute();
}

export async function updateUser(
  ex: Executor,
  id: string,
  changes: Partial<Omit<UserRow, 'id' | 'created_at'>>,
): Promise<void> {
  await ex
    .updateTable('app_user')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function replaceUserAreas(ex: Executor, userId: string, areaIds: string[]): Promise<void> {
  await ex.deleteFrom('user_area').where('user_id', '=', userId).execute();
  if (areaIds.length > 0) {
    await ex
      .insertInto('user_area')
      .values(areaIds.map((area_id) => ({ user_id: userId, area_id })))
      .execute();
  }
}

export interface UserFilter {
  q?: string;
  role?: UserRow['role'];
  provinceCode?: string;
  limit: number;
  offset: number;
}

export async function listUsers(
  ex: Executor,
  filter: UserFilter,
): Promise<{ items: UserRow[]; total: number }> {
  let query = ex.selectFrom('app_user');
  if (filter.q) {
    const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('username', 'like', pattern), eb(eb.fn('lower', ['display_name']), 'like', pattern)]),
    );
  }
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.provinceCode) query = query.where('scope_province_code', '=', filter.provinceCode);
  const [items, count] = await Promise.all([
    query.selectAll().orderBy('username').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
