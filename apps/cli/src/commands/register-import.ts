import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DomainError } from '@danso/domain';
import { AuditService } from '@danso/server/modules/audit/audit.service.ts';
import type { ImportProblem } from '@danso/server/modules/register-import/register-file.ts';
import { RegisterImportService } from '@danso/server/modules/register-import/register-import.service.ts';
import type { Command } from 'commander';
import { operator, withDatabase } from '../database.ts';

function printProblems(label: string, problems: readonly ImportProblem[]): void {
  if (problems.length === 0) return;
  console.error(label);
  for (const p of problems)
    console.error(`  dòng ${p.line}, cột ${p.field || '—'}: ${p.message} [${p.reason}]`);
}

export function registerRegisterImport(program: Command): void {
  program
    .command('register-import')
    .description(
      'Nhập sổ hộ của một xã (hộ và nhân khẩu) từ CSV hoặc XLSX của phần mềm cũ (import an existing register)',
    )
    .requiredOption('--commune <code>', 'mã xã (5 chữ số)')
    .requiredOption('--file <path>', 'tệp .csv (UTF-8, có dòng tiêu đề) hoặc .xlsx (trang tính đầu tiên)')
    .option('--dry-run', 'chỉ kiểm tra, không ghi (check only, write nothing)', false)
    .action(async (options: { commune: string; file: string; dryRun: boolean }) => {
      const extension = extname(options.file).toLowerCase();
      if (extension !== '.csv' && extension !== '.xlsx') {
        console.error('--file phải là tệp .csv hoặc .xlsx (the file must be .csv or .xlsx)');
        process.exitCode = 1;
        return;
      }
      if (!/^\d{5}$/.test(options.commune)) {
        console.error('--commune phải là mã xã 5 chữ số (the commune code has 5 digits)');
        process.exitCode = 1;
        return;
      }
      const format = extension === '.csv' ? 'csv' : 'xlsx';
      const bytes = await readFile(options.file);
      const content = format === 'csv' ? bytes.toString('utf8') : bytes.toString('base64');
      await withDatabase(async (database) => {
        const service = new RegisterImportService(database, new AuditService(database));
        try {
          const report = await service.importAsOperator(operator, {
            communeCode: options.commune,
            format,
            content,
            dryRun: options.dryRun,
          });
          printProblems('Cảnh báo (warnings, not blocking):', report.warnings);
          printProblems('Lỗi (problems):', report.problems);
          if (report.problemCount > report.problems.length) {
            console.error(`  … và ${report.problemCount - report.problems.length} lỗi nữa (more problems).`);
          }
          console.log(
            report.dryRun
              ? `Chạy thử: ${report.rows} dòng, ${report.households} hộ, ${report.people} nhân khẩu, ` +
                  `${report.problemCount} lỗi (dry run: rows, households, people, problems).`
              : `Đã nhập ${report.households} hộ, ${report.people} nhân khẩu từ ${report.rows} dòng; ` +
                  `bỏ qua ${report.skipped} dòng (imported households, people; rows skipped).`,
          );
          if (!report.ok) process.exitCode = 1;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          for (const d of error.details) console.error(`  ${d.path ?? ''}: ${d.message ?? d.reason}`);
          console.error(
            error.code === 'DANSO_ERR_IMPORT_INVALID'
              ? `Không nhập gì: tệp có ${error.details.length} lỗi (nothing imported).`
              : `Không nhập gì: ${error.message} (${error.code})`,
          );
          process.exitCode = 1;
        }
      });
    });
}
