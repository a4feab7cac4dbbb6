import type { PlaceScope } from '@danso/domain';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// Dates stay 'YYYY-MM-DD' strings; bigint counts come back as numbers (they are far below 2^53).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Kysely<DB>;
  pool: pg.Pool;
  /**
   * Runs `fn` in one transaction as the application role with the given place scope, so that PostgreSQL's
   * row-level security hides every row outside the scope, whatever the query says.
   */
  scoped<T>(scope: PlaceScope, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

/**
 * Settings of every PostgreSQL connection. No JIT compilation: the aggregate statements over validity
 * intervals are estimated far above their real size (a generate_series per interval), and compiling them
 * took longer than running them. Random reads cost about as much as sequential ones on the SSDs the system
 * runs on, so the planner reads a few thousand people by their index rather than scanning the table.
 */
const connectionSettings = '-c jit=off -c random_page_cost=1.1';

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let pool: pg.Pool;
  let pglite: PGlite | null = null;
  if (options.databaseUrl) {
    pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      options: connectionSettings,
    });
  } else {
    pglite = await PGlite.create(options.dataDir, { extensions: { pg_trgm, unaccent } });
    pool = new pg.Pool(createPgConfig(pglite));
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // A dead idle connection (server restart) must not crash the process.
  pool.on('error', () => {});

  return {
    kind: pglite ? 'pglite' : 'postgres',
    db,
    pool,
    scoped: (scope, fn) =>
      db.transaction().execute(async (trx) => {
        await applyScope(trx, scope);
        return fn(trx);
      }),
    async close() {
      await db.destroy();
      if (pglite) await pglite.close();
    },
  };
}

/** Switches the transaction to the application role and records the place scope for the RLS policies. */
export async function applyScope(trx: Transaction<DB>, scope: PlaceScope): Promise<void> {
  const province = scope.kind === 'national' ? '' : scope.provinceCode;
  const commune = scope.kind === 'commune' || scope.kind === 'areas' ? scope.communeCode : '';
  const areas = scope.kind === 'areas' ? scope.areaIds.join(',') : '';
  // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
  await sql`SELECT set_config('role', 'danso_app', true),
                   set_config('danso.scope_kind', ${scope.kind}, true),
                   set_config('danso.scope_province', ${province}, true),
                   set_config('danso.scope_commune', ${commune}, true),
                   set_config('danso.scope_areas', ${areas}, true)`.execute(trx);
}
