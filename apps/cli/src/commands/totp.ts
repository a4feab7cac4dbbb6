import { currentTotpCode, demoTotpSecret } from '@danso/server/modules/auth/totp.ts';
import type { Command } from 'commander';
import { withDatabase } from '../database.ts';

export function registerDemoTotp(program: Command): void {
  program
    .command('demo-totp <username>')
    .description('In mã TOTP hiện tại của một tài khoản demo (print the current TOTP code of a demo account)')
    .action(async (username: string) => {
      await withDatabase(async (database) => {
        const user = await database.db
          .selectFrom('app_user')
          .select(['username', 'is_demo', 'totp_enabled', 'totp_secret'])
          .where('username', '=', username.toLowerCase())
          .executeTakeFirst();
        // Only demo accounts, whose secrets are derived from their names, ever have their code printed.
        if (!user?.is_demo || !user.totp_enabled || user.totp_secret !== demoTotpSecret(user.username)) {
          console.error('Chỉ dùng cho tài khoản demo có bật TOTP (demo accounts with TOTP only).');
          process.exitCode = 1;
          return;
        }
        console.log(currentTotpCode(user.totp_secret));
      });
    });
}
