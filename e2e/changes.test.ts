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
  sex: number;
  householdId: string;
  householdCode: string;
}

/** People of the commune, alive and present, in households still open, chosen by a condition of the test. */
async function residents(where: RawBuilder<unknown>, limit: number): Promise<Resident[]> {
  const result = await sql<{
    id: string;
    full_name: string;
    birth_date: string;
    sex: number;
    household_id: string;
    code: string;
  }>`
    SELECT p.id, p.full_name, p.birth_date, p.sex, p.household_id, h.code
    FROM person p JOIN household h ON h.id = p.household_id
    WHERE p.commune_code = ${commune.code} AND p.vital_status = 'alive' AND p.presence = 'present'
      AND h.status = 'active' AND p.birth_date_precision = 'day' AND ${where}
    ORDER BY h.code, p.id LIMIT ${limit}`.execute(harness.database.db);
  return result.rows.map((r) => ({
    id: r.id,
    fullName: r.full_name,
    birthDate: r.birth_date,
    sex: r.sex,
    householdId: r.household_id,
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

/** Waits until the change's status badge reads `text` (it follows the answer to an action). */
async function expectBadge(page: Page, text: string): Promise<void> {
  await page.locator('.page-header .status-badge', { hasText: new RegExp(`^\\s*${text}\\s*$`) }).waitFor();
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
    await expectBadge(page, 'Đã gửi');
    await screenshot(page, 'change-birth-review');

    await approve(page);
    await page.getByText('Đã duyệt biến động; sổ đã được cập nhật.').waitFor();
    await page
      .getByTestId('review-panel')
      .getByText(/Biến động đã xử lý xong/)
      .waitFor();
    await expectBadge(page, 'Đã duyệt');
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
    await expectBadge(page, 'Đã gửi');

    const reason = 'Chưa có giấy báo tử, đề nghị xác minh lại ngày chết.';
    await panel.getByLabel('Lý do trả lại / từ chối').fill(reason);
    await panel.getByRole('button', { name: 'Trả lại' }).click();
    await page.getByText('Đã trả lại biến động kèm lý do.').waitFor();
    await expectBadge(page, 'Trả lại');
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
    await expectBadge(page, 'Xung đột');
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
    await expectBadge(page, 'Từ chối');
  });
});

/** The number on the area page's "Số nhân khẩu" tile (dots group thousands in Vietnamese). */
async function areaPeople(page: Page, areaId: string): Promise<number> {
  await page.goto(`/places/areas/${areaId}`);
  const tile = page.locator('.stat-tile', { has: page.getByText('Số nhân khẩu', { exact: true }) });
  const text = (await tile.locator('dd').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

/** Opens the change just sent and approves it, warnings ticked. */
async function approveSent(page: Page, heading: string): Promise<void> {
  await page.getByRole('link', { name: 'Mở biến động để duyệt' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await approve(page);
  await page.getByText('Đã duyệt biến động; sổ đã được cập nhật.').waitFor();
}

async function startEntry(page: Page, householdCode: string, type: string, on: string): Promise<void> {
  await openEntry(page);
  await pickHousehold(page, householdCode);
  await page.getByLabel('Loại biến động').selectOption({ label: type });
  await page
    .getByLabel(/^Ngày /)
    .first()
    .fill(on);
}

async function pickMember(page: Page, label: string, person: Resident): Promise<void> {
  await page
    .getByLabel(label, { exact: true })
    .selectOption({ label: `${person.fullName} (${shown(person.birthDate)})` });
}

async function send(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Gửi biến động' }).click();
  await page.getByRole('heading', { name: 'Đã gửi biến động' }).waitFor();
}

describe('a month of changes in one area', () => {
  it('a birth, a death, a move out and a marriage approved: the household book, the timeline and the population follow', async () => {
    // One area with a married mother, an elder, an adult who moves out and a single adult who marries,
    // all people no earlier test touched.
    const untouched = sql`NOT EXISTS (SELECT 1 FROM change_record c WHERE c.person_id = p.id OR c.household_id = p.household_id)`;
    const area = await sql<{ area_id: string }>`
      SELECT p.area_id FROM person p
      WHERE p.commune_code = ${commune.code} AND p.vital_status = 'alive' AND p.presence = 'present' AND ${untouched}
      GROUP BY p.area_id
      HAVING count(*) FILTER (WHERE p.sex = 2 AND p.marital_status = 'married'
                               AND p.birth_date BETWEEN current_date - interval '38 years' AND current_date - interval '22 years') > 0
         AND count(*) FILTER (WHERE p.marital_status = 'never_married'
                               AND p.birth_date BETWEEN current_date - interval '35 years' AND current_date - interval '22 years') > 1
         AND count(*) FILTER (WHERE p.birth_date < '1950-01-01' AND p.relation_to_head <> 'head') > 0
      ORDER BY p.area_id LIMIT 1`.execute(harness.database.db);
    const areaId = area.rows[0]?.area_id;
    if (!areaId) throw new Error('No area of the seeded commune has the people this scenario needs');
    const inArea = sql`p.area_id = ${areaId} AND ${untouched}`;
    const [mother] = await residents(
      sql`${inArea} AND p.sex = 2 AND p.marital_status = 'married'
        AND p.birth_date BETWEEN current_date - interval '38 years' AND current_date - interval '22 years'`,
      1,
    );
    const [elder] = await residents(
      sql`${inArea} AND p.birth_date < '1950-01-01' AND p.relation_to_head <> 'head'`,
      1,
    );
    const singles = await residents(
      sql`${inArea} AND p.marital_status = 'never_married'
        AND p.birth_date BETWEEN current_date - interval '35 years' AND current_date - interval '22 years'`,
      2,
    );
    const [leaver, bride] = singles;
    if (!mother || !elder || !leaver || !bride) throw new Error('The chosen area lacks someone');
    const child = 'Lò Thị Mai Anh';

    const page = await harness.newPage();
    await loginAs(page, commune.officer);
    const before = await areaPeople(page, areaId);
    expect(before).toBeGreaterThan(10);

    await startEntry(page, mother.householdCode, 'Sinh', daysAgo(9));
    await page.getByLabel('Họ và tên trẻ').fill(child);
    await page.getByLabel('Giới tính').selectOption({ label: 'Nữ' });
    await page.getByLabel('Nơi sinh').selectOption({ label: 'Bệnh viện' });
    await page.getByLabel('Lần sinh thứ (của người mẹ)').fill('2');
    await pickMember(page, 'Người mẹ', mother);
    await send(page);
    await approveSent(page, 'Sinh');

    await startEntry(page, elder.householdCode, 'Chết', daysAgo(8));
    await pickMember(page, 'Người', elder);
    await send(page);
    await approveSent(page, 'Chết');

    await startEntry(page, leaver.householdCode, 'Chuyển đi', daysAgo(7));
    await pickMember(page, 'Người', leaver);
    await page.getByLabel('Mô tả nơi đi / đến').fill('Đi làm ở Khu công nghiệp Quang Châu, Bắc Ninh');
    await send(page);
    await approveSent(page, 'Chuyển đi');

    await startEntry(page, bride.householdCode, 'Kết hôn', daysAgo(6));
    await pickMember(page, 'Người', bride);
    await page
      .getByLabel('Vợ/chồng', { exact: true })
      .selectOption({ label: 'Vợ/chồng không có trong hộ này' });
    await page.getByLabel('Họ và tên vợ/chồng').fill('Hà Văn Quyết');
    await page.getByLabel('Giới tính').selectOption({ label: bride.sex === 2 ? 'Nam' : 'Nữ' });
    await page.getByLabel('Ngày sinh của vợ/chồng').fill('1995-04-12');
    await send(page);
    await approveSent(page, 'Kết hôn');

    // The mother's household: the child is a member; the elder's: the death is noted.
    const householdRows = async (person: Resident) => {
      await page.goto(`/register/households/${person.householdId}`);
      return waitForRows(page, 'household-members', (r) => r.length > 0);
    };
    const motherHousehold = await householdRows(mother);
    expect(motherHousehold.some((row) => row.some((cell) => cell.includes(child)))).toBe(true);
    const elderHousehold = await householdRows(elder);
    const elderRow = elderHousehold.find((row) => row.some((cell) => cell.includes(elder.fullName)));
    expect(elderRow?.at(-1)).toBe(`Chết ${shown(daysAgo(8))}`);
    const leaverHousehold = await householdRows(leaver);
    const leaverRow = leaverHousehold.find((row) => row.some((cell) => cell.includes(leaver.fullName)));
    expect(leaverRow?.at(-1)).toBe(`Chuyển đi ${shown(daysAgo(7))}`);
    await screenshot(page, 'household-after-move-out');

    // The bride's page, opened from her household: the marriage is in her timeline.
    await householdRows(bride);
    await page.getByTestId('household-members').getByRole('link', { name: bride.fullName }).click();
    const timeline = await waitForRows(page, 'person-timeline', (r) => r.some((row) => row[1] === 'Kết hôn'));
    const marriage = timeline.find((row) => row[1] === 'Kết hôn');
    expect(marriage?.[0]).toBe(shown(daysAgo(6)));
    expect(marriage?.[3]).toBe('Đã duyệt');

    // The area's population: one born, one died, one left.
    expect(await areaPeople(page, areaId)).toBe(before - 1);
  });
});

describe('changes that restructure households, started from the register pages', () => {
  it('a member moves to a neighbour household and another splits off a new one; both approved', async () => {
    // A household with a head and two other adults, and an open neighbour with a head in the same area,
    // none of them touched by an earlier test.
    const untouched = sql`NOT EXISTS (SELECT 1 FROM change_record c WHERE c.household_id = h.id OR c.person_id IN (SELECT id FROM person WHERE household_id = h.id))`;
    const chosen = await sql<{ household_id: string; neighbour_id: string; area_id: string }>`
      SELECT h.id AS household_id, n.id AS neighbour_id, h.area_id FROM household h
      JOIN household n ON n.area_id = h.area_id AND n.id <> h.id AND n.status = 'active' AND n.head_person_id IS NOT NULL
      WHERE h.commune_code = ${commune.code} AND h.status = 'active' AND ${untouched}
        AND (SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.relation_to_head <> 'head'
               AND p.vital_status = 'alive' AND p.presence = 'present' AND p.birth_date_precision = 'day'
               AND p.birth_date < current_date - interval '20 years') >= 2
        AND EXISTS (SELECT 1 FROM person p WHERE p.id = h.head_person_id AND p.vital_status = 'alive' AND p.presence = 'present')
        AND NOT EXISTS (SELECT 1 FROM change_record c WHERE c.household_id = n.id)
      ORDER BY h.code, n.code LIMIT 1`.execute(harness.database.db);
    const pick = chosen.rows[0];
    if (!pick) throw new Error('No household of the seeded commune can be split and send someone next door');
    const [mover, splitter] = await residents(
      sql`p.household_id = ${pick.household_id} AND p.relation_to_head <> 'head'
        AND p.birth_date < current_date - interval '20 years'`,
      2,
    );
    if (!mover || !splitter) throw new Error('The chosen household lacks two adults');
    const neighbour = await sql<{ number: number; code: string; head: string }>`
      SELECT n.number, n.code, p.full_name AS head FROM household n JOIN person p ON p.id = n.head_person_id
      WHERE n.id = ${pick.neighbour_id}`.execute(harness.database.db);
    const target = neighbour.rows[0];
    if (!target) throw new Error('The neighbour has no head');

    const page = await harness.newPage();
    await loginAs(page, commune.officer);

    // From the mover's page: the transfer form opens with her chosen; the receiving household is next door.
    await page.goto(`/register/people/${mover.id}`);
    await page.getByTestId('person-actions').getByRole('link', { name: 'Chuyển trong xã' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nhập biến động' }).waitFor();
    expect(await page.getByLabel('Người', { exact: true }).inputValue()).toBe(mover.id);
    await page.getByLabel('Ngày chuyển').fill(daysAgo(4));
    const receiving = page.getByLabel('Hộ nhận', { exact: true });
    await receiving.locator(`option[value="${pick.neighbour_id}"]`).waitFor({ state: 'attached' });
    await receiving.selectOption({ label: `Hộ số ${target.number} · ${target.head} (${target.code})` });
    await page.getByLabel('Quan hệ với chủ hộ nhận').selectOption({ label: 'Khác' });
    await screenshot(page, 'change-entry-transfer');
    await send(page);
    await approveSent(page, 'Chuyển trong xã');

    // From the household's page: the split, the new household's number proposed, the splitter its head.
    await page.goto(`/register/households/${pick.household_id}`);
    await page.getByTestId('household-actions').getByRole('link', { name: 'Tách hộ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nhập biến động' }).waitFor();
    await page.getByLabel('Ngày tách hộ').fill(daysAgo(3));
    await page.waitForFunction(() => {
      const number = document.querySelector<HTMLInputElement>('input[name="payload.number"]');
      return Boolean(number?.value);
    });
    const number = Number(await page.getByLabel('Số hộ', { exact: true }).inputValue());
    // The new household lies in one of its area's hamlets.
    const hamletSelect = page.getByLabel('Thôn / tổ dân phố');
    await page.waitForFunction(
      () =>
        (document.querySelector<HTMLSelectElement>('select[name="payload.hamletId"]')?.options.length ?? 0) >
        1,
    );
    await hamletSelect.selectOption({ index: 1 });
    const hamletId = await hamletSelect.inputValue();
    await page
      .getByLabel(`${splitter.fullName} (${shown(splitter.birthDate)})`)
      .selectOption({ label: 'Sang hộ mới: Chủ hộ' });
    await send(page);
    await approveSent(page, 'Tách hộ');

    const after = await sql<{ id: string; household_id: string; relation_to_head: string }>`
      SELECT id, household_id, relation_to_head FROM person WHERE id IN (${mover.id}, ${splitter.id})`.execute(
      harness.database.db,
    );
    const moved = after.rows.find((r) => r.id === mover.id);
    const split = after.rows.find((r) => r.id === splitter.id);
    expect(moved?.household_id).toBe(pick.neighbour_id);
    expect(split?.relation_to_head).toBe('head');
    const created = await sql<{
      number: number;
      area_id: string;
      head_person_id: string | null;
      hamlet_id: string | null;
    }>`
      SELECT number, area_id, head_person_id, hamlet_id FROM household WHERE id = ${split?.household_id ?? null}`.execute(
      harness.database.db,
    );
    expect(created.rows[0]).toEqual({
      number,
      area_id: pick.area_id,
      head_person_id: splitter.id,
      hamlet_id: hamletId,
    });
  });
});
