/**
 * Monthly flow counts for the benchmarks' seeded provinces. A seeded register has no changes, so its
 * flow_count would be empty and the reports' reads of flows would cost nothing; a real province has three
 * years of approved births, deaths, moves, marriages, contraception changes, pregnancies, screenings and
 * check-ups behind it. This writes flow counts of the same volume (rates of a province of Viet Nam, per
 * person and year) and variety (the events and dimensions of `flowCounts` in the domain, with codes from the
 * code lists) for the last three years, drawn from the register's own people: each person is drawn or not,
 * then given one event and a month, all from hashes of their id, so the same province gets the same counts.
 *
 * For timing reads only: the counts do not match change records (there are none). The cached databases are
 * only read by the benchmarks, so their flow_count holds nothing else; a marker table records what was
 * written, and a fixture of another version or months replaces it.
 */
import { defaultRegisterCodeLists } from '@danso/domain';
import type { Database } from '@danso/server/db/database.ts';
import { sql } from 'kysely';

/** Change it when the counts written change, so that cached databases get new ones. */
const FIXTURE_VERSION = 1;
const MONTHS = 36;

/** Events a year per person (together about 0.13): a province of Viet Nam, roughly. */
const RATES: ReadonlyArray<readonly [event: string, perPersonYear: number]> = [
  ['birth', 0.015],
  ['death', 0.0065],
  ['move_in', 0.008],
  ['move_out', 0.009],
  ['marriage', 0.007],
  ['divorce', 0.001],
  ['contraception_start', 0.012],
  ['contraception_stop', 0.006],
  ['pregnancy_event', 0.016],
  ['prenatal_screening', 0.01],
  ['newborn_screening', 0.01],
  ['elderly_check', 0.02],
  ['premarital_check', 0.005],
  ['household_new', 0.004],
  ['household_split', 0.002],
];

const codes = (list: keyof typeof defaultRegisterCodeLists) =>
  defaultRegisterCodeLists[list].entries.map((e) => e.code);

/** The first day of the month `back` months before this one (UTC; a fixture needs no Viet Nam date). */
function monthStart(back: number): string {
  const now = new Date();
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** Writes the province's fixture flows unless the same are there already. Returns the rows written (0: kept). */
export async function ensureBenchFlows(database: Database, provinceCode: string): Promise<number> {
  const fromMonth = monthStart(MONTHS - 1);
  const marker = `${FIXTURE_VERSION}:${provinceCode}:${fromMonth}`;
  const db = database.db;
  await sql`CREATE TABLE IF NOT EXISTS bench_flows (marker text NOT NULL)`.execute(db);
  const found = await sql<{ marker: string }>`SELECT marker FROM bench_flows`.execute(db);
  if (found.rows.some((r) => r.marker === marker)) return 0;

  const started = performance.now();
  console.log(`  writing ${MONTHS} months of flow counts for province ${provinceCode} (benchmark fixture)`);
  const perPersonYear = RATES.reduce((sum, [, rate]) => sum + rate, 0);
  // The share of people drawn: one event each over the months.
  const share = (perPersonYear * MONTHS) / 12;
  // Thresholds on a uniform draw in [0, 1) choosing the event in proportion to its rate.
  let cumulative = 0;
  const thresholds = RATES.map(([event, rate]) => {
    cumulative += rate;
    return { event, below: cumulative / perPersonYear };
  });
  const uniform = (salt: string) =>
    sql`((hashtext(p.id::text || ${salt}) & 2147483647)::float8 / 2147483648)`;
  const pick = (values: string[], salt: string) =>
    sql`(${values}::text[])[1 + (hashtext(p.id::text || ${salt}) & 2147483647) % ${values.length}::int]`;
  const event = sql`CASE ${sql.join(
    thresholds.map((t) => sql`WHEN ${uniform(':event')} < ${t.below}::float8 THEN ${t.event}`),
    sql` `,
  )} ELSE 'household_split' END`;
  const ageGroup = sql`CASE WHEN d.age < 1 THEN '0' WHEN d.age < 5 THEN '1-4' WHEN d.age >= 85 THEN '85+'
    ELSE (d.age / 5 * 5)::text || '-' || (d.age / 5 * 5 + 4)::text END`;
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM flow_count WHERE province_code = ${provinceCode}`.execute(trx);
    await sql`DELETE FROM bench_flows`.execute(trx);
    await sql`
      INSERT INTO flow_count (area_id, province_code, commune_code, month, event, dims, n)
      WITH drawn AS (
        SELECT p.area_id, p.province_code, p.commune_code, p.sex, p.ethnicity_code,
               ${event} AS event,
               (${fromMonth}::date + ((hashtext(p.id::text || ':month') & 2147483647) % ${MONTHS}::int)
                 * interval '1 month')::date AS month,
               p.birth_date,
               ${pick(codes('birthPlace'), ':place')} AS birth_place,
               ${pick(
                 codes('contraceptiveMethod').filter((c) => c !== 'none'),
                 ':method',
               )} AS method,
               ${pick(codes('pregnancyEventKind'), ':kind')} AS kind,
               ${pick(['1', '2', '3+'], ':order')} AS birth_order,
               ${pick(['15-19', '20-24', '25-29', '30-34', '35-39', '40-44'], ':mother')} AS mother_age,
               ${pick(['same_province', 'same_province', 'other_province', 'abroad'], ':where')} AS place,
               ${uniform(':rare')} AS rare
        FROM person p
        WHERE p.province_code = ${provinceCode} AND ${uniform(':drawn')} < ${share}::float8
      ),
      aged AS (
        SELECT d.*, ${ageGroup} AS age_group
        FROM (SELECT drawn.*, greatest(0, date_part('year', age(month::timestamp, birth_date::timestamp)))::int AS age
              FROM drawn) d
      )
      SELECT area_id, province_code, commune_code, month, event,
        CASE event
          WHEN 'birth' THEN jsonb_build_object('sex', (1 + (rare * 1000)::int % 2)::text, 'birthOrder', birth_order,
            'motherAgeGroup', mother_age, 'birthPlace', birth_place, 'ethnicity', ethnicity_code)
          WHEN 'death' THEN jsonb_build_object('sex', sex::text, 'ageGroup', age_group)
          WHEN 'move_in' THEN jsonb_build_object('sex', sex::text, 'ageGroup', age_group, 'origin', place)
          WHEN 'move_out' THEN jsonb_build_object('sex', sex::text, 'ageGroup', age_group, 'destination', place)
          WHEN 'contraception_start' THEN jsonb_build_object('method', method, 'livingChildren', birth_order)
          WHEN 'contraception_stop' THEN jsonb_build_object('method', method)
          WHEN 'pregnancy_event' THEN jsonb_build_object('kind', kind)
          WHEN 'elderly_check' THEN jsonb_build_object('sex', sex::text)
          WHEN 'marriage' THEN jsonb_build_object('sex', sex::text, 'ageGroup', age_group,
            'childMarriage', (rare < 0.02)::text, 'consanguineous', (rare > 0.995)::text)
          WHEN 'premarital_check' THEN jsonb_build_object('counselling', (rare < 0.8)::text,
            'healthCheck', (rare < 0.6)::text)
          ELSE '{}'::jsonb
        END,
        count(*)::int
      FROM aged
      GROUP BY 1, 2, 3, 4, 5, 6`.execute(trx);
    await sql`INSERT INTO bench_flows VALUES (${marker})`.execute(trx);
  });
  const rows = await sql<{ n: number; events: number }>`
    SELECT count(*)::int AS n, coalesce(sum(n), 0)::int AS events FROM flow_count WHERE province_code = ${provinceCode}`.execute(
    db,
  );
  const { n, events } = rows.rows[0] ?? { n: 0, events: 0 };
  console.log(
    `  ${events.toLocaleString('en')} events in ${n.toLocaleString('en')} flow counts, ${Math.round((performance.now() - started) / 1000)} s`,
  );
  await sql`ANALYZE flow_count`.execute(db);
  return n;
}
