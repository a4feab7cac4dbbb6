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

/**
 * The indicator routes × every role × own and other places. Indicators are aggregates: everyone whose
 * scope holds the unit reads them (the central viewer and administrators included); a collaborator reads
 * her whole commune's and her own areas', not another collaborator's area; a former commune is checked
 * against today's commune its areas lie in. A unit outside the scope is not found (404). The catalogue is
 * open to every signed-in user; rankings are of a province, so only province-wide readers see them.
 */

type Where =
  | 'ownArea'
  | 'otherAreaOfCommune'
  | 'ownCommune'
  | 'formerCommune'
  | 'otherCommune'
  | 'province'
  | 'otherProvince'
  | 'otherProvinceCommune';
const wheres: Where[] = [
  'ownArea',
  'otherAreaOfCommune',
  'ownCommune',
  'formerCommune',
  'otherCommune',
  'province',
  'otherProvince',
  'otherProvinceCommune',
];

const provinceWide: Who[] = ['admin', 'provinceAdmin', 'central', 'province'];
const readers: Record<Where, Who[]> = {
  ownArea: [...provinceWide, 'commune', 'collaborator'],
  otherAreaOfCommune: [...provinceWide, 'commune'],
  ownCommune: [...provinceWide, 'commune', 'collaborator'],
  formerCommune: [...provinceWide, 'commune', 'collaborator'],
  otherCommune: [...provinceWide, 'otherCommune'],
  province: provinceWide,
  otherProvince: ['admin', 'central', 'otherProvince'],
  otherProvinceCommune: ['admin', 'central', 'otherProvince'],
};

const lastMonth = (() => {
  const now = new Date(Date.now() + 7 * 3_600_000); // in Viet Nam
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
})();

describe.each(engines)('indicator routes × role × place on %s', (engine) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let clients = new Map<Who, Client>();
  const units = {} as Record<Where, string>;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    // The commune's areas lay in one of its predecessors before the 2025 reform.
    const former = await sql<{ from_code: string }>`
      SELECT from_code FROM admin_succession WHERE to_code = ${places.commune} AND from_code <> to_code
      ORDER BY from_code LIMIT 1`.execute(t.database.db);
    units.formerCommune = former.rows[0]?.from_code ?? '';
    expect(units.formerCommune).toMatch(/^\d{5}$/);
    for (const area of places.areas) {
      await sql`INSERT INTO area_unit_history (area_id, province_code, commune_code, valid_from, valid_to)
        VALUES (${area}, '20', ${units.formerCommune}, NULL, '2025-07-01'),
               (${area}, '20', ${places.commune}, '2025-07-01', NULL)`.execute(t.database.db);
    }
    units.ownArea = places.areas[0] as string;
    units.otherAreaOfCommune = places.areas[1] as string;
    units.ownCommune = places.commune;
    units.otherCommune = places.otherCommune;
    units.province = places.province;
    units.otherProvince = places.otherProvince;
    units.otherProvinceCommune = places.foreignCommune;
    app = await appFor(t.database);
    clients = await signInEveryone(app);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const valuesUrl = (where: Where) =>
    `/api/v1/indicators/values?unit=${units[where]}&period=${lastMonth}&codes=POP,CBR` +
    (where === 'formerCommune' ? '&boundaries=historical' : '');

  it('covers every indicator route of the API', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const routes = Object.keys(doc.paths as Record<string, object>).filter((p) =>
      p.startsWith('/api/v1/indicators'),
    );
    expect(routes.sort()).toEqual([
      '/api/v1/indicators',
      '/api/v1/indicators/ranking',
      '/api/v1/indicators/values',
    ]);
  });

  it('refuses every indicator route without a session', async () => {
    for (const url of [
      '/api/v1/indicators',
      valuesUrl('ownCommune'),
      `/api/v1/indicators/ranking?province=20&code=CBR&period=${lastMonth}`,
    ]) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  for (const who of everyone) {
    it(`answers ${who} as the matrix says`, async () => {
      const client = clients.get(who) as Client;
      const catalogue = await client.request('GET', '/api/v1/indicators');
      expect(catalogue.statusCode).toBe(200);
      expect(catalogue.json().indicators.length).toBeGreaterThan(20);
      for (const where of wheres) {
        const res = await client.request('GET', valuesUrl(where));
        const status = readers[where].includes(who) ? 200 : 404;
        expect(res.statusCode, `${who}: ${where} → ${res.body.slice(0, 200)}`).toBe(status);
        if (status === 200)
          expect(res.json().items.map((i: { code: string }) => i.code)).toEqual(['POP', 'CBR']);
      }
      for (const where of ['province', 'otherProvince'] as const) {
        const url = `/api/v1/indicators/ranking?province=${units[where]}&code=SEX_RATIO&period=${lastMonth}`;
        const res = await client.request('GET', url);
        const status = readers[where].includes(who) ? 200 : 404;
        expect(res.statusCode, `${who}: ranking ${where} → ${res.body.slice(0, 200)}`).toBe(status);
      }
    });
  }

  it('answers aggregates only: no names, no people', async () => {
    const res = await clients
      .get('central')
      ?.request('GET', valuesUrl('ownCommune').replace('&codes=POP,CBR', ''));
    expect(res?.statusCode).toBe(200);
    expect(res?.body).not.toMatch(/Nguyễn|full_?name|personId|birth_?date/i);
  });
});
