import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { loadNationalUnits } from './modules/admin-units/national.ts';
import { currentTotpCode, demoTotpSecret } from './modules/auth/totp.ts';
import { demoPassword } from './modules/seed/accounts.ts';
import { seedProvince } from './modules/seed/index.ts';

/**
 * Makes an empty database ready to try: the national unit list, then the demo province with its people and
 * an account for every role. A database that already has accounts is left as it is.
 */
export async function prepareDemo(database: Database, config: Config, log: (line: string) => void) {
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
  }
  return { loginHelp: await loginHelp(database, config) };
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
