import type { Actor } from '@danso/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/databases.ts';
import { buildWorld, places, testConfig } from '../../../test/fixtures.ts';
import { createServices } from '../../app.ts';
import { bookYears, methodInMonth, renderA0Pdf } from './a0-pdf.ts';
import type { RegisterService } from './register.service.ts';
import { addRichHousehold, type RichHousehold } from './register.test-data.ts';

/** The text of each page as a PDF reader extracts it, and the size of the first page in points. */
async function readPdf(pdf: Buffer): Promise<{ pages: string[]; size: number[] }> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  let size: number[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    if (n === 1) size = [page.view[2] ?? 0, page.view[3] ?? 0];
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return { pages, size };
}

const context = { clientAddress: '127.0.0.1', language: 'vi' as const };

describe('the household page as PDF (Phiếu hộ dân cư)', () => {
  let t: TestDatabase;
  let register: RegisterService;
  let rich: RichHousehold;
  let officer: Actor;
  let province: Actor;

  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    const world = await buildWorld(t.database);
    register = createServices(testConfig(), t.database).register;
    rich = await addRichHousehold(t.database, {
      provinceCode: '20',
      communeCode: places.commune,
      areaId: places.areas[0] as string,
      authorId: world.users.collaborator?.id ?? '',
      number: 50,
    });
    officer = {
      userId: world.users.commune?.id ?? '',
      role: 'commune_officer',
      scope: { kind: 'commune', provinceCode: '20', communeCode: places.commune },
    };
    province = {
      userId: world.users.province?.id ?? '',
      role: 'province_officer',
      scope: { kind: 'province', provinceCode: '20' },
    };
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('lays out the page on A4 landscape with the header, the members in A0 order and section II', async () => {
    const pdf = await register.householdPdf(officer, rich.householdId, context);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, size } = await readPdf(pdf);
    expect(size.map(Math.round)).toEqual([842, 595]);
    expect(pages).toHaveLength(1);
    const text = pages[0] ?? '';
    for (const expected of [
      'PHIẾU HỘ DÂN CƯ',
      'Lạng Sơn',
      `Mã hộ:`,
      rich.code,
      'Số 12, đường Trần Hưng Đạo',
      'I. THÔNG TIN CÁC THÀNH VIÊN TRONG HỘ',
      'Số định danh cá nhân',
      '001070123456',
      'Dụng cụ tử cung',
      'Chết 15/01/2025',
      'Chuyển đi 20/02/2025',
      'II. THEO DÕI SỬ DỤNG BIỆN PHÁP TRÁNH THAI CỦA CÁC CẶP VỢ CHỒNG',
      'Chồng: Đặng Văn Hùng',
    ]) {
      expect(text).toContain(expected);
    }
    // Names in A0 order: head, spouse, child … grandchild, other.
    const order = [
      'Đặng Văn Hùng',
      'Lê Thị Mai',
      'Đặng Văn Đức',
      'Đặng Minh Anh',
      'Đặng Thị Nụ',
      'Đặng Gia Bảo',
    ];
    const positions = order.map((name) => text.indexOf(name));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The text is set in Roboto, embedded (a subset): Vietnamese letters are glyphs of the font itself.
    expect(pdf.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+Roboto-Regular/);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2 /);
  });

  it('masks identifiers on the province officer’s print', async () => {
    const { pages } = await readPdf(await register.householdPdf(province, rich.householdId, context));
    expect(pages[0]).toContain('0010******56');
    expect(pages[0]).not.toContain('001070123456');
  });

  it('prints an area’s whole book, one household per page', async () => {
    const { pages } = await readPdf(await register.areaBookPdf(officer, places.areas[0] as string, context));
    // The area has three households from the fixtures and the two of the rich household's test data.
    expect(pages).toHaveLength(5);
    expect(pages.every((p) => p.includes('PHIẾU HỘ DÂN CƯ'))).toBe(true);
    expect(pages[0]).toContain('Nguyễn Văn 1');
    expect(pages.some((p) => p.includes('Đặng Văn Lâm'))).toBe(true);
  });

  it('lays a long book out in a worker thread, with the same pages', async () => {
    const page = await register.household(officer, rich.householdId, context);
    const book = Array.from({ length: 12 }, (_, i) => ({
      ...page,
      household: { ...page.household, number: 100 + i, code: `${page.household.code}-${i}` },
    }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const pdf = await renderA0Pdf(book, { printedOn: new Date('2026-11-29') });
    clearInterval(timer);
    const { pages } = await readPdf(pdf);
    expect(pages).toHaveLength(12);
    expect(pages[11]).toContain(`${page.household.code}-11`);
    expect(pages[11]).toContain('Đặng Văn Hùng');
    // The main thread went on answering timers while the worker laid the book out.
    expect(ticks).toBeGreaterThan(5);
  });

  it('numbers the months of the five-year book by the method in use', () => {
    expect(bookYears(new Date('2026-11-29'))).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(bookYears(new Date('2025-12-31'))).toEqual([2021, 2022, 2023, 2024, 2025]);
    const history = [
      { method: 'pill', methodLabel: '', validFrom: '2021-01-01', validTo: '2024-03-10' },
      { method: 'iud', methodLabel: '', validFrom: '2024-03-10', validTo: null },
    ];
    expect(methodInMonth(history, 2020, 12)).toBe('');
    expect(methodInMonth(history, 2023, 6)).toBe('5');
    expect(methodInMonth(history, 2024, 3)).toBe('1');
    expect(methodInMonth([{ ...history[0], method: 'none' } as never], 2022, 1)).toBe('');
  });
});
