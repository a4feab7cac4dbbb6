import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode, demoTotpSecret } from '../apps/server/src/modules/auth/totp.ts';
import {
  demoPassword,
  expectAlert,
  type Harness,
  loginAs,
  screenshot,
  startHarness,
  submitCredentials,
} from './harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const wrongCredentials = 'Tên đăng nhập hoặc mật khẩu không đúng.';

describe('signing in', () => {
  it('refuses a wrong password with the Vietnamese message, then lets the right one in', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).waitFor();

    expect(await submitCredentials(page, 'trunguong', 'mat-khau-sai')).toBe('error');
    await expectAlert(page, wrongCredentials);
    await screenshot(page, 'login-wrong-password');

    expect(await submitCredentials(page, 'trunguong', demoPassword)).toBe('signed-in');
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    expect(await page.getByTestId('header-user').textContent()).toContain('Cục Dân số');
  });

  it('answers an unknown account exactly like a wrong password, and locks it after repeated failures', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await submitCredentials(page, 'khong.co.tai.khoan', 'mat-khau-sai')).toBe('error');
      await expectAlert(page, wrongCredentials);
    }
    expect(await submitCredentials(page, 'khong.co.tai.khoan', 'mat-khau-sai')).toBe('error');
    await expectAlert(page, 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.');
  });

  it('asks a province officer for the TOTP code and refuses a wrong one', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    expect(await submitCredentials(page, 'tinh.20', demoPassword)).toBe('totp');

    // A code that matches none of the steps the server accepts (the current one and one either side).
    const secret = demoTotpSecret('tinh.20');
    const accepted = [-30_000, 0, 30_000].map((shift) => currentTotpCode(secret, 'user', Date.now() + shift));
    let wrong = '000000';
    while (accepted.includes(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');
    await page.getByLabel('Mã xác thực (6 chữ số)').fill(wrong);
    await page.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    await expectAlert(page, 'Mã xác thực hai lớp không đúng hoặc đã hết hạn.');

    await page.getByLabel('Mã xác thực (6 chữ số)').fill(currentTotpCode(secret));
    await page.getByRole('button', { name: 'Xác nhận', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    expect(await page.getByTestId('header-user').textContent()).toContain('Cán bộ dân số tỉnh');
  });

  it('switches to English and back, remembering the choice after a reload', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'trunguong');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Trang chủ',
      'Đơn vị hành chính',
      'Bảng điều khiển',
      'Bản đồ dân số',
      'Dự báo dân số',
    ]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello, / }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const englishNav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await englishNav.getByRole('link').allTextContents()).toEqual([
      'Home',
      'Administrative units',
      'Dashboard',
      'Population map',
      'Projections',
    ]);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByTestId('header-user').textContent()).toContain('Central viewer');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Hello, / }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // The API answers in the chosen language too.
    await page.goto('/places/provinces/99');
    await page.getByText('Not found.', { exact: true }).waitFor();
    await screenshot(page, 'english-not-found');

    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByText('Không tìm thấy.', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
  });

  it('signs out: the session is gone, also after a reload', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'trunguong');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).waitFor();

    await page.goto('/places');
    await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).status);
    expect(status).toBe(401);
  });

  it('shows a not-found page for an unknown address', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'trunguong');
    await page.goto('/khong-co-trang-nay');
    await page.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
    await page.getByRole('link', { name: 'Về trang chủ' }).click();
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
  });
});
