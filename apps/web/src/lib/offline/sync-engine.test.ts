import 'fake-indexeddb/auto';
import type { Change } from '@danso/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api-client.ts';
import { deleteLocalDb, LocalDb, type LocalDb as LocalDbType } from './local-db.ts';
import { newEntry, type PulledChange, type PushResult } from './outbox.ts';
import { type PullAnswer, type PushBody, runSync, type SyncApi } from './sync-engine.ts';

const hex = (n: number) => n.toString(16).padStart(12, '0');
const changeId = (n: number) => `0190a000-0000-7000-8000-${hex(n)}`;
function death(n: number): Change {
  return {
    id: changeId(n),
    type: 'death',
    householdId: '11111111-1111-4111-8111-111111111111',
    personId: '22222222-2222-4222-8222-222222222222',
    authorId: '33333333-3333-4333-8333-333333333333',
    occurredOn: '2026-02-28',
    recordedAt: new Date(Date.UTC(2026, 2, 1, 8, 0, n)).toISOString(),
    baseVersion: 7,
    payload: {},
  };
}

/**
 * A server that keeps what it accepted, by id, answers a repeat with the first answer, and can be told to
 * fail a given push or to cut its answer short.
 */
class ServerDouble implements SyncApi {
  readonly stored = new Map<string, Change>();
  readonly pushes: PushBody[] = [];
  failPush: ((n: number) => ApiError | null) | null = null;
  cutAnswerAfter: number | null = null;
  pages: PullAnswer[] = [];
  pulls: { cursor?: string }[] = [];

  async push(body: PushBody): Promise<{ results: PushResult[]; serverTime: string }> {
    this.pushes.push(body);
    const failure = this.failPush?.(this.pushes.length);
    if (failure) throw failure;
    const results: PushResult[] = body.items.map((item) => {
      const known = this.stored.has(item.change.id);
      if (!known) this.stored.set(item.change.id, item.change);
      return { id: item.change.id, outcome: known ? 'repeat' : 'accepted', status: 'submitted' };
    });
    return {
      results: this.cutAnswerAfter === null ? results : results.slice(0, this.cutAnswerAfter),
      serverTime: new Date().toISOString(),
    };
  }

  async pull(query: { cursor?: string; limit: number }): Promise<PullAnswer> {
    this.pulls.push(query.cursor ? { cursor: query.cursor } : {});
    const index = query.cursor ? Number(query.cursor) : 0;
    // Past the last page the register has not changed: an empty delta.
    return this.pages[index] ?? emptyPage(String(index), false);
  }
}

function emptyPage(cursor: string, more: boolean, changes: PulledChange[] = [], full = false): PullAnswer {
  return {
    cursor,
    more,
    full,
    areas: [],
    removedAreaIds: [],
    households: [],
    people: [],
    removedHouseholdIds: [],
    removedPersonIds: [],
    changes,
  };
}

let db: LocalDbType;
let clock: Date;
const options = () => ({ now: () => clock, makeId: () => '0190a000-0000-7000-8000-ffffffffffff' });

beforeEach(async () => {
  clock = new Date('2026-03-02T10:00:00.000Z');
  db = await LocalDb.open('user-1');
});

afterEach(async () => {
  db.close();
  await deleteLocalDb('user-1');
});

describe('a sync', () => {
  it('pushes 120 changes in batches of at most 50 and marks each one sent', async () => {
    await db.putEntries(Array.from({ length: 120 }, (_, i) => newEntry(death(i + 1))));
    const server = new ServerDouble();
    server.pages = [emptyPage('1', false)];
    const report = await runSync(db, server, options());
    expect(server.pushes.map((p) => p.items.length)).toEqual([50, 50, 20]);
    expect(server.pushes[0]?.waiting).toEqual({ count: 120, oldestRecordedAt: death(1).recordedAt });
    expect(report).toMatchObject({ answered: 120, stoppedBy: null, reachedServer: true });
    expect((await db.outbox()).every((e) => e.state === 'sent')).toBe(true);
    expect(await db.getMeta('lastSyncAt')).toBe(clock.toISOString());
  });

  it('resumes after the network drops mid-way: nothing lost, nothing stored twice', async () => {
    await db.putEntries(Array.from({ length: 120 }, (_, i) => newEntry(death(i + 1))));
    const server = new ServerDouble();
    server.failPush = (n) => (n === 2 ? new ApiError(0, 'DANSO_ERR_NETWORK', null) : null);
    const first = await runSync(db, server, options());
    expect(first.stoppedBy).toBe('offline');
    expect(server.pulls).toHaveLength(0);
    const afterFirst = await db.outbox();
    expect(afterFirst.filter((e) => e.state === 'sent')).toHaveLength(50);
    expect(afterFirst.filter((e) => e.state === 'waiting')).toHaveLength(70);

    // The network is back: everything left goes at once (no pause after a failure without network).
    server.failPush = null;
    const second = await runSync(db, server, options());
    expect(second.stoppedBy).toBeNull();
    expect((await db.outbox()).every((e) => e.state === 'sent')).toBe(true);
    expect(server.stored.size).toBe(120);
    expect(server.pushes.flatMap((p) => p.items).length).toBe(170);
  });

  it('waits longer after each server failure before pushing the same changes again', async () => {
    await db.putEntries(Array.from({ length: 60 }, (_, i) => newEntry(death(i + 1))));
    const server = new ServerDouble();
    server.failPush = (n) => (n === 2 ? new ApiError(503, 'DANSO_ERR_UNAVAILABLE', null) : null);
    const first = await runSync(db, server, options());
    expect(first.stoppedBy).toBe('server');
    expect((await db.outbox()).filter((e) => e.state === 'waiting')).toHaveLength(10);

    // Too soon: the failed batch waits for its pause.
    server.failPush = null;
    await runSync(db, server, options());
    expect(server.pushes).toHaveLength(2);
    expect((await db.outbox()).filter((e) => e.state === 'waiting')).toHaveLength(10);

    clock = new Date(clock.getTime() + 60_000);
    const last = await runSync(db, server, options());
    expect(last.stoppedBy).toBeNull();
    expect((await db.outbox()).every((e) => e.state === 'sent')).toBe(true);
    expect(server.stored.size).toBe(60);
  });

  it('pushes again what a cut-off answer did not name; the server answers the repeat', async () => {
    await db.putEntries([newEntry(death(1)), newEntry(death(2)), newEntry(death(3))]);
    const server = new ServerDouble();
    server.pages = [emptyPage('1', false)];
    server.cutAnswerAfter = 1;
    await runSync(db, server, options());
    expect((await db.outbox()).map((e) => e.state).sort()).toEqual(['sent', 'waiting', 'waiting']);
    server.cutAnswerAfter = null;
    clock = new Date(clock.getTime() + 60_000);
    await runSync(db, server, options());
    expect((await db.outbox()).every((e) => e.state === 'sent')).toBe(true);
    expect(server.stored.size).toBe(3);
  });

  it('stops at once when the session has ended, keeping every change', async () => {
    await db.putEntries([newEntry(death(1))]);
    const server = new ServerDouble();
    server.failPush = () => new ApiError(401, 'DANSO_ERR_UNAUTHENTICATED', 'Hết phiên');
    const report = await runSync(db, server, options());
    expect(report.stoppedBy).toBe('session');
    expect(server.pulls).toHaveLength(0);
    expect((await db.outbox())[0]?.state).toBe('waiting');
    expect(await db.getMeta('lastSyncAt')).toBeUndefined();
  });

  it('pulls page after page, resumes from the last page written, and applies the fate of her changes', async () => {
    await db.putEntries([{ ...newEntry(death(1)), state: 'sent' }]);
    const area = { id: 'a1', code: '1', communeCode: '05977', communeName: 'Xã A', name: 'Địa bàn số 1' };
    const household = {
      id: 'h1',
      areaId: 'a1',
      communeCode: '05977',
      code: '05977-1-1',
      number: 1,
      address: null,
      hamletId: null,
      kind: 'family' as const,
      status: 'active' as const,
      headPersonId: null,
      createdOn: '2020-01-01',
      closedOn: null,
      version: 3,
    };
    const server = new ServerDouble();
    server.pages = [
      { ...emptyPage('1', true, [], true), areas: [area], households: [household] },
      emptyPage('2', true, [], true),
      emptyPage(
        '3',
        false,
        [
          {
            id: changeId(1),
            type: 'death',
            status: 'returned',
            reason: 'Sai ngày',
            conflict: null,
            occurredOn: '2026-02-28',
            recordedAt: death(1).recordedAt,
            updatedAt: '2026-03-02T09:00:00.000Z',
          },
        ],
        true,
      ),
    ];
    const original = server.pull.bind(server);
    let calls = 0;
    server.pull = async (query) => {
      calls += 1;
      if (calls === 2) throw new ApiError(0, 'DANSO_ERR_NETWORK', null);
      return original(query);
    };
    const first = await runSync(db, server, options());
    expect(first.stoppedBy).toBe('offline');
    expect(await db.getMeta('cursor')).toBe('1');
    expect(await db.getMeta('bookComplete')).toBeUndefined();

    await runSync(db, server, options());
    expect(server.pulls).toEqual([{}, { cursor: '1' }, { cursor: '2' }]);
    expect(calls).toBe(4);
    expect(await db.households('a1')).toHaveLength(1);
    expect(await db.getMeta('bookComplete')).toBe(true);
    const [entry] = await db.outbox();
    expect(entry).toMatchObject({ state: 'returned', reason: 'Sai ngày' });

    // A later full answer (say, her areas changed) starts the book afresh.
    server.pages.push({ ...emptyPage('5', false, [], true), areas: [{ ...area, id: 'a2' }] });
    await db.setMeta('cursor', '3');
    await runSync(db, server, options());
    expect((await db.areas()).map((a) => a.id)).toEqual(['a2']);
    expect(await db.households('a1')).toHaveLength(0);
  });
});
