import { randomBytes, randomUUID } from 'node:crypto';
import { generateSigningKey, makeUuidV7 } from '@danso/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { addUser, appFor, buildWorld, Client, places, type World } from '../../../test/fixtures.ts';
import { AuditService } from '../audit/audit.service.ts';

const newId = () => makeUuidV7(Date.now(), randomBytes(10));
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

interface PullPage {
  cursor: string;
  more: boolean;
  full: boolean;
  areas: { id: string }[];
  households: { id: string; areaId: string }[];
  people: { id: string; fullName: string; areaId: string; householdId: string }[];
  removedPersonIds: string[];
  removedHouseholdIds: string[];
  changes: { id: string; status: string; reason: string | null }[];
}

describe.each(engines)('sync and signing keys on %s', (engine) => {
  let t: TestDatabase;
  let world: World;
  let app: FastifyInstance;
  let ctv: Client;
  let officer: Client;
  let central: Client;
  let ctvId = '';
  /** Households of the collaborator's area, with their one person. */
  let own: { householdId: string; personId: string; name: string }[] = [];
  let otherAreaHousehold = { householdId: '', personId: '' };
  let foreignHousehold = { householdId: '', personId: '' };
  const deviceId = randomUUID();

  async function householdsOf(areaId: string) {
    const r = await sql<{ household_id: string; id: string; full_name: string }>`
      SELECT household_id, id, full_name FROM person WHERE area_id = ${areaId} ORDER BY household_id`.execute(
      t.database.db,
    );
    return r.rows.map((x) => ({ householdId: x.household_id, personId: x.id, name: x.full_name }));
  }

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    world = await buildWorld(t.database);
    ctvId = world.users.collaborator?.id ?? '';
    own = await householdsOf(places.areas[0] as string);
    otherAreaHousehold = (await householdsOf(places.areas[1] as string))[0] as typeof otherAreaHousehold;
    foreignHousehold = (await householdsOf(places.otherCommuneArea))[0] as typeof foreignHousehold;
    app = await appFor(t.database);
    ctv = new Client(app);
    officer = new Client(app);
    central = new Client(app);
    expect((await ctv.login('ctv.a1')).statusCode).toBe(200);
    expect((await officer.login('xa.a')).statusCode).toBe(200);
    expect((await central.login('trunguong')).statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  /** A change of a person's name: valid for any living person of the register. */
  function rename(
    target: { householdId: string; personId: string; name?: string },
    to: string,
    author = ctvId,
  ) {
    return {
      id: newId(),
      type: 'info_change',
      householdId: target.householdId,
      personId: target.personId,
      authorId: author,
      occurredOn: daysAgo(1),
      recordedAt: new Date().toISOString(),
      baseVersion: 0,
      payload: { items: [{ field: 'fullName', from: target.name ?? 'Nguyễn Văn 1', to }] },
    };
  }

  const push = (client: Client, items: unknown[], extra: Record<string, unknown> = {}) =>
    client.request('POST', '/api/v1/sync/push', { deviceId, items, ...extra });

  async function rows(ids: string[]) {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM change_record WHERE id = ANY(${ids}::uuid[])`.execute(t.database.db);
    return r.rows[0]?.n ?? 0;
  }

  async function pullAll(client: Client, cursor?: string, limit = 500) {
    const pages: PullPage[] = [];
    let next = cursor;
    for (let i = 0; i < 100; i++) {
      const res = await client.request(
        'GET',
        `/api/v1/sync/pull?limit=${limit}${next ? `&cursor=${next}` : ''}&deviceId=${deviceId}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as PullPage;
      pages.push(page);
      next = page.cursor;
      if (!page.more) break;
    }
    return { pages, cursor: next as string };
  }

  describe('signing keys', () => {
    it('registers a key once, lists it, and revokes it', async () => {
      const { publicKey } = await generateSigningKey();
      const first = await ctv.request('POST', '/api/v1/signing-keys', {
        publicKey,
        label: 'Điện thoại',
        deviceId,
      });
      expect(first.statusCode, first.body).toBe(201);
      const again = await ctv.request('POST', '/api/v1/signing-keys', { publicKey, label: 'Điện thoại' });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      expect(first.json().fingerprint).toBe(publicKey.slice(0, 16));
      const list = (await ctv.request('GET', '/api/v1/signing-keys')).json();
      expect(list.keys).toHaveLength(1);
      expect(list.keys[0]).toMatchObject({ id: first.json().id, deviceId, revokedAt: null });
      // Another user sees none of hers and cannot revoke it.
      expect((await officer.request('GET', '/api/v1/signing-keys')).json().keys).toHaveLength(0);
      const foreign = await officer.request('POST', `/api/v1/signing-keys/${first.json().id}/revoke`);
      expect(foreign.statusCode).toBe(404);
      const revoked = await ctv.request('POST', `/api/v1/signing-keys/${first.json().id}/revoke`);
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).not.toBeNull();
      const audit = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM audit_log WHERE object_id = ${first.json().id}`.execute(t.database.db);
      expect(audit.rows[0]?.n).toBe(2);
    });

    it('refuses malformed keys and roles that sign nothing', async () => {
      const short = await ctv.request('POST', '/api/v1/signing-keys', { publicKey: 'abc', label: 'x' });
      expect(short.statusCode).toBe(400);
      const { publicKey } = await generateSigningKey();
      const res = await central.request('POST', '/api/v1/signing-keys', { publicKey, label: 'Máy' });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('push', () => {
    it('answers each item in order and applies each on its own', async () => {
      const a = rename(own[0] as (typeof own)[0], 'Nguyễn Văn An');
      const b = rename(own[1] as (typeof own)[0], 'Nguyễn Văn Bình', ctvId);
      b.payload.items[0] = { field: 'fullName', from: own[1]?.name as string, to: 'Nguyễn Văn Bình' };
      const outside = rename(otherAreaHousehold, 'Người khác');
      const foreign = rename(foreignHousehold, 'Người khác');
      const invalid = { ...rename(own[2] as (typeof own)[0], 'Tương Lai'), occurredOn: '2099-01-01' };
      invalid.payload.items[0] = { field: 'fullName', from: own[2]?.name as string, to: 'Tương Lai' };
      const batch = [a, outside, b, foreign, invalid].map((change) => ({ op: 'submit', change }));
      const res = await push(ctv, batch, {
        waiting: { count: 2, oldestRecordedAt: new Date().toISOString() },
      });
      expect(res.statusCode, res.body).toBe(200);
      const results = res.json().results as {
        id: string;
        outcome: string;
        status?: string;
        error?: { code: string };
      }[];
      expect(results.map((r) => r.id)).toEqual([a.id, outside.id, b.id, foreign.id, invalid.id]);
      expect(results.map((r) => r.outcome)).toEqual([
        'accepted',
        'refused',
        'accepted',
        'refused',
        'refused',
      ]);
      expect(results[0]?.status).toBe('submitted');
      expect(results[1]?.error?.code).toBe('DANSO_ERR_NOT_FOUND');
      expect(results[3]?.error?.code).toBe('DANSO_ERR_NOT_FOUND');
      expect(results[4]?.error?.code).toBe('DANSO_ERR_CHANGE_INVALID');
      expect(await rows([a.id, b.id])).toBe(2);
      expect(await rows([outside.id, foreign.id, invalid.id])).toBe(0);

      // The same batch again: the applied ones are repeats, nothing is applied twice.
      const again = (await push(ctv, batch)).json().results as { outcome: string }[];
      expect(again.map((r) => r.outcome)).toEqual(['repeat', 'refused', 'repeat', 'refused', 'refused']);
      expect(await rows([a.id, b.id])).toBe(2);

      // The same id with another content is refused, and the first content stays.
      const forged = {
        ...a,
        payload: { items: [{ field: 'fullName', from: 'Nguyễn Văn 1', to: 'Giả Mạo' }] },
      };
      const reuse = (await push(ctv, [{ op: 'submit', change: forged }])).json().results[0];
      expect(reuse).toMatchObject({
        id: a.id,
        outcome: 'refused',
        error: { code: 'DANSO_ERR_CHANGE_ID_REUSED' },
      });
      const body = await sql<{ to: string }>`
        SELECT body -> 'payload' -> 'items' -> 0 ->> 'to' AS to FROM change_record WHERE id = ${a.id}`.execute(
        t.database.db,
      );
      expect(body.rows[0]?.to).toBe('Nguyễn Văn An');
    });

    it('answers a change sent twice in one batch once, and refuses its id carrying other content', async () => {
      const first = rename(own[0] as (typeof own)[0], 'Hai Lần Một Lô');
      const other = { ...first, payload: { items: [{ ...first.payload.items[0], to: 'Nội Dung Khác' }] } };
      const auditBefore = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM audit_log WHERE action = 'change.submit'`.execute(t.database.db);
      const res = await push(
        ctv,
        [first, first, other].map((change) => ({ op: 'submit', change })),
      );
      expect(res.statusCode, res.body).toBe(200);
      const results = res.json().results as { id: string; outcome: string; error?: { code: string } }[];
      expect(results.map((r) => r.outcome)).toEqual(['accepted', 'repeat', 'refused']);
      expect(results[2]?.error?.code).toBe('DANSO_ERR_CHANGE_ID_REUSED');
      expect(await rows([first.id])).toBe(1);
      // One audit entry for the one change taken, on a chain that still verifies.
      const auditAfter = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM audit_log WHERE action = 'change.submit'`.execute(t.database.db);
      expect((auditAfter.rows[0]?.n ?? 0) - (auditBefore.rows[0]?.n ?? 0)).toBe(1);
      expect((await new AuditService(t.database).verifyChain()).ok).toBe(true);
    });

    it('applies a batch sent twice at once exactly once', async () => {
      const changes = own.map((h, i) => rename(h, `Trùng Lặp ${i}`));
      const batch = changes.map((change) => ({ op: 'submit', change }));
      const [first, second] = await Promise.all([push(ctv, batch), push(ctv, batch)]);
      const outcomes = [...first.json().results, ...second.json().results].map(
        (r: { outcome: string }) => r.outcome,
      );
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(changes.length);
      expect(outcomes.filter((o) => o === 'repeat')).toHaveLength(changes.length);
      expect(await rows(changes.map((c) => c.id))).toBe(changes.length);
    });

    it('refuses a whole batch that is too big or malformed, applying nothing', async () => {
      const many = Array.from({ length: 51 }, (_, i) => ({
        op: 'submit',
        change: rename(own[0] as (typeof own)[0], `Tên ${i}`),
      }));
      const big = await push(ctv, many);
      expect(big.statusCode).toBe(400);
      expect(await rows(many.map((m) => m.change.id))).toBe(0);
      const ok = rename(own[0] as (typeof own)[0], 'Hợp Lệ');
      const malformed = await push(ctv, [
        { op: 'submit', change: ok },
        { op: 'delete', id: ok.id },
      ]);
      expect(malformed.statusCode).toBe(400);
      expect(await rows([ok.id])).toBe(0);
      const noDevice = await ctv.request('POST', '/api/v1/sync/push', {
        items: [{ op: 'submit', change: ok }],
      });
      expect(noDevice.statusCode).toBe(400);
      expect((await push(central, [{ op: 'submit', change: ok }])).statusCode).toBe(403);
    });

    it('takes a corrected returned change once, however often it is resent', async () => {
      const change = rename(own[0] as (typeof own)[0], 'Sai Tên');
      expect((await push(ctv, [{ op: 'submit', change }])).json().results[0].outcome).toBe('accepted');
      const returned = await officer.request('POST', `/api/v1/changes/${change.id}/review`, {
        action: 'return',
        reason: 'Tên chưa đúng với giấy khai sinh.',
      });
      expect(returned.statusCode, returned.body).toBe(200);
      const corrected = {
        ...change,
        payload: { items: [{ field: 'fullName', from: 'Nguyễn Văn 1', to: 'Đúng Tên' }] },
      };
      const first = (await push(ctv, [{ op: 'resubmit', id: change.id, change: corrected }])).json()
        .results[0];
      expect(first).toMatchObject({ outcome: 'accepted', status: 'submitted' });
      // Lost answer: the same resubmission, interleaved with the original submission, is a repeat.
      const again = (
        await push(ctv, [
          { op: 'resubmit', id: change.id, change: corrected },
          { op: 'submit', change },
        ])
      ).json().results;
      expect(again.map((r: { outcome: string }) => r.outcome)).toEqual(['repeat', 'repeat']);
      const other = {
        ...change,
        payload: { items: [{ field: 'fullName', from: 'Nguyễn Văn 1', to: 'Tên Thứ Ba' }] },
      };
      const third = (await push(ctv, [{ op: 'resubmit', id: change.id, change: other }])).json().results[0];
      expect(third).toMatchObject({ outcome: 'refused', error: { code: 'DANSO_ERR_REVIEW_NOT_ALLOWED' } });
      const actions = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM change_action WHERE change_id = ${change.id} AND action = 'resubmit'`.execute(
        t.database.db,
      );
      expect(actions.rows[0]?.n).toBe(1);
    });

    it('records the device, its last sync and what waits on it, for the commune officer', async () => {
      const res = await officer.request('GET', `/api/v1/sync/devices?communeCode=${places.commune}`);
      expect(res.statusCode, res.body).toBe(200);
      const mine = res.json().collaborators.find((c: { userId: string }) => c.userId === ctvId);
      expect(mine.devices).toHaveLength(1);
      expect(mine.devices[0].deviceId).toBe(deviceId);
      expect(mine.devices[0].waitingOnDevice).toMatchObject({ count: 2 });
      expect(mine.lastSyncAt).not.toBeNull();
      const other = await officer.request('GET', `/api/v1/sync/devices?communeCode=${places.otherCommune}`);
      expect(other.statusCode).toBe(404);
      expect(
        (await ctv.request('GET', `/api/v1/sync/devices?communeCode=${places.commune}`)).statusCode,
      ).toBe(403);
    });
  });

  describe('pull', () => {
    it('pages the full state of her area only, then only what changed, each change exactly once', async () => {
      const full = await pullAll(ctv, undefined, 2);
      expect(full.pages.length).toBeGreaterThan(1);
      expect(full.pages.every((p) => p.full)).toBe(true);
      const households = full.pages.flatMap((p) => p.households);
      const people = full.pages.flatMap((p) => p.people);
      expect(new Set(households.map((h) => h.id)).size).toBe(households.length);
      expect(households.map((h) => h.id).sort()).toEqual(own.map((o) => o.householdId).sort());
      expect(people.every((p) => p.areaId === places.areas[0])).toBe(true);
      expect(people.map((p) => p.id).sort()).toEqual(own.map((o) => o.personId).sort());
      expect(full.pages[0]?.areas.map((a) => a.id)).toEqual([places.areas[0]]);
      expect(full.pages.flatMap((p) => p.changes).length).toBeGreaterThan(0);

      const quiet = await pullAll(ctv, full.cursor);
      expect(quiet.pages).toHaveLength(1);
      expect(quiet.pages[0]).toMatchObject({
        more: false,
        full: false,
        households: [],
        people: [],
        changes: [],
      });

      // A change approved between two pulls: the person and the change's fate come exactly once.
      const target = own[2] as (typeof own)[0];
      const change = rename(target, 'Đã Duyệt');
      expect((await push(ctv, [{ op: 'submit', change }])).json().results[0].outcome).toBe('accepted');
      const afterPush = await pullAll(ctv, quiet.cursor);
      expect(afterPush.pages.flatMap((p) => p.changes).map((c) => c.id)).toEqual([change.id]);
      const approved = await officer.request('POST', `/api/v1/changes/${change.id}/review`, {
        action: 'approve',
        acknowledgedRules: [],
      });
      expect(approved.statusCode, approved.body).toBe(200);
      const next = await pullAll(ctv, afterPush.cursor, 1);
      const changed = next.pages.flatMap((p) => p.people);
      expect(changed.map((p) => p.id)).toEqual([target.personId]);
      expect(changed[0]?.fullName).toBe('Đã Duyệt');
      expect(next.pages.flatMap((p) => p.changes)).toEqual([
        expect.objectContaining({ id: change.id, status: 'approved' }),
      ]);
      const after = await pullAll(ctv, next.cursor);
      expect(after.pages.flatMap((p) => [...p.people, ...p.households, ...p.changes])).toEqual([]);

      // A person moved to another area leaves her book: listed as removed, never sent again.
      const mover = own[1] as (typeof own)[0];
      const transfer = {
        id: newId(),
        type: 'transfer',
        householdId: mover.householdId,
        personId: mover.personId,
        authorId: world.users.commune?.id,
        occurredOn: daysAgo(1),
        recordedAt: new Date().toISOString(),
        baseVersion: 0,
        payload: { scope: 'person', toHouseholdId: otherAreaHousehold.householdId, relationToHead: 'other' },
      };
      const sent = await officer.request('POST', '/api/v1/changes', transfer);
      expect(sent.statusCode, sent.body).toBe(201);
      const ok = await officer.request('POST', `/api/v1/changes/${transfer.id}/review`, {
        action: 'approve',
        acknowledgedRules: sent.json().change.ruleResults.map((r: { code: string; path: string }) => ({
          code: r.code,
          path: r.path,
        })),
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const moved = await pullAll(ctv, after.cursor);
      expect(moved.pages.flatMap((p) => p.removedPersonIds)).toEqual([mover.personId]);
      expect(moved.pages.flatMap((p) => p.people).map((p) => p.id)).not.toContain(mover.personId);
      const later = await pullAll(ctv, moved.cursor);
      expect(later.pages.flatMap((p) => p.removedPersonIds)).toEqual([]);
    });

    it('never sends another area’s people, and scopes officers to their commune', async () => {
      const mine = await pullAll(ctv);
      const ids = mine.pages.flatMap((p) => p.people.map((x) => x.id));
      expect(ids).not.toContain(otherAreaHousehold.personId);
      expect(ids).not.toContain(foreignHousehold.personId);
      const other = await ctv.request('GET', `/api/v1/sync/pull?communeCode=${places.otherCommune}`);
      expect(other.statusCode).toBe(404);
      const commune = await pullAll(officer);
      const areas = new Set(commune.pages.flatMap((p) => p.people.map((x) => x.areaId)));
      expect([...areas].sort()).toEqual([...places.areas].sort());
      expect(
        (await officer.request('GET', `/api/v1/sync/pull?communeCode=${places.otherCommune}`)).statusCode,
      ).toBe(404);
      expect((await central.request('GET', '/api/v1/sync/pull')).statusCode).toBe(403);
      const audits = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM audit_log WHERE action = 'sync.pull'`.execute(t.database.db);
      expect(audits.rows[0]?.n).toBeGreaterThan(0);
    });

    it('refuses a forged cursor', async () => {
      const bad = await ctv.request('GET', '/api/v1/sync/pull?cursor=bm90LWEtY3Vyc29y');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('DANSO_ERR_SYNC_CURSOR_INVALID');
    });

    it('sends a new area whole when one is added to her', async () => {
      const user = await addUser(t.database, {
        username: 'ctv.moi',
        role: 'collaborator',
        province: '20',
        commune: places.commune,
        areas: [places.areas[0] as string],
      });
      const client = new Client(app);
      expect((await client.login('ctv.moi')).statusCode).toBe(200);
      const first = await pullAll(client);
      await t.database.db
        .insertInto('user_area')
        .values({ user_id: user.id, area_id: places.areas[1] as string })
        .execute();
      const again = new Client(app);
      expect((await again.login('ctv.moi')).statusCode).toBe(200);
      const next = await pullAll(again, first.cursor);
      const areas = new Set(next.pages.flatMap((p) => p.people.map((x) => x.areaId)));
      expect([...areas]).toEqual([places.areas[1]]);
      await t.database.db
        .deleteFrom('user_area')
        .where('user_id', '=', user.id)
        .where('area_id', '=', places.areas[0] as string)
        .execute();
      const third = new Client(app);
      expect((await third.login('ctv.moi')).statusCode).toBe(200);
      const res = (await third.request('GET', `/api/v1/sync/pull?cursor=${next.cursor}`)).json();
      expect(res.removedAreaIds).toEqual([places.areas[0]]);
    });
  });
});
