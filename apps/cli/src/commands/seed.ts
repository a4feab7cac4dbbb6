import { loadNationalUnits, readNationalList } from '@danso/server/modules/admin-units/national.ts';
import { demoPassword } from '@danso/server/modules/seed/accounts.ts';
import {
  checkSeedOptions,
  SeedError,
  type SeedProgress,
  seedProvince,
} from '@danso/server/modules/seed/index.ts';
import type { Command } from 'commander';
import { withDatabase } from '../database.ts';

interface SeedArguments {
  province: string;
  people: string;
  seed: string;
  replace: boolean;
}

const number = (n: number) => n.toLocaleString('vi-VN');

/** Reads the arguments, or says what is wrong with them; checks the province against the national list. */
export function parseSeedArguments(args: SeedArguments): {
  provinceCode: string;
  people: number;
  seed: number;
  replace: boolean;
} {
  const integer = (raw: string, what: string): number => {
    // Digits only (1_000_000 allowed): "20.000" could mean 20 or 20,000 depending on the reader.
    if (!/^\d{1,3}(_?\d{3})*$|^\d{1,10}$/.test(raw.trim())) {
      throw new SeedError('invalid_option', `${what}: "${raw}" không phải số nguyên (not an integer)`);
    }
    return Number(raw.trim().replace(/_/g, ''));
  };
  const parsed = {
    provinceCode: args.province.trim(),
    people: integer(args.people, '--people'),
    seed: integer(args.seed, '--seed'),
    replace: args.replace,
  };
  checkSeedOptions(parsed);
  const known = readNationalList().units.some(
    (u) => u.level === 'province' && u.code === parsed.provinceCode && u.valid_to === null,
  );
  if (!known) {
    throw new SeedError(
      'unknown_province',
      `Không có tỉnh mã ${parsed.provinceCode} trong danh mục 34 tỉnh từ 01/07/2025 ` +
        `(no province has code ${parsed.provinceCode}; e.g. 20 Lạng Sơn, 79 Hồ Chí Minh City)`,
    );
  }
  return parsed;
}

function progressLine(p: SeedProgress): string {
  switch (p.phase) {
    case 'layout':
      return `  Lập thôn, địa bàn cho ${p.communes} xã… (hamlets and areas)`;
    case 'people':
      return `  ${number(p.people)} / ${number(p.peopleTotal)} nhân khẩu, ${number(p.households)} hộ, ${p.communesDone}/${p.communes} xã (people, households, communes)`;
    case 'accounts':
      return '  Tạo tài khoản demo… (demo accounts)';
    case 'history':
      return '  Ghi lịch sử cư trú và số liệu tồn cuối tháng… (residence history and month-end stock)';
  }
}

/** `danso seed --province 20 --people 20000 --seed 2025 [--replace]`: a synthetic province with demo accounts. */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description(
      'Tạo dân số tổng hợp cho một tỉnh: thôn, địa bàn, hộ, nhân khẩu và tài khoản demo ' +
        '(seed a synthetic province with demo accounts; the same seed gives the same data)',
    )
    .option('--province <code>', 'mã tỉnh 2 chữ số (2-digit province code)', '20')
    .option('--people <n>', 'số nhân khẩu (number of people)', '20000')
    .option('--seed <n>', 'hạt giống ngẫu nhiên (random seed)', '2025')
    .option(
      '--replace',
      'xoá dữ liệu dân cư và tài khoản demo sẵn có của tỉnh rồi tạo lại (delete the province’s register and demo accounts first)',
      false,
    )
    .action(async (args: SeedArguments) => {
      let options: ReturnType<typeof parseSeedArguments>;
      try {
        options = parseSeedArguments(args);
      } catch (error) {
        if (!(error instanceof SeedError)) throw error;
        console.error(`Không tạo dữ liệu (nothing seeded): ${error.message}`);
        process.exitCode = 1;
        return;
      }
      await withDatabase(async (database) => {
        const units = await loadNationalUnits(database);
        if (!units.alreadyLoaded) {
          console.log(
            `Đã nạp danh mục hành chính: ${units.provinces} tỉnh, ${units.communes} xã (national unit list loaded).`,
          );
        }
        console.log(
          `Đang tạo tỉnh ${options.provinceCode}: ${number(options.people)} nhân khẩu, hạt giống ${options.seed} ` +
            `(seeding ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'})…`,
        );
        try {
          const report = await seedProvince(database, {
            ...options,
            onProgress: (p) => console.log(progressLine(p)),
          });
          const rows: Array<[string, number]> = [
            ['xã (communes)', report.communes],
            ['thôn, tổ dân phố (hamlets)', report.hamlets],
            ['địa bàn (areas)', report.areas],
            ['hộ (households)', report.households],
            ['nhân khẩu (people)', report.people],
            ['tài khoản mới (new accounts)', report.users],
          ];
          console.log(
            `Xong: tỉnh ${report.provinceName} (${report.provinceCode}) trong ${(report.elapsedMs / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây` +
              ` (done in ${(report.elapsedMs / 1000).toFixed(1)} s)${report.replaced ? ', thay cho dữ liệu cũ (replaced the earlier data)' : ''}:`,
          );
          for (const [label, value] of rows)
            console.log(`  ${label.padEnd(30)} ${number(value).padStart(12)}`);
          console.log(
            `Tài khoản demo: quantri, trunguong, tinh.${report.provinceCode}, xa.<mã xã>, ctv.<mã xã>.<số địa bàn>; ` +
              `mật khẩu chung ${demoPassword} (demo accounts, shared password).`,
          );
        } catch (error) {
          if (!(error instanceof SeedError)) throw error;
          console.error(`Không tạo dữ liệu (nothing seeded): ${error.message}`);
          process.exitCode = 1;
        }
      });
    });
}
