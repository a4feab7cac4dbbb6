/**
 * Seeds a synthetic Lạng Sơn of 1,000,000 people into a fresh PostgreSQL database and compares the time
 * with a raw COPY of the same household and person rows (generated beforehand into memory) into the
 * same empty tables of a second fresh database. Target: ≤ 60 s, and at most 3× the raw COPY.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { type Database, openDatabase } from '@danso/server/db/database.ts';
import { migrate } from '@danso/server/db/migrate.ts';
import { loadNationalUnits } from '@danso/server/modules/admin-units/national.ts';
import {
  copyText,
  findProvince,
  generateProvince,
  householdLine,
  insertRows,
  listCommunes,
  listProvinceCodes,
  personLine,
  seedProvince,
} from '@danso/server/modules/seed/index.ts';
import pg from 'pg';
import type { BenchmarkResult } from '../benchmark.ts';

export const id = 'seed-1m';
export const title = 'Seed 1,000,000 people (Lạng Sơn) into PostgreSQL';
export const unit = 's';
export const target = '≤ 60 s and ≤ 3× raw COPY of the same rows';

const provinceCode = '20';
const people = 1_000_000;
const seed = 2025;
const maxSeconds = 60;
const maxRatio = 3;

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database with the national units, dropped by `drop`. */
async function freshDatabase(name: string): Promise<Database> {
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', maxConnections: 2 });
  await migrate(database);
  await loadNationalUnits(database);
  return database;
}

/** Starts a timed phase without the writes of the setup still pending; skipped without the privilege. */
async function checkpoint(database: pg.Pool | pg.PoolClient): Promise<void> {
  await database.query('CHECKPOINT').catch(() => {});
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;

/**
 * An order-independent checksum of a table's rows, to show both databases hold the same rows. Without the
 * writing transaction's id (`sync_xid`), which differs between any two loads.
 */
async function checksum(database: Database, table: 'household' | 'person'): Promise<string> {
  const { rows } = await database.pool.query<{ n: number; sum: string }>(
    `SELECT count(*)::int AS n, sum(hashtext((to_jsonb(t) - 'sync_xid')::text)::bigint)::text AS sum FROM ${table} t`,
  );
  return `${rows[0]?.n}:${rows[0]?.sum}`;
}

/** Raw COPY of the seeder's rows: generated and formatted first (not timed), then only the COPY is timed. */
async function rawCopy(database: Database) {
  const client = await database.pool.connect();
  try {
    const province = await findProvince(client, provinceCode);
    if (!province) throw new Error(`province ${provinceCode} is not loaded`);
    const generateStart = performance.now();
    const generated = generateProvince({
      seed,
      people,
      province,
      communes: await listCommunes(client, provinceCode),
      provinceCodes: await listProvinceCodes(client),
    });
    const households: string[] = [];
    const persons: string[] = [];
    for (const batch of generated.batches()) {
      let text = '';
      for (const h of batch.households) text += householdLine(h);
      households.push(text);
      text = '';
      for (const p of batch.persons) text += personLine(p);
      persons.push(text);
    }
    const generateMs = performance.now() - generateStart;
    // The rows the households point to, as the seeder writes them first (not timed).
    await insertRows(
      client,
      'hamlet',
      [
        ['id', 'uuid'],
        ['province_code', 'text'],
        ['commune_code', 'text'],
        ['name', 'text'],
        ['kind', 'text'],
      ],
      generated.hamlets,
    );
    await insertRows(
      client,
      'area',
      [
        ['id', 'uuid'],
        ['province_code', 'text'],
        ['commune_code', 'text'],
        ['number', 'int'],
        ['name', 'text'],
      ],
      generated.areas,
    );
    await checkpoint(client);

    const start = performance.now();
    await client.query('BEGIN');
    await copyText(client, 'household', households);
    const householdMs = performance.now() - start;
    await copyText(client, 'person', persons);
    await client.query('COMMIT');
    const totalMs = performance.now() - start;
    return { totalMs, householdMs, personMs: totalMs - householdMs, generateMs };
  } finally {
    client.release();
  }
}

export async function run(): Promise<BenchmarkResult> {
  const suffix = randomBytes(4).toString('hex');
  const names = [`danso_bench_${suffix}`, `danso_bench_${suffix}_copy`];
  const open: Database[] = [];
  const cleanup = async () => {
    for (const database of open.splice(0)) await database.close().catch(() => {});
    for (const name of names)
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  };
  const onInterrupt = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  try {
    const seeded = await freshDatabase(names[0] as string);
    open.push(seeded);
    await checkpoint(seeded.pool);
    let shown = 0;
    const report = await seedProvince(seeded, {
      provinceCode,
      people,
      seed,
      onProgress: (p) => {
        if (p.phase === 'people' && p.people - shown >= 200_000) {
          shown = p.people;
          console.log(`  seeding: ${p.people.toLocaleString('en')} people`);
        }
      },
    });
    const seedSeconds = seconds(report.elapsedMs);
    console.log(`  seeded in ${seedSeconds} s; now the raw COPY of the same rows`);

    const copied = await freshDatabase(names[1] as string);
    open.push(copied);
    const copy = await rawCopy(copied);
    const copySeconds = seconds(copy.totalMs);
    const ratio = Math.round((report.elapsedMs / copy.totalMs) * 100) / 100;

    const sameRows =
      (await checksum(seeded, 'household')) === (await checksum(copied, 'household')) &&
      (await checksum(seeded, 'person')) === (await checksum(copied, 'person'));
    const { rows } = await seeded.pool.query<{ server_version: string }>('SHOW server_version');
    const cpus = os.cpus();
    return {
      value: seedSeconds,
      ok: seedSeconds <= maxSeconds && ratio <= maxRatio && sameRows && report.people === people,
      details: {
        summary: `${seedSeconds} s; raw COPY ${copySeconds} s; ratio ${ratio}`,
        seedSeconds,
        copySeconds,
        ratio,
        copyHouseholdSeconds: seconds(copy.householdMs),
        copyPersonSeconds: seconds(copy.personMs),
        generateSecondsBeforeCopy: seconds(copy.generateMs),
        sameRows,
        province: `${report.provinceName} (${report.provinceCode})`,
        people: report.people,
        households: report.households,
        communes: report.communes,
        hamlets: report.hamlets,
        areas: report.areas,
        users: report.users,
        machine: {
          cpus: cpus.length,
          cpuModel: cpus[0]?.model ?? 'unknown',
          memoryGb: Math.round(os.totalmem() / 2 ** 30),
          loadAverageAtStart: loadAtStart,
          loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
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
