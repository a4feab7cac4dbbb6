import { type RawBuilder, sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  loginAs,
  type SeededCommune,
  screenshot,
  seededCommunes,
  startHarness,
  waitForRows,
} from './harness.ts';

let harness: Harness;
let commune: SeededCommune;

/** A date some days back, in Vietnam (where the officer and the browser are). */
function daysAgo(days: number): string {
  const moment = new Date(Date.now() + 7 * 3_600_000 - days * 86_400_000);
  return moment.toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' as the app writes it: 'DD/MM/YYYY'. */
const shown = (isoDate: string) => isoDate.split('-').reverse().join('/');

interface Resident {
  id: string;
  fullName: string;
  birthDate: string;
  householdCode: string;
}

/** People of the commune, alive and present, in households still open, chosen by a condition of the test. */
async function residents(where: RawBuilder<unknown>, limit: number): Promise<Resident[]> {
  const result = await sql<{ id: string; full_name: string; birth_date: string; code: string }>`
    SELECT p.id, p.full_name, p.birth_date, h.code
    FROM person p JOIN household h ON h.id = p.household_id
    WHERE p.commune_code = ${commune.code} AND p.vital_status = 'alive' AND p.presence = 'present'
      AND h.status = 'active' AND p.birth_date_precision = 'day' AND ${where}
    ORDER BY h.code, p.id LIMIT ${limit}`.execute(harness.database.db);
  return result.rows.map((r) => ({
    id: r.id,
    fullName: r.full_name,
    birthDate: r.birth_date,
    householdCode: r.code,
  }));
}

beforeAll(async () => {
  harness = await startHarness();
  const communes = await seededCommunes(harness.database);
  const found = communes.find((c) => c.areas.length > 0);
  if (!found) throw new Error('The seeder made no commune with areas');
  commune = found;
});

afterAll(async () => {
  await harness?.close();
});

async function openEntry(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('link', { name: 'Biến động' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Hộp biến động' }).waitFor();
  await page.getByRole('link', { name: 'Nhập biến động' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nhập biến động' }).waitFor();
}

/** Finds the household by its code, as written on the paper sheet, and picks it. */
async function pickHousehold(page: Page, code: string): Promise<void> {
  await page.getByLabel('Mã hộ hoặc họ tên một người trong hộ').fill(code);
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  const matches = page.getByTestId('household-matches');
  await matches
    .getByRole('row', { name: new RegExp(code) })
    .getByRole('button', { name: 'Chọn hộ này' })
    .click();
  await page.getByRole('heading', { name: `Bước 2. Hộ ${code}` }).waitFor();
}

/** Enters a death for someone of the picked household and sends it. */
async function sendDeath(page: Page, person: Resident, on: string): Promise<void> {
  await page.getByLabel('Loại biến động').selectOption({ label: 'Chết' });
  await page.getByLabel('Ngày chết').fill(on);
  await page
    .getByLabel('Người', { exact: true })
    .selectOption({ label: `${person.fullName} (${shown(person.birthDate)})` });
  await page.getByRole('button', { name: 'Gửi biến động' }).click();
  await page.getByRole('heading', { name: 'Đã gửi biến động' }).waitFor();
}

/** Ticks every warning the review panel lists (none is fine), then approves. */
async function approve(page: Page): Promise<void> {
  const panel = page.getByTestId('review-panel');
  for (const box of await panel.getByRole('checkbox').all()) await box.check();
  await panel.getByRole('button', { name: 'Duyệt', exact: true }).click();
}

async function badge(page: Page): Promise<string> {
  return ((await page.locator('.page-header .status-badge').textContent()) ?? '').trim();
}

describe('the commune officer enters changes from paper sheets and reviews them', () => {
  it('enters a birth, finds it in the inbox and approves it, warnings ticked', async () => {
    const [mother] = await residents(
      sql`p.sex = 2 AND p.marital_status = 'married'
        AND p.birth_date BETWEEN (current_date - interval '38 years') AND (current_date - interval '22 years')`,
      1,
    );
    if (!mother) throw new Error('No mother in the seeded commune');
    const child = 'Hoàng Thị Ánh Dương';
    const page = await harness.newPage();
    await loginAs(page, commune.officer);
    await openEntry(page);
    await pickHousehold(page, mother.householdCode);
    await page.getByTestId('household-members').getByText(mother.fullName).first().waitFor();

    // Sending an empty sheet is stopped in the browser, every missing field named, nothing sent.
    await page.getByRole('button', { name: 'Gửi biến động' }).click();
    await page.getByTestId('entry-problems').getByText('Chưa gửi được, cần sửa:').waitFor();
    expect(await page.getByText('Vui lòng nhập thông tin này.').count()).toBeGreaterThan(3);

    await page.getByLabel('Ngày sinh', { exact: true }).fill(daysAgo(3));
    await page.getByLabel('Họ và tên trẻ').fill(child);
    await page.getByLabel('Giới tính').selectOption({ label: 'Nữ' });
    await page.getByLabel('Nơi sinh').selectOption({ label: 'Bệnh viện' });
    await page.getByLabel('Lần sinh thứ (của người mẹ)').fill('1');
    await page
      .getByLabel('Người mẹ', { exact: true })
      .selectOption({ label: `${mother.fullName} (${shown(mother.birthDate)})` });
    await screenshot(page, 'change-entry-birth');
    await page.getByRole('button', { name: 'Gửi biến động' }).click();
    await page.getByRole('heading', { name: 'Đã gửi biến động' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Biến động' })
      .click();
    const rows = await waitForRows(page, 'change-inbox', (r) => r.some((row) => row[1]?.includes(child)));
    const row = rows.find((r) => r[1]?.includes(child));
    expect(row?.[0]).toBe('Sinh');
    expect(row?.[4]).toBe(shown(daysAgo(3)));
    expect(row?.[6]).toBe('Đã gửi');
    await screenshot(page, 'changes-inbox');

    await page
      .getByTestId('change-inbox')
      .getByRole('row', { name: new RegExp(child) })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { level: 1, name: 'Sinh' }).waitFor();
    const content = page.getByTestId('change-content');
    await content.getByText(child).waitFor();
    await content.getByText('Bệnh viện').waitFor();
    await content.getByText(new RegExp(mother.fullName)).waitFor();
    expect(await badge(page)).toBe('Đã gửi');
    await screenshot(page, 'change-birth-review');

    await approve(page);
    await page.getByText('Đã duyệt biến động; sổ đã được cập nhật.').waitFor();
    await page
      .getByTestId('review-panel')
      .getByText(/Biến động đã xử lý xong/)
      .waitFor();
    expect(await badge(page)).toBe('Đã duyệt');
    await page.getByTestId('review-history').getByText('Duyệt', { exact: true }).waitFor();

    const added = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM person WHERE full_name = ${child} AND commune_code = ${commune.code}`.execute(
      harness.database.db,
    );
    expect(added.rows[0]?.n).toBe(1);
  });

  it('enters a death and returns it with a reason; the inbox shows it returned', async () => {
    const [elder] = await residents(sql`p.relation_to_head <> 'head' AND p.birth_date < '1955-01-01'`, 1);
    if (!elder) throw new Error('No elderly person in the seeded commune');
    const page = await harness.newPage();
    await loginAs(page, commune.officer);
    await openEntry(page);
    await pickHousehold(page, elder.householdCode);
    await sendDeath(page, elder, daysAgo(6));
    await page.getByRole('link', { name: 'Mở biến động để duyệt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chết' }).waitFor();
    await page.getByTestId('change-content').getByText(elder.fullName).waitFor();

    const panel = page.getByTestId('review-panel');
    await panel.getByRole('button', { name: 'Trả lại' }).click();
    await panel.getByText('Vui lòng nhập lý do.').waitFor();
    expect(await badge(page)).toBe('Đã gửi');

    const reason = 'Chưa có giấy báo tử, đề nghị xác minh lại ngày chết.';
    await panel.getByLabel('Lý do trả lại / từ chối').fill(reason);
    await panel.getByRole('button', { name: 'Trả lại' }).click();
    await page.getByText('Đã trả lại biến động kèm lý do.').waitFor();
    expect(await badge(page)).toBe('Trả lại');
    await page.getByTestId('review-history').getByText(`— ${reason}`).waitFor();

    await page.getByRole('link', { name: 'Hộp biến động' }).click();
    await page.getByLabel('Trạng thái').selectOption({ label: 'Trả lại' });
    await page.getByLabel('Loại biến động').selectOption({ label: 'Chết' });
    const rows = await waitForRows(
      page,
      'change-inbox',
      (r) => r.length > 0 && r.every((row) => row[6] === 'Trả lại'),
    );
    expect(rows.some((row) => row[1]?.includes(reason) && row[4] === shown(daysAgo(6)))).toBe(true);
    expect(rows.every((row) => row[0] === 'Chết')).toBe(true);
  });

  it('shows a second death of the same person as a conflict, both values side by side, and rejects it', async () => {
    const [elder] = await residents(
      sql`p.relation_to_head <> 'head' AND p.birth_date < '1958-01-01'
        AND NOT EXISTS (SELECT 1 FROM change_record c WHERE c.person_id = p.id)`,
      1,
    );
    if (!elder) throw new Error('No elderly person left in the seeded commune');
    const first = daysAgo(5);
    const second = daysAgo(4);
    const page = await harness.newPage();
    await loginAs(page, commune.officer);
    await openEntry(page);
    await pickHousehold(page, elder.householdCode);
    await sendDeath(page, elder, first);
    await page.getByRole('button', { name: 'Nhập biến động khác cho hộ này' }).click();
    await sendDeath(page, elder, second);
    const secondUrl = await page.getByRole('link', { name: 'Mở biến động để duyệt' }).getAttribute('href');

    // The first death, found in the inbox by its date, is approved.
    await page.goto(`/changes?type=death&status=submitted`);
    await waitForRows(page, 'change-inbox', (r) => r.some((row) => row[4] === shown(first)));
    await page
      .getByTestId('change-inbox')
      .getByRole('row', { name: new RegExp(shown(first).replace(/\//g, '\\/')) })
      .getByRole('link')
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Chết' }).waitFor();
    await approve(page);
    await page.getByText('Đã duyệt biến động; sổ đã được cập nhật.').waitFor();

    // Approving the second finds the register changed under it: it becomes a conflict.
    await page.goto(secondUrl ?? '/changes');
    await page.getByRole('heading', { level: 1, name: 'Chết' }).waitFor();
    await approve(page);
    await page.getByText(/đã chuyển sang trạng thái xung đột/).waitFor();
    expect(await badge(page)).toBe('Xung đột');
    const reasons = page.getByTestId('conflict-reasons');
    const dead = reasons.getByRole('row', { name: /Sổ đã ghi người này chết/ });
    await dead.getByRole('cell', { name: `Đã chết ngày ${shown(first)}` }).waitFor();
    await dead.getByRole('cell', { name: `Chết — ${shown(second)}` }).waitFor();
    await screenshot(page, 'change-conflict');

    await page.getByRole('link', { name: 'Hộp biến động' }).click();
    const inbox = await waitForRows(page, 'change-inbox', (r) => r.length > 0);
    expect(inbox[0]?.[6]).toBe('Xung đột');

    await page.goto(secondUrl ?? '/changes');
    const panel = page.getByTestId('review-panel');
    await panel.getByLabel('Lý do trả lại / từ chối').fill('Trùng với biến động chết đã duyệt.');
    await panel.getByRole('button', { name: 'Từ chối' }).click();
    await page.getByText('Đã từ chối biến động.').waitFor();
    expect(await badge(page)).toBe('Từ chối');
  });
});
