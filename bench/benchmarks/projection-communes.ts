/**
 * Seeds a synthetic Lạng Sơn of 1,000,000 people into a fresh PostgreSQL database, reads the base population
 * by commune × sex × single age (0 … 100+) with one GROUP BY, and times a 30-year single-year cohort-component
 * projection of every commune. Target (DESIGN.md §5): all communes in ≤ 1 s. Only the projections are timed;
 * the SQL read is reported beside them.
 *
 * Rates (Viet Nam files in ../shared/data/demography/): death rates nMx 2020–2025 by sex (UN WPP 2024),
 * constant within each five-year group, as a complete life table 0 … 100+ whose single-year survival ratios
 * drive the projection; the age pattern of fertility 2020–2025 (WPP 2024) scaled to Lạng Sơn's latest TFR
 * (GSO), each five-year rate applied to its five single ages; the latest WPP sex ratio at birth. No migration.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  computeLifeTable,
  type LifeTable,
  projectCohortComponent,
  survivalFromLifeTable,
} from '@danso/domain';
import { type Database, openDatabase } from '@danso/server/db/database.ts';
import { migrate } from '@danso/server/db/migrate.ts';
import { loadNationalUnits } from '@danso/server/modules/admin-units/national.ts';
import { referenceDate } from '@danso/server/modules/seed/data/demography.ts';
import { seedProvince } from '@danso/server/modules/seed/index.ts';
import pg from 'pg';
import type { BenchmarkResult } from '../benchmark.ts';

export const id = 'projection-communes';
export const title = '30-year single-age projection of every commune (Lạng Sơn, 1,000,000 people)';
export const unit = 'ms';
export const target = '≤ 1 s for all communes';

const provinceCode = '20';
const gsoProvinceName = 'Lang Son';
const people = 1_000_000;
const seed = 2025;
const horizon = 30;
const openAge = 100;
const maxMs = 1000;
const ratesPeriod = '2020-2025';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dataDir = path.resolve(import.meta.dirname, '../../../shared/data/demography');

async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database with the national units, dropped by the caller. */
async function freshDatabase(name: string): Promise<Database> {
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', maxConnections: 2 });
  await migrate(database);
  await loadNationalUnits(database);
  return database;
}

/** The rows of one of the reference CSV files (no field of theirs holds a comma). */
function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(path.join(dataDir, file), 'utf8').trim().split(/\r?\n/);
  const unquote = (v: string) => v.replace(/^"|"$/g, '');
  const keys = (header ?? '').split(',').map(unquote);
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i] ?? '', unquote(v)])));
}

const singleAges = Array.from({ length: openAge + 1 }, (_, i) => i);

interface Rates {
  tables: Record<'male' | 'female', LifeTable>;
  survival: Record<'male' | 'female', number[]>;
  asfr: number[];
  srb: number;
  tfr: number;
  tfrYear: string;
  e0Abridged: Record<'male' | 'female', number>;
}

/** Death rates, fertility and SRB from the Viet Nam files, as the single-year inputs of the projection. */
function readRates(): Rates {
  const mxRows = readCsv('vn_wpp2024_mx_abridged_2015-2020_2020-2025.csv').filter(
    (r) => r.period === ratesPeriod,
  );
  const abridgedAges = mxRows.map((r) => Number.parseInt(r.age ?? '', 10));
  const groupOf = (age: number) => {
    let g = 0;
    while (g + 1 < abridgedAges.length && (abridgedAges[g + 1] ?? Infinity) <= age) g++;
    return g;
  };
  const lifeTables = (sex: 'male' | 'female') => {
    const abridgedMx = mxRows.map((r) => Number(sex === 'male' ? r.mxM : r.mxF));
    // The source has nothing finer than five-year groups: each single age takes its group's rate.
    const mx = singleAges.map((age) => abridgedMx[groupOf(age)] ?? 0);
    return {
      complete: computeLifeTable(singleAges, mx, sex),
      abridged: computeLifeTable(abridgedAges, abridgedMx, sex),
    };
  };
  const male = lifeTables('male');
  const female = lifeTables('female');

  const gso = readCsv('vn_gso_province_hcmc_langson_2010_2016.csv')
    .filter((r) => r.province === gsoProvinceName)
    .sort((a, b) => Number(a.year) - Number(b.year))
    .at(-1);
  if (!gso) throw new Error(`no GSO rows for ${gsoProvinceName}`);
  const tfr = Number(gso.total_fertility_rate);
  const pattern = readCsv('vn_wpp2024_pasfr_2015-2020_2020-2025.csv').filter((r) => r.period === ratesPeriod);
  const asfr = singleAges.map(() => 0);
  for (const row of pattern) {
    const from = Number.parseInt(row.age ?? '', 10);
    const rate = ((Number(row.pasfr) / 100) * tfr) / 5;
    for (let age = from; age < from + 5; age++) asfr[age] = rate;
  }
  const srbRow = readCsv('vn_wpp2024_annual_indicators_2010_2024.csv')
    .filter((r) => r.srb_male_per_female !== '')
    .at(-1);
  const srb = Number(srbRow?.srb_male_per_female);
  if (!(srb > 0) || !(tfr > 0) || mxRows.length === 0) throw new Error('reference rates not found');

  return {
    tables: { male: male.complete, female: female.complete },
    survival: {
      male: survivalFromLifeTable(male.complete, 1),
      female: survivalFromLifeTable(female.complete, 1),
    },
    asfr,
    srb,
    tfr,
    tfrYear: gso.year ?? '',
    e0Abridged: { male: male.abridged.ex[0] ?? 0, female: female.abridged.ex[0] ?? 0 },
  };
}

interface CommunePopulation {
  male: number[];
  female: number[];
}

/** Living people by commune × sex × completed age on the register's reference date, 100 and over together. */
async function readBasePopulation(database: Database): Promise<Map<string, CommunePopulation>> {
  const { rows } = await database.pool.query<{ commune_code: string; sex: number; age: number; n: number }>(
    `SELECT commune_code, sex, least(date_part('year', age($1::date, birth_date))::int, $3::int) AS age,
            count(*)::int AS n
       FROM person
      WHERE province_code = $2 AND vital_status = 'alive' AND birth_date <= $1::date
      GROUP BY 1, 2, 3`,
    [referenceDate, provinceCode, openAge],
  );
  const communes = new Map<string, CommunePopulation>();
  for (const row of rows) {
    let commune = communes.get(row.commune_code);
    if (!commune) {
      commune = { male: singleAges.map(() => 0), female: singleAges.map(() => 0) };
      communes.set(row.commune_code, commune);
    }
    (row.sex === 1 ? commune.male : commune.female)[row.age] = row.n;
  }
  return communes;
}

interface ProjectionTotals {
  base: number;
  final: number;
  births: number;
  deaths: number;
}

/** One 30-year projection per commune; returns the province's totals as a check on what was computed. */
function projectEveryCommune(communes: Map<string, CommunePopulation>, rates: Rates): ProjectionTotals {
  const totals = { base: 0, final: 0, births: 0, deaths: 0 };
  for (const population of communes.values()) {
    const projection = projectCohortComponent({
      step: 1,
      horizon,
      ages: singleAges,
      population,
      survival: rates.survival,
      asfr: rates.asfr,
      srb: rates.srb,
    });
    totals.final += projection.steps.at(-1)?.indicators.total ?? 0;
    for (const step of projection.steps) {
      totals.births += step.births.total;
      totals.deaths += step.deaths.total;
    }
  }
  for (const population of communes.values()) {
    for (let i = 0; i <= openAge; i++) totals.base += (population.male[i] ?? 0) + (population.female[i] ?? 0);
  }
  return totals;
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function run(): Promise<BenchmarkResult> {
  const rates = readRates();
  const name = `danso_bench_${randomBytes(4).toString('hex')}`;
  let database: Database | null = null;
  const cleanup = async () => {
    await database?.close().catch(() => {});
    database = null;
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  };
  const onInterrupt = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  try {
    database = await freshDatabase(name);
    console.log(`  seeding ${people.toLocaleString('en')} people into ${name}`);
    const report = await seedProvince(database, { provinceCode, people, seed });
    console.log(`  seeded in ${round(report.elapsedMs / 1000, 1)} s; reading the base population`);
    await database.pool.query('ANALYZE person');

    const readStart = performance.now();
    const communes = await readBasePopulation(database);
    const readMs = performance.now() - readStart;

    const start = performance.now();
    const totals = projectEveryCommune(communes, rates);
    const projectionMs = performance.now() - start;
    // The same work again, the code now compiled by the JIT: shows how much of the first pass was warm-up.
    const warmStart = performance.now();
    projectEveryCommune(communes, rates);
    const warmMs = performance.now() - warmStart;

    const { rows } = await database.pool.query<{ server_version: string }>('SHOW server_version');
    const value = round(projectionMs, 1);
    const perCommune = round(projectionMs / communes.size, 2);
    const cpus = os.cpus();
    return {
      value,
      ok: projectionMs <= maxMs && communes.size === report.communes && totals.base === report.people,
      details: {
        summary: `${communes.size} communes × ${horizon} one-year steps in ${value} ms (${perCommune} ms each); SQL read ${round(readMs)} ms`,
        province: `${report.provinceName} (${report.provinceCode})`,
        people: report.people,
        communes: communes.size,
        communesSeeded: report.communes,
        readMs: round(readMs, 1),
        projectionMs: value,
        projectionMsPerCommune: perCommune,
        projectionMsSecondPass: round(warmMs, 1),
        seedSeconds: round(report.elapsedMs / 1000, 1),
        projection: {
          referenceDate,
          horizonYears: horizon,
          ages: `0 … ${openAge - 1} single years, ${openAge}+ open`,
          migration: 'none (closed population)',
          baseTotal: totals.base,
          finalTotal: round(totals.final),
          births: round(totals.births),
          deaths: round(totals.deaths),
        },
        rates: {
          mortality: `UN WPP 2024 nMx ${ratesPeriod}, constant within five-year groups; complete life table 0 … ${openAge}+ (default nax rules)`,
          e0Complete: {
            male: round(rates.tables.male.ex[0] ?? 0, 2),
            female: round(rates.tables.female.ex[0] ?? 0, 2),
          },
          e0Abridged: { male: round(rates.e0Abridged.male, 2), female: round(rates.e0Abridged.female, 2) },
          fertility: `UN WPP 2024 age pattern ${ratesPeriod} × GSO ${gsoProvinceName} TFR ${rates.tfr} (${rates.tfrYear})`,
          srb: rates.srb,
        },
        machine: {
          cpus: cpus.length,
          cpuModel: cpus[0]?.model ?? 'unknown',
          memoryGb: Math.round(os.totalmem() / 2 ** 30),
          loadAverageAtStart: loadAtStart,
          loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
          node: process.version,
          postgres: rows[0]?.server_version ?? 'unknown',
          platform: `${os.platform()} ${os.release()}`,
        },
      },
    };
  } finally {
    process.off('SIGINT', onInterrupt);
    await cleanup();
  }
}
