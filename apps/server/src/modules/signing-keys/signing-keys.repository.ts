import type { Executor } from '../../db/database.ts';

export interface SigningKeyRow {
  id: string;
  user_id: string;
  public_key: string;
  fingerprint: string;
  label: string;
  device_id: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

/** Inserts a key unless the user already registered this public key; the row either way, and whether it is new. */
export async function insertKey(
  ex: Executor,
  row: Omit<SigningKeyRow, 'created_at' | 'revoked_at'>,
): Promise<{ key: SigningKeyRow; created: boolean }> {
  const inserted = await ex
    .insertInto('signing_key')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'public_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { key: inserted as SigningKeyRow, created: true };
  const existing = await ex
    .selectFrom('signing_key')
    .selectAll()
    .where('user_id', '=', row.user_id)
    .where('public_key', '=', row.public_key)
    .executeTakeFirstOrThrow();
  return { key: existing as SigningKeyRow, created: false };
}

export async function findKey(ex: Executor, id: string): Promise<SigningKeyRow | undefined> {
  return (await ex.selectFrom('signing_key').selectAll().where('id', '=', id).executeTakeFirst()) as
    | SigningKeyRow
    | undefined;
}

export async function keysOf(ex: Executor, userId: string): Promise<SigningKeyRow[]> {
  return (await ex
    .selectFrom('signing_key')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as SigningKeyRow[];
}

/** Revokes a key of this user (once: a revoked key keeps its first revocation time). */
export async function revokeKey(
  ex: Executor,
  id: string,
  userId: string,
): Promise<SigningKeyRow | undefined> {
  await ex
    .updateTable('signing_key')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return (await ex
    .selectFrom('signing_key')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()) as SigningKeyRow | undefined;
}
