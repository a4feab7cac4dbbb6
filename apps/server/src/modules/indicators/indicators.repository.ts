import { type CubeRow, dimsetKey, type SourceRequirement } from '@danso/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/**
 * The indicators' reads: only the aggregate tables (flow_count and the month-end stocks), the areas'
 * commune history and the units. Never the register's people or intervals: a province's indicators are
 * small sums whatever its size.
 */

export type Boundaries = 'current' | 'historical';

/**
 * Where the rows are summed: one area, one commune (today's, or a unit valid then on historical
 * boundaries), one province, or each commune of a province (rankings).
 */
export type Placement =
  | { kind: 'area'; areaId: string; boundaries: Boundaries }
  | { kind: 'commune'; communeCode: string; provinceCode: string; boundaries: Boundaries }
  | { kind: 'province'; provinceCode: string; boundaries: Boundaries }
  | { kind: 'province_communes'; provinceCode: string; boundaries: Boundaries };

/** A month of aggregates and the month whose boundaries it is counted on (see the service). */
export interface MonthOnBoundaries {
  month: string;
  boundariesOf: string;
}

interface SourceTable {
  /** The table per area, the same summed per commune and unit, and per province (see the migrations). */
  table: string;
  sums: string;
  provinceSums: string;
  columns: Record<string, RawBuilder<unknown>>;
}

const stockTables: Record<Exclude<SourceRequirement['source'], 'flow'>, SourceTable> = {
  population: {
    table: 'stock_month',
    sums: 'stock_unit_month',
    provinceSums: 'stock_province_month',
    columns: {
      sex: sql`t.sex::text`,
      age: sql`t.age::int`,
      residenceStatus: sql`t.residence_status`,
    },
  },
  women: {
    table: 'women_stock_month',
    sums: 'women_stock_unit_month',
    provinceSums: 'women_stock_province_month',
    columns: {
      ageGroup: sql`t.age_group`,
      maritalStatus: sql`t.marital_status`,
      method: sql`t.contraceptive_method`,
    },
  },
  households: {
    table: 'household_stock_month',
    sums: 'household_stock_unit_month',
    provinceSums: 'household_stock_province_month',
    columns: { kind: sql`t.kind` },
  },
};

function dimColumn(requirement: SourceRequirement, dim: string): RawBuilder<unknown> {
  if (requirement.source === 'flow') return sql`t.dims ->> ${dim}`;
  const column = stockTables[requirement.source].columns[dim];
  if (!column) throw new Error(`${requirement.source} has no dimension ${dim}`);
  return column;
}

/**
 * The unit a row counts in on historical boundaries. Per area: the area's history on the day whose
 * boundaries apply, or its commune when the history says nothing then (a commune that kept its code and
 * borders). Per commune and unit: the unit on the month's first day, or on the next month's when the row
 * is the stock at the start of a period.
 */
const areaUnit = sql`coalesce(h.commune_code, t.commune_code)`;
const historyJoin = sql`LEFT JOIN area_unit_history h ON h.area_id = t.area_id
  AND (h.valid_from IS NULL OR h.valid_from <= mm.boundaries_of)
  AND (h.valid_to IS NULL OR h.valid_to > mm.boundaries_of)`;
const summedUnit = sql`(CASE WHEN mm.boundaries_of = t.month THEN t.unit_code ELSE t.next_unit_code END)`;

/**
 * Which rows are read: per area (flow_count, stock_month…), the stocks summed per commune and unit on the
 * month's first day and the next's (stock_unit_month…), or the flows summed per commune and unit on the
 * month's first day (flow_sum_month; a flow is always counted on the boundaries of its own month).
 */
type RowsOf = 'areas' | 'stock_sums' | 'flow_sums';

function placementSql(placement: Placement, urbanity: boolean, rows: RowsOf) {
  const historical = placement.boundaries === 'historical';
  const summed = rows !== 'areas';
  const needHistory =
    !summed &&
    historical &&
    (placement.kind === 'commune' || placement.kind === 'province_communes' || urbanity);
  const unitOfSums = rows === 'flow_sums' ? sql`t.unit_code` : summedUnit;
  const communeOfRow = historical ? (summed ? unitOfSums : areaUnit) : sql`t.commune_code`;
  const urbanityJoin = urbanity
    ? historical
      ? sql`LEFT JOIN admin_unit u ON u.code = ${communeOfRow} AND u.valid_from <= mm.boundaries_of
          AND (u.valid_to IS NULL OR u.valid_to >= mm.boundaries_of)`
      : sql`LEFT JOIN admin_unit u ON u.code = t.commune_code AND u.valid_to IS NULL`
    : sql``;
  const joins = sql`${needHistory ? historyJoin : sql``} ${urbanityJoin}`;
  switch (placement.kind) {
    case 'area':
      return {
        joins,
        where: sql`t.area_id = ${placement.areaId}::uuid`,
        unit: sql`${placement.areaId}::text`,
      };
    case 'province':
      return {
        joins,
        where: sql`t.province_code = ${placement.provinceCode}`,
        unit: sql`${placement.provinceCode}::text`,
      };
    case 'province_communes':
      return { joins, where: sql`t.province_code = ${placement.provinceCode}`, unit: communeOfRow };
    case 'commune': {
      const code = placement.communeCode;
      if (!historical) return { joins, where: sql`t.commune_code = ${code}`, unit: sql`${code}::text` };
      // The rows that ever lay in the unit, then the exact unit of each month.
      const candidates =
        rows === 'flow_sums'
          ? sql`t.unit_code = ${code}`
          : rows === 'stock_sums'
            ? sql`(t.unit_code = ${code} OR t.next_unit_code = ${code})`
            : sql`t.area_id IN (SELECT area_id FROM area_unit_history WHERE commune_code = ${code}
                            UNION ALL SELECT id FROM area WHERE commune_code = ${code})`;
      return {
        joins,
        where: sql`t.province_code = ${placement.provinceCode} AND ${candidates} AND ${communeOfRow} = ${code}`,
        unit: sql`${code}::text`,
      };
    }
  }
}

/**
 * The rows of one source for the placement's units and the given months, grouped by the required
 * dimensions (and the urban/rural class of the unit when asked). The months are also a plain condition on
 * the table's month, besides the join that pairs each with its boundaries: the planner then reads them
 * through the month indexes, whatever the number of months stored, instead of scanning every month.
 */
export async function readSource(
  ex: Executor,
  placement: Placement,
  requirement: SourceRequirement,
  months: readonly MonthOnBoundaries[],
): Promise<CubeRow[]> {
  if (months.length === 0) return [];
  // Stocks of a commune are read from their sums per commune and unit, of a whole province from its own
  // sums (unless split by urban/rural, a class of each commune); flows are sparse.
  const summed = requirement.source !== 'flow' && placement.kind !== 'area';
  const wholeProvince = summed && placement.kind === 'province' && !requirement.urbanity;
  const { joins, where, unit } = placementSql(
    placement,
    requirement.urbanity,
    summed ? 'stock_sums' : 'areas',
  );
  const table =
    requirement.source === 'flow'
      ? 'flow_count'
      : stockTables[requirement.source][wholeProvince ? 'provinceSums' : summed ? 'sums' : 'table'];
  const dims = requirement.dims.map((dim, i) => ({
    dim,
    alias: `d${i}`,
    column: dimColumn(requirement, dim),
  }));
  const selected = [
    sql`${unit} AS unit`,
    sql`t.month`,
    ...dims.map((d) => sql`${d.column} AS ${sql.ref(d.alias)}`),
    ...(requirement.urbanity ? [sql`u.urbanity AS urbanity`] : []),
  ];
  const groups = selected.length;
  const event = requirement.source === 'flow' ? sql`AND t.event = ${requirement.event}` : sql``;
  const result = await sql<
    Record<string, string | number | null> & { unit: string; month: string; n: number }
  >`
    SELECT ${sql.join(selected)}, sum(t.n)::int AS n
    FROM ${sql.table(table)} t
    JOIN unnest(${months.map((m) => m.month)}::date[], ${months.map((m) => m.boundariesOf)}::date[])
      AS mm(month, boundaries_of) ON mm.month = t.month
    ${joins}
    WHERE ${where} AND t.month = ANY(${months.map((m) => m.month)}::date[]) ${event}
    GROUP BY ${sql.join(Array.from({ length: groups }, (_, i) => sql.lit(i + 1)))}`.execute(ex);
  return result.rows
    .filter((row) => row.n !== 0 && row.unit !== null)
    .map((row) => ({
      unit: row.unit,
      month: row.month,
      n: row.n,
      dims: Object.fromEntries([
        ...dims.map((d) => [d.dim, row[d.alias] ?? null]),
        ...(requirement.urbanity ? [['urbanity', row.urbanity ?? null]] : []),
      ]),
    }));
}

/**
 * Registers, once, each requirement's event and set of dimensions for the flow sums (flow_dimset), filling
 * them from flow_count when new (see the migration). Returns how many were new.
 */
export async function registerFlowDimsets(
  ex: Executor,
  requirements: ReadonlyArray<{ event: string; dims: readonly string[] }>,
): Promise<number> {
  let added = 0;
  for (const r of requirements) {
    const result = await sql<{ added: boolean }>`
      SELECT danso_register_flow_dimset(${r.event}, ${[...r.dims]}::text[]) AS added`.execute(ex);
    if (result.rows[0]?.added) added += 1;
  }
  return added;
}

/**
 * The rows of several flow sources at once, one query for all their events (a report reads a dozen; one
 * statement instead of a dozen is most of the cost of a commune's monthly report), each event grouped by the
 * dimensions its source reads — not by all it was counted by, so what comes back is as many rows as those
 * dimensions' values, however many events a province has. An area's flows are read from flow_count; a
 * commune's from the flow sums per commune (flow_sum_month) and a whole province's from its own
 * (flow_province_month), whose sets of dimensions the caller registers first (`registerFlowDimsets`), so
 * that a bigger province does not read more rows.
 */
export async function readFlows(
  ex: Executor,
  placement: Placement,
  requirements: readonly SourceRequirement[],
  months: readonly MonthOnBoundaries[],
): Promise<Map<string, CubeRow[]>> {
  const byKey = new Map<string, CubeRow[]>(requirements.map((r) => [r.key, []]));
  if (months.length === 0 || requirements.length === 0) return byKey;
  const urbanity = requirements.some((r) => r.urbanity);
  const summed = placement.kind !== 'area';
  const { joins, where, unit } = placementSql(placement, urbanity, summed ? 'flow_sums' : 'areas');
  const monthList = months.map((m) => m.month);
  // Each requirement is read by every set of dimensions it names (each measure's own; rows tagged with
  // their set), or by its union when it names none. The sums hold each registered set; an area's flows are
  // projected onto the sets here, by the same function that fills the sums.
  const sets = requirements.flatMap((r) =>
    (r.dimsets ?? [r.dims]).map((dims) => ({
      requirement: r,
      dims,
      key: dimsetKey(dims),
      tagged: !!r.dimsets,
    })),
  );
  const setOf = new Map(sets.map((set) => [`${set.requirement.event}|${set.key}`, set]));
  // A whole province (not split by urban/rural, a class of each commune) reads its own sums.
  const sums = placement.kind === 'province' && !urbanity ? 'flow_province_month' : 'flow_sum_month';
  const wanted = sql`unnest(${sets.map((set) => set.requirement.event as string)}::text[], ${sets.map((set) => set.key)}::text[])
    AS w(event, dimset)`;
  const result = await sql<{
    unit: string | null;
    month: string;
    event: string;
    dimset: string;
    dims: Record<string, string | null>;
    urbanity: string | null;
    n: number;
  }>`
    SELECT ${unit} AS unit, t.month, t.event, w.dimset,
           ${summed ? sql`t.dims` : sql`danso_project_dims(t.dims, string_to_array(w.dimset, ','))`} AS dims,
           ${urbanity ? sql`u.urbanity` : sql`NULL::text`} AS urbanity, sum(t.n)::int AS n
    FROM ${sql.table(summed ? sums : 'flow_count')} t
    JOIN ${wanted} ON w.event = t.event ${summed ? sql`AND w.dimset = t.dimset` : sql``}
    JOIN unnest(${monthList}::date[], ${months.map((m) => m.boundariesOf)}::date[])
      AS mm(month, boundaries_of) ON mm.month = t.month
    ${joins}
    WHERE ${where} AND t.month = ANY(${monthList}::date[])
      AND t.event = ANY(${requirements.map((r) => r.event as string)}::text[])
    GROUP BY 1, 2, 3, 4, 5, 6`.execute(ex);
  for (const row of result.rows) {
    const set = setOf.get(`${row.event}|${row.dimset}`);
    if (!set || row.n === 0 || row.unit === null) continue;
    const { requirement } = set;
    (byKey.get(requirement.key) as CubeRow[]).push({
      unit: row.unit,
      month: row.month,
      n: row.n,
      dims: Object.fromEntries([
        ...set.dims.map((dim) => [dim, row.dims?.[dim] ?? null]),
        ...(requirement.urbanity ? [['urbanity', row.urbanity ?? null]] : []),
      ]),
      ...(set.tagged ? { dimset: set.key } : {}),
    });
  }
  return byKey;
}

export interface UnitRow {
  code: string;
  name: string;
  provinceCode: string;
}

export async function findProvince(ex: Executor, code: string): Promise<UnitRow | null> {
  const result = await sql<{ code: string; name: string }>`
    SELECT code, name FROM admin_unit WHERE code = ${code} AND level = 'province' AND valid_to IS NULL`.execute(
    ex,
  );
  const row = result.rows[0];
  return row ? { ...row, provinceCode: row.code } : null;
}

/**
 * A commune: on today's boundaries one valid today; on historical ones any commune that ever existed, by
 * its name as of the given day (or its latest before).
 */
export async function findCommune(
  ex: Executor,
  code: string,
  boundaries: Boundaries,
  asOf: string,
): Promise<UnitRow | null> {
  const result = await sql<{ code: string; name: string; parent_code: string | null }>`
    SELECT code, name, parent_code FROM admin_unit
    WHERE code = ${code} AND level = 'commune'
      AND ${boundaries === 'current' ? sql`valid_to IS NULL` : sql`true`}
    ORDER BY (valid_from <= ${asOf}::date) DESC, valid_from DESC
    LIMIT 1`.execute(ex);
  const row = result.rows[0];
  return row ? { code: row.code, name: row.name, provinceCode: row.parent_code ?? '' } : null;
}

/** Today's communes whose areas lay in a (former) unit: the unit's place for the access check. */
export async function todaysCommunesOf(ex: Executor, code: string): Promise<string[]> {
  const result = await sql<{ commune_code: string }>`
    SELECT DISTINCT a.commune_code FROM area_unit_history u JOIN area a ON a.id = u.area_id
    WHERE u.commune_code = ${code}`.execute(ex);
  return result.rows.map((r) => r.commune_code);
}

export interface AreaRow {
  id: string;
  name: string;
  provinceCode: string;
  communeCode: string;
}

/** An area visible in the transaction's scope. */
export async function findArea(ex: Executor, id: string): Promise<AreaRow | null> {
  const result = await sql<{ id: string; name: string; province_code: string; commune_code: string }>`
    SELECT id, name, province_code, commune_code FROM area WHERE id = ${id}::uuid`.execute(ex);
  const row = result.rows[0];
  return row
    ? { id: row.id, name: row.name, provinceCode: row.province_code, communeCode: row.commune_code }
    : null;
}

/**
 * The communes of a province a ranking lists: today's, or on historical boundaries the units its areas lay
 * in during the months, each by its name then.
 */
export async function communesToRank(
  ex: Executor,
  provinceCode: string,
  boundaries: Boundaries,
  months: readonly string[],
): Promise<Array<{ code: string; name: string }>> {
  const last = months[months.length - 1] ?? '';
  const codes =
    boundaries === 'current'
      ? sql`SELECT code FROM admin_unit WHERE parent_code = ${provinceCode} AND level = 'commune' AND valid_to IS NULL`
      : sql`SELECT DISTINCT ${areaUnit} AS code
            FROM (SELECT id AS area_id, province_code, commune_code FROM area) t
            CROSS JOIN unnest(${[...months]}::date[]) AS mm(boundaries_of)
            ${historyJoin}
            WHERE t.province_code = ${provinceCode}`;
  const result = await sql<{ code: string; name: string }>`
    SELECT c.code, (SELECT name FROM admin_unit n WHERE n.code = c.code
                    ORDER BY (n.valid_from <= ${last}::date) DESC, n.valid_from DESC LIMIT 1) AS name
    FROM (${codes}) c ORDER BY c.code`.execute(ex);
  return result.rows.map((r) => ({ code: r.code, name: r.name ?? r.code }));
}

/** The months among these whose month-end stocks are not yet complete for the province. */
export async function uncoveredMonths(
  ex: Executor,
  provinceCode: string,
  months: readonly string[],
): Promise<string[]> {
  const result = await sql<{ month: string }>`
    SELECT m.month::date::text AS month FROM unnest(${[...months]}::date[]) AS m(month)
    WHERE NOT EXISTS (SELECT 1 FROM stock_month_coverage c
                      WHERE c.province_code = ${provinceCode} AND c.month = m.month)
    ORDER BY 1`.execute(ex);
  return result.rows.map((r) => r.month);
}

/** Serialises the computing of a province's missing months between concurrent requests. */
export async function lockProvinceStock(ex: Executor, provinceCode: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('danso.stock_month'), hashtext(${provinceCode}))`.execute(
    ex,
  );
}
