import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

/** "3.000" (Vietnamese digit grouping) → 3000. */
function count(text: string | undefined): number {
  return Number((text ?? '').replace(/\./g, ''));
}

describe('population projections', () => {
  it('a province officer projects a commune 20 years ahead, plays the pyramid and downloads the tables', async () => {
    const commune = communes[0];
    if (!commune) throw new Error('The seeder made no commune');
    const page = await harness.newPage();
    await loginAs(page, 'tinh.20');

    await page.getByRole('navigation').getByRole('link', { name: 'Dự báo dân số' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dự báo dân số' }).waitFor();
    await page.getByLabel('Đơn vị').selectOption(commune.code);
    await page.getByLabel('Số năm dự báo').fill('20');
    const baseDate = await page.getByLabel('Ngày gốc').inputValue();
    const baseYear = Number(baseDate.slice(0, 4));
    for (const name of ['Phương án thấp', 'Phương án trung bình', 'Phương án cao']) {
      expect(await page.getByRole('checkbox', { name: new RegExp(name) }).isChecked()).toBe(true);
    }

    // Hold the answer back a little, as a large province would, to see the progress shown meanwhile.
    await page.route('**/api/v1/projections', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/projections') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Chạy dự báo' }).click();
    await page.getByRole('progressbar', { name: 'Đang chạy dự báo' }).waitFor();
    const response = await answer;
    expect(response.status()).toBe(200);
    const run = (await response.json()) as { id: string; unit: { code: string } };
    expect(run.unit.code).toBe(commune.code);

    // The pyramid of the medium scenario, at the base year.
    const pyramid = page.getByTestId('pyramid');
    await pyramid.locator('canvas').waitFor();
    const year = page.getByTestId('pyramid-year');
    expect(await year.textContent()).toBe(`Năm ${baseYear}`);
    await page.getByTestId('fan-total').locator('canvas').waitFor();
    await page.getByTestId('fan-dependency').locator('canvas').waitFor();
    expect(await page.getByTestId('projection-methods').textContent()).toContain(
      'mọi tỷ suất lấy theo số liệu tham chiếu',
    );
    await screenshot(page, 'projections-result');

    // Play: the years go by, pausing stops them, playing again reaches the last year.
    await page.getByRole('button', { name: 'Phát' }).click();
    await page.getByRole('button', { name: 'Tạm dừng' }).waitFor();
    await page.waitForFunction((first) => {
      const text = document.querySelector('[data-testid="pyramid-year"]')?.textContent ?? '';
      return Number(text.replace(/\D/g, '')) >= first + 2;
    }, baseYear);
    await page.getByRole('button', { name: 'Tạm dừng' }).click();
    const paused = await year.textContent();
    await page.waitForTimeout(1000);
    expect(await year.textContent()).toBe(paused);
    await page.getByRole('button', { name: 'Phát' }).click();
    await page
      .getByTestId('pyramid-year')
      .filter({ hasText: `Năm ${baseYear + 20}` })
      .waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Phát' }).waitFor();
    const slider = page.getByRole('slider', { name: 'Năm dự báo' });
    expect(await slider.inputValue()).toBe('20');
    await screenshot(page, 'projections-pyramid-last-year');

    // The table: the base year and 20 projected years, a total for each of the three scenarios.
    const rows = await tableRows(page, 'projection-table');
    expect(rows).toHaveLength(21);
    const baseTotal = count(rows[0]?.[1]);
    expect(baseTotal).toBeGreaterThan(0);
    expect(count(rows[0]?.[2])).toBe(baseTotal);
    const lastRow = rows[20] ?? [];
    expect(count(lastRow[3])).toBeGreaterThanOrEqual(count(lastRow[2]));
    expect(count(lastRow[2])).toBeGreaterThanOrEqual(count(lastRow[1]));

    // XLSX: it opens, with the summary, one population sheet per scenario and the methods.
    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải bảng XLSX' }).click(),
    ]);
    expect(xlsxDownload.suggestedFilename()).toMatch(
      new RegExp(`^du-bao-dan-so-${commune.code}-.*-20-nam\\.xlsx$`),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await xlsxDownload.path())) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Dân số - Phương án thấp',
      'Dân số - Phương án trung bình',
      'Dân số - Phương án cao',
      'Phương pháp',
    ]);
    const summary = workbook.getWorksheet('Tổng hợp');
    expect(summary?.getRow(1).getCell(1).value).toBe('Kịch bản');
    expect(summary?.rowCount).toBe(1 + 3 * 21);
    expect(Math.round(Number(summary?.getRow(2).getCell(4).value))).toBe(baseTotal);

    // CSV: UTF-8 with the Vietnamese header, one row per scenario and year.
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải bảng CSV' }).click(),
    ]);
    const csv = await readFile(await csvDownload.path(), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 3 * 21);
    const header = lines[0]?.split(',') ?? [];
    expect(header.slice(0, 4)).toEqual(['Kịch bản', 'Năm thứ', 'Ngày', 'Tổng dân số']);
    expect(header.at(-1)).toBe('Nữ 100+ tuổi');
    const medium = lines.filter((l) => l.startsWith('Phương án trung bình,'));
    expect(medium).toHaveLength(21);
    expect(Math.round(Number(medium[20]?.split(',')[3]))).toBe(count(lastRow[2]));
  });
});
