import type { Actor } from '@danso/domain';
import { type Config, ConfigError, loadConfig } from '@danso/server/config.ts';
import { type Database, openDatabase } from '@danso/server/db/database.ts';
import { migrate } from '@danso/server/db/migrate.ts';

/** The actor of commands run on the server itself by its operator: a national administrator, audited as such. */
export const operator: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  role: 'admin',
  scope: { kind: 'national' },
};

export function configFromEnv(): Config {
  try {
    return loadConfig({ ...process.env, DANSO_LOG_LEVEL: 'silent' });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Opens the database the server would use (DATABASE_URL, or the embedded one in DANSO_DATA_DIR / ./data), migrated. */
export async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = configFromEnv();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}
