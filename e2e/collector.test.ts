/**
 * The collaborator's phone with the network switched off: the app opens from the service worker, changes are
 * recorded into the phone's outbox, survive a reload and a closed page, and reach the commune officer when the
 * network returns; the officer's decisions come back to the phone, a returned change is corrected and sent
 * again, and the month's signed sheet reaches the officer's collaborators page.
 */
import { sql } from 'kysely';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  loginAs,
  type SeededCommune,
  screenshot,
  seededCommunes,
  startHarness,
} from './harness.ts';

let harness: Harness;
let commune: SeededCommune;
let collaborator: string;
let areaId: string;

/** A date some days back, in Viet Nam (where the phone is). */
function daysAgo(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}
const shown = (isoDate: string) => isoDate.split('-').reverse().join('/');

interface Resident {
  id: string;
  fullName: string;
  birthDate: string;
  householdId: string;
  householdNumber: number;
}

/** People of her area, alive and present, in open households, chosen by a condition of the test. */
async function residents(where: ReturnType<typeof sql>, limit: number, exceptHouseholds: string[] = []) {
  const result = await sql<{
    id: string;
    full_name: string;
    birth_date: string;
    household_id: string;
    number: number;
  }>`
    SELECT p.id, p.full_name, p.birth_date, h.id AS household_id, h.number
    FROM person p JOIN household h ON h.id = p.household_id
    WHERE h.area_id = ${areaId} AND p.vital_status = 'alive' AND p.presence = 'present'
      AND h.status = 'active' AND p.birth_date_precision = 'day' AND p.relation_to_head <> 'head'
      AND NOT (h.id = ANY(${exceptHouseholds}::uuid[])) AND ${where}
    ORDER BY h.number, p.id LIMIT ${limit}`.execute(harness.database.db);
  return result.rows.map(
    (r): Resident => ({
      id: r.id,
      fullName: r.full_name,
      birthDate: r.birth_date,
      householdId: r.household_id,
      householdNumber: r.number,
    }),
  );
}

/** Her changes as the server holds them, by type. */
async function serverChanges(): Promise<{ id: string; type: string; status: string }[]> {
  const result = await sql<{ id: string; type: string; status: string }>`
    SELECT c.id, c.type, c.status FROM change_record c JOIN app_user u ON u.id = c.author_id
    WHERE u.username = ${collaborator} ORDER BY c.recorded_at`.execute(harness.database.db);
  return result.rows;
}

/** The state badge of each change on "Biến động của tôi" (once it lists `count`), by change id. */
async function phoneStates(page: Page, count = 3): Promise<Map<string, string>> {
  await page.goto('/collector/changes');
  const list = page.getByTestId('my-changes');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="my-changes"] li[data-change-id]').length === n,
    count,
  );
  const items = await list.locator('li[data-change-id]').all();
  const states = new Map<string, string>();
  for (const item of items) {
    const id = (await item.getAttribute('data-change-id')) ?? '';
    states.set(id, (await item.locator('.state-badge').getAttribute('data-state')) ?? '');
  }
  return states;
}

/** Presses "Đồng bộ" on the home screen and waits for the sync to finish. */
async function syncNow(page: Page): Promise<void> {
  await page.goto('/');
  const button = page.getByTestId('sync-button');
  await button.waitFor();
  await expectEnabled(page);
  await button.click();
  await expectEnabled(page);
  await page.getByTestId('sync-status').getByText('Đã đồng bộ.').waitFor();
}

async function expectEnabled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const button = document.querySelector('[data-testid="sync-button"]');
    return button instanceof HTMLButtonElement && !button.disabled;
  });
}

/** Records a change from a household's page of the phone's book, as she would. */
async function openRecordForm(page: Page, householdId: string): Promise<void> {
  await page.goto(`/collector/households/${householdId}`);
  await page.getByRole('link', { name: 'Ghi biến động' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ghi biến động' }).waitFor();
}

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lưu biến động' }).click();
  await page.getByTestId('change-saved').getByText('Đã lưu biến động trên máy.').waitFor();
}

async function officerDecides(
  officer: Page,
  changeId: string,
  decision: { approve: true } | { returnWith: string },
): Promise<void> {
  await officer.goto(`/changes/${changeId}`);
  const panel = officer.getByTestId('review-panel');
  await panel.waitFor();
  if ('approve' in decision) {
    for (const box of await panel.getByRole('checkbox').all()) await box.check();
    await panel.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await officer.getByText('Đã duyệt biến động; sổ đã được cập nhật.').waitFor();
  } else {
    await panel.getByLabel('Lý do trả lại / từ chối').fill(decision.returnWith);
    await panel.getByRole('button', { name: 'Trả lại' }).click();
    await officer.getByText('Đã trả lại biến động kèm lý do.').waitFor();
  }
}

beforeAll(async () => {
  harness = await startHarness();
  const communes = await seededCommunes(harness.database);
  for (const c of communes) {
    const area = c.areas.find((a) => a.collaborators.length > 0);
    if (area?.collaborators[0]) {
      commune = c;
      areaId = area.id;
      collaborator = area.collaborators[0];
      break;
    }
  }
  if (!collaborator) throw new Error('The seeder made no area with a collaborator');
});

afterAll(async () => {
  await harness?.close();
});

describe('the collaborator’s phone without network', () => {
  it('records offline, syncs when the network returns, and shows the officer’s decisions', async () => {
    const [mother] = await residents(
      sql`p.sex = 2 AND p.marital_status = 'married'
        AND p.birth_date BETWEEN (current_date - interval '38 years') AND (current_date - interval '22 years')`,
      1,
    );
    if (!mother) throw new Error('No mother in her area');
    const [elder] = await residents(sql`p.birth_date < '1960-01-01'`, 1, [mother.householdId]);
    if (!elder) throw new Error('No elderly person in her area');
    const [leaver] = await residents(
      sql`p.birth_date BETWEEN (current_date - interval '40 years') AND (current_date - interval '20 years')`,
      1,
      [mother.householdId, elder.householdId],
    );
    if (!leaver) throw new Error('No adult to move out in her area');
    const child = 'Lò Thị Ngọc Ánh';

    // Online once: sign in; the phone loads her book and the service worker keeps the app.
    let phone = await harness.newPage({ viewport: { width: 390, height: 844 } });
    const phoneContext: BrowserContext = phone.context();
    await loginAs(phone, collaborator);
    await phone
      .getByTestId('last-sync')
      .getByText(/^Đồng bộ lần cuối/)
      .waitFor({ timeout: 60_000 });
    await phone.getByTestId('stored-counts').waitFor();
    await phone.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
      timeout: 30_000,
    });
    await screenshot(phone, 'collector-home-online');

    // No network from here on: the app reloads from the phone.
    await phoneContext.setOffline(true);
    await phone.reload();
    await phone.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    await phone.getByTestId('offline-banner').waitFor();
    await screenshot(phone, 'collector-home-offline');

    // A birth, through the book as she would find the household.
    await phone
      .getByTestId('collector-dashboard')
      .getByRole('link', { name: /Mở sổ hộ/ })
      .first()
      .click();
    await phone.getByLabel('Tìm hộ theo tên, số hộ').fill(mother.fullName.toLowerCase());
    await phone.getByTestId('local-households').getByRole('link').first().click();
    await phone.getByTestId('local-members').getByText(mother.fullName).waitFor();
    await phone.getByRole('link', { name: 'Ghi biến động' }).click();
    await phone.getByLabel('Ngày sinh', { exact: true }).fill(daysAgo(3));
    await phone.getByLabel('Họ và tên trẻ').fill(child);
    await phone.getByLabel('Giới tính').selectOption({ label: 'Nữ' });
    await phone.getByLabel('Nơi sinh').selectOption({ label: 'Bệnh viện' });
    await phone.getByLabel('Lần sinh thứ (của người mẹ)').fill('1');
    await phone
      .getByLabel('Người mẹ', { exact: true })
      .selectOption({ label: `${mother.fullName} (${shown(mother.birthDate)})` });
    await screenshot(phone, 'collector-record-birth');
    await save(phone);

    // A death.
    await openRecordForm(phone, elder.householdId);
    await phone.getByLabel('Loại biến động').selectOption({ label: 'Chết' });
    await phone.getByLabel('Ngày chết').fill(daysAgo(5));
    await phone
      .getByLabel('Người', { exact: true })
      .selectOption({ label: `${elder.fullName} (${shown(elder.birthDate)})` });
    await save(phone);

    // A move out of the commune.
    await openRecordForm(phone, leaver.householdId);
    await phone.getByLabel('Loại biến động').selectOption({ label: 'Chuyển đi' });
    await phone.getByLabel('Ngày chuyển đi').fill(daysAgo(2));
    await phone
      .getByLabel('Người', { exact: true })
      .selectOption({ label: `${leaver.fullName} (${shown(leaver.birthDate)})` });
    await phone.getByLabel('Mã tỉnh (2 số)').fill('01');
    await save(phone);

    // Reloaded, then closed and opened again: the three changes are still there, waiting.
    await phone.reload();
    let states = await phoneStates(phone);
    expect([...states.values()]).toEqual(['waiting', 'waiting', 'waiting']);
    await phone.close();
    phone = await phoneContext.newPage();
    states = await phoneStates(phone);
    expect([...states.values()]).toEqual(['waiting', 'waiting', 'waiting']);
    expect(await serverChanges()).toEqual([]);
    await screenshot(phone, 'collector-changes-waiting');

    // The network returns: the phone sends them on its own.
    await phoneContext.setOffline(false);
    await phone.getByTestId('offline-banner').waitFor({ state: 'detached' });
    await phone.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="my-changes"] li[data-change-id]').length === 3 &&
        document.querySelectorAll('[data-testid="my-changes"] [data-state="sent"]').length === 3,
      undefined,
      { timeout: 30_000 },
    );
    const sent = await serverChanges();
    expect(sent.map((c) => c.type).sort()).toEqual(['birth', 'death', 'move_out']);
    expect(sent.every((c) => c.status === 'submitted')).toBe(true);
    expect([...(await phoneStates(phone)).entries()].sort()).toEqual(sent.map((c) => [c.id, 'sent']).sort());
    const byType = (type: string) => sent.find((c) => c.type === type)?.id ?? '';

    // The commune officer approves the birth and returns the death.
    const officer = await harness.newPage();
    await loginAs(officer, commune.officer);
    await officerDecides(officer, byType('birth'), { approve: true });
    const reason = 'Ngày chết chưa đúng theo giấy báo tử, đề nghị sửa lại.';
    await officerDecides(officer, byType('death'), { returnWith: reason });

    // The phone learns both outcomes.
    await syncNow(phone);
    states = await phoneStates(phone);
    expect(states.get(byType('birth'))).toBe('approved');
    expect(states.get(byType('death'))).toBe('returned');
    await phone.getByTestId('my-changes').getByText(`Lý do của cán bộ: ${reason}`).waitFor();
    await screenshot(phone, 'collector-changes-outcomes');

    // She corrects the death and sends it again.
    await phone.goto(`/collector/changes/${byType('death')}`);
    await phone.getByTestId('officer-reason').getByText(reason).waitFor();
    await phone.getByRole('link', { name: 'Sửa và gửi lại' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Sửa biến động' }).waitFor();
    expect(await phone.getByLabel('Ngày chết').inputValue()).toBe(daysAgo(5));
    await phone.getByLabel('Ngày chết').fill(daysAgo(6));
    await phone.getByRole('button', { name: 'Lưu biến động' }).click();
    await phone.getByTestId('my-change').waitFor();
    await syncNow(phone);
    expect((await serverChanges()).find((c) => c.type === 'death')?.status).toBe('submitted');

    await officerDecides(officer, byType('death'), { approve: true });
    await syncNow(phone);
    states = await phoneStates(phone);
    expect(states.get(byType('death'))).toBe('approved');
    const died = await sql<{ death_date: string }>`
      SELECT death_date::text FROM person WHERE id = ${elder.id}`.execute(harness.database.db);
    expect(died.rows[0]?.death_date).toBe(daysAgo(6));

    // The month's sheet, signed on the phone, reaches the officer's page of collaborators.
    await phone.goto('/collector/month');
    await phone
      .getByTestId('month-counts')
      .getByRole('row', { name: /Tổng cộng\s*3/ })
      .waitFor();
    await phone.getByRole('button', { name: 'Gửi phiếu tháng' }).click();
    await phone
      .getByTestId('month-receipt')
      .getByText(/đúng hạn/)
      .waitFor();
    await screenshot(phone, 'collector-month-sent');

    await officer.goto('/collaborators');
    const row = officer.getByTestId('collaborators').locator(`tr[data-username="${collaborator}"]`);
    await row.getByText('Đúng hạn').waitFor();
    await row.getByText('Hợp lệ').waitFor();
    await screenshot(officer, 'collector-officer-collaborators');
  });
});
