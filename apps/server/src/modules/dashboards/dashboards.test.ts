import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import {
  appFor,
  buildWorld,
  type Client,
  everyone,
  places,
  signInEveryone,
  type Who,
} from '../../../test/fixtures.ts';
import { seedProvince } from '../seed/index.ts';

/**
 * The dashboard overview: the same values as /indicators/values for the period, for each month of the
 * trends and for the 12 months ending each month; the pyramid adds up to the population at the period's
 * end; and the unit is checked like an indicator's (role × place).
 */

const SEEDED = '11';

const monthsBack = (n: number) => {
  const now = new Date(Date.now() + 7 * 3_600_000); // in Viet Nam
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)).toISOString().slice(0, 7);
};
const lastMonth = monthsBack(1);

describe.each(engines)('dashboard overview on %s', (engine) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let clients = new Map<Who, Client>();

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    await seedProvince(t.database, { provinceCode: SEEDED, people: 700, seed: 3 });
    // The seeder loads a register, not a history: a few months of births and deaths in the aggregates, as
    // approving changes would have counted them, give the trends something to show.
    const area = await sql<{ id: string; commune_code: string }>`
      SELECT id, commune_code FROM area WHERE province_code = ${SEEDED} ORDER BY id LIMIT 1`.execute(
      t.database.db,
    );
    const { id, commune_code } = area.rows[0] as { id: string; commune_code: string };
    const events: Array<[number, string, Record<string, string>, number]> = [
      [1, 'birth', { sex: '1', birthOrder: '1', motherAgeGroup: '25-29' }, 3],
      [1, 'birth', { sex: '2', birthOrder: '3+', motherAgeGroup: '30-34' }, 2],
      [4, 'birth', { sex: '1', birthOrder: '2', motherAgeGroup: '20-24' }, 4],
      [4, 'death', { sex: '2', ageGroup: '80-84' }, 1],
      [11, 'birth', { sex: '2', birthOrder: '1', motherAgeGroup: '25-29' }, 1],
    ];
    for (const [back, event, dims, n] of events) {
      await sql`INSERT INTO flow_count (area_id, province_code, commune_code, month, event, dims, n)
        VALUES (${id}, ${SEEDED}, ${commune_code}, ${`${monthsBack(back)}-01`}::date, ${event},
                ${JSON.stringify(dims)}::jsonb, ${n})`.execute(t.database.db);
    }
    app = await appFor(t.database);
    clients = await signInEveryone(app);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = async (who: Who, url: string) => {
    const res = await (clients.get(who) as Client).request('GET', url);
    expect(res.statusCode, `${url} → ${res.body.slice(0, 300)}`).toBe(200);
    return res.json();
  };
  const valuesOf = async (unit: string, from: string, to: string, codes: string) => {
    const body = await get(
      'central',
      `/api/v1/indicators/values?unit=${unit}&from=${from}&to=${to}&codes=${codes}`,
    );
    return Object.fromEntries(
      body.items.map((i: { code: string; value: number | null }) => [i.code, i.value]),
    );
  };

  it('agrees with the indicator engine for the period, each month and the rolling 12 months', async () => {
    const from = monthsBack(3);
    const overview = await get(
      'central',
      `/api/v1/dashboards/overview?unit=${SEEDED}&from=${from}&to=${lastMonth}&months=12`,
    );
    expect(overview.unit).toMatchObject({ code: SEEDED, level: 'province' });
    const codes = overview.indicators.map((i: { code: string }) => i.code);
    expect(codes).toEqual(
      expect.arrayContaining(['POP', 'SRB', 'TFR', 'CPR', 'BIRTHS_3PLUS', 'WHIPPLE', 'MYERS']),
    );
    const expected = await valuesOf(SEEDED, from, lastMonth, codes.join(','));
    for (const item of overview.indicators) expect(item.value, item.code).toEqual(expected[item.code]);
    expect(overview.indicators.find((i: { code: string }) => i.code === 'POP').value).toBeGreaterThan(500);
    expect(overview.indicators.find((i: { code: string }) => i.code === 'SRB').target).toEqual({ max: 109 });

    expect(overview.series.months).toHaveLength(12);
    expect(overview.series.months.at(-1)).toBe(lastMonth);
    const series = Object.fromEntries(
      overview.series.items.map((s: { code: string; values: unknown[] }) => [s.code, s.values]),
    );
    for (const k of [0, 11]) {
      const month = overview.series.months[k];
      const monthly = await valuesOf(SEEDED, month, month, 'BIRTHS,DEATHS');
      expect(series.BIRTHS[k], month).toEqual(monthly.BIRTHS);
      expect(series.DEATHS[k], month).toEqual(monthly.DEATHS);
    }
    const rolling = await valuesOf(SEEDED, monthsBack(12), lastMonth, 'SRB,TFR,BIRTHS_3PLUS');
    expect(series.SRB[11]).toEqual(rolling.SRB);
    expect(series.TFR[11]).toEqual(rolling.TFR);
    expect(series.BIRTHS_3PLUS[11]).toEqual(rolling.BIRTHS_3PLUS);
    // Some births over the year, so the trend is not all zeros.
    expect(series.BIRTHS.reduce((s: number, v: number | null) => s + (v ?? 0), 0)).toBeGreaterThan(0);

    const pyramid = overview.pyramid;
    expect(pyramid.ages).toHaveLength(101);
    const total = [...pyramid.male, ...pyramid.female].reduce((s: number, v: number) => s + v, 0);
    expect(total).toBe(expected.POP);
    expect(pyramid.male.reduce((s: number, v: number) => s + v, 0)).toBeGreaterThan(0);
    expect(pyramid.female.reduce((s: number, v: number) => s + v, 0)).toBeGreaterThan(0);
  });

  it('reads a commune the same way', async () => {
    const ranking = await get(
      'central',
      `/api/v1/indicators/ranking?province=${SEEDED}&code=POP&period=${lastMonth}`,
    );
    const commune = ranking.items[0].unitCode as string;
    const overview = await get('central', `/api/v1/dashboards/overview?unit=${commune}&period=${lastMonth}`);
    expect(overview.unit).toMatchObject({ code: commune, level: 'commune', provinceCode: SEEDED });
    expect(overview.series.months).toHaveLength(24);
    const expected = await valuesOf(commune, lastMonth, lastMonth, 'POP,SRB,CPR');
    const byCode = Object.fromEntries(
      overview.indicators.map((i: { code: string; value: number }) => [i.code, i.value]),
    );
    expect([byCode.POP, byCode.SRB, byCode.CPR]).toEqual([expected.POP, expected.SRB, expected.CPR]);
  });

  it('answers each role for the places in its scope, and not found elsewhere', async () => {
    const provinceWide: Who[] = ['admin', 'provinceAdmin', 'central', 'province'];
    const readers: Record<'province' | 'ownCommune' | 'otherCommune' | 'ownArea' | 'otherProvince', Who[]> = {
      province: provinceWide,
      ownCommune: [...provinceWide, 'commune', 'collaborator'],
      otherCommune: [...provinceWide, 'otherCommune'],
      ownArea: [...provinceWide, 'commune', 'collaborator'],
      otherProvince: ['admin', 'central', 'otherProvince'],
    };
    const units = {
      province: places.province,
      ownCommune: places.commune,
      otherCommune: places.otherCommune,
      ownArea: places.areas[0] as string,
      otherProvince: places.otherProvince,
    };
    for (const who of everyone) {
      for (const [where, unit] of Object.entries(units) as Array<[keyof typeof units, string]>) {
        const url = `/api/v1/dashboards/overview?unit=${unit}&period=${lastMonth}&months=12`;
        const res = await (clients.get(who) as Client).request('GET', url);
        expect(res.statusCode, `${who} on ${where}`).toBe(readers[where].includes(who) ? 200 : 404);
      }
    }
    const anonymous = await app.inject({
      method: 'GET',
      url: `/api/v1/dashboards/overview?unit=20&period=${lastMonth}`,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a period that has not begun and a bad length of trends', async () => {
    const next = new Date();
    next.setUTCMonth(next.getUTCMonth() + 2);
    const future = next.toISOString().slice(0, 7);
    for (const url of [
      `/api/v1/dashboards/overview?unit=20&period=${future}`,
      `/api/v1/dashboards/overview?unit=20&period=${lastMonth}&months=6`,
    ]) {
      const res = await (clients.get('admin') as Client).request('GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('DANSO_ERR_VALIDATION');
    }
  });
});
