/**
 * What the register benchmarks share: fresh or cached seeded PostgreSQL databases, the server app with
 * signed-in clients (`app.inject`, no network), timing statistics and the machine's description.
 *
 * A cached database (`cachedProvince`) is seeded once and kept between runs, so that a benchmark that only
 * reads (population at a date, search) does not pay minutes of seeding every time. It is reused only when
 * its marker says it was seeded to completion with the same province, people, seed, migrations and seeder
 * code; otherwise it is dropped and seeded again. DANSO_BENCH_FRESH=1 always seeds again; DANSO_BENCH_DROP=1
 * drops it at the end of the run. Interrupted while seeding (Ctrl-C), it is dropped. A cached database also
 * gets three years of monthly flow counts (`ensureBenchFlows`), which a seeded register lacks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeName } from '@danso/domain';
import { type Database, openDatabase } from '@danso/server/db/database.ts';
import { migrate } from '@danso/server/db/migrate.ts';
import { loadNationalUnits } from '@danso/server/modules/admin-units/national.ts';
import {
  initialiseHistory,
  initialStockMonths,
  refreshStock,
} from '@danso/server/modules/population/population.repository.ts';
import { type SeedReport, seedProvince } from '@danso/server/modules/seed/index.ts';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { appFor, Client } from '../apps/server/test/fixtures.ts';
import { ensureBenchFlows } from './flow-fixture.ts';

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const serverDir = path.resolve(import.meta.dirname, '../apps/server');

export async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

function urlOf(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
}

async function createDatabase(name: string): Promise<Database> {
  await adminQuery(`CREATE DATABASE ${name}`);
  const database = await openDatabase({ databaseUrl: urlOf(name), dataDir: '', maxConnections: 4 });
  await migrate(database);
  await loadNationalUnits(database);
  return database;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
export const loadAverage = () => os.loadavg().map((l) => round(l, 2));

/** Seeds a province, printing progress, then lets PostgreSQL gather statistics as autovacuum would. */
async function seed(database: Database, options: { provinceCode: string; people: number; seed: number }) {
  console.log(
    `  seeding ${options.people.toLocaleString('en')} people into province ${options.provinceCode}`,
  );
  let shown = 0;
  const report = await seedProvince(database, {
    ...options,
    onProgress: (p) => {
      if (p.phase === 'people' && p.people - shown >= 200_000) {
        shown = p.people;
        console.log(`  seeding: ${p.people.toLocaleString('en')} people`);
      }
    },
  });
  console.log(`  seeded in ${round(report.elapsedMs / 1000)} s; VACUUM ANALYZE`);
  await database.pool.query('VACUUM ANALYZE');
  return report;
}

/** Releases the database and, unless it is a kept cache, drops it; also on Ctrl-C. */
export interface Fixture {
  database: Database;
  name: string;
  report: SeedReport;
  /** Whether the database was seeded by this run (false: reused from an earlier run). */
  seededNow: boolean;
  release(): Promise<void>;
}

function onInterrupt(cleanup: () => Promise<void>) {
  const handler = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

/** A fresh database with a seeded province, dropped on release (and on Ctrl-C). */
export async function freshProvince(options: {
  provinceCode: string;
  people: number;
  seed: number;
}): Promise<Fixture> {
  const name = `danso_bench_${randomBytes(4).toString('hex')}`;
  let database: Database | null = null;
  const cleanup = async () => {
    await database?.close().catch(() => {});
    database = null;
    await dropDatabase(name);
  };
  const stopListening = onInterrupt(cleanup);
  try {
    database = await createDatabase(name);
    const report = await seed(database, options);
    const opened = database;
    return {
      database: opened,
      name,
      report,
      seededNow: true,
      release: async () => {
        stopListening();
        await cleanup();
      },
    };
  } catch (error) {
    stopListening();
    await cleanup();
    throw error;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    })
    .filter((f) => !f.endsWith('.test.ts'))
    .sort();
}

/**
 * What the cached rows depend on: the migrations, the seeder's code and data, the history it writes and
 * the name folding. A change to any of them means seeding again.
 */
function fixtureFingerprint(options: { provinceCode: string; people: number; seed: number }): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(options));
  for (const file of [
    ...filesUnder(path.join(serverDir, 'migrations')),
    ...filesUnder(path.join(serverDir, 'src/modules/seed')),
  ]) {
    hash.update(path.relative(serverDir, file));
    hash.update(readFileSync(file));
  }
  for (const fn of [initialiseHistory, initialStockMonths, refreshStock, normalizeName])
    hash.update(String(fn));
  // The month-end stock is written for the months around the day it was seeded.
  hash.update(initialStockMonths(new Date().toISOString().slice(0, 10)).toMonth);
  return hash.digest('hex').slice(0, 16);
}

interface Marker {
  fingerprint: string;
  report: SeedReport;
}

async function readMarker(name: string): Promise<Marker | null> {
  const exists = await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) return null;
  const client = new pg.Client({ connectionString: urlOf(name) });
  await client.connect();
  try {
    const { rows } = await client.query<{ fingerprint: string; report: SeedReport }>(
      'SELECT fingerprint, report FROM bench_fixture LIMIT 1',
    );
    return rows[0] ?? null;
  } catch {
    return null; // no marker: seeding never finished
  } finally {
    await client.end();
  }
}

const flag = (name: string) => ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());

/**
 * A seeded province kept between runs in the database `danso_bench_cache_<province>_<people>`; reused when
 * its marker matches (see the top of this file), seeded again otherwise. Only for benchmarks that leave the
 * register as they found it.
 */
export async function cachedProvince(options: {
  provinceCode: string;
  people: number;
  seed: number;
}): Promise<Fixture> {
  const name = `danso_bench_cache_${options.provinceCode}_${options.people}`;
  const fingerprint = fixtureFingerprint(options);
  const marker = flag('DANSO_BENCH_FRESH') ? null : await readMarker(name);
  const keep = !flag('DANSO_BENCH_DROP');
  let database: Database | null = null;
  let complete = false;
  const cleanup = async () => {
    await database?.close().catch(() => {});
    database = null;
    if (!complete || !keep) await dropDatabase(name);
  };
  const stopListening = onInterrupt(cleanup);
  try {
    let report: SeedReport;
    let seededNow = false;
    if (marker && marker.fingerprint === fingerprint) {
      console.log(`  reusing ${name} (seeded earlier; DANSO_BENCH_FRESH=1 seeds it again)`);
      database = await openDatabase({ databaseUrl: urlOf(name), dataDir: '', maxConnections: 4 });
      report = marker.report;
    } else {
      if (marker) console.log(`  ${name} was seeded from other code or options: seeding it again`);
      await dropDatabase(name);
      database = await createDatabase(name);
      report = await seed(database, options);
      await database.pool.query(
        'CREATE TABLE bench_fixture (fingerprint text NOT NULL, report jsonb NOT NULL)',
      );
      await database.pool.query('INSERT INTO bench_fixture VALUES ($1, $2)', [fingerprint, report]);
      seededNow = true;
    }
    complete = true;
    await ensureBenchFlows(database, options.provinceCode);
    const opened = database;
    return {
      database: opened,
      name,
      report,
      seededNow,
      release: async () => {
        stopListening();
        await cleanup();
      },
    };
  } catch (error) {
    stopListening();
    await cleanup();
    throw error;
  }
}

/** The server app over a database, with signed-in clients (requests through `app.inject`). */
export async function serverFor(database: Database): Promise<{
  app: FastifyInstance;
  login(username: string, password: string): Promise<Client>;
}> {
  const app = await appFor(database);
  return {
    app,
    async login(username, password) {
      const client = new Client(app);
      const res = await client.login(username, password);
      if (res.statusCode !== 200)
        throw new Error(`${username} cannot sign in: ${res.statusCode} ${res.body}`);
      return client;
    },
  };
}

/** Percentiles (nearest rank) and the mean of a list of durations in ms. */
export function stats(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    mean: round(sum / Math.max(1, sorted.length), 2),
    p50: round(at(50), 2),
    p95: round(at(95), 2),
    p99: round(at(99), 2),
    max: round(sorted.at(-1) ?? 0, 2),
  };
}

/** CPU time of the PostgreSQL backends serving a database on this machine, in ms (null elsewhere). */
function backendsCpuMs(databaseName: string): number | null {
  if (os.platform() !== 'linux') return null;
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!title.startsWith('postgres: ') || !title.includes(` ${databaseName} `)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime and stime, in clock ticks
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? ticks * 10 : null; // 100 ticks a second on Linux
}

/**
 * Measures the CPU time spent by this process and by the database's backends (when PostgreSQL runs on this
 * machine), which unlike elapsed times does not grow with what else the machine is running. Backends must
 * stay connected while measured (they do while the benchmark keeps its pool busy).
 */
export function cpuMeter(databaseName: string) {
  const node = process.cpuUsage();
  const postgres = backendsCpuMs(databaseName);
  return {
    perOperation(operations: number) {
      const used = process.cpuUsage(node);
      const nodeMs = (used.user + used.system) / 1000 / operations;
      const after = backendsCpuMs(databaseName);
      const postgresMs = postgres !== null && after !== null ? (after - postgres) / operations : null;
      return {
        node: round(nodeMs, 2),
        postgres: postgresMs === null ? null : round(postgresMs, 2),
        total: postgresMs === null ? null : round(nodeMs + postgresMs, 2),
      };
    },
  };
}

/** CPU time used so far by one process (Linux), in ms; null elsewhere or when it has ended. */
function processCpuMs(pid: number): number | null {
  if (os.platform() !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** CPU time the whole machine has been busy (every core, every process), in ms; null off Linux. */
function machineBusyMs(): number | null {
  if (os.platform() !== 'linux') return null;
  const [user, nice, system, , , irq, softirq, steal] = (
    readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  )
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 10;
}

/**
 * For a server running as another process: the CPU time of that process, and of the whole machine (the
 * server, its database, the clients and whatever else runs), per operation.
 */
export function serverCpuMeter(serverPid: number) {
  const server = processCpuMs(serverPid);
  const busy = machineBusyMs();
  const per = (before: number | null, after: number | null, operations: number) =>
    before === null || after === null ? null : round((after - before) / operations, 2);
  return {
    perOperation(operations: number) {
      return {
        server: per(server, processCpuMs(serverPid), operations),
        machine: per(busy, machineBusyMs(), operations),
      };
    },
  };
}

/** The machine, for `details.machine`. */
export async function machine(database: Database, loadAverageAtStart: number[]) {
  const { rows } = await database.pool.query<{ server_version: string }>('SHOW server_version');
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart,
    loadAverageAtEnd: loadAverage(),
    node: process.version,
    postgres: rows[0]?.server_version ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
  };
}
