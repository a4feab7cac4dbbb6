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
 * The projection routes × every role × own and other places. Projections are aggregates: everyone whose
 * scope holds the unit reads them (the central viewer and administrators included), and a collaborator those
 * of her whole commune; a unit outside the scope is not found (404). Scenarios are kept by the commune and
 * province officers only (others 403).
 */

type Where = 'ownCommune' | 'otherCommune' | 'province' | 'otherProvince';
const wheres: Where[] = ['ownCommune', 'otherCommune', 'province', 'otherProvince'];

/** Who reads the aggregates of a unit lying where. */
const readers: Record<Where, Who[]> = {
  ownCommune: ['admin', 'provinceAdmin', 'central', 'province', 'commune', 'collaborator'],
  otherCommune: ['admin', 'provinceAdmin', 'central', 'province', 'otherCommune'],
  province: ['admin', 'provinceAdmin', 'central', 'province'],
  otherProvince: ['admin', 'central', 'otherProvince'],
};
const scenarioKeepers: Who[] = ['province', 'otherProvince', 'commune', 'otherCommune'];

function readStatus(who: Who, where: Where, ok: number): number {
  return readers[where].includes(who) ? ok : 404;
}

function writeStatus(who: Who, where: Where): number {
  if (!scenarioKeepers.includes(who)) return 403;
  return readers[where].includes(who) ? 200 : 404;
}

interface Case {
  method: 'GET' | 'POST';
  route: string;
  url: (unit: string, run: string) => string;
  body?: (unit: string, who: Who) => unknown;
  status: (who: Who, where: Where) => number;
}

const cases: Case[] = [
  {
    method: 'GET',
    route: '/api/v1/projections/scenarios',
    url: (unit) => `/api/v1/projections/scenarios?unitCode=${unit}`,
    status: (who, where) => readStatus(who, where, 200),
  },
  {
    method: 'POST',
    route: '/api/v1/projections/scenarios',
    url: () => '/api/v1/projections/scenarios',
    body: (unit, who) => ({
      unitCode: unit,
      name: `Kịch bản của ${who}`,
      fertility: 0.9,
      mortality: 1,
      migration: 1,
    }),
    status: writeStatus,
  },
  {
    method: 'POST',
    route: '/api/v1/projections',
    url: () => '/api/v1/projections',
    body: (unit) => ({ unitCode: unit, baseDate: '2026-01-01', horizon: 2, scenarioIds: ['medium'] }),
    status: (who, where) => readStatus(who, where, 200),
  },
  {
    method: 'GET',
    route: '/api/v1/projections/{id}',
    url: (_, run) => `/api/v1/projections/${run}`,
    status: (who, where) => readStatus(who, where, 200),
  },
  {
    method: 'GET',
    route: '/api/v1/projections/{id}/table.csv',
    url: (_, run) => `/api/v1/projections/${run}/table.csv`,
    status: (who, where) => readStatus(who, where, 200),
  },
  {
    method: 'GET',
    route: '/api/v1/projections/{id}/table.xlsx',
    url: (_, run) => `/api/v1/projections/${run}/table.xlsx`,
    status: (who, where) => readStatus(who, where, 200),
  },
];

describe.each(engines)('projection routes × role × place on %s', (engine) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let clients = new Map<Who, Client>();
  const units = {} as Record<Where, string>;
  const runs = {} as Record<Where, string>;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    app = await appFor(t.database);
    units.ownCommune = places.commune;
    units.otherCommune = places.otherCommune;
    units.province = places.province;
    units.otherProvince = places.foreignCommune;
    clients = await signInEveryone(app);
    const admin = clients.get('admin') as Client;
    for (const where of wheres) {
      const res = await admin.request('POST', '/api/v1/projections', {
        unitCode: units[where],
        baseDate: '2026-01-01',
        horizon: 1,
        scenarioIds: ['low', 'high'],
      });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      runs[where] = res.json().id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('covers every projection route of the API', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const routes = Object.entries(doc.paths as Record<string, object>)
      .filter(([path]) => path.startsWith('/api/v1/projections'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(cases.map((c) => `${c.method} ${c.route}`).sort());
  });

  it('refuses every projection route without a session', async () => {
    for (const c of cases) {
      const res = await app.inject({
        method: c.method,
        url: c.url(units.ownCommune, runs.ownCommune),
        ...(c.body ? { payload: c.body(units.ownCommune, 'admin') as object } : {}),
      });
      expect(res.statusCode, c.route).toBe(401);
    }
  });

  for (const who of everyone) {
    it(`answers ${who} as the matrix says`, async () => {
      const client = clients.get(who) as Client;
      for (const c of cases) {
        for (const where of wheres) {
          const url = c.url(units[where], runs[where]);
          const res = await client.request(c.method, url, c.body?.(units[where], who));
          const status = c.status(who, where);
          expect(res.statusCode, `${who}: ${c.method} ${url} (${where}) → ${res.body.slice(0, 200)}`).toBe(
            status,
          );
          if (status === 200 && c.route.endsWith('.xlsx')) {
            expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
          }
        }
      }
    });
  }

  it('lets a collaborator see her commune’s projections, never a person', async () => {
    const collaborator = clients.get('collaborator') as Client;
    const res = await collaborator.request('POST', '/api/v1/projections', {
      unitCode: places.commune,
      baseDate: '2026-01-01',
      horizon: 1,
      scenarioIds: ['medium'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/Nguyễn|full_?name|personId/i);
  });
});
