import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../apps/server/src/modules/auth/totp.ts';
import {
  expectAlert,
  type Harness,
  loginAs,
  type SeededCommune,
  screenshot,
  seededCommunes,
  startHarness,
  submitCredentials,
  waitForRows,
} from './harness.ts';

let harness: Harness;
let communes: SeededCommune[];

beforeAll(async () => {
  harness = await startHarness();
  communes = await seededCommunes(harness.database);
});

afterAll(async () => {
  await harness?.close();
});

async function openUserAdmin(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('link', { name: 'Quản lý người dùng' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Quản lý người dùng' }).waitFor();
}

async function openCreateForm(page: Page): Promise<void> {
  await openUserAdmin(page);
  await page.getByRole('link', { name: 'Thêm người dùng' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thêm người dùng' }).waitFor();
}

/** The message shown under a form field. */
async function fieldError(page: Page, label: string): Promise<string> {
  const field = page.locator('.field', { has: page.getByLabel(label, { exact: true }) });
  return ((await field.locator('.field-error').textContent()) ?? '').trim();
}

describe('user administration', () => {
  it('lists users, searches them and filters by role', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'quantri');
    await openUserAdmin(page);

    await page.getByLabel('Vai trò').selectOption({ label: 'Viên chức dân số xã' });
    await page.waitForURL(/role=commune_officer/);
    const officers = await waitForRows(page, 'user-list', (rows) =>
      rows.every((row) => row[2] === 'Viên chức dân số xã'),
    );
    expect(officers.map((row) => row[0]).sort()).toEqual(communes.map((c) => c.officer).sort());

    await page.getByLabel('Vai trò').selectOption({ label: 'Tất cả vai trò' });
    await page.getByLabel('Tìm theo tên').fill('tinh.20');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/q=tinh\.20/);
    const [found] = await waitForRows(page, 'user-list', (rows) => rows.length === 1);
    expect(found?.[0]).toBe('tinh.20');
    expect(found?.[2]).toBe('Cán bộ dân số tỉnh');
    expect(found?.[3]).toContain('Lạng Sơn');
    await screenshot(page, 'users-search');
  });

  it('shows the API validation errors next to the fields', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'quantri');
    await openCreateForm(page);
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expectAlert(page, 'Dữ liệu gửi lên không hợp lệ.');
    expect(await fieldError(page, 'Tên đăng nhập')).toBe('Vui lòng nhập thông tin này.');
    expect(await fieldError(page, 'Họ và tên')).toBe('Vui lòng nhập thông tin này.');

    await page.getByLabel('Tên đăng nhập', { exact: true }).fill('ctv.thu');
    await page.getByLabel('Họ và tên', { exact: true }).fill('Đinh Thị Thu');
    await page.getByLabel('Mật khẩu ban đầu').fill('ngan');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expectAlert(
      page,
      'Mật khẩu phải có ít nhất 8 ký tự và không nằm trong danh sách mật khẩu phổ biến.',
    );
    expect(await fieldError(page, 'Mật khẩu ban đầu')).toBe('Mật khẩu phải có ít nhất 8 ký tự.');
    await screenshot(page, 'user-form-errors');
  });

  it('creates a commune officer who signs in; disabling her ends her open session at once', async () => {
    const commune = communes[0];
    if (!commune) throw new Error('no seeded commune');
    const admin = await harness.newPage();
    await loginAs(admin, 'quantri');
    await openCreateForm(admin);
    await admin.getByLabel('Tên đăng nhập', { exact: true }).fill('xa.thu.nghiem');
    await admin.getByLabel('Họ và tên', { exact: true }).fill('Hoàng Thị Thử');
    await admin.getByLabel('Vai trò').selectOption({ label: 'Viên chức dân số xã' });
    await admin.getByLabel('Mật khẩu ban đầu').fill('Song-Ky-Cung-2026');
    await admin.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Lạng Sơn' });
    await admin.getByLabel('Xã, phường, đặc khu').selectOption({ label: commune.name });
    await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await admin.getByText('Đã tạo tài khoản xa.thu.nghiem.').waitFor();
    await admin.getByRole('heading', { level: 1, name: 'Hoàng Thị Thử' }).waitFor();

    const officer = await harness.newPage();
    await loginAs(officer, 'xa.thu.nghiem', 'Song-Ky-Cung-2026');
    await officer.getByRole('heading', { level: 2, name: commune.name }).waitFor();
    expect(await officer.getByTestId('header-user').textContent()).toContain('Hoàng Thị Thử');

    await admin.getByRole('button', { name: 'Khóa', exact: true }).click();
    await admin.getByRole('button', { name: 'Xác nhận khóa' }).click();
    await admin.getByText('Đã khóa tài khoản.').waitFor();
    await admin.locator('.page-header').getByText('Đã khóa', { exact: true }).waitFor();
    await screenshot(admin, 'user-disabled');

    // Her next request finds no session: the app returns to the login page and says why.
    const area = commune.areas[0];
    if (!area) throw new Error('no area');
    await officer.getByTestId('place-children').getByRole('link', { name: area.name, exact: true }).click();
    await officer.getByText('Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.').waitFor();
    expect(await submitCredentials(officer, 'xa.thu.nghiem', 'Song-Ky-Cung-2026')).toBe('error');
    await expectAlert(officer, 'Tên đăng nhập hoặc mật khẩu không đúng.');

    await admin.getByRole('button', { name: 'Mở khóa', exact: true }).click();
    await admin.getByRole('button', { name: 'Xác nhận mở khóa' }).click();
    await admin.getByText('Đã mở khóa tài khoản.').waitFor();
    await admin.getByLabel('Mật khẩu mới').fill('Mau-Son-Mua-Dong-2026');
    await admin.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await admin.getByText('Đã đặt lại mật khẩu.').waitFor();
    // Signed in again, she is back on the page she had asked for.
    expect(await submitCredentials(officer, 'xa.thu.nghiem', 'Mau-Son-Mua-Dong-2026')).toBe('signed-in');
    await officer.getByRole('heading', { level: 1, name: area.name }).waitFor();
  });

  it('a new province officer enrols an authenticator at her first sign-in', async () => {
    const admin = await harness.newPage();
    await loginAs(admin, 'quantri');
    await openCreateForm(admin);
    await admin.getByLabel('Tên đăng nhập', { exact: true }).fill('tinh.thu.nghiem');
    await admin.getByLabel('Họ và tên', { exact: true }).fill('Vi Văn Thử');
    await admin.getByLabel('Vai trò').selectOption({ label: 'Cán bộ dân số tỉnh' });
    await admin.getByLabel('Mật khẩu ban đầu').fill('Ky-Lua-Pho-Co-2026');
    await admin.getByLabel('Tỉnh, thành phố').selectOption({ label: 'Lạng Sơn' });
    await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await admin.getByText('Đã tạo tài khoản tinh.thu.nghiem.').waitFor();

    const officer = await harness.newPage();
    await officer.goto('/');
    expect(await submitCredentials(officer, 'tinh.thu.nghiem', 'Ky-Lua-Pho-Co-2026')).toBe('enrolment');
    const secret = ((await officer.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await officer.getByText('Địa chỉ otpauth').click();
    expect(await officer.getByTestId('totp-uri').textContent()).toContain(`secret=${secret}`);
    await screenshot(officer, 'totp-enrolment');
    await officer.getByLabel('Mã xác thực (6 chữ số)').fill(currentTotpCode(secret));
    await officer.getByRole('button', { name: 'Xác nhận và hoàn tất' }).click();
    await officer.getByRole('heading', { level: 1, name: /^Xin chào, Vi Văn Thử/ }).waitFor();
    await officer.getByRole('heading', { level: 2, name: 'Lạng Sơn' }).waitFor();

    await admin.reload();
    await admin.getByText('Đã bật xác thực hai lớp').first().waitFor();
  });

  it('is only for administrators', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'tinh.20');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(await nav.getByRole('link', { name: 'Quản lý người dùng' }).count()).toBe(0);
    await page.goto('/users/new');
    await page.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
  });
});
