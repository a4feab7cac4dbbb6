import { openDatabase } from '@danso/server/db/database.ts';
import { migrate } from '@danso/server/db/migrate.ts';
import type { Command } from 'commander';
import { configFromEnv } from '../database.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Áp dụng các migration cơ sở dữ liệu (apply database migrations)')
    .action(async () => {
      const config = configFromEnv();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const result = await migrate(database);
        for (const name of result.applied) console.log(`  + ${name}`);
        console.log(
          `Đã áp dụng ${result.applied.length} migration mới; ${result.alreadyApplied} đã có từ trước ` +
            `(${result.applied.length} applied, ${result.alreadyApplied} already applied).`,
        );
      } finally {
        await database.close();
      }
    });
}
