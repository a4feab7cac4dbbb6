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
  await expectFlowSumsMatchCounts(db, provinceCode);
}

/**
 * Checks the flow sums per commune and unit (flow_sum_month) of every registered set of dimensions against
 * flow_count summed here: cell by cell, each area's counts under the unit it lay in on the month's first day.
 * Returns the number of cells compared.
 */
export async function expectFlowSumsMatchCounts(db: Kysely<DB>, provinceCode: string): Promise<number> {
  const cells = (rows: Array<{ key: string; n: number }>) =>
    new Map(rows.filter((r) => r.n !== 0).map((r) => [r.key, r.n]));
  const sums = await sql<{ key: string; n: number }>`
    SELECT concat_ws('|', commune_code, unit_code, month, event, dimset, dims::text) AS key, sum(n)::int AS n
    FROM flow_sum_month WHERE province_code = ${provinceCode} GROUP BY 1`.execute(db);
  const counted = await sql<{ key: string; n: number }>`
    SELECT concat_ws('|', f.commune_code, coalesce(h.commune_code, f.commune_code), f.month, f.event, d.dimset,
             (SELECT coalesce(jsonb_object_agg(k, f.dims -> k), '{}'::jsonb) FROM unnest(d.dims) AS k)::text) AS key,
           sum(f.n)::int AS n
    FROM flow_count f
    JOIN flow_dimset d ON d.event = f.event
    LEFT JOIN area_unit_history h ON h.area_id = f.area_id
      AND (h.valid_from IS NULL OR h.valid_from <= f.month) AND (h.valid_to IS NULL OR h.valid_to > f.month)
    WHERE f.province_code = ${provinceCode}
    GROUP BY 1`.execute(db);
  const expected = cells(counted.rows);
  expect(cells(sums.rows), 'flow sums per commune').toEqual(expected);
  // And the province's own sums, the communes' added up.
  const province = await sql<{ key: string; n: number }>`
    SELECT concat_ws('|', month, event, dimset, dims::text) AS key, sum(n)::int AS n
    FROM flow_province_month WHERE province_code = ${provinceCode} GROUP BY 1`.execute(db);
  const communes = await sql<{ key: string; n: number }>`
    SELECT concat_ws('|', month, event, dimset, dims::text) AS key, sum(n)::int AS n
    FROM flow_sum_month WHERE province_code = ${provinceCode} GROUP BY 1`.execute(db);
  expect(cells(province.rows), 'flow sums of the province').toEqual(cells(communes.rows));
  return expected.size;
}

/** The last day of the month starting `monthStart`. */
function monthEndOf(monthStart: string): string {
  return new Date(Date.UTC(Number(monthStart.slice(0, 4)), Number(monthStart.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
}

/**
 * Checks the month-end stocks of every month from `fromMonth` to `toMonth` (first days) against a count made
 * here, person by person and month by month, from the register's validity intervals: each residence interval
 * that holds on the month's last day, with the person's residence and marital status and contraceptive
 * method of that day (the status interval then, else the person's own).
 */
export async function expectStocksMatchIntervals(
  db: Kysely<DB>,
  provinceCode: string,
  fromMonth: string,
  toMonth: string,
): Promise<void> {
  const intervals = await db
    .selectFrom('residence_interval')
    .select(['person_id', 'household_id', 'area_id', 'valid_from', 'valid_to'])
    .where('province_code', '=', provinceCode)
    .execute();
  const people = new Map(
    (
      await db
        .selectFrom('person')
        .select([
          'id',
          'sex',
          'birth_date',
          'residence_status',
          'marital_status',
          'contraceptive_method',
          'contraception_started_on',
        ])
        .where('province_code', '=', provinceCode)
        .execute()
    ).map((p) => [p.id, p]),
  );
  const statuses = new Map<string, Array<{ kind: string; value: string; from: string; to: string | null }>>();
  for (const s of await db
    .selectFrom('status_interval')
    .select(['person_id', 'kind', 'value', 'valid_from', 'valid_to'])
    .where('province_code', '=', provinceCode)
    .execute()) {
    const list = statuses.get(s.person_id) ?? [];
    list.push({ kind: s.kind, value: s.value, from: s.valid_from, to: s.valid_to });
    statuses.set(s.person_id, list);
  }
  const households = new Map(
    (
      await db
        .selectFrom('household')
        .select(['id', 'kind'])
        .where('province_code', '=', provinceCode)
        .execute()
    ).map((h) => [h.id, h.kind]),
  );
  const holds = (from: string, to: string | null, day: string) => from <= day && (to === null || to > day);
  const statusOn = (personId: string, kind: string, day: string) =>
    (statuses.get(personId) ?? []).find((s) => s.kind === kind && holds(s.from, s.to, day))?.value;
  const hasHistory = (personId: string, kind: string) =>
    (statuses.get(personId) ?? []).some((s) => s.kind === kind);
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  let checked = 0;
  for (let month = fromMonth; month <= toMonth; ) {
    const end = monthEndOf(month);
    const [residents, women, homes] = [
      new Map<string, number>(),
      new Map<string, number>(),
      new Set<string>(),
    ];
    for (const r of intervals) {
      if (!holds(r.valid_from, r.valid_to, end)) continue;
      const p = people.get(r.person_id);
      if (!p) throw new Error(`interval of unknown person ${r.person_id}`);
      const age = ageInCompletedYears(p.birth_date, end);
      add(
        residents,
        `${r.area_id}|${p.sex}|${age}|${statusOn(p.id, 'residence', end) ?? p.residence_status}`,
      );
      homes.add(`${r.area_id}|${r.household_id}`);
      if (p.sex !== 2 || age < 15 || age > 49) continue;
      const method = hasHistory(p.id, 'contraception')
        ? (statusOn(p.id, 'contraception', end) ?? 'none')
        : p.contraception_started_on === null || p.contraception_started_on <= end
          ? (p.contraceptive_method ?? 'none')
          : 'none';
      const group = `${age - (age % 5)}-${age - (age % 5) + 4}`;
      add(women, `${r.area_id}|${group}|${statusOn(p.id, 'marital', end) ?? p.marital_status}|${method}`);
    }
    const homesByKind = new Map<string, number>();
    for (const home of homes) {
      const [areaId, householdId] = home.split('|') as [string, string];
      add(homesByKind, `${areaId}|${households.get(householdId)}`);
    }
    const stored = async (table: string, dims: string[]) => {
      const rows = await sql<{ key: string; n: number }>`
        SELECT concat_ws('|', area_id, ${sql.join(dims.map((d) => sql.ref(d)))}) AS key, n
        FROM ${sql.table(table)} WHERE province_code = ${provinceCode} AND month = ${month}::date AND n <> 0`.execute(
        db,
      );
      return new Map(rows.rows.map((r) => [r.key, r.n]));
    };
    expect(await stored('stock_month', ['sex', 'age', 'residence_status']), `people ${month}`).toEqual(
      residents,
    );
    expect(
      await stored('women_stock_month', ['age_group', 'marital_status', 'contraceptive_method']),
      `women ${month}`,
    ).toEqual(women);
    expect(await stored('household_stock_month', ['kind']), `households ${month}`).toEqual(homesByKind);
    checked += 1;
    const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
    month = next.toISOString().slice(0, 10);
  }
  expect(checked).toBeGreaterThan(0);
}
