import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { makeUuidV7 } from '@danso/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { addUser, buildWorld, password, places } from './fixtures.ts';

/**
 * The real server as a child process on PostgreSQL, killed (SIGKILL) and restarted several times while
 * simulated phones push batches, send some again, and send some twice at once. Each phone keeps every change
 * until the server acknowledges it. At the end, every change ever acknowledged is on the server exactly once.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const DEVICES = 4;
const CHANGES_PER_DEVICE = 40;
const KILLS = 3;

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sync survives the server being killed mid-push', () => {
  let t: TestDatabase;
  let child: ChildProcess | null = null;
  let port = 0;
  let base = '';

  async function startServer() {
    child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: t.url as string,
        DANSO_DEMO: 'false',
        DANSO_LOG_LEVEL: 'silent',
        DANSO_WEB_DIST: '/nonexistent',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr = (stderr + String(chunk)).slice(-2000);
    });
    for (let i = 0; i < 1200; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) return;
      } catch {
        // not up yet
      }
      await sleep(50);
    }
    throw new Error(`the server did not start: ${stderr}`);
  }

  function killServer() {
    const running = child;
    child = null;
    if (!running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  }

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await buildWorld(t.database);
    await addUser(t.database, {
      username: 'ctv.a2',
      role: 'collaborator',
      province: '20',
      commune: places.commune,
      areas: [places.areas[1] as string],
    });
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await startServer();
  }, 120_000);
  afterAll(async () => {
    await killServer();
    await t?.drop();
  });

  it('keeps every acknowledged change exactly once', async () => {
    const db = t.database.db;
    const counts = {
      pushed: 0,
      acknowledged: 0,
      retried: 0,
      duplicatesSent: 0,
      refused: 0,
      failedRequests: 0,
    };
    const acknowledged = new Set<string>();
    const generated: string[] = [];

    async function signIn(username: string) {
      for (;;) {
        try {
          const res = await fetch(`${base}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password }),
          });
          const cookie = /danso_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';
          const { csrfToken } = (await res.json()) as { csrfToken: string };
          return { cookie, csrf: csrfToken };
        } catch {
          await sleep(100);
        }
      }
    }

    const users = await sql<{ id: string; username: string; area_id: string }>`
      SELECT u.id, u.username, ua.area_id FROM app_user u JOIN user_area ua ON ua.user_id = u.id
      WHERE u.role = 'collaborator' ORDER BY u.username`.execute(db);

    async function device(index: number) {
      const user = users.rows[index % users.rows.length] as (typeof users.rows)[0];
      const session = await signIn(user.username);
      const deviceId = randomUUID();
      const people = (
        await sql<{ id: string; household_id: string; full_name: string }>`
          SELECT id, household_id, full_name FROM person WHERE area_id = ${user.area_id}`.execute(db)
      ).rows;
      const outbox = Array.from({ length: CHANGES_PER_DEVICE }, (_, i) => {
        const p = people[i % people.length] as (typeof people)[0];
        return {
          id: makeUuidV7(Date.now(), randomBytes(10)),
          type: 'info_change',
          householdId: p.household_id,
          personId: p.id,
          authorId: user.id,
          occurredOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
          recordedAt: new Date().toISOString(),
          baseVersion: 0,
          payload: { items: [{ field: 'fullName', from: p.full_name, to: `Thiết Bị ${index} Lần ${i}` }] },
        };
      });
      generated.push(...outbox.map((c) => c.id));
      const sentOnce = new Set<string>();
      const unacknowledged = new Map(outbox.map((c) => [c.id, c]));
      const acked: typeof outbox = [];

      async function send(batch: typeof outbox): Promise<boolean> {
        try {
          const res = await fetch(`${base}/api/v1/sync/push`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie: `danso_session=${session.cookie}`,
              'x-csrf-token': session.csrf,
            },
            body: JSON.stringify({
              deviceId,
              items: batch.map((change) => ({ op: 'submit', change })),
              waiting: { count: unacknowledged.size },
            }),
          });
          if (res.status !== 200) {
            counts.failedRequests += 1;
            await sleep(150);
            return false;
          }
          const { results } = (await res.json()) as { results: { id: string; outcome: string }[] };
          for (const r of results) {
            if (r.outcome === 'refused') counts.refused += 1;
            else if (unacknowledged.has(r.id)) {
              const change = unacknowledged.get(r.id) as (typeof outbox)[0];
              unacknowledged.delete(r.id);
              acked.push(change);
              acknowledged.add(r.id);
            }
          }
          return true;
        } catch {
          // The server is down: wait a little, as a phone does, before trying again.
          counts.failedRequests += 1;
          await sleep(150);
          return false;
        }
      }

      while (unacknowledged.size > 0) {
        const fresh = [...unacknowledged.values()].slice(0, 8);
        for (const c of fresh) {
          if (sentOnce.has(c.id)) counts.retried += 1;
          else {
            sentOnce.add(c.id);
            counts.pushed += 1;
          }
        }
        // Some already acknowledged changes again (a phone that lost the answer), then the batch.
        const repeats = acked.filter(() => Math.random() < 0.1).slice(0, 4);
        counts.duplicatesSent += repeats.length;
        const batch = [...fresh, ...repeats].sort(() => Math.random() - 0.5);
        if (Math.random() < 0.25) {
          counts.duplicatesSent += batch.length;
          await Promise.all([send(batch), send(batch)]);
        } else {
          await send(batch);
        }
      }
    }

    const started = Date.now();
    const devices = Promise.all(Array.from({ length: DEVICES }, (_, i) => device(i)));
    const restarts: number[] = [];
    const total = DEVICES * CHANGES_PER_DEVICE;
    for (let k = 0; k < KILLS; k++) {
      // Killed while the phones are busy: once a further share of the changes is acknowledged, at a random
      // moment within a few milliseconds, so requests are on their way in.
      while (acknowledged.size < ((k + 1) / (KILLS + 1)) * total) await sleep(2);
      await sleep(Math.random() * 5);
      await killServer();
      const down = Date.now();
      await startServer();
      restarts.push(Date.now() - down);
    }
    await devices;
    counts.acknowledged = acknowledged.size;

    const rows = await sql<{ n: number; submits: number }>`
      SELECT count(*)::int AS n,
        (SELECT count(*)::int FROM change_action a WHERE a.change_id = ANY(${generated}::uuid[]) AND a.action = 'submit') AS submits
      FROM change_record WHERE id = ANY(${generated}::uuid[])`.execute(db);
    const onServer = rows.rows[0]?.n ?? 0;
    const present = await sql<{ id: string }>`
      SELECT id FROM change_record WHERE id = ANY(${[...acknowledged]}::uuid[])`.execute(db);
    console.log(
      `sync fault test: ${KILLS} kills in ${((Date.now() - started) / 1000).toFixed(1)} s; pushed ${counts.pushed}, ` +
        `acknowledged ${counts.acknowledged}, retried ${counts.retried}, duplicates sent ${counts.duplicatesSent}, ` +
        `failed requests ${counts.failedRequests}, refused ${counts.refused}, rows on server ${onServer}, ` +
        `submit actions ${rows.rows[0]?.submits}; restarts took ${restarts.map((ms) => `${ms} ms`).join(', ')}`,
    );
    expect(counts.refused).toBe(0);
    expect(counts.acknowledged).toBe(DEVICES * CHANGES_PER_DEVICE);
    expect(present.rows.length).toBe(acknowledged.size);
    expect(onServer).toBe(acknowledged.size);
    expect(rows.rows[0]?.submits).toBe(acknowledged.size);
    expect(counts.failedRequests).toBeGreaterThan(0);
  }, 90_000);
});
