import { vietNamDate } from '@danso/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { appFor, Client } from '../../../test/fixtures.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { AuditService } from '../audit/audit.service.ts';
import { demoPassword } from '../seed/accounts.ts';
import { seedProvince } from '../seed/index.ts';
import { RegisterImportService } from './register-import.service.ts';

/** Today in Viet Nam, as the server counts it (a day ahead of UTC from 17:00 UTC). */
const today = vietNamDate(new Date());
const thisMonth = `${today.slice(0, 7)}-01`;
const header =
  'Địa bàn số,Số hộ,Thôn/Tổ dân phố,Địa chỉ,Ngày lập hộ,Họ và tên,Quan hệ với chủ hộ,Giới tính,Ngày sinh,Dân tộc,Trình độ học vấn,Tình trạng hôn nhân,Tình trạng cư trú,Số thẻ BHYT,Số định danh cá nhân';

/** Three households of area 1: one opened in 2020 (the file says so), two on the import date. */
function goodFile(hamlet: string): string {
  return [
    header,
    `1,9001,${hamlet},"Số 12, ngõ 3",15/03/2020,Hoàng Văn Thử,Chủ hộ,Nam,12/04/1975,Tày,Trung học phổ thông,Có vợ/chồng,Thường trú,GD4201234567890,002075000111`,
    `1,9001,${hamlet},"Số 12, ngõ 3",,Nông Thị Nghiệm,Vợ,Nữ,03/1978,02,upper_secondary,married,permanent,,`,
    `1,9001,,,,Hoàng Văn Một,Con,Nam,2005,Tày,Đại học,Chưa kết hôn,Tạm vắng,,`,
    `1,9002,${hamlet},Số 14,,Lý Văn Hai,Chủ hộ,1,01/01/1960,Nùng,Tiểu học,Goá,Thường trú,,`,
    `1,9002,${hamlet},Số 14,,Lý Thị Ba,Cháu,2,20/11/2019,Nùng,,,Thường trú,,`,
    `1,9003,${hamlet},Số 16,,Vi Thị Bốn,Chủ hộ,Nữ,1950,Kinh,Chưa đi học,Góa,Tạm trú,,`,
    `1,9003,${hamlet},Số 16,,Vi Văn Năm,Khác,Nam,07/07/1988,Kinh,Trung cấp,Ly hôn,Tạm trú,,`,
    `1,9003,${hamlet},Số 16,,Vi Văn Sáu,Con,Nam,02/2010,Kinh,,Chưa kết hôn,Thường trú,,`,
  ].join('\n');
}

describe.each(engines)('register import on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let officer: Client;
  let commune = '';
  let hamlet = '';
  let existing = { code: '', number: 0, head: '', birth: '' };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: '20', people: 600, seed: 11 });
    const db = t.database.db;
    const area = await db
      .selectFrom('area as a')
      .innerJoin('area_listing as l', 'l.area_id', 'a.id')
      .innerJoin('hamlet as h', 'h.id', 'l.hamlet_id')
      .select(['a.commune_code', 'h.name'])
      .where('a.number', '=', 1)
      .orderBy('a.commune_code')
      .orderBy('l.seq')
      .executeTakeFirstOrThrow();
    commune = area.commune_code;
    hamlet = area.name;
    const head = await db
      .selectFrom('household as h')
      .innerJoin('person as p', 'p.id', 'h.head_person_id')
      .innerJoin('area as a', 'a.id', 'h.area_id')
      .select(['h.code', 'h.number', 'p.full_name', 'p.birth_date'])
      .where('h.commune_code', '=', commune)
      .where('a.number', '=', 1)
      .orderBy('h.number')
      .executeTakeFirstOrThrow();
    existing = { code: head.code, number: head.number, head: head.full_name, birth: head.birth_date };
    app = await appFor(t.database);
    officer = new Client(app);
    expect((await officer.login(`xa.${commune}`, demoPassword)).statusCode).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const post = (body: Record<string, unknown>) =>
    officer.request('POST', '/api/v1/register/import', { communeCode: commune, format: 'csv', ...body });
  const population = async (date: string) =>
    (await officer.request('GET', `/api/v1/population?unitCode=${commune}&date=${date}`)).json()
      .total as number;
  const counts = async () => {
    const db = t.database.db;
    const n = async (table: 'household' | 'person' | 'residence_interval') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('commune_code', '=', commune)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const stock = async (month: string) =>
      Number(
        (
          await sql<{ n: number | null }>`
            SELECT sum(n)::int AS n FROM stock_month WHERE commune_code = ${commune} AND month = ${month}::date`.execute(
            db,
          )
        ).rows[0]?.n ?? 0,
      );
    const lastMonth = new Date(`${thisMonth}T00:00:00Z`);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    return {
      households: await n('household'),
      people: await n('person'),
      intervals: await n('residence_interval'),
      stockThisMonth: await stock(thisMonth),
      stockLastMonth: await stock(lastMonth.toISOString().slice(0, 10)),
    };
  };

  it('checks a good file in a dry run without writing, then imports it with its history and stock', async () => {
    const before = await counts();
    const populationBefore = await population(today);
    const population2021 = await population('2021-01-01');

    const dry = await post({ content: goodFile(hamlet), dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({
      ok: true,
      dryRun: true,
      rows: 8,
      households: 3,
      people: 8,
      problems: [],
    });
    expect(await counts()).toEqual(before);

    const real = await post({ content: goodFile(hamlet), dryRun: false });
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json()).toMatchObject({
      ok: true,
      dryRun: false,
      rows: 8,
      households: 3,
      people: 8,
      skipped: 0,
      importedOn: today,
      problemCount: 0,
    });

    const after = await counts();
    expect(after.households).toBe(before.households + 3);
    expect(after.people).toBe(before.people + 8);
    // One interval for each new person and none more for the people already there.
    expect(after.intervals).toBe(before.intervals + 8);
    expect(after.stockThisMonth).toBe(before.stockThisMonth + 8);
    // Only the household opened in 2020 lived there last month.
    expect(after.stockLastMonth).toBe(before.stockLastMonth + 3);
    expect(await population(today)).toBe(populationBefore + 8);
    expect(await population('2021-01-01')).toBe(population2021 + 3);

    const db = t.database.db;
    const members = await db
      .selectFrom('person as p')
      .innerJoin('household as h', 'h.id', 'p.household_id')
      .select([
        'h.code',
        'h.head_person_id',
        'h.created_on',
        'h.address',
        'h.hamlet_id',
        'p.id',
        'p.row_number',
        'p.full_name',
        'p.relation_to_head',
        'p.birth_date',
        'p.birth_date_precision',
        'p.ethnicity_code',
        'p.education_code',
        'p.marital_status',
        'p.residence_status',
        'p.insurance_number',
        'p.personal_id',
        'p.search_name',
      ])
      .where('h.code', '=', `${commune}-1-9001`)
      .orderBy('p.row_number')
      .execute();
    expect(members.map((m) => [m.row_number, m.full_name, m.relation_to_head])).toEqual([
      [1, 'Hoàng Văn Thử', 'head'],
      [2, 'Nông Thị Nghiệm', 'spouse'],
      [3, 'Hoàng Văn Một', 'child'],
    ]);
    const [head, wife, son] = members;
    expect(head).toMatchObject({
      created_on: '2020-03-15',
      address: 'Số 12, ngõ 3',
      birth_date: '1975-04-12',
      ethnicity_code: '02',
      education_code: 'upper_secondary',
      insurance_number: 'GD4201234567890',
      personal_id: '002075000111',
      search_name: 'hoang van thu',
    });
    expect(head?.head_person_id).toBe(head?.id);
    expect(head?.hamlet_id).not.toBeNull();
    expect(wife).toMatchObject({ birth_date: '1978-03-01', birth_date_precision: 'month' });
    expect(son).toMatchObject({
      birth_date: '2005-01-01',
      birth_date_precision: 'year',
      residence_status: 'temporarily_absent',
    });
    // Residence from the later of birth and the household's creation.
    const intervals = await sql<{ full_name: string; valid_from: string }>`
      SELECT p.full_name, r.valid_from FROM residence_interval r JOIN person p ON p.id = r.person_id
      JOIN household h ON h.id = p.household_id
      WHERE h.code IN (${`${commune}-1-9001`}, ${`${commune}-1-9002`}) ORDER BY p.full_name`.execute(db);
    expect(intervals.rows).toEqual([
      { full_name: 'Hoàng Văn Một', valid_from: '2020-03-15' },
      { full_name: 'Hoàng Văn Thử', valid_from: '2020-03-15' },
      { full_name: 'Lý Thị Ba', valid_from: today },
      { full_name: 'Lý Văn Hai', valid_from: today },
      { full_name: 'Nông Thị Nghiệm', valid_from: '2020-03-15' },
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'place_code', 'details'])
      .where('action', '=', 'register.import')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ place_code: commune, details: { households: 3, people: 8 } });
    expect(JSON.stringify(audit[0]?.details)).not.toContain('Hoàng');
  });

  it('refuses the same file a second time, listing the households and people already there', async () => {
    const before = await counts();
    const dry = await post({ content: goodFile(hamlet), dryRun: true });
    expect(dry.statusCode).toBe(200);
    const problems = dry.json().problems as Array<{ line: number; reason: string }>;
    expect(dry.json().ok).toBe(false);
    expect(problems.filter((p) => p.reason === 'household_exists').map((p) => p.line)).toEqual([2, 5, 7]);
    expect(problems.filter((p) => p.reason === 'person_exists').map((p) => p.line)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(problems.filter((p) => p.reason === 'personal_id_exists').map((p) => p.line)).toEqual([2]);

    const real = await post({ content: goodFile(hamlet), dryRun: false });
    expect(real.statusCode).toBe(422);
    expect(real.json().error.code).toBe('DANSO_ERR_IMPORT_INVALID');
    expect(real.json().error.details).toContainEqual(
      expect.objectContaining({ path: 'line 2/Số hộ', reason: 'household_exists' }),
    );
    expect(await counts()).toEqual(before);
  });

  it('lists every bad row of a file with its line and imports nothing', async () => {
    const before = await counts();
    const content = [
      header,
      `1,9101,${hamlet},,,Đinh Văn Tốt,Chủ hộ,Nam,01/01/1980,Kinh,,Có vợ/chồng,,,`, // 2: fine on its own
      `99,9102,,,,Đinh Văn Lạc,Chủ hộ,Nam,01/01/1980,Kinh,,Có vợ/chồng,,,`, // 3: no area 99
      `1,9103,${hamlet},,,Đinh Văn Mã,Chủ hộ,Nam,01/01/1980,99,,Có vợ/chồng,,,`, // 4: unknown ethnicity
      `1,9104,${hamlet},,,Đinh Văn Sau,Chủ hộ,Nam,01/01/2999,Kinh,,Có vợ/chồng,,,`, // 5: future
      `1,9105,${hamlet},,,Đinh Văn Ảo,Chủ hộ,Nam,31/04/1980,Kinh,,Có vợ/chồng,,,`, // 6: no 31 April
      `1,9106,${hamlet},,,Đinh Văn Số,Chủ hộ,Nam,01/01/1980,Kinh,,Có vợ/chồng,,,12345678901`, // 7: 11 digits
      `1,9107,${hamlet},,,Đinh Văn Con,Con,Nam,01/01/2015,Kinh,,,,,`, // 8: no head
      `1,9108,${hamlet},,,Đinh Văn Một,Chủ hộ,Nam,01/01/1970,Kinh,,Có vợ/chồng,,,`,
      `1,9108,${hamlet},,,Đinh Văn Hai,Chủ hộ,Nam,01/01/1972,Kinh,,Có vợ/chồng,,,`, // 10: a second head
      `1,${existing.number},${hamlet},,,${existing.head},Chủ hộ,Nam,${existing.birth.split('-').reverse().join('/')},Kinh,,Có vợ/chồng,,,`, // 11
      `1,9109,${hamlet},,,Đinh Văn Giới,Chủ hộ,Không rõ,01/01/1980,Kinh,,Có vợ/chồng,,,`, // 12: unknown sex
    ].join('\n');
    const dry = await post({ content, dryRun: true });
    expect(dry.statusCode).toBe(200);
    const report = dry.json();
    expect(report.ok).toBe(false);
    expect(
      report.problems.map((p: { line: number; field: string; reason: string }) => [
        p.line,
        p.field,
        p.reason,
      ]),
    ).toEqual([
      [3, 'Địa bàn số', 'unknown_area'],
      [4, 'Dân tộc', 'unknown_code'],
      [5, 'Ngày sinh', 'future_date'],
      [6, 'Ngày sinh', 'unreal_date'],
      [7, 'Số định danh cá nhân', 'bad_personal_id'],
      [8, 'Quan hệ với chủ hộ', 'no_head'],
      [10, 'Quan hệ với chủ hộ', 'several_heads'],
      [11, 'Số hộ', 'household_exists'],
      [11, 'Họ và tên', 'person_exists'],
      [12, 'Giới tính', 'unknown_code'],
    ]);
    expect(report.problemCount).toBe(10);
    for (const p of report.problems) expect(p.message).toMatch(/\p{L}/u);

    const real = await post({ content, dryRun: false });
    expect(real.statusCode).toBe(422);
    expect(real.json().error.details).toHaveLength(10);
    expect(await counts()).toEqual(before);
  });

  it('imports the first sheet of an XLSX file, with date and number cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sổ A0');
    sheet.addRow(header.split(','));
    sheet.addRow([
      1,
      9201,
      hamlet,
      'Số 20',
      null,
      'Phạm Văn Bảng',
      'Chủ hộ',
      'Nam',
      new Date(Date.UTC(1990, 4, 17)),
    ]);
    sheet.getRow(2).getCell(10).value = 'Kinh';
    sheet.getRow(2).getCell(12).value = 'Có vợ/chồng';
    // Excel drops the leading zeros of a personal ID typed as a number.
    sheet.getRow(2).getCell(15).value = 1090012345;
    sheet.addRow([
      1,
      9201,
      hamlet,
      'Số 20',
      null,
      'Phạm Thị Tính',
      'Vợ',
      'Nữ',
      '1992',
      '01',
      null,
      'Có vợ/chồng',
    ]);
    workbook.addWorksheet('Ghi chú').addRow(['Trang này không được đọc']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');

    const before = await counts();
    const res = await post({ format: 'xlsx', content, dryRun: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, rows: 2, households: 1, people: 2 });
    expect((await counts()).people).toBe(before.people + 2);
    const head = await t.database.db
      .selectFrom('person')
      .select(['birth_date', 'birth_date_precision', 'personal_id', 'ethnicity_code'])
      .where('full_name', '=', 'Phạm Văn Bảng')
      .executeTakeFirstOrThrow();
    expect(head).toEqual({
      birth_date: '1990-05-17',
      birth_date_precision: 'day',
      personal_id: '001090012345',
      ethnicity_code: '01',
    });

    const broken = await post({ format: 'xlsx', content: Buffer.from('not a workbook').toString('base64') });
    expect(broken.json()).toMatchObject({ ok: false, problems: [{ line: 0, reason: 'xlsx_unreadable' }] });
  });

  it('lets the operator import from the command line', async () => {
    const service = new RegisterImportService(t.database, new AuditService(t.database));
    const content = [header, `1,9301,${hamlet},,,Mạc Văn Lệnh,Chủ hộ,Nam,1966,Kinh,,Có vợ/chồng,,,`].join(
      '\n',
    );
    const operator = { userId: '00000000-0000-0000-0000-000000000000', role: 'admin' as const };
    const report = await service.importAsOperator(
      { ...operator, scope: { kind: 'national' } },
      { communeCode: commune, format: 'csv', content, dryRun: false },
    );
    expect(report).toMatchObject({ ok: true, households: 1, people: 1 });
    await expect(
      service.importAsOperator(
        { ...operator, scope: { kind: 'national' } },
        { communeCode: '99999', format: 'csv', content, dryRun: true },
      ),
    ).rejects.toMatchObject({ code: 'DANSO_ERR_NOT_FOUND' });
  });
});
