import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../apps/server/src/modules/audit/audit.service.ts';
import { BoundariesService } from '../apps/server/src/modules/boundaries/boundaries.service.ts';
import { demoProvince, type Harness, loginAs, screenshot, startHarness } from './harness.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  // As the demo start-up does: synthetic commune shapes for the demo province, through the import.
  await new BoundariesService(harness.database, new AuditService(harness.database)).ensureGenerated(
    { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', scope: { kind: 'national' } },
    demoProvince,
    1,
  );
});

afterAll(async () => {
  await harness?.close();
});

describe('dashboards and the population map', () => {
  it('a province officer reads the overview, opens the map, picks an indicator and lands on a commune', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'tinh.20');

    await page.getByRole('navigation').getByRole('link', { name: 'Bảng điều khiển' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển' }).waitFor();
    const pyramid = page.getByTestId('chart-pyramid');
    await pyramid.waitFor();
    expect(await pyramid.getAttribute('aria-label')).toMatch(
      /^Tháp dân số ngày \d{2}\/\d{2}\/\d{4} .*: [\d.]+ nam, [\d.]+ nữ\.$/,
    );
    expect(await pyramid.locator('canvas').count()).toBe(1);

    // The SRB chart names the national target in its text alternative, and its table has the 109 line.
    const srb = page.getByTestId('panel-srb');
    expect(await srb.getByTestId('chart-srb').getAttribute('aria-label')).toContain(
      'mục tiêu quốc gia dưới 109',
    );
    await srb.getByRole('button', { name: 'Xem dạng bảng' }).click();
    await srb.getByRole('columnheader', { name: 'Mục tiêu quốc gia: dưới 109' }).waitFor();
    const rows = srb.locator('tbody tr');
    expect(await rows.count()).toBe(24);
    expect(await rows.last().locator('td').last().textContent()).toBe('109');
    await screenshot(page, 'dashboard-province');

    await page.getByRole('link', { name: 'Xem bản đồ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bản đồ dân số' }).waitFor();
    await page
      .getByRole('note')
      .getByText(/hình giả lập/)
      .waitFor();
    const ranking = page.waitForResponse(
      (r) => r.url().includes('/api/v1/indicators/ranking') && r.url().includes('code=SEX_RATIO'),
    );
    await page.getByLabel('Chỉ tiêu').selectOption('SEX_RATIO');
    expect((await ranking).status()).toBe(200);
    const map = page.getByTestId('chart-map');
    await map.waitFor();
    expect(await map.getAttribute('aria-label')).toMatch(/^Bản đồ Tỷ số giới tính của \d+ xã/);

    // Hover the middle of the province: the tooltip names a commune and its value.
    const box = await map.boundingBox();
    if (!box) throw new Error('The map has no size');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tooltip = map.locator('strong').first();
    await tooltip.waitFor();
    const communeName = (await tooltip.textContent()) ?? '';
    expect(communeName.length).toBeGreaterThan(0);
    await screenshot(page, 'population-map');

    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForURL(/\/places\/communes\/\d{5}$/);
    await page.getByRole('heading', { level: 1, name: communeName }).waitFor();
  });
});
