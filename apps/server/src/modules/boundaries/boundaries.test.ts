import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import {
  appFor,
  buildWorld,
  type Client,
  everyone,
  signInEveryone,
  type Who,
} from '../../../test/fixtures.ts';
import { AuditService } from '../audit/audit.service.ts';
import { BoundariesService } from './boundaries.service.ts';

/**
 * Boundaries: the demo province's generated shapes written through the import, the FeatureCollection of a
 * province's communes on a date, the import refusing a file with any bad feature, and role × place.
 */

const operator = {
  userId: '00000000-0000-0000-0000-000000000000',
  role: 'admin' as const,
  scope: { kind: 'national' as const },
};
const square = (lon: number, lat: number) => [
  [
    [lon, lat],
    [lon + 0.1, lat],
    [lon + 0.1, lat + 0.1],
    [lon, lat + 0.1],
    [lon, lat],
  ],
];

describe.each(engines)('boundaries on %s', (engine) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof appFor>>;
  let clients = new Map<Who, Client>();
  let service: BoundariesService;
  let communes20: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    service = new BoundariesService(t.database, new AuditService(t.database));
    const rows = await sql<{ code: string }>`
      SELECT code FROM admin_unit WHERE level = 'commune' AND parent_code = '20' AND valid_to IS NULL
      ORDER BY code`.execute(t.database.db);
    communes20 = rows.rows.map((r) => r.code);
    app = await appFor(t.database);
    clients = await signInEveryone(app);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = (who: Who, url: string) => (clients.get(who) as Client).request('GET', url);

  it('generates one shape per current commune of the demo province, once', async () => {
    expect(communes20.length).toBeGreaterThan(30);
    expect(await service.ensureGenerated(operator, '20', 7)).toBe(communes20.length);
    expect(await service.ensureGenerated(operator, '20', 7)).toBe(0);

    const res = await get('province', '/api/v1/boundaries?province=20');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.type).toBe('FeatureCollection');
    expect(body.generated).toBe(true);
    expect(body.missing).toEqual([]);
    expect(body.features.map((f: { id: string }) => f.id)).toEqual(communes20);
    const feature = body.features[0];
    expect(feature.geometry.type).toBe('Polygon');
    expect(feature.properties).toMatchObject({
      code: communes20[0],
      generated: true,
      validFrom: '2025-07-01',
    });
    expect(feature.properties.name.length).toBeGreaterThan(0);
    const [west, south, east, north] = body.bbox;
    expect(west).toBeLessThan(east);
    expect(south).toBeLessThan(north);
  });

  it('lists the former communes on a date before the reform, without shapes until some are imported', async () => {
    const res = await get('admin', '/api/v1/boundaries?province=20&date=2024-06-30');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.features).toEqual([]);
    expect(body.missing.length).toBeGreaterThan(communes20.length);
  });

  it('imports nothing from a file with any bad feature, and says which and why', async () => {
    const client = clients.get('admin') as Client;
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_boundary`.execute(
      t.database.db,
    );
    const res = await client.request('POST', '/api/v1/boundaries/import', {
      source: 'bad.geojson',
      geojson: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: communes20[1] },
            geometry: { type: 'Polygon', coordinates: square(106, 21) },
          },
          {
            type: 'Feature',
            properties: { code: '99999' },
            geometry: { type: 'Polygon', coordinates: square(106, 21) },
          },
          {
            type: 'Feature',
            properties: { code: communes20[2] },
            geometry: {
              type: 'LineString',
              coordinates: [
                [106, 21],
                [107, 22],
              ],
            },
          },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, imported: 0, features: 3 });
    expect(res.json().problems.map((p: { index: number; reason: string }) => [p.index, p.reason])).toEqual([
      [1, 'unknown_unit'],
      [2, 'not_a_polygon'],
    ]);
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM unit_boundary`.execute(
      t.database.db,
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('imports a good file, replacing the shape of that unit version; a dry run writes nothing', async () => {
    const client = clients.get('province') as Client;
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: communes20[1], name: 'thử' },
          geometry: { type: 'MultiPolygon', coordinates: [square(106.5, 21.5), square(106.7, 21.5)] },
        },
      ],
    };
    const dry = await client.request('POST', '/api/v1/boundaries/import', { geojson: file, dryRun: true });
    expect(dry.json()).toMatchObject({ ok: true, dryRun: true, imported: 0, provinces: ['20'] });
    const shapeOf = async () =>
      (await get('province', '/api/v1/boundaries?province=20'))
        .json()
        .features.find((f: { id: string }) => f.id === communes20[1]);
    expect((await shapeOf()).geometry.type).toBe('Polygon');
    const done = await client.request('POST', '/api/v1/boundaries/import', {
      geojson: file,
      source: 'real.geojson',
    });
    expect(done.json()).toMatchObject({ ok: true, imported: 1 });
    const shape = await shapeOf();
    expect(shape.geometry.type).toBe('MultiPolygon');
    expect(shape.bbox).toEqual([106.5, 21.5, 106.8, 21.6]);
    expect(shape.properties.generated).toBe(false);
    const audit = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log WHERE action = 'boundaries.import'`.execute(t.database.db);
    expect(audit.rows[0]?.n).toBe(2);
  });

  it('answers each role: province-wide readers see the map, officers of the province import its units', async () => {
    const readers20: Who[] = ['admin', 'provinceAdmin', 'central', 'province'];
    const readers04: Who[] = ['admin', 'central', 'otherProvince'];
    const importers20: Who[] = ['admin', 'provinceAdmin', 'province'];
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: communes20[3] },
          geometry: { type: 'Polygon', coordinates: square(106, 21) },
        },
      ],
    };
    for (const who of everyone) {
      for (const [province, readers] of [
        ['20', readers20],
        ['04', readers04],
      ] as const) {
        const res = await get(who, `/api/v1/boundaries?province=${province}`);
        expect(res.statusCode, `${who} reads ${province}`).toBe(readers.includes(who) ? 200 : 404);
      }
      const res = await (clients.get(who) as Client).request('POST', '/api/v1/boundaries/import', {
        geojson: file,
        dryRun: true,
      });
      const expected = importers20.includes(who) ? 200 : who === 'otherProvince' ? 404 : 403;
      expect(res.statusCode, `${who} imports in 20`).toBe(expected);
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/boundaries?province=20' })).statusCode).toBe(401);
    expect((await get('admin', '/api/v1/boundaries?province=99')).statusCode).toBe(404);
  });
});
