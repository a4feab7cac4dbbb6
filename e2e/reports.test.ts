import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Actor, makeUuidV7 } from '@danso/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../apps/server/src/modules/audit/audit.service.ts';
import { ChangesService } from '../apps/server/src/modules/changes/changes.service.ts';
import {
  type Harness,
  loginAs,
  resultsDir,
  type SeededCommune,
  screenshot,
  seededCommunes,
  startHarness,
  tableRows,
} from './harness.ts';

let harness: Harness;
let commune: SeededCommune;

/** The last full month in Viet Nam, 'YYYY-MM', and how the screens write it ('Tháng 10/2026'). */
const lastMonth = (() => {
  const now = new Date(Date.now() + 7 * 3_600_000);
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return first.toISOString().slice(0, 7);
})();
const shownMonth = `Tháng ${lastMonth.slice(5, 7)}/${lastMonth.slice(0, 4)}`;
const TITLE = 'BÁO CÁO BIẾN ĐỘNG DÂN SỐ THÁNG CỦA XÃ';

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

async function statusIs(page: Page, text: string): Promise<void> {
  await page.getByTestId('report-status').getByText(text, { exact: true }).waitFor();
}

/** Clicks a download button and returns the saved file's path. */
async function download(page: Page, button: string): Promise<string> {
  const started = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = await (await started).path();
  return file;
}

/** The text of a PDF, and its first page rendered to an image (saved beside the screenshots). */
async function readPdf(file: string, imageName: string) {
  const document = await getDocument({ data: new Uint8Array(await readFile(file)) }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const page = await document.getPage(1);
  const viewport = page.getViewport({ scale: 1.5 });
  const factory = (
    document as unknown as {
      canvasFactory: { create(w: number, h: number): { canvas: unknown; context: CanvasRenderingContext2D } };
    }
  ).canvasFactory;
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, viewport.width, viewport.height);
  await page.render({ canvasContext: context, viewport, canvas: canvas as HTMLCanvasElement }).promise;
  const pixels = context.getImageData(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height)).data;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 100) dark += 1;
  await writeFile(
    path.join(resultsDir, imageName),
    (canvas as { toBuffer(type: string): Buffer }).toBuffer('image/png'),
  );
  await document.destroy();
  return { text: texts.join('\n'), dark, total: pixels.length / 4 };
}

/** A death in the closed month, entered and approved by the commune's officer after the report was locked. */
async function approveLateDeath(): Promise<void> {
  const db = harness.database.db;
  const officer = await db
    .selectFrom('app_user')
    .select(['id'])
    .where('username', '=', commune.officer)
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: officer.id,
    role: 'commune_officer',
    scope: { kind: 'commune', provinceCode: '20', communeCode: commune.code },
  };
  const person = await sql<{ id: string; household_id: string }>`
    SELECT p.id, p.household_id FROM person p
    JOIN residence_interval r ON r.person_id = p.id AND r.valid_to IS NULL AND r.valid_from < ${`${lastMonth}-01`}::date
    WHERE p.commune_code = ${commune.code} AND p.vital_status = 'alive' AND p.presence = 'present'
      AND p.birth_date < '1955-01-01' ORDER BY p.id LIMIT 1`.execute(db);
  const who = person.rows[0];
  if (!who) throw new Error('No elderly resident to record a death for');
  const changes = new ChangesService(harness.database, new AuditService(harness.database));
  const { change } = await changes.submit(actor, {
    id: makeUuidV7(Date.now(), randomBytes(10)),
    type: 'death',
    authorId: actor.userId,
    occurredOn: `${lastMonth}-15`,
    recordedAt: new Date().toISOString(),
    baseVersion: 0,
    householdId: who.household_id,
    personId: who.id,
    payload: {},
  });
  const acknowledgedRules = change.ruleResults
    .filter((r) => r.severity === 'warning')
    .map((r) => ({ code: r.code, path: r.path }));
  const reviewed = await changes.review(actor, change.id, { action: 'approve', acknowledgedRules });
  expect(reviewed.status).toBe('approved');
}

describe('closing a month’s report', () => {
  it('the commune submits, the province approves and locks, the files open in Vietnamese, a late change is a revision', async () => {
    // The commune officer opens her reports and signs last month's.
    const officer = await harness.newPage();
    await loginAs(officer, commune.officer);
    await officer
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Báo cáo thống kê' })
      .click();
    await officer.getByRole('heading', { level: 1, name: 'Báo cáo thống kê' }).waitFor();
    const list = await tableRows(officer, 'report-list');
    const row = list.find((cells) => cells[1] === shownMonth && cells[0]?.startsWith('Báo cáo biến động'));
    expect(row?.[3]).toContain('Nháp');
    await officer
      .getByTestId('report-list')
      .getByRole('row')
      .filter({ hasText: shownMonth })
      .getByRole('link', { name: 'Báo cáo biến động dân số tháng của xã' })
      .click();
    await officer.getByRole('heading', { level: 1, name: 'Báo cáo biến động dân số tháng của xã' }).waitFor();
    await statusIs(officer, 'Nháp');
    const table = await tableRows(officer, 'report-table');
    const population = table.find((cells) => cells[1] === 'Dân số cuối tháng');
    expect(Number((population?.[3] ?? '').replaceAll('.', ''))).toBeGreaterThan(100);
    await officer.getByRole('button', { name: 'Ký số và gửi báo cáo' }).click();
    await statusIs(officer, 'Đã gửi');
    await officer.getByRole('status').getByText('Đã ký số và gửi báo cáo.').waitFor();
    await screenshot(officer, 'reports-submitted');

    // The province officer finds it waiting on the monitoring screen, approves and locks it.
    const province = await harness.newPage();
    await loginAs(province, 'tinh.20');
    await province
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Báo cáo thống kê' })
      .click();
    await province.getByRole('link', { name: 'Theo dõi báo cáo các xã' }).click();
    await province.getByRole('heading', { level: 1, name: 'Theo dõi báo cáo các xã' }).waitFor();
    const monitoring = await tableRows(province, 'monitoring');
    const communeRow = monitoring.find((cells) => cells[0] === commune.name);
    expect(communeRow?.join(' ')).toContain('Đã gửi');
    await screenshot(province, 'reports-monitoring');
    await province
      .getByTestId('monitoring-waiting')
      .getByRole('link', { name: `${commune.name} – ${shownMonth}` })
      .click();
    await statusIs(province, 'Đã gửi');
    await province.getByRole('button', { name: 'Duyệt và khóa' }).click();
    await statusIs(province, 'Đã khóa');

    // The locked report as Excel: the form's title, unit, period and header, in Vietnamese.
    const xlsxFile = await download(province, 'Tải Excel (XLSX)');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell('A1').value).toBe(`Đơn vị báo cáo: ${commune.name}, Lạng Sơn`);
    expect(sheet?.getCell('A3').value).toBe(TITLE);
    expect(sheet?.getCell('A4').value).toBe(
      `Kỳ báo cáo: Tháng ${Number(lastMonth.slice(5, 7))} năm ${lastMonth.slice(0, 4)}`,
    );
    expect(sheet?.getRow(7).values).toEqual([
      undefined,
      'Mã số',
      'Chỉ tiêu',
      'Đơn vị tính',
      'Tổng số',
      'Nam',
      'Nữ',
    ]);
    expect(sheet?.getCell('B10').value).toBe('Dân số cuối tháng');
    expect(sheet?.getCell('D10').value).toBe(Number((population?.[3] ?? '').replaceAll('.', '')));

    // And as PDF: the text a reader extracts is Vietnamese, and the first page rendered is not blank.
    const pdfFile = await download(province, 'Tải PDF');
    const pdf = await readPdf(pdfFile, 'reports-locked-page1.png');
    expect(pdf.text).toContain(TITLE);
    expect(pdf.text).toContain('Dân số cuối tháng');
    expect(pdf.text).toContain('Số người chuyển đến');
    expect(pdf.text).toContain(commune.name);
    expect(pdf.dark).toBeGreaterThan(2000);
    expect(pdf.dark / pdf.total).toBeLessThan(0.5);
    await screenshot(province, 'reports-locked');

    // A death in that month approved after the lock: the province sees a revision and accepts it.
    await approveLateDeath();
    await province.reload();
    await statusIs(province, 'Có điều chỉnh');
    const changes = await tableRows(province, 'revision-changes');
    expect(changes.map((cells) => cells.slice(0, 2))).toEqual(
      expect.arrayContaining([
        ['5', 'Tổng số'],
        ['1', 'Tổng số'],
      ]),
    );
    const deaths = changes.find((cells) => cells[0] === '5' && cells[1] === 'Tổng số');
    expect(Number(deaths?.[3]) - Number(deaths?.[2])).toBe(1);
    await screenshot(province, 'reports-revision');
    await province.getByRole('button', { name: 'Chấp nhận điều chỉnh và ký số' }).click();
    await statusIs(province, 'Đã khóa');
    const versions = await tableRows(province, 'report-versions');
    expect(versions.map((cells) => cells.slice(0, 2))).toEqual([
      ['1', 'Gửi báo cáo'],
      ['2', 'Điều chỉnh'],
    ]);
    await province.getByRole('button', { name: 'Kiểm tra chữ ký' }).click();
    await province.getByTestId('report-versions').getByText('Chữ ký hợp lệ').nth(1).waitFor();

    // The commune sees the revision too.
    await officer.reload();
    await statusIs(officer, 'Đã khóa');
    expect((await tableRows(officer, 'report-versions')).length).toBe(2);
  });
});
