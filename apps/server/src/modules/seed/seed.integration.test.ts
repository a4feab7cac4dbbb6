import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { loadNationalUnits } from '../admin-units/national.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { demoTotpSecret } from '../auth/totp.ts';
import { demoPassword } from './accounts.ts';
import { SeedError, type SeedProgress, seedProvince } from './seed.service.ts';

async function count(test: TestDatabase, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await test.database.pool.query<{ n: number }>(`SELECT (${sql})::int AS n`, params);
  return rows[0]?.n ?? Number.NaN;
}

async function registerCounts(test: TestDatabase, province: string) {
  const of = (table: string) =>
    count(test, `SELECT count(*) FROM ${table} WHERE province_code = $1`, [province]);
  return {
    hamlets: await of('hamlet'),
    areas: await of('area'),
    listings: await of('area_listing'),
    households: await of('household'),
    people: await of('person'),
    users: await count(test, 'SELECT count(*) FROM app_user'),
  };
}

describe.each(engines)('seedProvince on %s', (engine) => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase(engine);
    await loadNationalUnits(test.database);
  }, 300_000);

  afterAll(async () => {
    await test?.drop();
  });

  /** The register tables' indexes and constraints, as the migrations made them. */
  async function registerSchema() {
    const { rows } = await test.database.pool.query<{ item: string }>(
      `SELECT indexdef AS item FROM pg_indexes WHERE tablename IN ('household', 'person', 'residence_interval')
       UNION ALL
       SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated
       FROM pg_constraint WHERE conrelid::regclass::text IN ('household', 'person', 'residence_interval')
       ORDER BY 1`,
    );
    return rows.map((r) => r.item);
  }

  it('seeds 3,000 people of Lạng Sơn in households, areas and hamlets, with progress', async () => {
    const progress: SeedProgress[] = [];
    // A first load builds the indexes and checks the foreign keys once, after the rows: all are back after it.
    const schemaBefore = await registerSchema();
    expect(schemaBefore.length).toBeGreaterThan(10);
    const report = await seedProvince(test.database, {
      provinceCode: '20',
      people: 3000,
      seed: 11,
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({
      provinceCode: '20',
      provinceName: 'Lạng Sơn',
      engine,
      people: 3000,
      communes: 6,
    });
    expect(report.replaced).toBe(false);
    expect(report.elapsedMs).toBeGreaterThan(0);
    expect(await registerSchema()).toEqual(schemaBefore);

    const counts = await registerCounts(test, '20');
    expect(counts).toMatchObject({
      hamlets: report.hamlets,
      areas: report.areas,
      households: report.households,
      people: 3000,
      users: report.users,
    });
    expect(counts.listings).toBeGreaterThanOrEqual(report.areas);
    expect(report.users).toBe(3 + report.communes + report.areas);
    expect(await count(test, 'SELECT count(DISTINCT commune_code) FROM household')).toBe(6);

    // Every area 100–400 households; every household exactly one head, the one it points to.
    expect(
      await count(
        test,
        'SELECT count(*) FROM (SELECT area_id FROM household GROUP BY area_id HAVING count(*) NOT BETWEEN 100 AND 400) x',
      ),
    ).toBe(0);
    expect(
      await count(
        test,
        `SELECT count(*) FROM household h
          WHERE (SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.relation_to_head = 'head') <> 1
             OR NOT EXISTS (SELECT 1 FROM person p WHERE p.id = h.head_person_id AND p.household_id = h.id
                              AND p.relation_to_head = 'head')`,
      ),
    ).toBe(0);
    expect(
      await count(
        test,
        `SELECT count(*) FROM household WHERE code <> commune_code || '-' ||
        (SELECT number FROM area WHERE area.id = household.area_id) || '-' || number`,
      ),
    ).toBe(0);

    expect(progress[0]?.phase).toBe('layout');
    expect(progress.at(-1)).toMatchObject({ phase: 'history', people: 3000, communesDone: 6, communes: 6 });
    expect(progress.some((p) => p.phase === 'people')).toBe(true);
  });

  it('creates a demo account for every role with the shared password, TOTP for admin and province', async () => {
    const { rows: users } = await test.database.pool.query<{
      id: string;
      username: string;
      role: string;
      display_name: string;
      scope_province_code: string | null;
      scope_commune_code: string | null;
      password_hash: string;
      totp_secret: string | null;
      totp_enabled: boolean;
      is_demo: boolean;
    }>('SELECT * FROM app_user ORDER BY username');
    const byName = new Map(users.map((u) => [u.username, u]));
    expect(byName.get('quantri')).toMatchObject({
      role: 'admin',
      scope_province_code: null,
      scope_commune_code: null,
    });
    expect(byName.get('trunguong')).toMatchObject({ role: 'central_viewer', totp_enabled: false });
    expect(byName.get('tinh.20')).toMatchObject({
      role: 'province_officer',
      scope_province_code: '20',
      display_name: 'Cán bộ dân số tỉnh Lạng Sơn',
    });
    for (const name of ['quantri', 'tinh.20']) {
      expect(byName.get(name)?.totp_enabled).toBe(true);
      expect(byName.get(name)?.totp_secret).toBe(demoTotpSecret(name));
    }
    expect(users.every((u) => u.is_demo)).toBe(true);
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(1);
    expect(await verifyPassword(users[0]?.password_hash ?? '', demoPassword)).toBe(true);

    const communes = await test.database.pool.query<{ commune_code: string }>(
      `SELECT DISTINCT commune_code FROM area WHERE province_code = '20'`,
    );
    for (const { commune_code } of communes.rows) {
      expect(byName.get(`xa.${commune_code}`)).toMatchObject({
        role: 'commune_officer',
        scope_province_code: '20',
        scope_commune_code: commune_code,
      });
    }
    const { rows: areas } = await test.database.pool.query<{
      id: string;
      commune_code: string;
      number: number;
    }>('SELECT id, commune_code, number FROM area');
    const { rows: links } = await test.database.pool.query<{ user_id: string; area_id: string }>(
      'SELECT * FROM user_area',
    );
    expect(links).toHaveLength(areas.length);
    for (const area of areas) {
      const collaborator = byName.get(`ctv.${area.commune_code}.${area.number}`);
      expect(collaborator).toMatchObject({ role: 'collaborator', scope_commune_code: area.commune_code });
      expect(collaborator?.display_name).toMatch(/^\p{Lu}\p{Ll}* .+/u);
      expect(links).toContainEqual({ user_id: collaborator?.id, area_id: area.id });
    }
  });

  it('refuses a province that already has data and leaves it as it was', async () => {
    const before = await registerCounts(test, '20');
    const attempt = seedProvince(test.database, { provinceCode: '20', people: 1000, seed: 1 });
    await expect(attempt).rejects.toBeInstanceOf(SeedError);
    await expect(attempt).rejects.toMatchObject({ code: 'province_not_empty' });
    await expect(attempt).rejects.toThrow(/--replace/);
    expect(await registerCounts(test, '20')).toEqual(before);
  });

  it('seeds a second province without duplicating the national accounts', async () => {
    const report = await seedProvince(test.database, { provinceCode: '04', people: 1200, seed: 11 });
    expect(report.communes).toBe(2);
    expect(report.users).toBe(1 + report.communes + report.areas);
    expect(
      await count(test, `SELECT count(*) FROM app_user WHERE username IN ('quantri', 'trunguong')`),
    ).toBe(2);
    expect(await count(test, `SELECT count(*) FROM person WHERE province_code = '04'`)).toBe(1200);
  });

  it('replaces a province when asked, and the same seed gives the same rows again', async () => {
    const snapshot = async () =>
      (
        await test.database.pool.query(
          `SELECT id, household_id, full_name, birth_date::text, ethnicity_code FROM person
            WHERE province_code = '20' ORDER BY id`,
        )
      ).rows;
    const first = await snapshot();
    const other = await seedProvince(test.database, {
      provinceCode: '20',
      people: 2000,
      seed: 12,
      replace: true,
    });
    expect(other.replaced).toBe(true);
    expect(await count(test, `SELECT count(*) FROM person WHERE province_code = '20'`)).toBe(2000);
    expect(await count(test, `SELECT count(*) FROM person WHERE province_code = '04'`)).toBe(1200);
    const again = await seedProvince(test.database, {
      provinceCode: '20',
      people: 3000,
      seed: 11,
      replace: true,
    });
    expect(again.users).toBe(1 + again.communes + again.areas);
    expect(await snapshot()).toEqual(first);
  });

  it('rejects bad options and unknown provinces without writing anything', async () => {
    const before = await registerCounts(test, '20');
    await expect(
      seedProvince(test.database, { provinceCode: '99', people: 100, seed: 1 }),
    ).rejects.toMatchObject({
      code: 'unknown_province',
    });
    await expect(
      seedProvince(test.database, { provinceCode: '2x', people: 100, seed: 1 }),
    ).rejects.toMatchObject({
      code: 'invalid_option',
    });
    await expect(
      seedProvince(test.database, { provinceCode: '20', people: 0, seed: 1 }),
    ).rejects.toMatchObject({
      code: 'invalid_option',
    });
    await expect(
      seedProvince(test.database, { provinceCode: '20', people: 10, seed: -1 }),
    ).rejects.toMatchObject({
      code: 'invalid_option',
    });
    expect(await registerCounts(test, '20')).toEqual(before);
    expect(await count(test, `SELECT count(*) FROM hamlet WHERE province_code = '99'`)).toBe(0);
  });
});
