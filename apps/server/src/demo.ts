import type { Actor } from '@danso/domain';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { loadNationalUnits } from './modules/admin-units/national.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { currentTotpCode, demoTotpSecret } from './modules/auth/totp.ts';
import { BoundariesService } from './modules/boundaries/boundaries.service.ts';
import { demoPassword } from './modules/seed/accounts.ts';
import { seedProvince } from './modules/seed/index.ts';
import { simulateMonths } from './modules/simulate/simulate.service.ts';

/** Who writes the demo's generated data (recorded in the audit log like the command line's operator). */
const demoOperator: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  role: 'admin',
  scope: { kind: 'national' },
};

/**
 * Makes an empty database ready to try: the national unit list, then the demo province with its people and
 * an account for every role. A database that already has accounts is left as it is.
 */
export async function prepareDemo(database: Database, config: Config, log: (line: string) => void) {
  let seeded = false;
  const units = await loadNationalUnits(database);
  if (!units.alreadyLoaded) {
    log(
      `Đã nạp danh mục hành chính: ${units.provinces} tỉnh, ${units.communes} xã (national unit list loaded).`,
    );
  }
  const anyUser = await database.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  if (!anyUser) {
    log(
      `Đang tạo tỉnh demo ${config.demoProvince} với ${config.demoPeople.toLocaleString('vi-VN')} nhân khẩu… (seeding the demo province)`,
    );
    const report = await seedProvince(database, {
      provinceCode: config.demoProvince,
      people: config.demoPeople,
      seed: config.demoSeed,
    });
    log(
      `Xong: ${report.communes} xã, ${report.areas} địa bàn, ${report.households} hộ, ${report.people} nhân khẩu, ` +
        `${report.users} tài khoản (${(report.elapsedMs / 1000).toFixed(1)} s).`,
    );
    seeded = true;
  }
  // The map needs commune shapes: a demo province gets generated ones (never a province with real users).
  const demoProvince = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('is_demo', '=', true)
    .where('scope_province_code', '=', config.demoProvince)
    .limit(1)
    .executeTakeFirst();
  if (demoProvince) {
    const boundaries = new BoundariesService(database, new AuditService(database));
    const shaped = await boundaries.ensureGenerated(demoOperator, config.demoProvince, config.demoSeed);
    if (shaped > 0) {
      log(
        `Đã tạo ranh giới giả lập cho ${shaped} xã của tỉnh demo để xem bản đồ (synthetic shapes, not real boundaries).`,
      );
    }
  }
  return { loginHelp: await loginHelp(database, config), simulate: seeded && config.demoMonths > 0 };
}

/**
 * Gives a freshly seeded demo province its recent history: the collaborators' changes of the last months,
 * submitted and reviewed through the same service as real ones (births, deaths, moves, marriages,
 * contraception, check-ups…), so the inbox, the reports, the indicators and the charts have something to
 * show. Runs after the server is listening; the app can be used meanwhile and fills in month by month.
 */
export async function simulateDemoHistory(database: Database, config: Config, log: (line: string) => void) {
  const months = config.demoMonths;
  log(
    `Đang mô phỏng biến động ${months} tháng gần đây của tỉnh demo ở chế độ nền… ` +
      `(simulating the last ${months} months of changes in the background)`,
  );
  try {
    const report = await simulateMonths(database, {
      provinceCode: config.demoProvince,
      months,
      seed: config.demoSeed,
      onProgress: (p) => {
        if (p.phase === 'commune' && p.communesDone === p.communes) {
          log(
            `  tháng ${p.month} xong (${p.monthIndex}/${p.months}): ${p.changes.toLocaleString('vi-VN')} biến động`,
          );
        } else if (p.phase === 'stock') {
          log('  đang tính lại số liệu tổng hợp theo tháng… (recomputing the monthly aggregates)');
        }
      },
    });
    log(
      `Mô phỏng xong: ${report.totals.approved.toLocaleString('vi-VN')} biến động đã duyệt, ` +
        `${report.totals.rejected.toLocaleString('vi-VN')} bị từ chối, từ ${report.fromMonth} đến ${report.toMonth} ` +
        `(${(report.elapsedMs / 1000).toFixed(0)} s).`,
    );
  } catch (error) {
    log(
      `Không mô phỏng được biến động demo (the demo simulation stopped): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function loginHelp(database: Database, config: Config): Promise<string> {
  const demo = await database.db
    .selectFrom('app_user')
    .select(['username', 'role', 'totp_enabled'])
    .where('is_demo', '=', true)
    .orderBy('username')
    .execute();
  if (demo.length === 0) return '';
  const first = (role: string) => demo.find((u) => u.role === role)?.username;
  const accounts = [
    ['Quản trị hệ thống (admin)', first('admin')],
    ['Cục Dân số (central viewer)', first('central_viewer')],
    ['Cán bộ dân số tỉnh (province officer)', first('province_officer')],
    ['Viên chức dân số xã (commune officer)', first('commune_officer')],
    ['Cộng tác viên (collaborator)', first('collaborator')],
  ].filter((row): row is [string, string] => Boolean(row[1]));
  const lines = [
    '',
    `Tài khoản demo — mật khẩu chung: ${demoPassword}  (demo accounts, shared password)`,
    ...accounts.map(([label, username]) => `  ${username.padEnd(22)} ${label}`),
    `  (mỗi xã có xa.<mã xã>, mỗi địa bàn có ctv.<mã xã>.<số địa bàn>; tỉnh demo: ${config.demoProvince})`,
  ];
  const withTotp = demo.filter((u) => u.totp_enabled);
  if (withTotp.length > 0) {
    lines.push(
      'Tài khoản quản trị và cán bộ tỉnh cần mã TOTP (admins and province officers need a TOTP code):',
      '  lấy mã hiện tại / current code:  npm run danso -- demo-totp <tên đăng nhập>',
    );
    for (const u of withTotp) {
      const secret = demoTotpSecret(u.username);
      lines.push(
        `  ${u.username.padEnd(22)} khóa / secret ${secret}  (mã lúc này / code now: ${currentTotpCode(secret)})`,
      );
    }
  }
  return lines.join('\n');
}
