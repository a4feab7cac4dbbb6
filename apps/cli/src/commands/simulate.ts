import { changeTypeLabels } from '@danso/domain';
import {
  checkSimulateOptions,
  SimulateError,
  type SimulateProgress,
  simulateMonths,
} from '@danso/server/modules/simulate/simulate.service.ts';
import type { Command } from 'commander';
import { withDatabase } from '../database.ts';

interface SimulateArguments {
  province: string;
  months: string;
  seed: string;
  endMonth?: string;
}

const number = (n: number) => n.toLocaleString('vi-VN');
const seconds = (ms: number) => (ms / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 });

/** Reads the arguments, or says what is wrong with them. */
export function parseSimulateArguments(args: SimulateArguments): {
  provinceCode: string;
  months: number;
  seed: number;
  endMonth?: string;
} {
  const integer = (raw: string, what: string): number => {
    if (!/^\d{1,10}$/.test(raw.trim())) {
      throw new SimulateError('invalid_option', `${what}: "${raw}" không phải số nguyên (not an integer)`);
    }
    return Number(raw.trim());
  };
  const parsed = {
    provinceCode: args.province.trim(),
    months: integer(args.months, '--months'),
    seed: integer(args.seed, '--seed'),
    ...(args.endMonth ? { endMonth: args.endMonth.trim() } : {}),
  };
  checkSimulateOptions(parsed);
  return parsed;
}

function progressLine(p: SimulateProgress): string | null {
  if (p.phase === 'stock') return '  Tính lại số liệu tồn cuối tháng… (month-end stock)';
  if (p.communesDone !== p.communes) return null;
  const [year, month] = p.month.split('-');
  return (
    `  Tháng ${month}/${year} (${p.monthIndex}/${p.months}): ${p.communes} xã, ${number(p.changes)} biến động, ` +
    `${seconds(p.elapsedMs)} giây (month ${p.month}: communes, changes so far, seconds)`
  );
}

/** `danso simulate --province 20 --months 12 --seed 2025`: months of reviewed changes for a seeded province. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'Mô phỏng các tháng biến động dân số của một tỉnh đã có sổ: cộng tác viên ghi, viên chức xã duyệt ' +
        '(simulate months of changes recorded by collaborators and reviewed by commune officers; same seed, same changes)',
    )
    .option('--province <code>', 'mã tỉnh 2 chữ số (2-digit province code)', '20')
    .option('--months <n>', 'số tháng, kết thúc ở tháng cuối (number of months)', '12')
    .option('--seed <n>', 'hạt giống ngẫu nhiên (random seed)', '2025')
    .option('--end-month <YYYY-MM>', 'tháng cuối; mặc định tháng hiện tại (last month; default: this month)')
    .action(async (args: SimulateArguments) => {
      let options: ReturnType<typeof parseSimulateArguments>;
      try {
        options = parseSimulateArguments(args);
      } catch (error) {
        if (!(error instanceof SimulateError)) throw error;
        console.error(`Không mô phỏng (nothing simulated): ${error.message}`);
        process.exitCode = 1;
        return;
      }
      await withDatabase(async (database) => {
        console.log(
          `Đang mô phỏng ${options.months} tháng biến động của tỉnh ${options.provinceCode}, hạt giống ${options.seed} ` +
            `(simulating on ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'})…`,
        );
        try {
          const report = await simulateMonths(database, {
            ...options,
            onProgress: (p) => {
              const line = progressLine(p);
              if (line) console.log(line);
            },
          });
          console.log(
            `Xong: ${report.fromMonth} → ${report.toMonth}, ${number(report.totals.sent)} biến động trong ${seconds(report.elapsedMs)} giây ` +
              `(done: changes in seconds; month-end stock ${seconds(report.stockMs)} s):`,
          );
          const rows = Object.entries(report.byType).sort(([, a], [, b]) => b.approved - a.approved);
          for (const [type, counts] of rows) {
            const label = changeTypeLabels[type as keyof typeof changeTypeLabels];
            console.log(
              `  ${`${label.vi} (${label.en})`.padEnd(58)} ${number(counts.approved).padStart(7)} duyệt` +
                `${counts.returnedThenApproved ? `, ${number(counts.returnedThenApproved)} trả lại rồi duyệt` : ''}` +
                `${counts.rejected ? `, ${number(counts.rejected)} từ chối` : ''}`,
            );
          }
          console.log(
            `  Tổng (total): ${number(report.totals.approved)} duyệt (approved), ` +
              `${number(report.totals.returnedThenApproved)} trả lại rồi duyệt (returned, then approved), ` +
              `${number(report.totals.rejected)} từ chối (rejected)`,
          );
          const r = report.perThousand;
          const decimal = (n: number | null) =>
            n === null ? '–' : n.toLocaleString('vi-VN', { maximumFractionDigits: 3 });
          console.log(
            `  Tỷ suất ‰/năm (per 1000 a year): sinh ${decimal(r.births)}, chết ${decimal(r.deaths)}, ` +
              `chuyển đến ${decimal(r.arrivals)}, chuyển đi ${decimal(r.departures)}, kết hôn ${decimal(r.marriages)}; ` +
              `tỷ số giới tính khi sinh ${decimal(report.sexRatioAtBirth)} ` +
              `(births, deaths, arrivals, departures, marriages; sex ratio at birth)`,
          );
          console.log(`  Nhân khẩu (people): ${number(report.people.start)} → ${number(report.people.end)}`);
          if (report.totals.failed > 0) {
            console.error(
              `  ${report.totals.failed} biến động không duyệt được (changes not approved): ` +
                report.failures
                  .slice(0, 5)
                  .map((f) => `${f.type} ${f.occurredOn} ${f.code}`)
                  .join('; '),
            );
            process.exitCode = 1;
          }
        } catch (error) {
          if (!(error instanceof SimulateError)) throw error;
          console.error(`Không mô phỏng (nothing simulated): ${error.message}`);
          process.exitCode = 1;
        }
      });
    });
}
