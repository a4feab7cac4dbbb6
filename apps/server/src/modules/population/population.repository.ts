import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/** The day the 2025 administrative reform took effect: areas belonged to the old communes before it. */
export const REFORM_DATE = '2025-07-01';

export type Boundaries = 'current' | 'historical';

/**
 * Writes the history of a register that was loaded without changes (the demo seeder, an import): each
 * present person lives in their household from the later of their birth and the household's creation;
 * their vital, marital and residence status hold from then; each area belongs to its commune from the
 * reform date and, before it, to one of the old communes its commune was formed from.
 * Status intervals are not written here: a person without one has held the status on their row all along,
 * and the first change of that status writes the interval it ends (see the changes module).
 */
export function initialiseHistory(provinceCode: string): RawBuilder<unknown>[] {
  return [
    // Sex and birth date copied here, not by the interval's trigger, which would look up each person again.
    sql`
    INSERT INTO residence_interval
      (person_id, household_id, area_id, province_code, commune_code, valid_from, valid_to, sex, birth_date)
    SELECT p.id, p.household_id, p.area_id, p.province_code, p.commune_code,
           greatest(p.birth_date, h.created_on), CASE WHEN p.vital_status = 'dead' THEN p.death_date ELSE p.moved_out_on END,
           p.sex, p.birth_date
    FROM person p JOIN household h ON h.id = p.household_id
    WHERE p.province_code = ${provinceCode}`,
    sql`
    INSERT INTO area_unit_history (area_id, province_code, commune_code, valid_from, valid_to)
    SELECT a.id, a.province_code, a.commune_code, ${REFORM_DATE}::date, NULL FROM area a
    WHERE a.province_code = ${provinceCode}
    ON CONFLICT DO NOTHING`,
    // Before the reform: the old commune, chosen in turn among the commune's predecessors by area number.
    sql`
    INSERT INTO area_unit_history (area_id, province_code, commune_code, valid_from, valid_to)
    SELECT a.id, a.province_code, pred.from_code, NULL, ${REFORM_DATE}::date
    FROM area a
    CROSS JOIN LATERAL (
      SELECT array_agg(s.from_code ORDER BY s.from_code) AS codes FROM admin_succession s
      WHERE s.to_code = a.commune_code AND s.effective_on = ${REFORM_DATE}::date AND s.from_code <> a.commune_code
    ) preds
    CROSS JOIN LATERAL (SELECT preds.codes[1 + (a.number - 1) % cardinality(preds.codes)] AS from_code) pred
    WHERE a.province_code = ${provinceCode} AND cardinality(preds.codes) > 0
    ON CONFLICT DO NOTHING`,
  ];
}

/**
 * The months whose month-end stock is written when a register is first loaded: the last month and this
 * one. Earlier months are computed when first asked for (`refreshStock`), which keeps the load fast.
 */
export function initialStockMonths(today: string): { fromMonth: string; toMonth: string } {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const previous = month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
  return { fromMonth: previous, toMonth: `${today.slice(0, 7)}-01` };
}

/**
 * The first month with a month-end stock: of the given areas when they have one (read through the primary
 * key, cheap under row-level security), else of the province (an area that has none yet).
 */
export async function earliestStockMonth(
  ex: Executor,
  provinceCode: string,
  areaIds: readonly string[] = [],
): Promise<string | null> {
  if (areaIds.length > 0) {
    const ofAreas = await sql<{ m: string | null }>`
      SELECT min(first.month) AS m FROM unnest(${[...areaIds]}::uuid[]) AS a(id)
      CROSS JOIN LATERAL (SELECT month FROM stock_month s WHERE s.area_id = a.id ORDER BY month LIMIT 1) first`.execute(
      ex,
    );
    if (ofAreas.rows[0]?.m) return ofAreas.rows[0].m;
  }
  const result = await sql<{
    m: string | null;
  }>`SELECT min(month) AS m FROM stock_month WHERE province_code = ${provinceCode}`.execute(ex);
  return result.rows[0]?.m ?? null;
}

export interface StockTarget {
  /** Either some areas or a whole province. */
  areaIds?: readonly string[];
  provinceCode?: string;
  /** First days of the first and last month to snapshot. */
  fromMonth: string;
  toMonth: string;
}

/** A month as a number of months since year 0 (January 2025 is 2025 × 12 + 0): the spans below count in them. */
function monthIndexOf(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The same in SQL, of a date expression. */
const monthIndex = (date: RawBuilder<unknown>) =>
  sql`(date_part('year', ${date})::int * 12 + date_part('month', ${date})::int - 1)`;

/**
 * The months of a residence interval `r` whose last day it holds, clamped to the target's: `lo` is the
 * month it started in, `hi` the month before the one it ended in (it holds on the last day of a month only
 * if it ends after it), or the target's last month while it lasts.
 */
function spanOf(target: StockTarget) {
  const [from, to] = [monthIndexOf(target.fromMonth), monthIndexOf(target.toMonth)];
  return {
    lo: sql`greatest(${monthIndex(sql`r.valid_from`)}, ${from}::int)`,
    hi: sql`CASE WHEN r.valid_to IS NULL THEN ${to}::int ELSE least(${monthIndex(sql`r.valid_to`)} - 1, ${to}::int) END`,
    from,
    to,
  };
}

/** The birth month (`born`, as a month index) and whether the person was born on 29 February (`leapling`). */
const birthOf = sql`${monthIndex(sql`r.birth_date`)} AS born,
  (date_part('month', r.birth_date) = 2 AND date_part('day', r.birth_date) = 29) AS leapling`;

/**
 * Age in completed years on the last day of month `k` of someone born in month `born`: the birthday of the
 * birth month has passed by the month's last day, except 29 February in a common year (as `age()` counts).
 */
const ageAtMonthEnd = sql`((k - g.born) / 12
  - (g.leapling AND (k - g.born) % 12 = 0
     AND NOT ((k / 12) % 4 = 0 AND ((k / 12) % 100 <> 0 OR (k / 12) % 400 = 0)))::int)`;

/** The first day of month `k`. */
const monthOfIndex = sql`make_date(k / 12, k % 12 + 1, 1)`;

/**
 * The target's months, `m(month)` (first days), as one series with constant bounds, whose size the planner
 * knows; joined to residence intervals `r` with `coveredByInterval`. Used for the few people whose status
 * changed (see `refreshStock`).
 */
function monthsCovered(target: StockTarget) {
  const count = monthIndexOf(target.toMonth) - monthIndexOf(target.fromMonth) + 1;
  // A series of integers: PostgreSQL 15 counts its rows, not those of a series of dates.
  return sql`CROSS JOIN (SELECT ${target.fromMonth}::date + k * interval '1 month' AS month
    FROM generate_series(0, ${count - 1}::int) AS k) m`;
}

/** The months from the interval's first to its last (the month of the day before it ended). */
const coveredByInterval = sql`m.month::date >= date_trunc('month', r.valid_from)::date
  AND (r.valid_to IS NULL OR m.month::date <= date_trunc('month', r.valid_to - 1)::date)`;

/** Whether the person of interval `r` has a status interval of one of these kinds. */
const hasStatusHistory = (kinds: string[]) =>
  sql`EXISTS (SELECT 1 FROM status_interval x WHERE x.person_id = r.person_id AND x.kind = ANY(${kinds}::text[]))`;

/**
 * Recomputes the month-end stock (population on the last day of each month by sex, single age and
 * residence status) of the given areas or province from the validity intervals, with the other stocks the
 * reports read (`monthEndStocksForReports`). A whole province's months are recorded as computed.
 *
 * Most people's status held all along: their intervals are grouped first by area, sex, birth month and span
 * of months — thousands of groups, not millions of people — and only the groups are spread over the months
 * (a person's age on a month's last day depends only on the birth month). The few whose status changed
 * are counted month by month against their status intervals. Three years of a province of a million
 * people so cost about as much as one month counted person by person.
 */
export function refreshStock(target: StockTarget): RawBuilder<unknown>[] {
  const where = target.areaIds
    ? sql`area_id = ANY(${[...target.areaIds]}::uuid[])`
    : sql`province_code = ${target.provinceCode ?? ''}`;
  const whereR = target.areaIds
    ? sql`r.area_id = ANY(${[...target.areaIds]}::uuid[])`
    : sql`r.province_code = ${target.provinceCode ?? ''}`;
  const span = spanOf(target);
  const inTarget = sql`${whereR} AND (r.valid_to IS NULL OR r.valid_to > ${target.fromMonth}::date)`;
  return [
    // The groupings below hold a province's rows in memory rather than spilling them to disk.
    sql`SET LOCAL work_mem = '256MB'`,
    sql`DELETE FROM stock_month WHERE ${where} AND month BETWEEN ${target.fromMonth}::date AND ${target.toMonth}::date`,
    sql`
    INSERT INTO stock_month (area_id, province_code, commune_code, month, sex, age, residence_status, n)
    WITH steady AS (
      SELECT g.area_id, g.province_code, g.commune_code, ${monthOfIndex} AS month, g.sex,
             ${ageAtMonthEnd}::smallint AS age, g.status, g.n
      FROM (
        SELECT r.area_id, r.province_code, r.commune_code, r.sex, r.born, r.leapling, r.lo, r.hi,
               p.residence_status AS status, count(*)::int AS n
        FROM (SELECT r.*, ${birthOf}, ${span.lo} AS lo, ${span.hi} AS hi
              FROM residence_interval r
              WHERE ${inTarget} AND NOT ${hasStatusHistory(['residence'])}) r
        JOIN person p ON p.id = r.person_id
        WHERE r.lo <= r.hi
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
      ) g
      CROSS JOIN LATERAL generate_series(g.lo, g.hi) AS k
    ),
    changing AS (
      SELECT c.area_id, c.province_code, c.commune_code, c.month, c.sex,
             least(extract(year FROM age(c.month_end, c.birth_date)), 32000)::smallint AS age,
             coalesce(s.value, p.residence_status) AS status, 1 AS n
      FROM (
        SELECT r.person_id, r.area_id, r.province_code, r.commune_code, r.sex, r.birth_date, r.valid_to,
               m.month::date AS month, (m.month + interval '1 month' - interval '1 day')::date AS month_end
        FROM residence_interval r
        ${monthsCovered(target)}
        WHERE ${inTarget} AND ${hasStatusHistory(['residence'])} AND ${coveredByInterval}
      ) c
      JOIN person p ON p.id = c.person_id
      LEFT JOIN status_interval s ON s.person_id = c.person_id AND s.kind = 'residence'
        AND s.valid_from <= c.month_end AND (s.valid_to IS NULL OR s.valid_to > c.month_end)
      WHERE c.valid_to IS NULL OR c.valid_to > c.month_end
    )
    SELECT area_id, province_code, commune_code, month, sex, age, status, sum(n)::int
    FROM (SELECT * FROM steady UNION ALL SELECT * FROM changing) counted
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ORDER BY 1, 4, 5, 6, 7`,
    ...monthEndStocksForReports(target, where, whereR),
  ];
}

/**
 * The month-end stocks the indicators read besides stock_month: women aged 15–49 by 5-year age group,
 * marital status and contraceptive method, and households with a member living in the area; then all three
 * summed per commune and unit. Marital status is the interval's value then, else the person's own (held all
 * along); the method is the interval's then ('none' between intervals), or for a woman without any, her
 * row's method from the day she started it. Women are counted like people (`refreshStock`); a household
 * lives in an area over the union of its members' months there.
 */
function monthEndStocksForReports(
  target: StockTarget,
  where: RawBuilder<unknown>,
  whereR: RawBuilder<unknown>,
): RawBuilder<unknown>[] {
  const months = sql`BETWEEN ${target.fromMonth}::date AND ${target.toMonth}::date`;
  const span = spanOf(target);
  const women = sql`${whereR} AND (r.valid_to IS NULL OR r.valid_to > ${target.fromMonth}::date)
    AND r.sex = 2 AND r.birth_date > ${target.fromMonth}::date - interval '50 years'
    AND r.birth_date < ${target.toMonth}::date + interval '1 month' - interval '15 years'`;
  const ageGroup = (age: RawBuilder<unknown>) =>
    sql`(${age} / 5 * 5)::text || '-' || (${age} / 5 * 5 + 4)::text`;
  const statusKinds = ['marital', 'contraception'];
  return [
    sql`DELETE FROM women_stock_month WHERE ${where} AND month ${months}`,
    sql`DELETE FROM household_stock_month WHERE ${where} AND month ${months}`,
    sql`
    INSERT INTO women_stock_month
      (area_id, province_code, commune_code, month, age_group, marital_status, contraceptive_method, n)
    WITH steady AS (
      SELECT g.area_id, g.province_code, g.commune_code, ${monthOfIndex} AS month, ${ageAtMonthEnd} AS age,
             g.marital_status, CASE WHEN k >= g.starts THEN g.method ELSE 'none' END AS method, g.n
      FROM (
        SELECT r.area_id, r.province_code, r.commune_code, r.born, r.leapling,
               greatest(r.lo, r.born + 15 * 12) AS lo, least(r.hi, r.born + 50 * 12) AS hi,
               p.marital_status, coalesce(p.contraceptive_method, 'none') AS method,
               -- The method counts from the month she started it (clamped to the target's months).
               CASE WHEN p.contraception_started_on IS NULL THEN ${span.from}::int
                    ELSE least(greatest(${monthIndex(sql`p.contraception_started_on`)}, ${span.from}::int), ${span.to + 1}::int)
               END AS starts,
               count(*)::int AS n
        FROM (SELECT r.*, ${birthOf}, ${span.lo} AS lo, ${span.hi} AS hi
              FROM residence_interval r WHERE ${women} AND NOT ${hasStatusHistory(statusKinds)}) r
        JOIN person p ON p.id = r.person_id
        WHERE greatest(r.lo, r.born + 15 * 12) <= least(r.hi, r.born + 50 * 12)
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      ) g
      CROSS JOIN LATERAL generate_series(g.lo, g.hi) AS k
    ),
    changing AS (
      SELECT a.area_id, a.province_code, a.commune_code, a.month, a.age,
             coalesce(sm.value, a.marital_status) AS marital_status,
             CASE WHEN a.has_contraception_history THEN coalesce(sc.value, 'none')
                  WHEN a.contraception_started_on IS NULL OR a.contraception_started_on <= a.month_end
                    THEN coalesce(a.contraceptive_method, 'none')
                  ELSE 'none' END AS method,
             1 AS n
      FROM (
        SELECT c.*, extract(year FROM age(c.month_end::timestamp, p.birth_date::timestamp))::int AS age,
               p.marital_status, p.contraceptive_method, p.contraception_started_on,
               EXISTS (SELECT 1 FROM status_interval x WHERE x.person_id = c.person_id AND x.kind = 'contraception')
                 AS has_contraception_history
        FROM (
          SELECT r.person_id, r.area_id, r.province_code, r.commune_code, r.valid_to,
                 m.month::date AS month, (m.month + interval '1 month' - interval '1 day')::date AS month_end
          FROM residence_interval r
          ${monthsCovered(target)}
          WHERE ${women} AND ${hasStatusHistory(statusKinds)} AND ${coveredByInterval}
        ) c
        JOIN person p ON p.id = c.person_id
        WHERE c.valid_to IS NULL OR c.valid_to > c.month_end
      ) a
      LEFT JOIN status_interval sm ON sm.person_id = a.person_id AND sm.kind = 'marital'
        AND sm.valid_from <= a.month_end AND (sm.valid_to IS NULL OR sm.valid_to > a.month_end)
      LEFT JOIN status_interval sc ON sc.person_id = a.person_id AND sc.kind = 'contraception'
        AND sc.valid_from <= a.month_end AND (sc.valid_to IS NULL OR sc.valid_to > a.month_end)
    )
    SELECT area_id, province_code, commune_code, month, ${ageGroup(sql`age`)}, marital_status, method, sum(n)::int
    FROM (SELECT * FROM steady UNION ALL SELECT * FROM changing) counted
    WHERE age BETWEEN 15 AND 49
    GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    // A household's members' spans in an area, merged where they overlap or touch (islands), so that each
    // month counts the household once.
    sql`
    INSERT INTO household_stock_month (area_id, province_code, commune_code, month, kind, n)
    WITH spans AS (
      SELECT r.household_id, r.area_id, r.province_code, r.commune_code, ${span.lo} AS lo, ${span.hi} AS hi
      FROM residence_interval r
      WHERE ${whereR} AND (r.valid_to IS NULL OR r.valid_to > ${target.fromMonth}::date)
    ),
    reached AS (
      SELECT s.*, max(s.hi) OVER (PARTITION BY s.household_id, s.area_id ORDER BY s.lo, s.hi
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
      FROM spans s WHERE s.lo <= s.hi
    ),
    islands AS (
      SELECT r.*, count(*) FILTER (WHERE r.reach IS NULL OR r.lo > r.reach + 1)
               OVER (PARTITION BY r.household_id, r.area_id ORDER BY r.lo, r.hi ROWS UNBOUNDED PRECEDING) AS island
      FROM reached r
    ),
    grouped AS (
      SELECT i.area_id, i.province_code, i.commune_code, h.kind, i.lo, i.hi, count(*)::int AS n
      FROM (SELECT household_id, area_id, province_code, commune_code, min(lo) AS lo, max(hi) AS hi
            FROM islands GROUP BY household_id, area_id, province_code, commune_code, island) i
      JOIN household h ON h.id = i.household_id
      GROUP BY 1, 2, 3, 4, 5, 6
    )
    SELECT g.area_id, g.province_code, g.commune_code, ${monthOfIndex}, g.kind, sum(g.n)::int
    FROM grouped g CROSS JOIN LATERAL generate_series(g.lo, g.hi) AS k
    GROUP BY 1, 2, 3, 4, 5`,
    ...communeSums(target, 'stock_month', 'stock_unit_month', ['sex', 'age', 'residence_status']),
    ...communeSums(target, 'women_stock_month', 'women_stock_unit_month', [
      'age_group',
      'marital_status',
      'contraceptive_method',
    ]),
    ...communeSums(target, 'household_stock_month', 'household_stock_unit_month', ['kind']),
    provinceSums(target),
    ...(target.areaIds
      ? []
      : [
          sql`
    INSERT INTO stock_month_coverage (province_code, month)
    SELECT ${target.provinceCode ?? ''}, m::date
    FROM generate_series(${target.fromMonth}::date, ${target.toMonth}::date, interval '1 month') AS m
    ON CONFLICT ON CONSTRAINT stock_month_coverage_pk DO UPDATE SET computed_at = now()`,
        ]),
  ];
}

/** Runs statements built here in order on an executor. */
export async function runAll(ex: Executor, statements: readonly RawBuilder<unknown>[]): Promise<void> {
  for (const statement of statements) await statement.execute(ex);
}

export interface SexAgeCount {
  sex: number;
  age: number;
  n: number;
}

/**
 * The areas that made up a unit on a date: today's commune, or the unit valid then. Written as a list of
 * areas (not as the unit of each interval's area) so that the intervals are read through their area index.
 */
function areasOfUnit(communeCode: string, boundaries: Boundaries, date: string) {
  return boundaries === 'current'
    ? sql`SELECT a.id FROM area a WHERE a.commune_code = ${communeCode}`
    : sql`SELECT u.area_id FROM area_unit_history u WHERE u.commune_code = ${communeCode}
            AND (u.valid_from IS NULL OR u.valid_from <= ${date}::date)
            AND (u.valid_to IS NULL OR u.valid_to > ${date}::date)`;
}

/** Residence intervals that hold on a date, in a commune (on the chosen boundaries) or a province. */
function residentsOn(
  place: { communeCode?: string; provinceCode?: string },
  date: string,
  boundaries: Boundaries,
) {
  const placeFilter = place.communeCode
    ? sql`r.area_id IN (${areasOfUnit(place.communeCode, boundaries, date)})`
    : sql`r.province_code = ${place.provinceCode ?? ''}`;
  return sql`r.valid_from <= ${date}::date AND (r.valid_to IS NULL OR r.valid_to > ${date}::date) AND ${placeFilter}`;
}

/**
 * People by sex and single age (completed years) living in a place on a date, from the intervals alone (they
 * carry the person's sex and birth date): for a commune, an index-only scan of its areas' intervals. The age
 * is taken between timestamps without time zone: the same calendar difference as between dates, without
 * converting each birth date to the session's time zone; date_part gives its years as a float, cheaper for
 * every row than extract's numeric.
 */
export async function populationBySexAge(
  ex: Executor,
  place: { communeCode?: string; provinceCode?: string },
  date: string,
  boundaries: Boundaries,
): Promise<SexAgeCount[]> {
  const result = await sql<SexAgeCount>`
    SELECT r.sex, date_part('year', age(${date}::date::timestamp, r.birth_date::timestamp))::int AS age,
           count(*)::int AS n
    FROM residence_interval r
    WHERE ${residentsOn(place, date, boundaries)}
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(ex);
  return result.rows;
}

export interface ResidentRow {
  person_id: string;
  full_name: string;
  sex: number;
  birth_date: string;
  household_id: string;
  household_code: string;
  area_id: string;
}

/** Who lived in a commune on a date (personal data: the service audits the read). */
export async function residents(
  ex: Executor,
  communeCode: string,
  date: string,
  boundaries: Boundaries,
  page: { limit: number; offset: number },
): Promise<{ rows: ResidentRow[]; total: number }> {
  const where = residentsOn({ communeCode }, date, boundaries);
  const total = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM residence_interval r WHERE ${where}`.execute(ex);
  const result = await sql<ResidentRow>`
    SELECT p.id AS person_id, p.full_name, p.sex, p.birth_date, r.household_id, h.code AS household_code, r.area_id
    FROM residence_interval r JOIN person p ON p.id = r.person_id JOIN household h ON h.id = r.household_id
    WHERE ${where}
    ORDER BY h.code, p.row_number LIMIT ${page.limit} OFFSET ${page.offset}`.execute(ex);
  return { rows: result.rows, total: total.rows[0]?.n ?? 0 };
}

/** The month-end stock of a commune or province, summed over areas. */
export async function stockOf(
  ex: Executor,
  place: { communeCode?: string; provinceCode?: string },
  month: string,
): Promise<SexAgeCount[]> {
  const filter = place.communeCode
    ? sql`commune_code = ${place.communeCode}`
    : sql`province_code = ${place.provinceCode ?? ''}`;
  const result = await sql<SexAgeCount>`
    SELECT sex, age, sum(n)::int AS n FROM stock_month WHERE ${filter} AND month = ${month}::date
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(ex);
  return result.rows;
}

export async function stockMonths(ex: Executor, provinceCode: string): Promise<string[]> {
  const result = await sql<{ month: string }>`
    SELECT DISTINCT month FROM stock_month WHERE province_code = ${provinceCode} ORDER BY month`.execute(ex);
  return result.rows.map((r) => r.month);
}

/** The province sums of the stocks for the target's months, from the communes' sums. */
function provinceSums(target: StockTarget): RawBuilder<unknown> {
  const province = target.areaIds
    ? sql`(SELECT DISTINCT province_code FROM area WHERE id = ANY(${[...target.areaIds]}::uuid[]))`
    : sql`(SELECT ${target.provinceCode ?? ''}::text AS province_code)`;
  return sql`SELECT danso_sum_province_stock(p.province_code, ${target.fromMonth}::date, ${target.toMonth}::date)
    FROM ${province} p`;
}

/**
 * Sums an area-level month-end stock per commune and unit: the unit the areas lay in on the month's first day
 * and on the next month's (area_unit_history, else the commune), for the communes of the target's areas.
 */
function communeSums(target: StockTarget, from: string, into: string, dims: string[]): RawBuilder<unknown>[] {
  const communes = (alias: string) =>
    target.areaIds
      ? sql`${sql.ref(`${alias}.commune_code`)} IN (SELECT commune_code FROM area WHERE id = ANY(${[...target.areaIds]}::uuid[]))`
      : sql`${sql.ref(`${alias}.province_code`)} = ${target.provinceCode ?? ''}`;
  const months = sql`BETWEEN ${target.fromMonth}::date AND ${target.toMonth}::date`;
  const unitOn = (
    alias: string,
    day: RawBuilder<unknown>,
  ) => sql`LEFT JOIN area_unit_history ${sql.ref(alias)}
    ON ${sql.ref(`${alias}.area_id`)} = s.area_id
    AND (${sql.ref(`${alias}.valid_from`)} IS NULL OR ${sql.ref(`${alias}.valid_from`)} <= ${day})
    AND (${sql.ref(`${alias}.valid_to`)} IS NULL OR ${sql.ref(`${alias}.valid_to`)} > ${day})`;
  const columns = sql.join(dims.map((d) => sql.ref(d)));
  const selected = sql.join(dims.map((d) => sql.ref(`s.${d}`)));
  const groups = sql.join(Array.from({ length: 5 + dims.length }, (_, i) => sql.lit(i + 1)));
  return [
    sql`DELETE FROM ${sql.table(into)} t WHERE ${communes('t')} AND t.month ${months}`,
    sql`
    INSERT INTO ${sql.table(into)} (province_code, commune_code, unit_code, next_unit_code, month, ${columns}, n)
    SELECT s.province_code, s.commune_code, coalesce(h.commune_code, s.commune_code),
           coalesce(x.commune_code, s.commune_code), s.month, ${selected}, sum(s.n)::int
    FROM ${sql.table(from)} s
    ${unitOn('h', sql`s.month`)}
    ${unitOn('x', sql`(s.month + interval '1 month')::date`)}
    WHERE ${communes('s')} AND s.month ${months}
    GROUP BY ${groups}`,
  ];
}
