import { normalizeName } from '@danso/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';
import { loadNationalUnits } from '../modules/admin-units/national.ts';
import { seedProvince } from '../modules/seed/index.ts';

describe.each(engines)('folded names for search on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await loadNationalUnits(t.database);
    await seedProvince(t.database, { provinceCode: '20', people: 2000, seed: 11 });
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('folds every seeded name in the application exactly as the database folds it', async () => {
    const result = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM person WHERE search_name IS DISTINCT FROM danso_fold(full_name)`.execute(
      t.database.db,
    );
    expect(result.rows[0]?.n).toBe(0);
  });

  it('folds a name written without its folded form, and again when the name changes', async () => {
    const someone = await t.database.db
      .selectFrom('person')
      .select(['id'])
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable('person')
      .set({ full_name: 'Đặng Thị Ỷ Lan' })
      .where('id', '=', someone.id)
      .execute();
    const after = await t.database.db
      .selectFrom('person')
      .select('search_name')
      .where('id', '=', someone.id)
      .executeTakeFirstOrThrow();
    expect(after.search_name).toBe(normalizeName('Đặng Thị Ỷ Lan'));
    expect(after.search_name).toBe('dang thi y lan');
  });
});
