import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../test/databases.ts';
import { buildWorld, places } from '../../test/fixtures.ts';

/** The second wall: even a query with no WHERE clause sees only the rows of the transaction's place scope. */
describe.each(engines)('row-level security on %s', (engine) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await buildWorld(t.database);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const countAll = (table: 'person' | 'household' | 'area') =>
    sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`;

  it('hides rows outside the scope from unfiltered queries', async () => {
    const scoped = async (scope: Parameters<typeof t.database.scoped>[0]) =>
      t.database.scoped(scope, async (trx) => ({
        people: (await countAll('person').execute(trx)).rows[0]?.n,
        households: (await countAll('household').execute(trx)).rows[0]?.n,
        areas: (await countAll('area').execute(trx)).rows[0]?.n,
      }));
    expect(await scoped({ kind: 'national' })).toEqual({ people: 14, households: 14, areas: 4 });
    expect(await scoped({ kind: 'province', provinceCode: '20' })).toEqual({
      people: 9,
      households: 9,
      areas: 3,
    });
    expect(await scoped({ kind: 'commune', provinceCode: '20', communeCode: places.commune })).toEqual({
      people: 5,
      households: 5,
      areas: 2,
    });
    expect(
      await scoped({
        kind: 'areas',
        provinceCode: '20',
        communeCode: places.commune,
        areaIds: [places.areas[0] as string],
      }),
    ).toEqual({ people: 3, households: 3, areas: 1 });
    // A collaborator's area ids do not open another commune's area, even if listed.
    expect(
      await scoped({
        kind: 'areas',
        provinceCode: '20',
        communeCode: places.commune,
        areaIds: [places.otherCommuneArea],
      }),
    ).toEqual({ people: 0, households: 0, areas: 0 });
  });

  it('refuses to write a row outside the scope', async () => {
    const write = t.database.scoped(
      { kind: 'commune', provinceCode: '20', communeCode: places.commune },
      (trx) =>
        trx
          .insertInto('area')
          .values({
            id: randomUUID(),
            province_code: '20',
            commune_code: places.otherCommune,
            number: 99,
            name: 'Địa bàn số 99',
          })
          .execute(),
    );
    await expect(write).rejects.toThrow(/row-level security/);
  });

  it('lets the application role append to the audit log but never change it', async () => {
    await t.database.scoped({ kind: 'national' }, (trx) =>
      trx
        .insertInto('audit_log')
        .values({
          id: 1,
          at: new Date(),
          action: 'test',
          details: '{}',
          prev_hash: '0',
          hash: '1',
          actor_user_id: null,
          actor_role: null,
          object_type: null,
          object_id: null,
          place_code: null,
          client_address: null,
          purpose: null,
        })
        .execute(),
    );
    const update = t.database.scoped({ kind: 'national' }, (trx) =>
      sql`UPDATE audit_log SET action = 'x'`.execute(trx),
    );
    await expect(update).rejects.toThrow(/permission denied|append-only/);
  });
});
