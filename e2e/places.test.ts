import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoProvince,
  type Harness,
  loginAs,
  type SeededCommune,
  screenshot,
  seededCommunes,
  startHarness,
  tableRows,
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

const outOfScope = 'Không tìm thấy dữ liệu trong địa bàn bạn được phân quyền.';

/** "3.000" (Vietnamese digit grouping) → 3000. */
function count(text: string | undefined): number {
  return Number((text ?? '').replace(/\./g, ''));
}

/** The value of a count tile, by its label. */
async function tile(page: import('playwright-core').Page, label: string): Promise<number> {
  const value = page.locator('.stat-tile', { has: page.getByText(label, { exact: true }) }).locator('dd');
  return count((await value.textContent()) ?? '');
}

function firstCommune(): SeededCommune {
  const commune = communes.find((c) => c.areas.length > 0);
  if (!commune) throw new Error('The seeder made no commune with areas');
  return commune;
}

describe('each role sees its own place', () => {
  it('has seeded communes with officers, areas and collaborators to sign in as', () => {
    expect(communes.length).toBeGreaterThan(1);
    expect(communes.every((c) => c.areas.length > 0)).toBe(true);
    expect(communes.flatMap((c) => c.areas).every((a) => a.collaborators.length > 0)).toBe(true);
  });

  it('the central viewer sees the 34 provinces with their counts, people only in the demo province', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'trunguong');
    const rows = await tableRows(page, 'place-children');
    expect(rows).toHaveLength(34);

    // Columns: code, name, type, areas, households, people.
    const demo = rows.find((row) => row[0] === demoProvince);
    expect(demo?.[1]).toBe('Lạng Sơn');
    expect(count(demo?.[5])).toBeGreaterThan(2500);
    for (const row of rows.filter((r) => r[0] !== demoProvince)) expect(count(row[5])).toBe(0);
    expect(await tile(page, 'Số nhân khẩu')).toBe(count(demo?.[5]));
    expect(await tile(page, 'Số hộ')).toBe(count(demo?.[4]));
    await screenshot(page, 'home-central-viewer');

    await page.getByTestId('place-children').getByRole('link', { name: 'Lạng Sơn' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lạng Sơn' }).waitFor();
    expect(await tile(page, 'Số nhân khẩu')).toBe(count(demo?.[5]));
  });

  it('the province officer drills from her province to a commune and an area', async () => {
    const commune = firstCommune();
    const area = commune.areas[0];
    if (!area) throw new Error('no area');
    const page = await harness.newPage();
    await loginAs(page, 'tinh.20');
    await page.getByRole('heading', { level: 2, name: 'Lạng Sơn' }).waitFor();
    const rows = await tableRows(page, 'place-children');
    const seeded = rows.filter((row) => count(row[6]) > 0).map((row) => row[0]);
    expect(seeded.sort()).toEqual(communes.map((c) => c.code).sort());

    await page.getByTestId('place-children').getByRole('link', { name: commune.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: commune.name }).waitFor();
    const areaRows = await tableRows(page, 'place-children');
    expect(areaRows.map((row) => row[0])).toEqual(commune.areas.map((a) => a.name));

    await page.getByTestId('place-children').getByRole('link', { name: area.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: area.name }).waitFor();
    const crumbs = await page
      .getByRole('navigation', { name: 'Vị trí trang' })
      .getByRole('listitem')
      .allTextContents();
    expect(crumbs).toEqual(['Đơn vị hành chính', 'Lạng Sơn', commune.name, area.name]);
    await page.getByTestId('area-hamlets').waitFor();
    expect(await page.getByTestId('area-collaborators').textContent()).toContain(area.collaborators[0]);
    expect((await tableRows(page, 'area-listing')).length).toBeGreaterThan(0);
    expect(await tile(page, 'Số hộ')).toBeGreaterThanOrEqual(100);
    await screenshot(page, 'area-province-officer');

    await page.goto('/places/provinces/01');
    await page.getByText(outOfScope).waitFor();
  });

  it('a commune officer sees her commune and its areas, and cannot open another commune by its address', async () => {
    const [mine, other] = communes;
    if (!mine || !other) throw new Error('need two seeded communes');
    const page = await harness.newPage();
    await loginAs(page, mine.officer);
    await page.getByRole('heading', { level: 2, name: mine.name }).waitFor();
    const rows = await tableRows(page, 'place-children');
    expect(rows.map((row) => row[0])).toEqual(mine.areas.map((a) => a.name));
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Trang chủ',
      'Đơn vị hành chính',
      'Biến động',
      'Cộng tác viên',
      'Tra cứu nhân khẩu',
      'Báo cáo thống kê',
      'Bảng điều khiển',
      'Dự báo dân số',
    ]);

    await page.goto(`/places/communes/${other.code}`);
    await page.getByText(outOfScope).waitFor();
    expect(await page.getByText(other.name).count()).toBe(0);
    await screenshot(page, 'commune-officer-out-of-scope');

    await page.goto(`/places/provinces/${demoProvince}`);
    await page.getByText(outOfScope).waitFor();

    const foreignArea = other.areas[0];
    if (!foreignArea) throw new Error('no area');
    await page.goto(`/places/areas/${foreignArea.id}`);
    await page.getByText(outOfScope).waitFor();

    await page.goto('/users');
    await page.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
  });

  it('a collaborator sees only her own areas', async () => {
    const commune = firstCommune();
    const area = commune.areas[0];
    const username = area?.collaborators[0];
    if (!area || !username) throw new Error('no collaborator');
    const hers = commune.areas.filter((a) => a.collaborators.includes(username));
    const page = await harness.newPage({ viewport: { width: 390, height: 844 } });
    await loginAs(page, username);
    const rows = await tableRows(page, 'place-children');
    expect(rows.map((row) => row[0])).toEqual(hers.map((a) => a.name));
    await screenshot(page, 'home-collaborator-phone');

    await page.getByTestId('place-children').getByRole('link', { name: area.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: area.name }).waitFor();
    expect(await page.getByTestId('area-collaborators').textContent()).toContain(username);

    const notHers = communes.flatMap((c) => c.areas).find((a) => !a.collaborators.includes(username));
    if (!notHers) throw new Error('no other area');
    await page.goto(`/places/areas/${notHers.id}`);
    await page.getByText(outOfScope).waitFor();
  });
});

describe('the national list of units', () => {
  it('finds a commune formed on 1 July 2025 and shows the old communes merged into it', async () => {
    const db = harness.database.db;
    const merged = await db
      .selectFrom('admin_succession')
      .innerJoin('admin_unit', 'admin_unit.code', 'admin_succession.to_code')
      .select(['admin_unit.code', 'admin_unit.name'])
      .where('admin_unit.parent_code', '=', demoProvince)
      .where('admin_unit.valid_to', 'is', null)
      .where('admin_succession.effective_on', '=', '2025-07-01')
      .orderBy('admin_unit.code')
      .executeTakeFirstOrThrow();
    // A unit that keeps its code through the reform is one unit with two versions, not its own predecessor.
    const predecessors = await db
      .selectFrom('admin_succession')
      .select('from_code')
      .where('to_code', '=', merged.code)
      .where('from_code', '<>', merged.code)
      .execute();

    const page = await harness.newPage();
    await loginAs(page, 'trunguong');
    await page.getByRole('link', { name: 'Đơn vị hành chính', exact: true }).click();
    await page.getByRole('link', { name: 'Tra cứu danh mục', exact: true }).click();
    await page.getByLabel('Tên hoặc mã đơn vị').fill(merged.name);
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page
      .getByTestId('unit-results')
      .getByRole('link', { name: merged.name, exact: true })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: merged.name }).waitFor();

    const rows = await tableRows(page, 'unit-predecessors');
    expect(rows.map((row) => row[0]).sort()).toEqual(predecessors.map((p) => p.from_code).sort());
    expect(rows.every((row) => row[3] === '01/07/2025')).toBe(true);
    await screenshot(page, 'unit-predecessors');

    // The day before the reform, an old commune existed and names the new one as its successor.
    const old = rows[0];
    if (!old) throw new Error('no predecessor');
    await page.getByTestId('unit-predecessors').getByRole('link', { name: old[1], exact: true }).click();
    await page.getByRole('heading', { level: 1, name: old[1] }).waitFor();
    expect(await page.getByLabel('Tại ngày').inputValue()).toBe('2025-06-30');
    const successors = await tableRows(page, 'unit-successors');
    expect(successors.map((row) => row[0])).toContain(merged.code);
  });
});
