import { readFile } from 'node:fs/promises';
import { DomainError } from '@danso/domain';
import { AdminUnitsService } from '@danso/server/modules/admin-units/admin-units.service.ts';
import { loadNationalUnits } from '@danso/server/modules/admin-units/national.ts';
import { AuditService } from '@danso/server/modules/audit/audit.service.ts';
import type { Command } from 'commander';
import { operator, withDatabase } from '../database.ts';

const kinds = ['units', 'successions', 'areas'] as const;

export function registerUnits(program: Command): void {
  const units = program.command('units').description('Đơn vị hành chính (administrative units)');

  units
    .command('load-national')
    .description(
      'Nạp danh mục 34 tỉnh, 3.321 xã từ 01/07/2025 và bảng chuyển đổi xã cũ → xã mới (load the national list)',
    )
    .option('--show-skipped', 'liệt kê từng dòng chuyển đổi bị bỏ qua (list every skipped mapping row)')
    .action(async (options: { showSkipped?: boolean }) => {
      await withDatabase(async (database) => {
        const report = await loadNationalUnits(database);
        console.log(
          `${report.alreadyLoaded ? 'Danh mục đã có sẵn' : 'Đã nạp'}: ${report.provinces} tỉnh, ${report.communes} xã, ` +
            `${report.oldCommunes} xã cũ, ${report.successions} biến động địa giới.`,
        );
        const byReason = new Map<string, number>();
        for (const s of report.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
        console.log(`Bỏ qua ${report.skipped.length} dòng chuyển đổi không tin cậy (skipped mapping rows):`);
        for (const [reason, n] of byReason) console.log(`  ${reason}: ${n}`);
        if (options.showSkipped) {
          for (const s of report.skipped) {
            console.log(
              `  #${s.sourceId} ${s.oldCode ?? '—'} ${s.oldName ?? ''} → ${s.newCode} ${s.newName ?? ''}: ${s.reason}`,
            );
          }
        }
      });
    });

  units
    .command('import')
    .description(
      'Nhập đơn vị, biến động địa giới hoặc địa bàn từ CSV (import units, successions or areas from CSV)',
    )
    .requiredOption('--kind <kind>', `loại dữ liệu: ${kinds.join(' | ')}`)
    .requiredOption('--file <path>', 'tệp CSV (UTF-8, có dòng tiêu đề)')
    .option('--dry-run', 'chỉ kiểm tra, không ghi (check only, write nothing)', false)
    .action(async (options: { kind: string; file: string; dryRun: boolean }) => {
      if (!(kinds as readonly string[]).includes(options.kind)) {
        console.error(`--kind phải là một trong: ${kinds.join(', ')}`);
        process.exitCode = 1;
        return;
      }
      const csv = await readFile(options.file, 'utf8');
      await withDatabase(async (database) => {
        const service = new AdminUnitsService(database, new AuditService(database));
        try {
          const report = await service.importCsv(
            operator,
            { kind: options.kind as (typeof kinds)[number], csv, dryRun: options.dryRun },
            'cli',
          );
          for (const p of report.problems)
            console.error(`  dòng ${p.line}, cột ${p.field || '—'}: ${p.message} [${p.reason}]`);
          console.log(
            report.dryRun
              ? `Chạy thử: ${report.rows} dòng, ${report.problems.length} lỗi (dry run: ${report.rows} rows, ${report.problems.length} problems).`
              : `Đã nhập ${report.imported} bản ghi từ ${report.rows} dòng (imported).`,
          );
          if (!report.ok) process.exitCode = 1;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          for (const d of error.details) console.error(`  ${d.path}: ${d.message ?? d.reason}`);
          console.error(`Không nhập gì: tệp có ${error.details.length} dòng lỗi (nothing imported).`);
          process.exitCode = 1;
        }
      });
    });
}
