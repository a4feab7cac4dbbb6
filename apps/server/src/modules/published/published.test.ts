import { ageInCompletedYears, recomputableCells, vietNamDate } from '@danso/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { appFor, Client } from '../../../test/fixtures.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { demoPassword, seedProvince } from '../seed/index.ts';

/**
 * Published tables of a small synthetic Lạng Sơn (six communes of 500 people, so the older age groups are small):
 * every published count equals a direct count over the register, no count from 1 to 9 is published, and
 * no withheld cell can be recomputed from the published ones. Only readers of the province's aggregates get
 * the table.
 */
const month = vietNamDate(new Date()).slice(0, 7);

describe.each(engines)('published tables on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let province: Client;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: '20', people: 3_000, seed: 7 });
    app = await appFor(t.database);
    province = new Client(app);
    expect((await province.login('tinh.20', demoPassword)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('publishes the population by commune and age group: true counts, small ones withheld, none recomputable', async () => {
    const res = await province.request(
      'GET',
      `/api/v1/published/tables?province=20&code=POP&breakdown=ageGroup&period=${month}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const table = res.json() as {
      columns: Array<{ category: string }>;
      rows: Array<{ unitCode: string; cells: Array<number | null>; total: number | null }>;
      columnTotals: Array<number | null>;
      total: number | null;
      withheld: { primary: number; complementary: number };
    };
    // Direct counts: people alive and living there, by commune and age at the month's end.
    const monthEnd = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
      .toISOString()
      .slice(0, 10);
    const people = await sql<{ commune_code: string; birth_date: string }>`
      SELECT commune_code, birth_date FROM person
      WHERE province_code = '20' AND vital_status = 'alive' AND presence = 'present' AND merged_into_id IS NULL`.execute(
      t.database.db,
    );
    const bounds = table.columns.map(({ category }) => {
      const match = /^(\d+)(?:-(\d+)|(\+))?$/.exec(category);
      if (!match) throw new Error(`unexpected age group ${category}`);
      const from = Number(match[1]);
      return { from, to: match[3] ? Number.POSITIVE_INFINITY : Number(match[2] ?? from) };
    });
    const truth = new Map<string, number[]>();
    for (const p of people.rows) {
      const age = ageInCompletedYears(p.birth_date, monthEnd);
      const j = bounds.findIndex((b) => age >= b.from && age <= b.to);
      const row = truth.get(p.commune_code) ?? new Array<number>(bounds.length).fill(0);
      row[j] = (row[j] as number) + 1;
      truth.set(p.commune_code, row);
    }
    expect(truth.size).toBe(6);
    let withheld = 0;
    for (const row of table.rows) {
      const expected = truth.get(row.unitCode) ?? new Array<number>(bounds.length).fill(0);
      row.cells.forEach((cell, j) => {
        if (cell === null) withheld++;
        else {
          expect(cell, `${row.unitCode} ${table.columns[j]?.category}`).toBe(expected[j]);
          expect(cell === 0 || cell >= 10).toBe(true);
        }
      });
      if (row.total !== null) expect(row.total).toBe(expected.reduce((a, b) => a + b, 0));
    }
    expect(table.total).toBe(people.rows.length);
    // Not vacuous: some cells were small and withheld (here the small cells of the oldest and youngest
    // groups protect one another; the domain's tests cover complementary cells).
    expect(table.withheld.primary).toBeGreaterThan(5);
    expect(withheld).toBeGreaterThanOrEqual(table.withheld.primary);
    expect(
      recomputableCells({
        cells: table.rows.map((r) => r.cells),
        rowTotals: table.rows.map((r) => r.total),
        columnTotals: table.columnTotals,
        total: table.total,
      }),
    ).toEqual([]);
  });

  it('downloads the same table as CSV, withheld cells marked x', async () => {
    const res = await province.request(
      'GET',
      `/api/v1/published/tables/csv?province=20&code=POP&breakdown=ageGroup&period=${month}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.body.startsWith('\uFEFFDân số cuối kỳ – Lạng Sơn')).toBe(true);
    expect(res.body).toContain('Mã xã,Tên xã,');
    expect(res.body).toMatch(/,x[,\r]/);
    expect(res.body).toContain('Toàn tỉnh');
  });

  it('refuses a rate, a breakdown the indicator lacks and a future period, and answers only readers of the province', async () => {
    expect(
      (await province.request('GET', `/api/v1/published/tables?province=20&code=CBR&period=${month}`))
        .statusCode,
    ).toBe(400);
    const noBreakdown = await province.request(
      'GET',
      `/api/v1/published/tables?province=20&code=HOUSEHOLDS&breakdown=sex&period=${month}`,
    );
    expect(noBreakdown.statusCode).toBe(400);
    expect(noBreakdown.json().error.code).toBe('DANSO_ERR_VALIDATION');
    expect(
      (await province.request('GET', '/api/v1/published/tables?province=20&code=POP&period=2999-01'))
        .statusCode,
    ).toBe(400);
    const url = `/api/v1/published/tables?province=20&code=BIRTHS&period=${month}`;
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const communes = await sql<{ code: string }>`
      SELECT commune_code AS code FROM area WHERE province_code = '20' ORDER BY commune_code LIMIT 1`.execute(
      t.database.db,
    );
    const commune = communes.rows[0]?.code ?? '';
    const area = await sql<{ number: number }>`
      SELECT number FROM area WHERE commune_code = ${commune} ORDER BY number LIMIT 1`.execute(t.database.db);
    for (const [username, status] of [
      ['trunguong', 200],
      ['quantri', 200],
      [`xa.${commune}`, 404],
      [`ctv.${commune}.${area.rows[0]?.number}`, 404],
    ] as const) {
      const client = new Client(app);
      expect((await client.login(username, demoPassword)).statusCode, username).toBe(200);
      expect((await client.request('GET', url)).statusCode, username).toBe(status);
    }
  });
});
