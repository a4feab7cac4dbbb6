import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

export interface PlaceCounts {
  key: string;
  households: number;
  people: number;
  areas: number;
}

type GroupColumn = 'province_code' | 'commune_code' | 'area_id';

/**
 * Households (active), people (alive, living there, not merged into another record) and areas per place, grouped by one column and optionally filtered
 * by another. Runs inside a scoped transaction, so row-level security limits what is counted.
 */
export async function countPlaces(
  ex: Executor,
  groupBy: GroupColumn,
  filter?: { column: 'province_code' | 'commune_code' | 'area_id'; value: string },
): Promise<Map<string, PlaceCounts>> {
  const where = (alias: string) =>
    filter ? sql`AND ${sql.ref(`${alias}.${filter.column}`)} = ${filter.value}` : sql``;
  const areaKey = groupBy === 'area_id' ? sql.ref('a.id') : sql.ref(`a.${groupBy}`);
  const areaWhere =
    filter?.column === 'area_id' ? sql`AND a.id = ${filter.value}::uuid` : filter ? where('a') : sql``;
  const result = await sql<{ key: string; households: number; people: number; areas: number }>`
    WITH h AS (
      SELECT ${sql.ref(`h.${groupBy}`)}::text AS key, count(*) AS n FROM household h
      WHERE h.status = 'active' ${where('h')} GROUP BY 1
    ), p AS (
      SELECT ${sql.ref(`p.${groupBy}`)}::text AS key, count(*) AS n FROM person p
      WHERE p.vital_status = 'alive' AND p.presence = 'present' AND p.merged_into_id IS NULL ${where('p')}
      GROUP BY 1
    ), a AS (
      SELECT ${areaKey}::text AS key, count(*) AS n FROM area a WHERE a.valid_to IS NULL ${areaWhere} GROUP BY 1
    )
    SELECT k.key, coalesce(h.n, 0) AS households, coalesce(p.n, 0) AS people, coalesce(a.n, 0) AS areas
    FROM (SELECT key FROM h UNION SELECT key FROM p UNION SELECT key FROM a) k
    LEFT JOIN h ON h.key = k.key LEFT JOIN p ON p.key = k.key LEFT JOIN a ON a.key = k.key
  `.execute(ex);
  return new Map(
    result.rows.map((r) => [
      r.key,
      { ...r, households: Number(r.households), people: Number(r.people), areas: Number(r.areas) },
    ]),
  );
}

export async function findArea(ex: Executor, id: string) {
  return ex.selectFrom('area').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function areasOfCommune(ex: Executor, communeCode: string) {
  return ex
    .selectFrom('area')
    .selectAll()
    .where('commune_code', '=', communeCode)
    .where('valid_to', 'is', null)
    .orderBy('number')
    .execute();
}

export async function areaListing(ex: Executor, areaId: string) {
  return ex
    .selectFrom('area_listing as l')
    .innerJoin('hamlet as h', 'h.id', 'l.hamlet_id')
    .select([
      'l.seq',
      'h.id as hamlet_id',
      'h.name as hamlet_name',
      'h.kind as hamlet_kind',
      'l.street',
      'l.household_from',
      'l.household_to',
    ])
    .where('l.area_id', '=', areaId)
    .orderBy('l.seq')
    .execute();
}

export async function collaboratorsOfArea(ex: Executor, areaId: string) {
  return ex
    .selectFrom('user_area as ua')
    .innerJoin('app_user as u', 'u.id', 'ua.user_id')
    .select(['u.id', 'u.display_name', 'u.username'])
    .where('ua.area_id', '=', areaId)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.username')
    .execute();
}
