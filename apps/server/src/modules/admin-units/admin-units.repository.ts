import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { AdminSuccessionTable, AdminUnitTable } from '../../db/schema.ts';

export type UnitVersionRow = AdminUnitTable;
export type SuccessionRow = Omit<AdminSuccessionTable, 'id'>;

const batchSize = 1000;

/** Inserts unit versions that are not there yet; returns how many were new. */
export async function insertUnitVersions(ex: Executor, rows: UnitVersionRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const result = await ex
      .insertInto('admin_unit')
      .values(rows.slice(i, i + batchSize))
      .onConflict((oc) => oc.columns(['code', 'valid_from']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export async function insertSuccessions(ex: Executor, rows: SuccessionRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const result = await ex
      .insertInto('admin_succession')
      .values(rows.slice(i, i + batchSize))
      .onConflict((oc) => oc.columns(['from_code', 'to_code', 'effective_on']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Closes the open version of a unit the day before a new version starts. */
export async function closeOpenVersion(ex: Executor, code: string, newFrom: string): Promise<void> {
  await ex
    .updateTable('admin_unit')
    .set({ valid_to: sql<string>`(${newFrom}::date - 1)` })
    .where('code', '=', code)
    .where('valid_to', 'is', null)
    .where('valid_from', '<', newFrom)
    .execute();
}

export interface UnitFilter {
  parent?: string | undefined;
  level?: UnitVersionRow['level'] | undefined;
  asOf: string;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listUnits(
  ex: Executor,
  filter: UnitFilter,
): Promise<{ items: UnitVersionRow[]; total: number }> {
  let query = ex
    .selectFrom('admin_unit')
    .where('valid_from', '<=', filter.asOf)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', filter.asOf)]));
  if (filter.parent) query = query.where('parent_code', '=', filter.parent);
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.q) {
    const q = filter.q.trim();
    query = /^\d+$/.test(q)
      ? query.where('code', 'like', `${q}%`)
      : query.where(sql<boolean>`unaccent(lower(name)) LIKE '%' || unaccent(lower(${q})) || '%'`);
  }
  const [items, count] = await Promise.all([
    query.selectAll().orderBy('code').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function unitVersions(ex: Executor, code: string): Promise<UnitVersionRow[]> {
  return ex.selectFrom('admin_unit').selectAll().where('code', '=', code).orderBy('valid_from').execute();
}

export async function unitOn(ex: Executor, code: string, date: string): Promise<UnitVersionRow | undefined> {
  return ex
    .selectFrom('admin_unit')
    .selectAll()
    .where('code', '=', code)
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', date)]))
    .executeTakeFirst();
}

/** The latest version of each code: the name to show for a code without a date. */
export async function latestVersions(ex: Executor, codes: string[]): Promise<Map<string, UnitVersionRow>> {
  if (codes.length === 0) return new Map();
  const rows = await ex
    .selectFrom('admin_unit')
    .selectAll()
    .where('code', 'in', codes)
    .orderBy('code')
    .orderBy('valid_from')
    .execute();
  return new Map(rows.map((r) => [r.code, r]));
}

export interface SuccessionView {
  from_code: string;
  from_name: string | null;
  to_code: string;
  to_name: string | null;
  effective_on: string;
  kind: SuccessionRow['kind'];
  share: number | null;
}

/** Successions with the names the units had on either side of the change. */
export async function successions(
  ex: Executor,
  where: { fromCode?: string; toCode?: string },
): Promise<SuccessionView[]> {
  let query = ex
    .selectFrom('admin_succession as s')
    .select([
      's.from_code',
      's.to_code',
      's.effective_on',
      's.kind',
      's.share',
      sql<
        string | null
      >`(SELECT u.name FROM admin_unit u WHERE u.code = s.from_code AND u.valid_from < s.effective_on
        ORDER BY u.valid_from DESC LIMIT 1)`.as('from_name'),
      sql<
        string | null
      >`(SELECT u.name FROM admin_unit u WHERE u.code = s.to_code AND u.valid_from <= s.effective_on
        ORDER BY u.valid_from DESC LIMIT 1)`.as('to_name'),
    ])
    .orderBy('s.effective_on')
    .orderBy('s.from_code')
    .limit(2000);
  if (where.fromCode) query = query.where('s.from_code', '=', where.fromCode);
  if (where.toCode) query = query.where('s.to_code', '=', where.toCode);
  return query.execute();
}

export async function existingUnitKeys(ex: Executor, codes: string[]): Promise<UnitVersionRow[]> {
  if (codes.length === 0) return [];
  return ex.selectFrom('admin_unit').selectAll().where('code', 'in', codes).execute();
}

export async function existingSuccessionKeys(
  ex: Executor,
  fromCodes: string[],
): Promise<Array<{ from_code: string; to_code: string; effective_on: string; share: number | null }>> {
  if (fromCodes.length === 0) return [];
  return ex
    .selectFrom('admin_succession')
    .select(['from_code', 'to_code', 'effective_on', 'share'])
    .where('from_code', 'in', fromCodes)
    .execute();
}

export async function areasOfCommunes(
  ex: Executor,
  communeCodes: string[],
): Promise<Array<{ id: string; commune_code: string; number: number }>> {
  if (communeCodes.length === 0) return [];
  return ex
    .selectFrom('area')
    .select(['id', 'commune_code', 'number'])
    .where('commune_code', 'in', communeCodes)
    .execute();
}

export async function hamletsOfCommunes(
  ex: Executor,
  communeCodes: string[],
): Promise<Array<{ id: string; commune_code: string; name: string }>> {
  if (communeCodes.length === 0) return [];
  return ex
    .selectFrom('hamlet')
    .select(['id', 'commune_code', 'name'])
    .where('commune_code', 'in', communeCodes)
    .where('valid_to', 'is', null)
    .execute();
}

export async function areasByIds(
  ex: Executor,
  ids: string[],
): Promise<Array<{ id: string; province_code: string; commune_code: string; number: number; name: string }>> {
  if (ids.length === 0) return [];
  return ex
    .selectFrom('area')
    .select(['id', 'province_code', 'commune_code', 'number', 'name'])
    .where('id', 'in', ids)
    .orderBy('number')
    .execute();
}
