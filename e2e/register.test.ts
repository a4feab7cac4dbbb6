import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addRichHousehold,
  type RichHousehold,
} from '../apps/server/src/modules/register/register.test-data.ts';
import {
  type Harness,
  loginAs,
  type SeededCommune,
  screenshot,
  seededCommunes,
  startHarness,
  tableRows,
  waitForRows,
} from './harness.ts';

let harness: Harness;
let communes: SeededCommune[];
let commune: SeededCommune;
let area: SeededCommune['areas'][number];
let collaborator: string;
let rich: RichHousehold;

const outOfScope = 'Không tìm thấy dữ liệu trong địa bàn bạn được phân quyền.';

beforeAll(async () => {
  harness = await startHarness();
  communes = await seededCommunes(harness.database);
  const found = communes.find((c) => c.areas.some((a) => a.collaborators.length > 0));
  const firstArea = found?.areas.find((a) => a.collaborators.length > 0);
  if (!found || !firstArea?.collaborators[0]) throw new Error('The seeder made no area with a collaborator');
  commune = found;
  area = firstArea;
  collaborator = firstArea.collaborators[0];
  const author = await harness.database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', collaborator)
    .executeTakeFirstOrThrow();
  // A household with every kind of member, people who died or left, section II data and changes, written
  // as household number 1 so that it is on the first page of the book.
  rich = await addRichHousehold(harness.database, {
    provinceCode: '20',
    communeCode: commune.code,
    areaId: area.id,
    authorId: author.id,
    number: 1,
  });
});

afterAll(async () => {
  await harness?.close();
});

/** The text a PDF reader finds in a file. */
async function pdfText(file: string): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(await readFile(file)) }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return texts.join('\n');
}

/** Column 4 of the member table is the name (STT, insurance, personal ID, name, …). */
async function memberNames(page: Page): Promise<string[]> {
  return (await tableRows(page, 'household-members')).map((row) => row[3] ?? '');
}

describe('the household book on the office screens', () => {
  it('a commune officer opens an area’s book, a household, a person, searches without diacritics and prints', async () => {
    const page = await harness.newPage();
    await loginAs(page, commune.officer);
    await page.getByTestId('place-children').getByRole('link', { name: area.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: area.name }).waitFor();
    await screenshot(page, 'register-area-link');
    await page.getByRole('link', { name: 'Mở sổ hộ gia đình (Sổ A0)' }).click();
    await page.getByRole('heading', { level: 1, name: `Sổ hộ gia đình – ${area.name}` }).waitFor();
    const book = await tableRows(page, 'household-book');
    expect(book.length).toBeGreaterThan(10);
    // Columns: number, code, head, members, hamlet, address, status.
    expect(book.find((row) => row[1] === rich.code)?.slice(0, 4)).toEqual([
      '1',
      rich.code,
      'Đặng Văn Hùng',
      '8',
    ]);
    await screenshot(page, 'register-household-book');

    await page.getByTestId('household-book').getByRole('link', { name: rich.code, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Hộ số 1' }).waitFor();
    expect(await memberNames(page)).toEqual([
      'Đặng Văn Hùng',
      'Lê Thị Mai',
      'Đặng Văn Đức',
      'Đặng Thị Hoa',
      'Đặng Minh Anh',
      'Hoàng Thị Thu',
      'Đặng Thị Nụ',
      'Đặng Văn Tư',
      'Đặng Gia Bảo',
      'Vi Văn Khánh',
      'Đặng Văn Lâm',
    ]);
    const rows = await tableRows(page, 'household-members');
    expect(rows[0]?.slice(0, 7)).toEqual([
      '1',
      'HN2202098765432',
      '001070123456',
      'Đặng Văn Hùng',
      'Chủ hộ',
      'Nam',
      '06/06/1970',
    ]);
    expect(rows[6]?.[6]).toBe('1940');
    expect(rows[7]?.[11]).toBe('Chết 15/01/2025');
    expect(rows[3]?.[11]).toBe('Chuyển đi 20/02/2025');
    expect(await page.getByTestId('household-header').textContent()).toContain('Số 12, đường Trần Hưng Đạo');
    expect((await tableRows(page, 'household-contraception'))[0]?.slice(1, 5)).toEqual([
      'Lê Thị Mai',
      '1974',
      'Đặng Văn Hùng',
      'Dụng cụ tử cung',
    ]);
    await screenshot(page, 'register-household-page');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'In phiếu hộ (PDF)' }).click();
    const file = await (await download).path();
    const text = await pdfText(file);
    expect(text).toContain('PHIẾU HỘ DÂN CƯ');
    expect(text).toContain('Đặng Văn Hùng');
    expect(text).toContain('Đặng Thị Nụ');

    await page.getByTestId('household-members').getByRole('link', { name: 'Đặng Gia Bảo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đặng Gia Bảo' }).waitFor();
    const timeline = await tableRows(page, 'person-timeline');
    // Columns: date, change, about, status, recorded by, recorded on.
    expect(timeline.map((row) => row.slice(0, 4))).toEqual([
      ['02/02/2022', 'Sinh', 'Bản thân', 'Đã duyệt'],
      ['01/07/2024', 'Đổi chủ hộ', 'Cả hộ', 'Đã gửi'],
    ]);
    await screenshot(page, 'register-person-timeline');

    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Tra cứu nhân khẩu' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Tra cứu nhân khẩu' }).waitFor();
    await page.getByLabel('Họ và tên').fill('dang gia bao');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    const results = await waitForRows(page, 'search-results', (r) => r.length > 0);
    expect(results.map((row) => row[0])).toContain('Đặng Gia Bảo');
    await screenshot(page, 'register-search');
    await page.getByTestId('search-results').getByRole('link', { name: 'Đặng Gia Bảo' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Đặng Gia Bảo' }).waitFor();
  });

  it('a collaborator sees her own area’s book, and no other', async () => {
    const page = await harness.newPage();
    await loginAs(page, collaborator);
    await page.goto(`/places/areas/${area.id}`);
    await page.getByRole('link', { name: 'Mở sổ hộ gia đình (Sổ A0)' }).click();
    await page.getByRole('heading', { level: 1, name: `Sổ hộ gia đình – ${area.name}` }).waitFor();
    expect((await tableRows(page, 'household-book')).some((row) => row[1] === rich.code)).toBe(true);

    const notHers = communes.flatMap((c) => c.areas).find((a) => !a.collaborators.includes(collaborator));
    if (!notHers) throw new Error('no other area');
    await page.goto(`/register/areas/${notHers.id}`);
    await page.getByText(outOfScope).waitFor();

    await page.goto('/register/search?q=dang%20van%20hung');
    const found = await waitForRows(page, 'search-results', (r) => r.length > 0);
    // Columns: name, date of birth, sex, household, area, personal ID, note.
    expect(found.every((row) => row[4]?.startsWith(area.name))).toBe(true);
  });

  it('a province officer reads personal ID numbers masked', async () => {
    const page = await harness.newPage();
    await loginAs(page, 'tinh.20');
    await page.goto(`/register/households/${rich.householdId}`);
    await page.getByRole('heading', { level: 1, name: 'Hộ số 1' }).waitFor();
    const rows = await tableRows(page, 'household-members');
    expect(rows[0]?.slice(1, 4)).toEqual(['HN22*********32', '0010******56', 'Đặng Văn Hùng']);
    expect(rows.flatMap((row) => row.slice(1, 3)).every((cell) => cell === '' || cell.includes('*'))).toBe(
      true,
    );
    await page.getByText('được che một phần').waitFor();
    await screenshot(page, 'register-household-province-masked');

    // In English, the page and the labels of the codes change language.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Household no. 1' }).waitFor();
    const english = await waitForRows(page, 'household-members', (r) => r[0]?.[4] === 'Household head');
    expect(english[0]?.slice(4, 6)).toEqual(['Household head', 'Male']);
  });
});
