import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from './databases.ts';
import { appFor, buildWorld, type Client, everyone, places, signInEveryone, type Who } from './fixtures.ts';

/**
 * The register's read routes × every role × own place and another place. Personal data: only the
 * collaborator (her areas), the commune officer (her commune) and the province officer (her province) read
 * it; the central viewer and administrators are refused (403); a place outside the scope is not found (404).
 */

/** Where a piece of data lies, from the collaborator's point of view outwards. */
type Where = 'ownArea' | 'otherAreaSameCommune' | 'otherCommune' | 'otherProvince';

/** Who may read data lying where: everyone else gets 404, and those without the permission 403. */
const readers: Record<Where, Who[]> = {
  ownArea: ['province', 'commune', 'collaborator'],
  otherAreaSameCommune: ['province', 'commune'],
  otherCommune: ['province', 'otherCommune'],
  otherProvince: ['otherProvince'],
};
const forbidden: Who[] = ['admin', 'provinceAdmin', 'central'];

function expected(where: Where): Record<Who, number> {
  return Object.fromEntries(
    everyone.map((who) => [who, forbidden.includes(who) ? 403 : readers[where].includes(who) ? 200 : 404]),
  ) as Record<Who, number>;
}

interface Target {
  area: string;
  household: string;
  person: string;
  householdCode: string;
  communeCode: string;
}

interface Case {
  route: string;
  url: (target: Target) => string;
  /** The search answers 200 with nothing found outside the scope, rather than 404. */
  searchable?: boolean;
}

const cases: Case[] = [
  {
    route: '/api/v1/register/areas/{areaId}/households',
    url: (t) => `/api/v1/register/areas/${t.area}/households`,
  },
  { route: '/api/v1/register/areas/{areaId}/a0.pdf', url: (t) => `/api/v1/register/areas/${t.area}/a0.pdf` },
  { route: '/api/v1/register/households/{id}', url: (t) => `/api/v1/register/households/${t.household}` },
  {
    route: '/api/v1/register/households/{id}/a0.pdf',
    url: (t) => `/api/v1/register/households/${t.household}/a0.pdf`,
  },
  { route: '/api/v1/register/people/{id}', url: (t) => `/api/v1/register/people/${t.person}` },
  {
    route: '/api/v1/register/search',
    url: (t) => `/api/v1/register/search?householdCode=${encodeURIComponent(t.householdCode)}`,
    searchable: true,
  },
];

describe.each(engines)('register routes × role × place on %s', (engine) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let clients = new Map<Who, Client>();
  const targets = {} as Record<Where, Target>;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    app = await appFor(t.database);
    const areas: Record<Where, string> = {
      ownArea: places.areas[0] as string,
      otherAreaSameCommune: places.areas[1] as string,
      otherCommune: places.otherCommuneArea,
      otherProvince: places.foreignArea,
    };
    for (const [where, area] of Object.entries(areas) as [Where, string][]) {
      const row = await t.database.db
        .selectFrom('household as h')
        .innerJoin('person as p', 'p.household_id', 'h.id')
        .select(['h.id as household', 'h.code', 'p.id as person', 'h.commune_code'])
        .where('h.area_id', '=', area)
        .orderBy('h.number')
        .executeTakeFirstOrThrow();
      // The search case looks the household up by its code: unique, and found only where it may be seen.
      targets[where] = {
        area,
        household: row.household,
        person: row.person,
        householdCode: row.code,
        communeCode: row.commune_code,
      };
    }
    clients = await signInEveryone(app);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('covers every read route of the register', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    // Writes under /api/v1/register (the import of an old register) have their own permission tests.
    const registerRoutes = Object.entries(doc.paths as Record<string, object>)
      .filter(([path]) => path.startsWith('/api/v1/register/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((m) => m === 'get')
          .map((m) => `${m.toUpperCase()} ${path}`),
      );
    expect(registerRoutes.sort()).toEqual(cases.map((c) => `GET ${c.route}`).sort());
  });

  it('refuses every register route without a session', async () => {
    for (const c of cases) {
      const res = await app.inject({ method: 'GET', url: c.url(targets.ownArea) });
      expect(res.statusCode, c.url(targets.ownArea)).toBe(401);
    }
  });

  for (const who of everyone) {
    it(`answers ${who} as the matrix says`, async () => {
      const client = clients.get(who) as Client;
      for (const c of cases) {
        for (const where of Object.keys(targets) as Where[]) {
          const target = targets[where];
          const res = await client.request('GET', c.url(target));
          const status = expected(where)[who];
          const label = `${who}: ${c.url(target)} (${where}) → ${res.body.slice(0, 200)}`;
          if (c.searchable && status === 404) {
            // Search finds nothing outside the scope rather than "not found".
            expect(res.statusCode, label).toBe(200);
            expect(res.json().items, label).toEqual([]);
            continue;
          }
          expect(res.statusCode, label).toBe(status);
          if (status !== 200) continue;
          if (c.route.endsWith('.pdf')) {
            expect(res.headers['content-type'], label).toBe('application/pdf');
            expect(res.rawPayload.subarray(0, 5).toString(), label).toBe('%PDF-');
          } else if (c.searchable) {
            expect(res.json().items.length, label).toBeGreaterThan(0);
          }
        }
      }
    });
  }

  it('refuses to search another commune by code, and unknown ids are not found', async () => {
    const commune = clients.get('commune') as Client;
    const other = targets.otherCommune.communeCode;
    expect(
      (await commune.request('GET', `/api/v1/register/search?q=nguyen&communeCode=${other}`)).statusCode,
    ).toBe(404);
    const province = clients.get('province') as Client;
    const inProvince = await province.request('GET', `/api/v1/register/search?q=nguyen&communeCode=${other}`);
    expect(inProvince.statusCode).toBe(200);
    expect(inProvince.json().items.every((i: { communeCode: string }) => i.communeCode === other)).toBe(true);
    const foreign = targets.otherProvince.communeCode;
    expect(
      (await province.request('GET', `/api/v1/register/search?q=nguyen&communeCode=${foreign}`)).statusCode,
    ).toBe(404);
    const unknown = '0190aaaa-0000-7000-8000-000000000000';
    for (const url of [
      `/api/v1/register/households/${unknown}`,
      `/api/v1/register/people/${unknown}`,
      `/api/v1/register/areas/${unknown}/households`,
    ]) {
      expect((await commune.request('GET', url)).statusCode, url).toBe(404);
    }
  });

  it('validates the search: unknown fields, a query without letters, no criterion at all', async () => {
    const commune = clients.get('commune') as Client;
    for (const query of ['', 'q=%21%21', 'q=a', 'birthDate=1970-1', 'card=12', 'name=an', 'limit=1000']) {
      const res = await commune.request('GET', `/api/v1/register/search?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('DANSO_ERR_VALIDATION');
    }
  });
});
