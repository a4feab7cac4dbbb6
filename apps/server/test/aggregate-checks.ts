import { ageInCompletedYears } from '@danso/domain';
import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../src/db/schema.ts';
import { refreshStaleStock } from '../src/modules/population/stale-stock.ts';

/**
 * Checks the aggregates the reports read against direct counts over the register: the month-end stocks
 * (people by area, sex and age; women 15–49 by age group, marital status and method; households) and
 * their sums per commune and unit for the month starting `monthStart` (which must be the current month:
 * the register holds today's state), and the flow counts against the approved changes. Stocks marked stale
 * by approvals are computed first, as before any read of them.
 */
export async function expectAggregatesMatchRegister(
  db: Kysely<DB>,
  provinceCode: string,
  monthStart: string,
): Promise<void> {
  // The stocks as the indicator engine reads them: what approvals marked stale is computed first.
  await refreshStaleStock(db, provinceCode, monthStart);
  const monthEnd = new Date(Date.UTC(Number(monthStart.slice(0, 4)), Number(monthStart.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
  const people = await db
    .selectFrom('person')
    .select(['sex', 'birth_date', 'area_id'])
    .where('province_code', '=', provinceCode)
    .where('vital_status', '=', 'alive')
    .where('presence', '=', 'present')
    .where('merged_into_id', 'is', null)
    .execute();
  const direct = new Map<string, number>();
  for (const p of people) {
    const key = `${p.area_id}|${p.sex}|${ageInCompletedYears(p.birth_date, monthEnd)}`;
    direct.set(key, (direct.get(key) ?? 0) + 1);
  }
  const stock = await sql<{ area_id: string; sex: number; age: number; n: number }>`
    SELECT area_id, sex, age, sum(n)::int AS n FROM stock_month WHERE province_code = ${provinceCode} AND month = ${monthStart}::date GROUP BY 1, 2, 3`.execute(
    db,
  );
  expect(
    new Map(stock.rows.filter((r) => r.n !== 0).map((r) => [`${r.area_id}|${r.sex}|${r.age}`, r.n])),
  ).toEqual(direct);

  const women = await db
    .selectFrom('person')
    .select(['area_id', 'birth_date', 'marital_status', 'contraceptive_method'])
    .where('province_code', '=', provinceCode)
    .where('sex', '=', 2)
    .where('vital_status', '=', 'alive')
    .where('presence', '=', 'present')
    .where('merged_into_id', 'is', null)
    .execute();
  const directWomen = new Map<string, number>();
  for (const w of women) {
    const age = ageInCompletedYears(w.birth_date, monthEnd);
    if (age < 15 || age > 49) continue;
    const group = `${age - (age % 5)}-${age - (age % 5) + 4}`;
    const key = `${w.area_id}|${group}|${w.marital_status}|${w.contraceptive_method ?? 'none'}`;
    directWomen.set(key, (directWomen.get(key) ?? 0) + 1);
  }
  const womenStock = await sql<{ key: string; n: number }>`
    SELECT area_id || '|' || age_group || '|' || marital_status || '|' || contraceptive_method AS key, n
    FROM women_stock_month WHERE province_code = ${provinceCode} AND month = ${monthStart}::date`.execute(db);
  expect(new Map(womenStock.rows.map((r) => [r.key, r.n]))).toEqual(directWomen);

  const households = await sql<{ area_id: string; n: number }>`
    SELECT area_id, count(DISTINCT household_id)::int AS n FROM person
    WHERE province_code = ${provinceCode} AND vital_status = 'alive' AND presence = 'present' AND merged_into_id IS NULL
    GROUP BY 1`.execute(db);
  const householdStock = await sql<{ area_id: string; n: number }>`
    SELECT area_id, sum(n)::int AS n FROM household_stock_month WHERE province_code = ${provinceCode} AND month = ${monthStart}::date GROUP BY 1`.execute(
    db,
  );
  expect(new Map(householdStock.rows.map((r) => [r.area_id, r.n]))).toEqual(
    new Map(households.rows.map((r) => [r.area_id, r.n])),
  );
  // The sums per commune and unit the reports read hold the same counts.
  for (const [areas, sums] of [
    ['stock_month', 'stock_unit_month'],
    ['women_stock_month', 'women_stock_unit_month'],
    ['household_stock_month', 'household_stock_unit_month'],
  ]) {
    const byCommune = (table: string) =>
      sql<{ commune_code: string; n: number }>`
      SELECT commune_code, sum(n)::int AS n FROM ${sql.table(table)} WHERE province_code = ${provinceCode} AND month = ${monthStart}::date
      GROUP BY 1 HAVING sum(n) <> 0`.execute(db);
    const [fromAreas, fromSums] = [await byCommune(areas as string), await byCommune(sums as string)];
    expect(new Map(fromSums.rows.map((r) => [r.commune_code, r.n])), sums).toEqual(
      new Map(fromAreas.rows.map((r) => [r.commune_code, r.n])),
    );
  }
  // And the province sums, cell by cell, the communes' sums added up.
  for (const [sums, province, dims] of [
    ['stock_unit_month', 'stock_province_month', ['sex', 'age', 'residence_status']],
    [
      'women_stock_unit_month',
      'women_stock_province_month',
      ['age_group', 'marital_status', 'contraceptive_method'],
    ],
    ['household_stock_unit_month', 'household_stock_province_month', ['kind']],
  ] as const) {
    const cells = (table: string) =>
      sql<{ cell: string; n: number }>`
      SELECT concat_ws('|', ${sql.join(dims.map((d) => sql.ref(d)))}) AS cell, sum(n)::int AS n FROM ${sql.table(table)}
      WHERE province_code = ${provinceCode} AND month = ${monthStart}::date GROUP BY 1 HAVING sum(n) <> 0`.execute(
        db,
      );
    const [fromCommunes, fromProvince] = [await cells(sums), await cells(province)];
    expect(fromProvince.rows.length, province).toBeGreaterThan(0);
    expect(new Map(fromProvince.rows.map((r) => [r.cell, r.n])), province).toEqual(
      new Map(fromCommunes.rows.map((r) => [r.cell, r.n])),
    );
  }

  const approved = await sql<{ event: string; n: number }>`
    SELECT CASE WHEN c.type = 'move_out' THEN 'move_out' ELSE c.type END AS event,
           sum(CASE WHEN c.type = 'move_out' AND c.person_id IS NULL
                    THEN (SELECT count(*) FROM residence_interval r WHERE r.closed_by = c.id) ELSE 1 END)::int AS n
    FROM change_record c WHERE c.province_code = ${provinceCode} AND c.status = 'approved' AND c.type IN ('birth', 'death', 'move_in', 'move_out', 'marriage')
      AND c.corrected_by_change_id IS NULL
    GROUP BY 1`.execute(db);
  const counted = await sql<{ event: string; n: number }>`
    SELECT event, sum(n)::int AS n FROM flow_count WHERE province_code = ${provinceCode} AND event IN ('birth', 'death', 'move_in', 'move_out', 'marriage') GROUP BY 1`.execute(
    db,
  );
  expect(new Map(counted.rows.filter((r) => r.n !== 0).map((r) => [r.event, r.n]))).toEqual(
    new Map(approved.rows.filter((r) => r.n !== 0).map((r) => [r.event, r.n])),
  );
}
