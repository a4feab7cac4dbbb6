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
    sql`
    INSERT INTO residence_interval (person_id, household_id, area_id, province_code, commune_code, valid_from, valid_to)
    SELECT p.id, p.household_id, p.area_id, p.province_code, p.commune_code,
           greatest(p.birth_date, h.created_on), CASE WHEN p.vital_status = 'dead' THEN p.death_date ELSE p.moved_out_on END
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

export interface StockTarget {
  /** Either some areas or a whole province. */
  areaIds?: readonly string[];
  provinceCode?: string;
  /** First days of the first and last month to snapshot. */
  fromMonth: string;
  toMonth: string;
}

/**
 * Recomputes the month-end stock (population on the last day of each month by sex, single age and
 * residence status) of the given areas or province from the validity intervals.
 */
export function refreshStock(target: StockTarget): RawBuilder<unknown>[] {
  const where = target.areaIds
    ? sql`area_id = ANY(${[...target.areaIds]}::uuid[])`
    : sql`province_code = ${target.provinceCode ?? ''}`;
  const whereR = target.areaIds
    ? sql`r.area_id = ANY(${[...target.areaIds]}::uuid[])`
    : sql`r.province_code = ${target.provinceCode ?? ''}`;
  return [
    sql`DELETE FROM stock_month WHERE ${where} AND month BETWEEN ${target.fromMonth}::date AND ${target.toMonth}::date`,
    // Each residence interval lists the month ends it covers (a hash join on the person for the residence
    // status), rather than testing every interval against every month.
    sql`
    INSERT INTO stock_month (area_id, province_code, commune_code, month, sex, age, residence_status, n)
    WITH covered AS (
      SELECT r.person_id, r.area_id, r.province_code, r.commune_code, r.valid_to, m.month::date AS month,
             (m.month + interval '1 month' - interval '1 day')::date AS month_end
      FROM residence_interval r
      CROSS JOIN LATERAL generate_series(
        greatest(date_trunc('month', r.valid_from), ${target.fromMonth}::date),
        least(coalesce(date_trunc('month', r.valid_to - 1), ${target.toMonth}::date), ${target.toMonth}::date),
        interval '1 month') AS m(month)
      WHERE ${whereR} AND (r.valid_to IS NULL OR r.valid_to > ${target.fromMonth}::date)
    )
    SELECT c.area_id, c.province_code, c.commune_code, c.month, p.sex,
           least(extract(year FROM age(c.month_end, p.birth_date)), 32000)::smallint,
           coalesce(s.value, p.residence_status), count(*)::int
    FROM covered c
    JOIN person p ON p.id = c.person_id
    LEFT JOIN status_interval s ON s.person_id = c.person_id AND s.kind = 'residence'
      AND s.valid_from <= c.month_end AND (s.valid_to IS NULL OR s.valid_to > c.month_end)
    WHERE c.valid_to IS NULL OR c.valid_to > c.month_end
    GROUP BY 1, 2, 3, 4, 5, 6, 7`,
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
 * People by sex and single age (completed years) living in a place on a date. The age is taken between
 * timestamps without time zone: the same calendar difference as between dates, without converting each
 * birth date to the session's time zone.
 */
export async function populationBySexAge(
  ex: Executor,
  place: { communeCode?: string; provinceCode?: string },
  date: string,
  boundaries: Boundaries,
): Promise<SexAgeCount[]> {
  const result = await sql<SexAgeCount>`
    SELECT p.sex, extract(year FROM age(${date}::date::timestamp, p.birth_date::timestamp))::int AS age,
           count(*)::int AS n
    FROM residence_interval r JOIN person p ON p.id = r.person_id
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
