/**
 * Sync under load: 200 collaborators' phones push batches of 50 changes at the same time to the real server
 * (a child process listening on HTTP, on PostgreSQL), in a fresh Lạng Sơn of 200,000 people whose seeding
 * makes one collaborator account per area; the first 200 are the devices. Each change is valid: a change of a
 * person's name, an elderly check (people of 60 or more) or a death, for people of the device's own area.
 *
 * Two phases, after a warm-up:
 * - paced: the devices together offer 1,000 changes/s (each pushes a batch every 10 s, their starts spread
 *   evenly), for `pacedSeconds`; the batch latencies (p50/p95/p99) are measured at the target rate;
 * - saturated: every device pushes its next batch as soon as the last one is answered; the accepted
 *   changes/s is the capacity of the machine.
 * Then every change is counted in the database: none lost (acknowledged but absent), none duplicated
 * (one row and one submit action per id). The target is met when the paced phase accepts ≥ 1,000 changes/s
 * with p99 ≤ 250 ms per batch and nothing is lost or duplicated.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { makeUuidV7 } from '@danso/domain';
import { demoPassword } from '@danso/server/modules/seed/accounts.ts';
import { sql } from 'kysely';
import type { BenchmarkResult } from '../benchmark.ts';
import {
  adminUrl,
  freshProvince,
  loadAverage,
  machine,
  round,
  serverCpuMeter,
  stats,
} from '../register-fixture.ts';

export const id = 'sync-load';
export const title = '200 devices pushing batches of 50 changes over HTTP (Lạng Sơn, 200,000 people)';
export const unit = 'changes/s';
export const target = '≥ 1,000 changes/s accepted, p99 ≤ 250 ms per batch, 0 lost, 0 duplicated';

const provinceCode = '20';
const people = 200_000;
const seed = 2025;
const devices = Number(process.env.DANSO_BENCH_SYNC_DEVICES ?? 200);
const batchSize = 50;
const offeredPerSecond = 1000;
const pacedSeconds = Number(process.env.DANSO_BENCH_SYNC_PACED_SECONDS ?? 20);
const saturatedBatchesPerDevice = Number(process.env.DANSO_BENCH_SYNC_SATURATED_BATCHES ?? 2);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const DAY = 86_400_000;
const dateBefore = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Person {
  id: string;
  household_id: string;
  full_name: string;
  old: boolean;
}

interface Device {
  userId: string;
  username: string;
  deviceId: string;
  people: Person[];
  cookie: string;
  csrf: string;
  next: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port')),
      );
    });
  });
}

/** A valid change about one of the device's people: mostly name changes, some elderly checks and deaths. */
function changeFor(device: Device, n: number) {
  const person = device.people[n % device.people.length] as Person;
  const envelope = {
    id: makeUuidV7(Date.now(), randomBytes(10)),
    householdId: person.household_id,
    personId: person.id,
    authorId: device.userId,
    occurredOn: dateBefore(1 + (n % 20)),
    recordedAt: new Date().toISOString(),
    baseVersion: 0,
  };
  const roll = n % 10;
  if (person.old && roll < 3) return { ...envelope, type: 'elderly_check', payload: {} };
  if (person.old && roll === 3) return { ...envelope, type: 'death', payload: {} };
  return {
    ...envelope,
    type: 'info_change',
    payload: { items: [{ field: 'fullName', from: person.full_name, to: `${person.full_name} ${n}` }] },
  };
}

export async function run(): Promise<BenchmarkResult> {
  const loadAtStart = loadAverage();
  const fixture = await freshProvince({ provinceCode, people, seed });
  const { database } = fixture;
  let child: ChildProcess | null = null;
  try {
    const db = database.db;
    const accounts = await sql<{ id: string; username: string; area_id: string }>`
      SELECT u.id, u.username, min(ua.area_id::text)::uuid AS area_id
      FROM app_user u JOIN user_area ua ON ua.user_id = u.id
      WHERE u.role = 'collaborator' GROUP BY u.id, u.username ORDER BY u.username LIMIT ${devices}`.execute(
      db,
    );
    if (accounts.rows.length < devices)
      throw new Error(`only ${accounts.rows.length} collaborators in the province`);
    const byArea = await sql<Person & { area_id: string }>`
      SELECT p.area_id, p.id, p.household_id, p.full_name, p.birth_date < current_date - interval '61 years' AS old
      FROM person p
      WHERE p.area_id = ANY(${accounts.rows.map((a) => a.area_id)}::uuid[]) AND p.vital_status = 'alive'
        AND p.presence = 'present' AND p.merged_into_id IS NULL
        AND p.birth_date < current_date - interval '1 year'`.execute(db);
    const fleet: Device[] = accounts.rows.map((a) => ({
      userId: a.id,
      username: a.username,
      deviceId: randomUUID(),
      people: byArea.rows.filter((p) => p.area_id === a.area_id),
      cookie: '',
      csrf: '',
      next: 0,
    }));

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const url = new URL(adminUrl);
    url.pathname = `/${fixture.name}`;
    child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        DANSO_DEMO: 'false',
        DANSO_LOG_LEVEL: 'silent',
        DANSO_WEB_DIST: '/nonexistent',
        DANSO_LOGIN_MAX_FAILURES_ADDRESS: '100000',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: 'ignore',
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        if (i > 1200) throw new Error('the server did not start');
      }
      await sleep(50);
    }

    for (let i = 0; i < fleet.length; i += 8) {
      await Promise.all(
        fleet.slice(i, i + 8).map(async (d) => {
          const res = await fetch(`${base}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: d.username, password: demoPassword }),
          });
          d.cookie = /danso_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
          d.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
          if (!d.cookie) throw new Error(`${d.username} cannot sign in`);
        }),
      );
    }

    const sent: string[] = [];
    const acknowledged = new Set<string>();
    const refusals = new Map<string, number>();
    let failedRequests = 0;
    const failures = new Map<string, number>();

    async function pushBatch(d: Device): Promise<{ ms: number; accepted: number }> {
      const changes = Array.from({ length: batchSize }, () => changeFor(d, d.next++));
      sent.push(...changes.map((c) => c.id));
      const started = performance.now();
      let res: Response;
      try {
        res = await fetch(`${base}/api/v1/sync/push`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: `danso_session=${d.cookie}`,
            'x-csrf-token': d.csrf,
          },
          body: JSON.stringify({
            deviceId: d.deviceId,
            items: changes.map((change) => ({ op: 'submit', change })),
            waiting: { count: 0 },
          }),
        });
      } catch (error) {
        // Counted, not fatal: the run reports how many requests failed.
        failedRequests += 1;
        failures.set(
          String((error as Error).cause ?? error),
          (failures.get(String((error as Error).cause ?? error)) ?? 0) + 1,
        );
        return { ms: performance.now() - started, accepted: 0 };
      }
      const body = (await res.json()) as {
        results?: { id: string; outcome: string; error?: { code: string } }[];
      };
      const ms = performance.now() - started;
      if (res.status !== 200 || !body.results) {
        failedRequests += 1;
        return { ms, accepted: 0 };
      }
      let accepted = 0;
      for (const r of body.results) {
        if (r.outcome === 'accepted') accepted += 1;
        if (r.outcome === 'refused')
          refusals.set(r.error?.code ?? '?', (refusals.get(r.error?.code ?? '?') ?? 0) + 1);
        else acknowledged.add(r.id);
      }
      return { ms, accepted };
    }

    // Warm-up: one batch from 20 devices.
    await Promise.all(fleet.slice(0, 20).map((d) => pushBatch(d)));

    // Paced: together 1,000 changes/s offered, each device every (devices × 50 / 1000) s.
    const period = (devices * batchSize * 1000) / offeredPerSecond;
    const pacedLatencies: number[] = [];
    let pacedAccepted = 0;
    const meter = serverCpuMeter(child?.pid ?? 0);
    const pacedStart = performance.now();
    const pacedEnd = pacedStart + pacedSeconds * 1000;
    await Promise.all(
      fleet.map(async (d, i) => {
        let due = pacedStart + (i * period) / devices;
        while (due < pacedEnd) {
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          const { ms, accepted } = await pushBatch(d);
          pacedLatencies.push(ms);
          pacedAccepted += accepted;
          due += period;
        }
      }),
    );
    const pacedSecondsTaken = (performance.now() - pacedStart) / 1000;
    const pacedCpu = meter.perOperation(Math.max(1, pacedAccepted));

    // Saturated: every device pushes again as soon as it is answered.
    const saturatedLatencies: number[] = [];
    let saturatedAccepted = 0;
    const saturatedStart = performance.now();
    await Promise.all(
      fleet.map(async (d) => {
        for (let b = 0; b < saturatedBatchesPerDevice; b++) {
          const { ms, accepted } = await pushBatch(d);
          saturatedLatencies.push(ms);
          saturatedAccepted += accepted;
        }
      }),
    );
    const saturatedSeconds = (performance.now() - saturatedStart) / 1000;

    // Count: every acknowledged change once, nothing twice.
    const counted = await sql<{ rows: number; distinct_ids: number; submits: number }>`
      SELECT count(*)::int AS rows, count(DISTINCT id)::int AS distinct_ids,
        (SELECT count(*)::int FROM change_action a WHERE a.change_id = ANY(${sent}::uuid[]) AND a.action = 'submit') AS submits
      FROM change_record WHERE id = ANY(${sent}::uuid[])`.execute(db);
    const present = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM change_record WHERE id = ANY(${[...acknowledged]}::uuid[])`.execute(db);
    const c = counted.rows[0] as { rows: number; distinct_ids: number; submits: number };
    const lost = acknowledged.size - (present.rows[0]?.n ?? 0);
    const duplicated = c.rows - c.distinct_ids + Math.max(0, c.submits - c.rows);

    const paced = stats(pacedLatencies);
    const saturated = stats(saturatedLatencies);
    const pacedRate = round(pacedAccepted / pacedSecondsTaken, 0);
    const saturatedRate = round(saturatedAccepted / saturatedSeconds, 0);
    const ok =
      pacedRate >= offeredPerSecond * 0.98 &&
      paced.p99 <= 250 &&
      lost === 0 &&
      duplicated === 0 &&
      failedRequests === 0 &&
      refusals.size === 0;
    return {
      value: pacedRate,
      ok,
      details: {
        summary:
          `paced at ${offeredPerSecond}/s offered: ${pacedRate}/s accepted, batch p50 ${paced.p50} ms p99 ${paced.p99} ms; ` +
          `saturated: ${saturatedRate}/s, batch p99 ${saturated.p99} ms; lost ${lost}, duplicated ${duplicated}`,
        devices,
        batchSize,
        paced: {
          offeredPerSecond,
          seconds: round(pacedSecondsTaken, 1),
          accepted: pacedAccepted,
          acceptedPerSecond: pacedRate,
          batchMs: paced,
        },
        saturated: {
          batchesPerDevice: saturatedBatchesPerDevice,
          seconds: round(saturatedSeconds, 1),
          accepted: saturatedAccepted,
          acceptedPerSecond: saturatedRate,
          batchMs: saturated,
        },
        cpuMsPerChangePaced: pacedCpu,
        sent: sent.length,
        acknowledged: acknowledged.size,
        rowsOnServer: c.rows,
        submitActions: c.submits,
        lost,
        duplicated,
        failedRequests,
        failures: Object.fromEntries(failures),
        refusals: Object.fromEntries(refusals),
        machine: await machine(database, loadAtStart),
      },
    };
  } finally {
    child?.kill('SIGTERM');
    await fixture.release();
  }
}
