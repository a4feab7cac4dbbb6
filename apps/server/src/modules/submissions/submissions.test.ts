import { randomBytes, randomUUID } from 'node:crypto';
import {
  buildMonthSubmission,
  generateSigningKey,
  localMonthOf,
  type MonthSubmissionDocument,
  makeUuidV7,
  signDocument,
} from '@danso/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engines, type TestDatabase } from '../../../test/databases.ts';
import { appFor, buildWorld, Client, places, type World } from '../../../test/fixtures.ts';

const newId = () => makeUuidV7(Date.now(), randomBytes(10));
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

function monthsAgo(n: number): string {
  const [y, m] = localMonthOf(new Date().toISOString()).split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

describe.each(engines)('month submissions on %s', (engine) => {
  let t: TestDatabase;
  let world: World;
  let app: FastifyInstance;
  let ctv: Client;
  let officer: Client;
  let otherOfficer: Client;
  let province: Client;
  let ctvId = '';
  let key = { id: '', secretKey: '', publicKey: '' };
  const changeIds: string[] = [];
  const month = localMonthOf(new Date().toISOString());

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    world = await buildWorld(t.database);
    ctvId = world.users.collaborator?.id ?? '';
    app = await appFor(t.database);
    ctv = new Client(app);
    officer = new Client(app);
    otherOfficer = new Client(app);
    province = new Client(app);
    expect((await ctv.login('ctv.a1')).statusCode).toBe(200);
    expect((await officer.login('xa.a')).statusCode).toBe(200);
    expect((await otherOfficer.login('xa.b')).statusCode).toBe(200);
    expect((await province.login('tinh.20')).statusCode).toBe(200);
    const pair = await generateSigningKey();
    const registered = await ctv.request('POST', '/api/v1/signing-keys', {
      publicKey: pair.publicKey,
      label: 'Máy CTV',
    });
    key = { id: registered.json().id, ...pair };
    // Two changes of hers on the server.
    const people = await sql<{ id: string; household_id: string; full_name: string }>`
      SELECT id, household_id, full_name FROM person WHERE area_id = ${places.areas[0]} ORDER BY id LIMIT 2`.execute(
      t.database.db,
    );
    const items = people.rows.map((p, i) => ({
      op: 'submit',
      change: {
        id: newId(),
        type: 'info_change',
        householdId: p.household_id,
        personId: p.id,
        authorId: ctvId,
        occurredOn: yesterday(),
        recordedAt: new Date().toISOString(),
        baseVersion: 0,
        payload: { items: [{ field: 'fullName', from: p.full_name, to: `Tên Mới ${i}` }] },
      },
    }));
    const pushed = await ctv.request('POST', '/api/v1/sync/push', { deviceId: randomUUID(), items });
    expect(pushed.json().results.every((r: { outcome: string }) => r.outcome === 'accepted')).toBe(true);
    changeIds.push(...items.map((i) => i.change.id));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const documentOf = (over: Partial<MonthSubmissionDocument> = {}, ids = changeIds, m = month) => ({
    ...buildMonthSubmission({
      month: m,
      userId: ctvId,
      areaIds: [places.areas[0] as string],
      changes: ids.map((id) => ({ id, type: 'info_change' as const })),
      submittedAt: new Date().toISOString(),
    }),
    ...over,
  });

  async function submit(document: unknown, signWith = key.secretKey, keyId = key.id) {
    const signature = await signDocument(signWith, document);
    return ctv.request('POST', '/api/v1/submissions', { document, keyId, signature });
  }

  async function stored() {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM month_submission`.execute(
      t.database.db,
    );
    return r.rows[0]?.n ?? 0;
  }

  it('takes a signed month that lists every change of hers, on time', async () => {
    const res = await submit(documentOf());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 1, onTime: true });
    expect(Date.parse(res.json().deadline)).toBeGreaterThan(Date.now());
  });

  it('refuses forged, incomplete, foreign and future submissions, storing nothing', async () => {
    const before = await stored();
    const document = documentOf();
    const forged = await ctv.request('POST', '/api/v1/submissions', {
      document: { ...document, changeIds: [changeIds[0]], counts: { info_change: 1 } },
      keyId: key.id,
      signature: await signDocument(key.secretKey, document),
    });
    expect(forged.json().error.code).toBe('DANSO_ERR_SIGNATURE_INVALID');
    const stranger = await generateSigningKey();
    const otherSigner = await submit(documentOf(), stranger.secretKey);
    expect(otherSigner.json().error.code).toBe('DANSO_ERR_SIGNATURE_INVALID');
    const unknownKey = await submit(documentOf(), key.secretKey, randomUUID());
    expect(unknownKey.json().error.code).toBe('DANSO_ERR_SIGNING_KEY_UNKNOWN');
    const incomplete = await submit(documentOf({}, [changeIds[0] as string]));
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error).toMatchObject({
      code: 'DANSO_ERR_SUBMISSION_INCOMPLETE',
      details: [{ reason: changeIds[1] }],
    });
    const notSynced = await submit(documentOf({}, [...changeIds, newId()]));
    expect(notSynced.json().error.code).toBe('DANSO_ERR_SUBMISSION_CHANGES_NOT_SYNCED');
    const someoneElse = await submit(documentOf({ userId: world.users.commune?.id as string }));
    expect(someoneElse.json().error.code).toBe('DANSO_ERR_SUBMISSION_INVALID');
    const wrongCounts = await submit(documentOf({ counts: { info_change: 5 } }));
    expect(wrongCounts.json().error.code).toBe('DANSO_ERR_SUBMISSION_INVALID');
    const future = await submit(documentOf({}, [], monthsAgo(-2)));
    expect(future.json().error.code).toBe('DANSO_ERR_SUBMISSION_MONTH_NOT_OVER');
    expect(await stored()).toBe(before);
  });

  it('keeps a second submission as a new version, and shows the commune who is on time, late or missing', async () => {
    expect((await submit(documentOf())).json().version).toBe(2);
    const past = monthsAgo(3);
    const late = await submit(documentOf({}, [], past));
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json().onTime).toBe(false);

    const res = await officer.request(
      'GET',
      `/api/v1/submissions?communeCode=${places.commune}&month=${month}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json().collaborators.find((c: { userId: string }) => c.userId === ctvId);
    expect(mine).toMatchObject({ status: 'on_time', versions: 2, changeCount: 2, signatureValid: true });
    expect(mine.lastSyncAt).not.toBeNull();
    const pastList = (
      await officer.request('GET', `/api/v1/submissions?communeCode=${places.commune}&month=${past}`)
    ).json();
    expect(pastList.collaborators.find((c: { userId: string }) => c.userId === ctvId).status).toBe('late');
    const older = (
      await province.request('GET', `/api/v1/submissions?communeCode=${places.commune}&month=${monthsAgo(5)}`)
    ).json();
    expect(older.collaborators.find((c: { userId: string }) => c.userId === ctvId).status).toBe('missing');

    expect(
      (await otherOfficer.request('GET', `/api/v1/submissions?communeCode=${places.commune}&month=${month}`))
        .statusCode,
    ).toBe(404);
    expect(
      (await ctv.request('GET', `/api/v1/submissions?communeCode=${places.commune}&month=${month}`))
        .statusCode,
    ).toBe(403);

    // Proof: the stored document verifies; altered in the database, it no longer does.
    const proof = await officer.request('GET', `/api/v1/submissions/${mine.submissionId}`);
    expect(proof.statusCode).toBe(200);
    expect(proof.json()).toMatchObject({ signatureValid: true, key: { publicKey: key.publicKey } });
    expect((await otherOfficer.request('GET', `/api/v1/submissions/${mine.submissionId}`)).statusCode).toBe(
      404,
    );
    await sql`UPDATE month_submission SET document = jsonb_set(document, '{changeIds}', '[]') WHERE id = ${mine.submissionId}`.execute(
      t.database.db,
    );
    expect(
      (await officer.request('GET', `/api/v1/submissions/${mine.submissionId}`)).json().signatureValid,
    ).toBe(false);
    const after = (
      await officer.request('GET', `/api/v1/submissions?communeCode=${places.commune}&month=${month}`)
    ).json();
    expect(after.collaborators.find((c: { userId: string }) => c.userId === ctvId).signatureValid).toBe(
      false,
    );
  });

  it('refuses a revoked key for new submissions, while what it signed before stays valid', async () => {
    const listed = (
      await officer.request('GET', `/api/v1/submissions?communeCode=${places.commune}&month=${monthsAgo(3)}`)
    ).json();
    const earlier = listed.collaborators.find((c: { userId: string }) => c.userId === ctvId);
    expect((await ctv.request('POST', `/api/v1/signing-keys/${key.id}/revoke`)).statusCode).toBe(200);
    const res = await submit(documentOf());
    expect(res.json().error.code).toBe('DANSO_ERR_SIGNING_KEY_REVOKED');
    const again = (
      await officer.request('GET', `/api/v1/submissions?communeCode=${places.commune}&month=${monthsAgo(3)}`)
    ).json();
    expect(again.collaborators.find((c: { userId: string }) => c.userId === ctvId)).toMatchObject({
      submissionId: earlier.submissionId,
      signatureValid: true,
    });
  });
});
