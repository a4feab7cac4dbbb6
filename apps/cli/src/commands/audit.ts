import { AuditService } from '@danso/server/modules/audit/audit.service.ts';
import type { Command } from 'commander';
import { withDatabase } from '../database.ts';

export function registerAudit(program: Command): void {
  program
    .command('audit-verify')
    .description('Kiểm tra chuỗi băm của nhật ký truy cập; báo dòng hỏng đầu tiên (verify the audit chain)')
    .action(async () => {
      await withDatabase(async (database) => {
        const result = await new AuditService(database).verifyChain();
        if (result.ok) {
          console.log(
            `Nhật ký nguyên vẹn: ${result.checked} dòng (audit chain intact: ${result.checked} rows).`,
          );
        } else {
          console.error(
            `Nhật ký bị sửa đổi từ dòng ${result.firstBrokenId} (${result.reason}); ${result.checked} dòng trước đó hợp lệ. ` +
              `(chain broken at row ${result.firstBrokenId})`,
          );
          process.exitCode = 2;
        }
      });
    });
}
