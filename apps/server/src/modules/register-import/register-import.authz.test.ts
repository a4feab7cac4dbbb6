import type { FastifyInstance } from 'fastify';
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
 * POST /api/v1/register/import × every role × own commune and another commune. Only officers import:
 * the commune officer into her commune, the province officer into any commune of her province. The
 * collaborator, the central viewer and administrators are refused (403); a commune outside the scope is
 * not found (404).
 */
type Where = 'ownCommune' | 'otherCommune';
const expected: Record<Who, Record<Where, number>> = {
  admin: { ownCommune: 403, otherCommune: 403 },
  provinceAdmin: { ownCommune: 403, otherCommune: 403 },
  central: { ownCommune: 403, otherCommune: 403 },
  collaborator: { ownCommune: 403, otherCommune: 403 },
  province: { ownCommune: 200, otherCommune: 200 },
  otherProvince: { ownCommune: 404, otherCommune: 404 },
  commune: { ownCommune: 200, otherCommune: 404 },
  otherCommune: { ownCommune: 404, otherCommune: 200 },
};

const file = (name: string, household: number) =>
  'Địa bàn số,Số hộ,Họ và tên,Quan hệ với chủ hộ,Giới tính,Ngày sinh,Dân tộc,Tình trạng hôn nhân\n' +
  `1,${household},${name},Chủ hộ,Nam,01/01/1980,Kinh,Có vợ/chồng\n`;

describe.each(engines)('register import × role × place on %s', (engine) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let clients = new Map<Who, Client>();
  const communes = {} as Record<Where, string>;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
    communes.ownCommune = places.commune;
    communes.otherCommune = places.otherCommune;
    app = await appFor(t.database);
    clients = await signInEveryone(app);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('refuses a request without a session', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/register/import',
      payload: { communeCode: places.commune, format: 'csv', content: file('Vô Danh', 50), dryRun: true },
    });
    expect(res.statusCode).toBe(401);
  });

  for (const who of everyone) {
    it(`answers ${who} as the matrix says`, async () => {
      const client = clients.get(who) as Client;
      for (const where of ['ownCommune', 'otherCommune'] as const) {
        const res = await client.request('POST', '/api/v1/register/import', {
          communeCode: communes[where],
          format: 'csv',
          content: file('Thử Quyền', 50),
          dryRun: true,
        });
        expect(res.statusCode, `${who} → ${where}: ${res.body.slice(0, 200)}`).toBe(expected[who][where]);
        if (res.statusCode === 200) expect(res.json().ok).toBe(true);
      }
    });
  }

  it('writes under the officer’s row-level scope: the commune officer and the province officer import', async () => {
    const commune = clients.get('commune') as Client;
    const own = await commune.request('POST', '/api/v1/register/import', {
      communeCode: places.commune,
      format: 'csv',
      content: file('Xã Nhập', 60),
      dryRun: false,
    });
    expect(own.statusCode, own.body).toBe(200);
    const province = clients.get('province') as Client;
    const other = await province.request('POST', '/api/v1/register/import', {
      communeCode: places.otherCommune,
      format: 'csv',
      content: file('Tỉnh Nhập', 61),
      dryRun: false,
    });
    expect(other.statusCode, other.body).toBe(200);
    const rows = await t.database.db
      .selectFrom('household')
      .select(['code'])
      .where('code', 'in', [`${places.commune}-1-60`, `${places.otherCommune}-1-61`])
      .orderBy('code')
      .execute();
    expect(rows.map((r) => r.code).sort()).toEqual(
      [`${places.commune}-1-60`, `${places.otherCommune}-1-61`].sort(),
    );
    // Nothing written for a refused caller.
    const refused = await (clients.get('otherCommune') as Client).request('POST', '/api/v1/register/import', {
      communeCode: places.commune,
      format: 'csv',
      content: file('Không Được', 62),
      dryRun: false,
    });
    expect(refused.statusCode).toBe(404);
    expect(
      await t.database.db
        .selectFrom('household')
        .select('id')
        .where('code', '=', `${places.commune}-1-62`)
        .execute(),
    ).toEqual([]);
  });
});
