import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { householdColumns, personColumns } from './copy-text.ts';
import type { CommuneInfo, ProvinceInfo } from './rows.ts';

/** All SQL of the seeder. Every function runs on the one connection that holds the seeding transaction. */

export type SqlType = 'uuid' | 'text' | 'int' | 'smallint' | 'date' | 'boolean';

export async function begin(client: pg.PoolClient): Promise<void> {
  await client.query('BEGIN');
}

export async function commit(client: pg.PoolClient): Promise<void> {
  await client.query('COMMIT');
}

export async function rollback(client: pg.PoolClient): Promise<void> {
  await client.query('ROLLBACK');
}

export async function lockProvince(client: pg.PoolClient, provinceCode: string): Promise<void> {
  // Two seeders of the same province would both find it empty; the second waits and then refuses.
  await client.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [4242100, Number(provinceCode)]);
}

export async function findProvince(client: pg.PoolClient, code: string): Promise<ProvinceInfo | null> {
  const { rows } = await client.query<{ code: string; name: string; unit_type: string }>(
    `SELECT code, name, unit_type FROM admin_unit
      WHERE level = 'province' AND code = $1 AND valid_to IS NULL
      ORDER BY valid_from DESC LIMIT 1`,
    [code],
  );
  const row = rows[0];
  return row ? { code: row.code, name: row.name, unitType: row.unit_type } : null;
}

export async function listProvinceCodes(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ code: string }>(
    `SELECT DISTINCT code FROM admin_unit WHERE level = 'province' AND valid_to IS NULL ORDER BY code`,
  );
  return rows.map((r) => r.code);
}

export async function listCommunes(client: pg.PoolClient, provinceCode: string): Promise<CommuneInfo[]> {
  const { rows } = await client.query<{
    code: string;
    name: string;
    unit_type: string;
    urbanity: string | null;
  }>(
    `SELECT DISTINCT ON (code) code, name, unit_type, urbanity FROM admin_unit
      WHERE level = 'commune' AND parent_code = $1 AND valid_to IS NULL
      ORDER BY code, valid_from DESC`,
    [provinceCode],
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    unitType: r.unit_type,
    urbanity: r.urbanity as CommuneInfo['urbanity'],
  }));
}

export interface ProvinceContents {
  hamlets: number;
  areas: number;
  households: number;
  people: number;
  demoUsers: number;
}

export async function provinceContents(
  client: pg.PoolClient,
  provinceCode: string,
): Promise<ProvinceContents> {
  const { rows } = await client.query<ProvinceContents>(
    `SELECT (SELECT count(*) FROM hamlet WHERE province_code = $1)::int AS hamlets,
            (SELECT count(*) FROM area WHERE province_code = $1)::int AS areas,
            (SELECT count(*) FROM household WHERE province_code = $1)::int AS households,
            (SELECT count(*) FROM person WHERE province_code = $1)::int AS people,
            (SELECT count(*) FROM app_user WHERE is_demo AND scope_province_code = $1)::int AS "demoUsers"`,
    [provinceCode],
  );
  return rows[0] as ProvinceContents;
}

/** Removes a province's register and its demo accounts (the national demo accounts stay). */
export async function deleteProvinceData(client: pg.PoolClient, provinceCode: string): Promise<void> {
  for (const table of [
    'stock_month',
    'women_stock_month',
    'household_stock_month',
    'stock_unit_month',
    'women_stock_unit_month',
    'household_stock_unit_month',
    'stock_province_month',
    'women_stock_province_month',
    'household_stock_province_month',
    'stock_month_coverage',
    'flow_count',
    'flow_sum_month', // after flow_count, whose deletion brings its sums to zero
    'flow_province_month',
    'status_interval',
    'residence_interval',
    'area_unit_history',
    'change_action',
    'change_record',
  ]) {
    await client.query(`DELETE FROM ${table} WHERE province_code = $1`, [provinceCode]);
  }
  await client.query('DELETE FROM person WHERE province_code = $1', [provinceCode]);
  await client.query('DELETE FROM household WHERE province_code = $1', [provinceCode]);
  await client.query(
    'DELETE FROM user_area WHERE area_id IN (SELECT id FROM area WHERE province_code = $1)',
    [provinceCode],
  );
  await client.query('DELETE FROM app_user WHERE is_demo AND scope_province_code = $1', [provinceCode]);
  await client.query('DELETE FROM area_listing WHERE province_code = $1', [provinceCode]);
  await client.query('DELETE FROM area WHERE province_code = $1', [provinceCode]);
  await client.query('DELETE FROM hamlet WHERE province_code = $1', [provinceCode]);
}

/**
 * Inserts rows with one array parameter per column (INSERT … SELECT FROM unnest): far fewer parameters
 * to bind than a multi-row VALUES list, and the fastest way into PGlite measured here (its node-postgres
 * adapter cannot take COPY FROM STDIN).
 */
export async function insertRows<R>(
  client: pg.PoolClient,
  table: string,
  columns: ReadonlyArray<readonly [keyof R & string, SqlType]>,
  rows: readonly R[],
  batch = 5000,
): Promise<number> {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const text = `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
  let inserted = 0;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const params = columns.map(([name]) => slice.map((row) => row[name] ?? null));
    const result = await client.query(text, params);
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

/** Inserts accounts, keeping any that already exist (the national ones); returns the ids written. */
export async function insertNewUsers<R extends { id: string }>(
  client: pg.PoolClient,
  columns: ReadonlyArray<readonly [keyof R & string, SqlType]>,
  users: readonly R[],
): Promise<Set<string>> {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const inserted = new Set<string>();
  for (let start = 0; start < users.length; start += 5000) {
    const slice = users.slice(start, start + 5000);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO app_user (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT DO NOTHING RETURNING id`,
      columns.map(([name]) => slice.map((row) => row[name] ?? null)),
    );
    for (const row of rows) inserted.add(row.id);
  }
  return inserted;
}

/** COPY of pre-formatted text lines (PostgreSQL's text format) into households or people. */
export async function copyText(
  client: pg.PoolClient,
  table: 'household' | 'person',
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const columns = table === 'household' ? householdColumns : personColumns;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}

/** The tables a register is loaded into. */
const registerTables = ['household', 'person', 'residence_interval'];

/** Puts back what `suspendIndexes` took away. */
export interface SuspendedIndexes {
  restore(): Promise<void>;
}

/**
 * When no register is loaded yet (a new database), drops the secondary indexes and the foreign keys of the
 * register's tables for the load: PostgreSQL then builds each index once, sorted, and checks each foreign
 * key with one join, instead of updating nine indexes and looking up two parents for every row (twice as
 * fast for a million people). Primary keys and unique constraints stay, so duplicates are still refused.
 * The definitions are read from the database, so they are the migrations' own. Inside the seeding
 * transaction, so a failed load rolls this back too. Null when a register is already there.
 */
export async function suspendIndexes(client: pg.PoolClient): Promise<SuspendedIndexes | null> {
  const { rows: empty } = await client.query<{ empty: boolean }>(
    `SELECT ${registerTables.map((t) => `NOT EXISTS (SELECT 1 FROM ${t})`).join(' AND ')} AS empty`,
  );
  if (!empty[0]?.empty) return null;
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT format('%I', i.indexname) AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
                       AND c.conrelid = format('%I', i.tablename)::regclass)`,
    [registerTables],
  );
  const { rows: foreignKeys } = await client.query<{ tableName: string; name: string; definition: string }>(
    `SELECT format('%I', c.conrelid::regclass::text) AS "tableName", format('%I', c.conname) AS name,
            pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY($1)`,
    [registerTables],
  );
  for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.tableName} DROP CONSTRAINT ${fk.name}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  return {
    async restore() {
      await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      for (const index of indexes) await client.query(index.definition);
      for (const fk of foreignKeys) {
        await client.query(`ALTER TABLE ${fk.tableName} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
      }
    },
  };
}
