import { randomUUID } from 'node:crypto';
import { demographyMethods, type ProjectionOutput } from '@danso/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { addUser, appFor, Client } from '../../../test/fixtures.ts';
import type { Database } from '../../db/database.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { WPP_MX_2020_2025, WPP_PASFR_2020_2025 } from './baselines.ts';
import type { ProjectionRunResult } from './projections.service.ts';
import { referenceTfr } from './rates.ts';

/**
 * A hand-made register whose rates can be worked out on paper. Commune A of Lạng Sơn has, since 2020 and
 * still on the base date, 1,000 women born on 1 January 1998 and 1,000 men born on 1 January 1958. Its
 * approved events begin in January 2023; the base date 15 January 2026 gives the window
 * [2023-01-01, 2026-01-01): 1,096 days, in which the women are 25, 26, 27 and the men 65, 66, 67.
 * In it: 300 births to mothers 25–29 (155 boys, 145 girls), 60 deaths of men 65–69, 40 men of 20–24 moving
 * in (30 from another commune of the province, 10 from another province). After it, in January 2026, 1,000
 * deaths that must not count. Commune B's events begin in June 2025: too short a window.
 */
const base = { date: '2026-01-15', from: '2023-01-01', to: '2026-01-01' };
const years = 1096 / 365.25;

async function addPeople(database: Database, communeCode: string) {
  const areaId = randomUUID();
  const householdId = randomUUID();
  const { db } = database;
  await db
    .insertInto('area')
    .values({ id: areaId, province_code: '20', commune_code: communeCode, number: 1, name: 'Địa bàn số 1' })
    .execute();
  await db
    .insertInto('household')
    .values({
      id: householdId,
      province_code: '20',
      commune_code: communeCode,
      area_id: areaId,
      hamlet_id: null,
      code: `${communeCode}-1`,
      number: 1,
      created_on: '2020-01-01',
    })
    .execute();
  await sql`
    INSERT INTO person (id, province_code, commune_code, area_id, household_id, row_number, full_name,
                        relation_to_head, sex, birth_date, ethnicity_code, marital_status)
    SELECT gen_random_uuid(), '20', ${communeCode}, ${areaId}::uuid, ${householdId}::uuid, i, 'Người ' || i,
           'other', CASE WHEN i <= 1000 THEN 2 ELSE 1 END,
           CASE WHEN i <= 1000 THEN DATE '1998-01-01' ELSE DATE '1958-01-01' END, '01', 'married'
    FROM generate_series(1, 2000) AS i`.execute(db);
  await sql`
    INSERT INTO residence_interval (person_id, household_id, area_id, province_code, commune_code, valid_from)
    SELECT id, household_id, area_id, province_code, commune_code, DATE '2020-01-01' FROM person
    WHERE area_id = ${areaId}::uuid`.execute(db);
  return areaId;
}

async function addFlow(
  database: Database,
  area: { id: string; commune: string },
  month: string,
  event: string,
  dims: Record<string, string>,
  n: number,
) {
  await database.db
    .insertInto('flow_count')
    .values({
      area_id: area.id,
      province_code: '20',
      commune_code: area.commune,
      month,
      event,
      dims: JSON.stringify(dims),
      n,
    })
    .execute();
}

describe.each(engines)('projections from the register on %s', (engine) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let officer: Client;
  const communes = { a: '', b: '' };

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    const units = await t.database.db
      .selectFrom('admin_unit')
      .select('code')
      .where('parent_code', '=', '20')
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .orderBy('code')
      .limit(2)
      .execute();
    communes.a = units[0]?.code ?? '';
    communes.b = units[1]?.code ?? '';
    const a = { id: await addPeople(t.database, communes.a), commune: communes.a };
    const b = { id: await addPeople(t.database, communes.b), commune: communes.b };

    await addFlow(t.database, a, '2023-01-01', 'marriage', {}, 1);
    for (const [month, boys, girls] of [
      ['2023-06-01', 50, 50],
      ['2024-06-01', 55, 45],
      ['2025-06-01', 50, 50],
    ] as const) {
      await addFlow(t.database, a, month, 'birth', { sex: '1', motherAgeGroup: '25-29' }, boys);
      await addFlow(t.database, a, month, 'birth', { sex: '2', motherAgeGroup: '25-29' }, girls);
    }
    await addFlow(t.database, a, '2024-03-01', 'death', { sex: '1', ageGroup: '65-69' }, 60);
    await addFlow(
      t.database,
      a,
      '2024-04-01',
      'move_in',
      { sex: '1', ageGroup: '20-24', origin: 'same_province' },
      30,
    );
    await addFlow(
      t.database,
      a,
      '2024-04-01',
      'move_in',
      { sex: '1', ageGroup: '20-24', origin: 'other_province' },
      10,
    );
    await addFlow(t.database, a, '2026-01-01', 'death', { sex: '1', ageGroup: '65-69' }, 1000);
    await addFlow(t.database, b, '2025-06-01', 'death', { sex: '1', ageGroup: '65-69' }, 500);

    await addUser(t.database, { username: 'tinh.20', role: 'province_officer', province: '20', totp: true });
    app = await appFor(t.database);
    officer = new Client(app);
    expect((await officer.login('tinh.20')).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  async function run(unitCode: string, scenarioIds: string[], horizon = 20): Promise<ProjectionRunResult> {
    const res = await officer.request('POST', '/api/v1/projections', {
      unitCode,
      baseDate: base.date,
      horizon,
      scenarioIds,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  }

  it('estimates the rates the hand calculation gives', async () => {
    const result = await run(communes.a, ['medium'], 1);
    const { rates } = result;
    expect(rates.window).toEqual({ from: base.from, to: base.to, months: 36, years: 3 });
    const m = rates.methods;

    // Fertility: reference ASFR of 25–29 × women's person-years; level then group shrinkage.
    const b = ((WPP_PASFR_2020_2025[2] / 100) * referenceTfr('20')) / 5;
    const expected = b * 1000 * years;
    expect(m.fertility.stats.events).toBe(300);
    expect(m.fertility.stats.expected).toBeCloseTo(expected, 6);
    const level = (300 + 50) / (expected + 50);
    const group = (300 + 25) / (expected + 25 / level);
    expect(m.fertility.stats.ratio).toBeCloseTo(level, 10);
    expect(m.fertility.stats.weight).toBeCloseTo(expected / (expected + 50), 10);
    expect(rates.asfr[26]).toBeCloseTo(b * group, 12);
    // Groups without women keep the reference pattern at the smoothed level.
    const b20 = ((WPP_PASFR_2020_2025[1] / 100) * referenceTfr('20')) / 5;
    expect(rates.asfr[22]).toBeCloseTo(b20 * level, 12);
    expect(rates.asfr[14]).toBe(0);
    expect(m.fertility.tfr).toBeCloseTo(
      5 *
        WPP_PASFR_2020_2025.reduce(
          (s, p, i) => s + ((p / 100) * referenceTfr('20') * (i === 2 ? group : level)) / 5,
          0,
        ),
      10,
    );

    // Mortality: the 60 deaths of men 65–69 in the window, not the 1,000 after it.
    const mx = WPP_MX_2020_2025.male[14];
    const deathsExpected = mx * 1000 * years;
    expect(m.mortality.stats.male.events).toBe(60);
    expect(m.mortality.stats.male.expected).toBeCloseTo(deathsExpected, 6);
    const mLevel = (60 + 50) / (deathsExpected + 50);
    expect(rates.mx.male[66]).toBeCloseTo(mx * ((60 + 25) / (deathsExpected + 25 / mLevel)), 12);
    expect(rates.mx.male[40]).toBeCloseTo(WPP_MX_2020_2025.male[9] * mLevel, 12);
    expect(m.mortality.stats.female.events).toBe(0);

    // Sex ratio at birth: 155 boys, 145 girls, with the reference worth 200 births.
    expect(m.srb.births).toEqual({ male: 155, female: 145 });
    expect(rates.srb).toBeCloseTo((155 + (200 * 1.106) / 2.106) / (145 + 200 / 2.106), 12);

    // Migration: a commune counts moves from its own province.
    expect(m.migration.in.male.events).toBe(40);
    expect(m.migration.source).toBe('register-blended');
  });

  it('leaves moves inside the province out of the province’s migration', async () => {
    const result = await run('20', ['medium'], 1);
    expect(result.rates.methods.migration.in.male.events).toBe(10);
  });

  it('uses the reference rates where the register has less than a year of events', async () => {
    const result = await run(communes.b, ['medium'], 1);
    expect(result.rates.window?.months).toBe(7);
    expect(result.rates.methods.mortality.source).toBe('reference');
    expect(result.rates.methods.mortality.stats.male.events).toBe(0);
    expect(result.rates.mx.male[66]).toBe(WPP_MX_2020_2025.male[14]);
    expect(result.rates.methods.fertility.tfr).toBeCloseTo(referenceTfr('20'), 12);
  });

  it('projects the register’s population exactly as the domain projection does', async () => {
    const result = await run(communes.a, ['medium'], 20);
    const population = await officer.request(
      'GET',
      `/api/v1/population?unitCode=${communes.a}&date=${base.date}`,
    );
    const counted = population.json() as { bySexAge: { sex: number; age: number; n: number }[] };
    const start = { male: new Array(101).fill(0), female: new Array(101).fill(0) };
    for (const r of counted.bySexAge) start[r.sex === 1 ? 'male' : 'female'][Math.min(r.age, 100)] += r.n;
    expect(start.female[28]).toBe(1000);
    expect(start.male[68]).toBe(1000);

    const { rates } = result;
    const output = demographyMethods.project.run({
      step: 1,
      horizon: 20,
      ages: rates.ages,
      population: start,
      mx: rates.mx,
      asfr: rates.asfr,
      srb: rates.srb,
      migration: {
        male: rates.ages.map(
          (a) => ((rates.inRate.male[a] ?? 0) - (rates.outRate.male[a] ?? 0)) * start.male[a],
        ),
        female: rates.ages.map(
          (a) => ((rates.inRate.female[a] ?? 0) - (rates.outRate.female[a] ?? 0)) * start.female[a],
        ),
      },
      oldAgeThreshold: 65,
    }) as ProjectionOutput;

    const years = result.scenarios[0]?.years ?? [];
    expect(years).toHaveLength(21);
    expect(years[0]?.total).toBe(2000);
    expect(years[20]?.date).toBe('2046-01-15');
    output.steps.forEach((step, i) => {
      const year = years[i + 1];
      expect(year?.offset).toBe(step.yearOffset);
      expect(year?.total).toBeCloseTo(step.indicators.total, 6);
      expect(year?.births).toBeCloseTo(step.births.total, 6);
      expect(year?.deaths).toBeCloseTo(step.deaths.total, 6);
      expect(year?.totalDependency).toBeCloseTo(step.indicators.totalDependency ?? Number.NaN, 6);
      step.population.female.forEach((p, age) => {
        expect(year?.population.female[age]).toBeCloseTo(p, 2);
      });
    });
  });

  it('orders the scenarios: high ≥ medium ≥ low births and population every year', async () => {
    const result = await run(communes.a, ['low', 'medium', 'high'], 30);
    const [low, medium, high] = result.scenarios.map((s) => s.years);
    for (let i = 1; i <= 30; i++) {
      expect(high?.[i]?.births ?? 0).toBeGreaterThanOrEqual(medium?.[i]?.births ?? Infinity);
      expect(medium?.[i]?.births ?? 0).toBeGreaterThanOrEqual(low?.[i]?.births ?? Infinity);
      expect(high?.[i]?.total ?? 0).toBeGreaterThanOrEqual(medium?.[i]?.total ?? Infinity);
      expect(medium?.[i]?.total ?? 0).toBeGreaterThanOrEqual(low?.[i]?.total ?? Infinity);
    }
    expect((high?.[30]?.births ?? 0) - (low?.[30]?.births ?? 0)).toBeGreaterThan(0);
  });

  it('stores named scenarios per unit, lists them and runs them', async () => {
    const created = await officer.request('POST', '/api/v1/projections/scenarios', {
      unitCode: communes.a,
      name: 'Sinh giảm mạnh',
      fertility: 0.6,
      mortality: 1,
      migration: 1,
    });
    expect(created.statusCode, created.body).toBe(200);
    const again = await officer.request('POST', '/api/v1/projections/scenarios', {
      unitCode: communes.a,
      name: '  Sinh   giảm mạnh ',
      fertility: 1,
      mortality: 1,
      migration: 1,
    });
    expect(again.statusCode).toBe(409);
    const list = (
      await officer.request('GET', `/api/v1/projections/scenarios?unitCode=${communes.a}`)
    ).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual(['low', 'medium', 'high', created.json().id]);
    const other = (
      await officer.request('GET', `/api/v1/projections/scenarios?unitCode=${communes.b}`)
    ).json();
    expect(other.items).toHaveLength(3);

    const result = await run(communes.a, ['medium', created.json().id], 10);
    const [medium, low] = result.scenarios.map((s) => s.years);
    expect(result.scenarios[1]?.name).toBe('Sinh giảm mạnh');
    expect(low?.[10]?.births ?? 0).toBeCloseTo((medium?.[10]?.births ?? 0) * 0.6, -1);
    expect(low?.[1]?.births).toBeLessThan(medium?.[1]?.births ?? 0);
  });

  it('refuses a base date in the future, a horizon over 50 and an unknown scenario', async () => {
    for (const body of [
      { unitCode: communes.a, baseDate: '2999-01-01', horizon: 5, scenarioIds: ['medium'] },
      { unitCode: communes.a, baseDate: base.date, horizon: 51, scenarioIds: ['medium'] },
      { unitCode: communes.a, baseDate: base.date, horizon: 5, scenarioIds: ['nope'] },
      { unitCode: communes.a, baseDate: base.date, horizon: 5, scenarioIds: ['low', 'low'] },
    ]) {
      const res = await officer.request('POST', '/api/v1/projections', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('DANSO_ERR_VALIDATION');
    }
    const unknown = await officer.request('POST', '/api/v1/projections', {
      unitCode: '99999',
      baseDate: base.date,
      horizon: 5,
      scenarioIds: ['medium'],
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('exports a run as CSV and XLSX with Vietnamese headers', async () => {
    const result = await run(communes.a, ['low', 'medium', 'high'], 5);
    const csv = await officer.request('GET', `/api/v1/projections/${result.id}/table.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(
      `du-bao-dan-so-${communes.a}-${base.date}-5-nam.csv`,
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0]?.split(',') ?? [];
    expect(header.slice(0, 4)).toEqual(['Kịch bản', 'Năm thứ', 'Ngày', 'Tổng dân số']);
    expect(header).toContain('Nữ 100+ tuổi');
    expect(lines).toHaveLength(1 + 3 * 6);
    const first = lines[1]?.split(',') ?? [];
    expect(first[0]).toBe('Phương án thấp');
    expect(Number(first[3])).toBe(2000);
    const last = lines[18]?.split(',') ?? [];
    expect(last[0]).toBe('Phương án cao');
    expect(Number(last[3])).toBeCloseTo(result.scenarios[2]?.years[5]?.total ?? 0, 1);

    const xlsx = await officer.request('GET', `/api/v1/projections/${result.id}/table.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Dân số - Phương án thấp',
      'Dân số - Phương án trung bình',
      'Dân số - Phương án cao',
      'Phương pháp',
    ]);
    const summary = workbook.getWorksheet('Tổng hợp');
    expect(summary?.getRow(1).getCell(4).value).toBe('Tổng dân số');
    expect(summary?.rowCount).toBe(1 + 3 * 6);
    const medium = workbook.getWorksheet('Dân số - Phương án trung bình');
    expect(medium?.getRow(1).getCell(2).value).toBe(`${base.date} Nam`);
    expect(medium?.getRow(1 + 69).getCell(1).value).toBe('68');
    expect(medium?.getRow(1 + 69).getCell(2).value).toBe(1000);
    const methods = workbook.getWorksheet('Phương pháp');
    expect(String(methods?.getRow(2).getCell(2).value)).toContain(communes.a);
  });
});
