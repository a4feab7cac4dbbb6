import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const migrationsDir = path.resolve(import.meta.dirname, '../../migrations');

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies the plain-SQL migrations in file-name order, each in its own transaction, once.
 * An advisory lock keeps two starting servers from migrating at the same time.
 * A migration that was edited after it was applied stops the process: write a new one instead.
 */
export async function migrate(database: Database): Promise<MigrationResult> {
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  const { db } = database;
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`COMMENT ON TABLE schema_migration IS 'Migrations applied to this database.'`.execute(db);

  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const file of files) {
    const text = await readFile(path.join(migrationsDir, file), 'utf8');
    const checksum = createHash('sha256').update(text).digest('hex');
    const done = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(4242001)`.execute(trx);
      const row = await trx
        .selectFrom('schema_migration')
        .select('checksum')
        .where('name', '=', file)
        .executeTakeFirst();
      if (row) {
        if (row.checksum !== checksum) {
          throw new Error(`Migration ${file} was changed after it was applied; add a new migration instead.`);
        }
        return true;
      }
      await sql.raw(text).execute(trx);
      await trx.insertInto('schema_migration').values({ name: file, checksum }).execute();
      return false;
    });
    if (done) alreadyApplied += 1;
    else applied.push(file);
  }
  return { applied, alreadyApplied };
}
