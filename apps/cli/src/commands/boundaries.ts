import { readFile } from 'node:fs/promises';
import { DomainError } from '@danso/domain';
import { AuditService } from '@danso/server/modules/audit/audit.service.ts';
import { BoundariesService } from '@danso/server/modules/boundaries/boundaries.service.ts';
import type { Command } from 'commander';
import { operator, withDatabase } from '../database.ts';

export function registerBoundaries(program: Command): void {
  const boundaries = program
    .command('boundaries')
    .description('Ranh giới đơn vị hành chính (unit boundaries)');

  boundaries
    .command('import')
    .description(
      'Nhập ranh giới từ tệp GeoJSON FeatureCollection; có Feature lỗi thì không nhập gì (import GeoJSON boundaries)',
    )
    .argument('<file>', 'tệp .geojson (WGS 84; properties.code = mã xã hoặc mã tỉnh)')
    .option('--dry-run', 'chỉ kiểm tra, không ghi (check only, write nothing)', false)
    .action(async (file: string, options: { dryRun: boolean }) => {
      let geojson: unknown;
      try {
        geojson = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        console.error(`Không đọc được tệp JSON ${file}: ${(error as Error).message}`);
        process.exitCode = 1;
        return;
      }
      await withDatabase(async (database) => {
        const service = new BoundariesService(database, new AuditService(database));
        const report = await service.importGeoJson(operator, {
          geojson,
          dryRun: options.dryRun,
          source: file.split('/').pop() ?? file,
        });
        for (const p of report.problems) {
          const where =
            p.index === null ? 'tệp' : `Feature #${p.index}${p.unitCode ? ` (${p.unitCode})` : ''}`;
          console.error(`  ${where}: ${p.message} [${p.reason}]`);
        }
        if (!report.ok) {
          console.error(
            `Không nhập gì: ${report.problems.length} lỗi trong ${report.features} Feature (nothing imported).`,
          );
          process.exitCode = 1;
        } else if (report.dryRun) {
          console.log(
            `Chạy thử: ${report.features} Feature hợp lệ, tỉnh ${report.provinces.join(', ')} (dry run).`,
          );
        } else {
          console.log(
            `Đã nhập ranh giới của ${report.imported} đơn vị, tỉnh ${report.provinces.join(', ')} (imported).`,
          );
        }
      });
    });

  boundaries
    .command('generate')
    .description(
      'Tạo ranh giới GIẢ LẬP cho các xã hiện nay của một tỉnh demo, khi chưa có ranh giới thật (synthetic shapes)',
    )
    .requiredOption('--province <code>', 'mã tỉnh (2 chữ số)')
    .option('--seed <n>', 'hạt giống ngẫu nhiên (random seed)', '1')
    .action(async (options: { province: string; seed: string }) => {
      await withDatabase(async (database) => {
        const service = new BoundariesService(database, new AuditService(database));
        try {
          const written = await service.ensureGenerated(operator, options.province, Number(options.seed));
          console.log(
            written > 0
              ? `Đã tạo ranh giới giả lập cho ${written} xã (synthetic, not real boundaries).`
              : 'Mọi xã hiện nay của tỉnh đã có ranh giới: không tạo gì (every commune already has a boundary).',
          );
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          console.error(error.message);
          process.exitCode = 1;
        }
      });
    });
}
